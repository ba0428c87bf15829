//! Building a [`Client`]: base URLs, timeouts, retries, rate limit and the idempotency store.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use url::Url;

use super::{Client, Inner};
use crate::error::{Error, Result};
use crate::idempotency::IdempotencyKeys;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::retry::RetryPolicy;
use crate::secret::ApiKey;
use crate::tls;

/// The API version every request pins (`Stripe-Version`), matching the OpenAPI spec we follow.
pub const STRIPE_VERSION: &str = "2020-08-27";
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";
pub const DEFAULT_FILES_BASE: &str = "https://files.stripe.com";
pub const DEFAULT_CONNECT_BASE: &str = "https://connect.stripe.com";
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Stripe's SDKs allow 80 s for a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

const USER_AGENT: &str = concat!(
    "ConnectDesk/",
    env!("CARGO_PKG_VERSION"),
    " (connectdesk-stripe)"
);

/// Configures a [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    api_key: ApiKey,
    keys: Arc<dyn IdempotencyKeys>,
    api_base: String,
    files_base: Option<String>,
    connect_base: Option<String>,
    retry: RetryPolicy,
    limiter: Limiter,
    connect_timeout: Duration,
    timeout: Duration,
}

impl ClientBuilder {
    pub(super) fn new(api_key: ApiKey, keys: Arc<dyn IdempotencyKeys>) -> Self {
        Self {
            api_key,
            keys,
            api_base: DEFAULT_API_BASE.to_owned(),
            files_base: None,
            connect_base: None,
            retry: RetryPolicy::default(),
            limiter: Limiter::ForKey,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Where the API lives, e.g. the simulator's `http://127.0.0.1:12111`. File uploads and
    /// Connect OAuth go to the same place unless [`files_base_url`](Self::files_base_url) or
    /// [`connect_base_url`](Self::connect_base_url) say otherwise.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.api_base = url.into();
        self
    }

    /// Where file uploads go (`https://files.stripe.com` by default).
    pub fn files_base_url(mut self, url: impl Into<String>) -> Self {
        self.files_base = Some(url.into());
        self
    }

    /// Where Connect OAuth lives (`https://connect.stripe.com` by default).
    pub fn connect_base_url(mut self, url: impl Into<String>) -> Self {
        self.connect_base = Some(url.into());
        self
    }

    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// The first retry's wait and the cap of the exponential backoff (a server's `Retry-After`
    /// is honoured beyond it, up to [`MAX_RETRY_AFTER`](crate::MAX_RETRY_AFTER)).
    pub fn retry_delays(mut self, base: Duration, max: Duration) -> Self {
        self.retry.base_delay = base;
        self.retry.max_delay = max;
        self
    }

    /// A new rate limiter with `limit` instead of the default chosen from the key (100/s live,
    /// 25/s test). The last of this and [`share_rate_limiter`](Self::share_rate_limiter) wins.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.limiter = Limiter::New(limit);
        self
    }

    /// Paces this client with `limiter` (e.g. another client's [`Client::rate_limiter`]) instead
    /// of a new one: both count against one budget, and a 429 seen by either slows both down.
    /// For clients of the same key, such as a one-off client for a Connect OAuth access token.
    pub fn share_rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Limiter::Shared(limiter);
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit for a whole request, from connecting to the last byte of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn build(self) -> Result<Client> {
        let api_base = parse_base(&self.api_base)?;
        // Stripe serves files and OAuth on their own hosts; a simulator serves all three.
        let sibling = |explicit: &Option<String>, default: &str| match explicit {
            Some(url) => parse_base(url),
            None if self.api_base == DEFAULT_API_BASE => Ok(default.to_owned()),
            None => Ok(api_base.clone()),
        };
        let files_base = sibling(&self.files_base, DEFAULT_FILES_BASE)?;
        let connect_base = sibling(&self.connect_base, DEFAULT_CONNECT_BASE)?;
        let limiter = match self.limiter {
            Limiter::ForKey => RateLimiter::new(RateLimit::for_mode(self.api_key.mode()))?,
            Limiter::New(limit) => RateLimiter::new(limit)?,
            Limiter::Shared(limiter) => limiter,
        };
        if self.retry.base_delay > self.retry.max_delay {
            return Err(Error::Config(
                "the first retry delay exceeds the maximum delay".into(),
            ));
        }

        let mut auth = HeaderValue::try_from(format!("Bearer {}", self.api_key.expose()))
            .map_err(|_| Error::Config("the API key cannot be sent in a header".into()))?;
        auth.set_sensitive(true);

        let mut headers = HeaderMap::new();
        headers.insert("Stripe-Version", HeaderValue::from_static(STRIPE_VERSION));
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls::client_config()?)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .build()
            .map_err(|err| Error::Config(format!("HTTP client setup failed: {err}")))?;

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth,
                api_key: self.api_key,
                api_base,
                files_base,
                connect_base,
                retry: self.retry,
                rate_limit: limiter.limit(),
                limiter,
                keys: self.keys,
                counters: Default::default(),
            }),
            account: None,
        })
    }
}

/// Where a client's rate limiter comes from.
enum Limiter {
    /// A new one with the default limit of the key's mode.
    ForKey,
    New(RateLimit),
    Shared(RateLimiter),
}

/// Checks a base URL and returns it without a trailing slash. Plain `http` is accepted only for
/// loopback addresses (the simulator): the API key must not cross a network unencrypted.
fn parse_base(raw: &str) -> Result<String> {
    let url = Url::parse(raw).map_err(|err| Error::Config(format!("base URL {raw:?}: {err}")))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::Config(format!(
            "base URL {raw:?} must not have a query, fragment or user"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "base URL {raw:?}: plain http is allowed only for loopback addresses"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "base URL {raw:?}: unsupported scheme {other}"
            )))
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised_and_checked() {
        assert_eq!(
            parse_base("https://api.stripe.com/").expect("ok"),
            "https://api.stripe.com"
        );
        assert_eq!(
            parse_base("http://127.0.0.1:12111").expect("ok"),
            "http://127.0.0.1:12111"
        );
        assert_eq!(
            parse_base("http://localhost:9/").expect("ok"),
            "http://localhost:9"
        );
        assert_eq!(parse_base("http://[::1]:9").expect("ok"), "http://[::1]:9");
        assert!(parse_base("http://api.stripe.com").is_err());
        assert!(parse_base("http://10.0.0.1").is_err());
        assert!(parse_base("ftp://127.0.0.1").is_err());
        assert!(parse_base("https://api.stripe.com/?a=b").is_err());
        assert!(parse_base("not a url").is_err());
    }
}
