//! End-to-end tests of the simulator over real HTTP on loopback.

mod common;

mod accounts;
mod auth_and_errors;
mod binary;
mod controls;
mod files_and_disputes;
mod form_encoding;
mod idempotency;
mod money;
mod onboarding;
mod payments;
mod persistence;
mod random_faults;
mod reconcile;
mod webhook_endpoints;
mod webhooks;
