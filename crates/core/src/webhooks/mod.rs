//! Webhooks from Stripe: who sent them ([`signature`]), the local receiver that takes them
//! ([`receiver`]) and the durable inbox that keeps each event once ([`inbox`]). Applying events,
//! the Events API poller and forwarding to the partner endpoint (issue 16) build on these.

pub mod inbox;
pub mod receiver;
pub mod signature;
