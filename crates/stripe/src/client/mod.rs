//! The client: configuration, the Stripe-Account scope, and sending requests.

mod builder;
mod execute;
mod paginate;
mod transport;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

pub use builder::{
    ClientBuilder, DEFAULT_API_BASE, DEFAULT_CONNECT_BASE, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_FILES_BASE, DEFAULT_TIMEOUT, STRIPE_VERSION,
};

use crate::error::{Error, Result};
use crate::idempotency::IdempotencyKeys;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::request::{Request, RequestSpec};
use crate::retry::RetryPolicy;
use crate::secret::{ApiKey, KeyMode};

/// A Stripe API client. Cheap to clone; clones share the connection pool, the rate limiter and
/// the idempotency store.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// `Stripe-Account` sent with every request of this handle.
    account: Option<HeaderValue>,
}

struct Inner {
    http: reqwest::Client,
    /// `Bearer <key>`, marked sensitive so it is never printed.
    auth: HeaderValue,
    api_key: ApiKey,
    api_base: String,
    files_base: String,
    connect_base: String,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    limiter: RateLimiter,
    keys: Arc<dyn IdempotencyKeys>,
    counters: Counters,
}

/// Running totals, shared by all clones of a client.
#[derive(Debug, Default)]
struct Counters {
    attempts: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
}

/// What a client (and its clones) has sent so far; for diagnostics and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent, retries included.
    pub attempts: u64,
    /// Of those, retries.
    pub retries: u64,
    /// Answers with status 429.
    pub rate_limited: u64,
}

/// A decoded object together with the JSON Stripe sent, for views that need every field.
#[derive(Debug, Clone, PartialEq)]
pub struct WithRaw<T> {
    pub object: T,
    pub raw: serde_json::Value,
}

impl Client {
    /// Starts configuring a client. The idempotency store is required: money-moving and
    /// object-creating calls key their requests through it.
    pub fn builder(api_key: ApiKey, idempotency_keys: Arc<dyn IdempotencyKeys>) -> ClientBuilder {
        ClientBuilder::new(api_key, idempotency_keys)
    }

    /// A handle whose requests act on the connected account `account_id` (`Stripe-Account`).
    pub fn on_account(&self, account_id: &str) -> Result<Self> {
        let invalid = || Error::InvalidRequest(format!("{account_id:?} is not an account id"));
        if account_id.is_empty() || !account_id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid());
        }
        let header = HeaderValue::from_str(account_id).map_err(|_| invalid())?;
        Ok(Self {
            inner: Arc::clone(&self.inner),
            account: Some(header),
        })
    }

    /// The connected account this handle acts on, if any.
    pub fn account(&self) -> Option<&str> {
        self.account.as_ref().and_then(|value| value.to_str().ok())
    }

    pub fn key_mode(&self) -> KeyMode {
        self.inner.api_key.mode()
    }

    pub fn rate_limit(&self) -> RateLimit {
        self.inner.rate_limit
    }

    /// This client's rate limiter, to pace another client of the same key with it
    /// ([`ClientBuilder::share_rate_limiter`]).
    pub fn rate_limiter(&self) -> RateLimiter {
        self.inner.limiter.clone()
    }

    pub fn stats(&self) -> ClientStats {
        let counters = &self.inner.counters;
        ClientStats {
            attempts: counters.attempts.load(Ordering::Relaxed),
            retries: counters.retries.load(Ordering::Relaxed),
            rate_limited: counters.rate_limited.load(Ordering::Relaxed),
        }
    }

    /// Sends `request` (with retries) and decodes the answer.
    pub async fn send<T: DeserializeOwned>(&self, request: Request<T>) -> Result<T> {
        let answer = self.execute(&request.into_spec()).await?;
        answer.decode()
    }

    /// Sends a request given as data (e.g. rebuilt from its [`StoredRequest`](crate::StoredRequest))
    /// and returns Stripe's JSON.
    pub async fn send_spec(&self, spec: &RequestSpec) -> Result<serde_json::Value> {
        self.execute(spec).await?.decode()
    }

    /// Like [`send`](Self::send), also returning the JSON as Stripe sent it.
    pub async fn send_with_raw<T: DeserializeOwned>(
        &self,
        request: Request<T>,
    ) -> Result<WithRaw<T>> {
        let answer = self.execute(&request.into_spec()).await?;
        let raw: serde_json::Value = answer.decode()?;
        let object = T::deserialize(&raw).map_err(|source| answer.decode_error(source))?;
        Ok(WithRaw { object, raw })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_key", &self.inner.api_key)
            .field("api_base", &self.inner.api_base)
            .field("files_base", &self.inner.files_base)
            .field("connect_base", &self.inner.connect_base)
            .field("account", &self.account())
            .field("retry", &self.inner.retry)
            .field("rate_limit", &self.inner.rate_limit)
            .finish_non_exhaustive()
    }
}
