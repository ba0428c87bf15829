//! ConnectDesk's Stripe API client.
//!
//! - Requests are data: each endpoint function in a resource module (e.g. [`transfers::create`])
//!   returns a [`Request`] whose [`RequestSpec`] can be inspected without sending; the
//!   [`Client`] sends exactly that, and has one method per endpoint for convenience.
//! - Parameters are typed structs encoded as `application/x-www-form-urlencoded` with Stripe's
//!   bracket notation ([`form::to_pairs`]); responses are typed and tolerate new fields.
//! - Every POST carries an `Idempotency-Key`. Calls that move money or create objects take an
//!   [`OperationRef`]: the key is stored durably through [`IdempotencyKeys`] before the first
//!   attempt and reused by every retry, also after a crash.
//! - Retries follow Stripe's SDKs; a token bucket per key keeps bulk work under the rate limit,
//!   and after a 429 slows the whole bucket down ([`RateLimiter`]).
//! - TLS is rustls with ring; the API key never appears in `Debug` output or error messages.
//!
//! ```no_run
//! # async fn demo(store: std::sync::Arc<dyn connectdesk_stripe::IdempotencyKeys>) -> connectdesk_stripe::Result<()> {
//! use connectdesk_stripe::{transfers::CreateTransfer, ApiKey, Client, OperationRef};
//!
//! let client = Client::builder(ApiKey::new("sk_test_...")?, store).build()?;
//! let operation = OperationRef::new("payout-run/2026-01-21/acct_123")?;
//! let transfer = client
//!     .create_transfer(&CreateTransfer::new(10_000, "usd", "acct_123"), &operation)
//!     .await?;
//! # let _ = transfer; Ok(()) }
//! ```

mod client;
mod de;
mod error;
pub mod form;
mod idempotency;
mod list;
mod rate_limit;
mod request;
mod resources;
mod retry;
mod secret;
mod string_enum;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod tls;
pub use tls::client_config as tls_config;

pub use client::{
    Client, ClientBuilder, ClientStats, WithRaw, DEFAULT_API_BASE, DEFAULT_CONNECT_BASE,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_FILES_BASE, DEFAULT_TIMEOUT, STRIPE_VERSION,
};
pub use error::{ApiError, Error, ErrorType, Result};
pub use idempotency::{
    Idempotency, IdempotencyKey, IdempotencyKeys, IdempotencyStoreError, OperationRef,
};
pub use list::{List, Object, Page, RangeQuery};
pub use rate_limit::{RateLimit, RateLimiter, RATE_HEADROOM};
pub use request::{FilePart, Host, Method, Request, RequestSpec, StoredRequest};
pub use resources::{
    account_links, accounts, application_fees, balance, balance_transactions, charges, disputes,
    events, files, login_links, oauth, payment_intents, payment_method_configurations, payouts,
    refunds, transfer_reversals, transfers, webhook_endpoints, Metadata,
};
pub use retry::{RetryPolicy, MAX_RETRY_AFTER};
pub use secret::{ApiKey, KeyMode, WebhookSecret};
