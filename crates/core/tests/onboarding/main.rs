//! Onboarding entries against a real sled store in a temporary directory and the real Stripe
//! simulator in-process: no mocks.

mod access;
mod create;
mod failures;
mod hosted;
mod list;
mod operations;
mod support;
