//! Transfers from the platform's balance to connected accounts and their reversals: create
//! (checked against the platform's available balance first), reverse wholly or partly, list,
//! sync from Stripe with progress, export as CSV.

mod csv;
mod events;
mod model;
mod remote;
mod service;
mod validate;

pub use model::*;
pub use service::Transfers;
