//! Stripe's events: who sent them ([`signature`]), the local receiver that takes them
//! ([`receiver`]) and the Events API poller that catches what it missed ([`poller`]), the
//! durable inbox that keeps each event once ([`inbox`]), what applying an event to
//! ConnectDesk's records does ([`apply`]) and the durable forwarding to the partner endpoint
//! ([`forward`]), tied together by [`service::Events`] and kept running by [`intake`]; [`view`] is what
//! the Events section reads.

pub mod apply;
pub mod forward;
pub mod inbox;
pub mod intake;
pub mod poller;
pub mod receiver;
pub mod service;
pub mod signature;
pub mod view;
