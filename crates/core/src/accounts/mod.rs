//! Connected accounts: every account of each workspace's Stripe platform (also those created
//! outside ConnectDesk), synced from `GET /v1/accounts` into the store, with the seed's status
//! in words, requirements as a to-do list, capabilities and business profile; listed with the
//! list-query language, exported as CSV, and the Express dashboard's login link.
//!
//! The onboarding link of an account is its onboarding entry's (`Onboarding::refresh`): the
//! entry keeps the return and refresh addresses Stripe's pages need.

mod events;
mod export;
mod model;
mod remote;
mod service;
mod status;
mod sync;
mod words;

pub use model::*;
pub use service::Accounts;
pub use status::{account_status, Standing};
pub use words::{
    capabilities, capability_label, disabled_reason_words, requirement_words, to_do_list,
};
