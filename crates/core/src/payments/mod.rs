//! Payments of connected accounts (Stripe destination charges) with the platform's application
//! fee from the fee rules: create, confirm with a test card, capture, cancel, refund, list, sync.

mod events;
mod export;
mod fees;
mod model;
mod refund_limits;
mod remote;
mod service;
mod validate;
mod volume;

pub use fees::{FeeSource, Priced};
pub use model::*;
pub use service::Payments;
