//! ConnectDesk's domain logic, its sled store and (later) the Stripe client.
//!
//! Nothing here depends on Tauri: the app crate wraps these functions in thin commands,
//! and everything is tested with plain `cargo test`.

pub mod accounts;
pub mod audit;
mod audit_csv;
pub mod balances;
pub mod connections;
pub mod csv_file;
pub mod desk;
pub mod disputes;
pub mod error;
pub mod fees;
mod form_fields;
pub mod guard;
pub mod journal;
pub mod links;
pub mod mode;
pub mod money;
pub mod onboarding;
pub mod operations;
pub mod operators;
pub mod payments;
pub mod payouts;
pub mod progress;
pub mod query;
pub mod saved_file;
pub mod settings;
pub mod store;
pub mod stripe_access;
mod stripe_errors;
pub mod stripe_gateway;
pub mod time;
pub mod transfers;
pub mod vault;
pub mod webhooks;
pub mod workspaces;

pub use desk::Desk;
pub use error::{CoreError, ErrorCode, FieldChecks, FieldError, Result};
