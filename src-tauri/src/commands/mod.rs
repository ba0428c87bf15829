//! Thin adapters: parse the input, call one function of the core, return its error as is.
//! One module per UI section.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod balances;
pub mod connections;
pub mod disputes;
pub mod events;
pub mod fees;
pub mod links;
pub mod onboarding;
pub mod operations;
pub mod operators;
pub mod payments;
pub mod payouts;
pub mod tasks;
pub mod transfers;
pub mod workspaces;
