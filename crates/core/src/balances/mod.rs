//! Balances: the platform's and a connected account's (`GET /v1/balance`, with
//! `Stripe-Account` for an account), per currency: available, pending and, for the platform,
//! what Stripe holds back for connected accounts' negative balances (`connect_reserved`).

mod model;
mod service;

pub use model::{Balance, CurrencyBalance};
pub(crate) use service::available_in;
pub use service::Balances;
