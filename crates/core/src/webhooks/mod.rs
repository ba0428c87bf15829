//! Webhooks from Stripe: checking who sent them. The receiver, the durable inbox and the
//! Events API poller (issue 16) build on [`signature`].

pub mod signature;
