//! `stripe-sim`: a stateful local Stripe simulator that speaks api.stripe.com's wire format.
//!
//! The same Stripe client works against the simulator and against Stripe: form-encoded requests
//! with bracket notation, `Authorization: Bearer sk_test_...`, `Stripe-Account`,
//! `Idempotency-Key`, Stripe's list objects, error objects and id prefixes.
//!
//! Start it in-process with [`start`] (async) or [`BlockingSim::start`] (from non-async code, on
//! its own runtime thread), or run the `stripe-sim` binary. Test controls live under `/_sim/...`,
//! never on Stripe's paths; the hosted onboarding pages under `/connect/...`. See the crate
//! README for the onboarding steps and the control API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), stripe_sim::Error> {
//! let sim = stripe_sim::start(stripe_sim::SimConfig::ephemeral()).await?;
//! println!("Stripe API at {}", sim.base_url());
//! sim.shutdown().await?;
//! # Ok(()) }
//! ```

mod api;
mod clock;
mod config;
mod control;
mod domain;
mod error;
mod ids;
mod model;
mod money;
mod oauth;
mod onboarding;
mod server;
mod sim;
mod store;
mod webhook;
mod wire;

pub use config::{ApiKeyPolicy, SimConfig, StripeFee, WebhookEndpoint, DEFAULT_LISTEN};
pub use error::Error;
pub use server::{start, BlockingSim, RunningSim, SimClock};
pub use webhook::signature::{sign_payload, signature_header};

/// The Stripe API version the simulator reports in `Stripe-Version` and on events.
pub const API_VERSION: &str = "2024-06-20";
