//! Webhooks from Stripe: who sent them ([`signature`]), the local receiver that takes them
//! ([`receiver`]), the durable inbox that keeps each event once ([`inbox`]) and what applying
//! an event to ConnectDesk's records does ([`apply`]), tied together by [`service::Events`].

pub mod apply;
pub mod inbox;
pub mod intake;
pub mod receiver;
pub mod service;
pub mod signature;
