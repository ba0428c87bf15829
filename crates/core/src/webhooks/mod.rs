//! Webhooks from Stripe: who sent them ([`signature`]), the local receiver that takes them
//! ([`receiver`]) and the durable inbox that keeps each event once ([`inbox`]); the Events API
//! poller that catches what webhooks missed ([`poller`]) and the durable, signed forwarding of
//! the partner's event types to its endpoint ([`forward`]). Applying events (issue 16) builds
//! on these.

pub mod forward;
pub mod inbox;
pub mod poller;
pub mod receiver;
pub mod signature;
