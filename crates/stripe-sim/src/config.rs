//! Configuration of a simulator instance.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::PathBuf;

/// Default listen address: loopback, port 12111 (stripe-mock's port is 12111 as well).
pub const DEFAULT_LISTEN: SocketAddr =
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 12111));

/// How to configure a simulator. `Default` listens on [`DEFAULT_LISTEN`], keeps state in memory
/// and accepts any plausible test-mode key.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to bind. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// Allow a non-loopback listen address. Off by default: the simulator has no real security.
    pub allow_remote: bool,
    /// Persist state in this sled directory; `None` keeps it in memory only.
    pub data_dir: Option<PathBuf>,
    /// Which API keys are accepted.
    pub api_keys: ApiKeyPolicy,
    /// Deliver every event to this endpoint, signed like Stripe does.
    pub webhook: Option<WebhookEndpoint>,
    /// Stripe's processing fee, charged on every card charge.
    pub stripe_fee: StripeFee,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            listen: DEFAULT_LISTEN,
            allow_remote: false,
            data_dir: None,
            api_keys: ApiKeyPolicy::AnyTestKey,
            webhook: None,
            stripe_fee: StripeFee::default(),
        }
    }
}

impl SimConfig {
    /// In memory, on `127.0.0.1` with a free port: what tests and the desktop app want.
    pub fn ephemeral() -> Self {
        Self {
            listen: SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)),
            ..Self::default()
        }
    }

    /// Sets the listen address.
    pub fn with_listen(mut self, listen: SocketAddr) -> Self {
        self.listen = listen;
        self
    }

    /// Persists state in `dir` (created if missing).
    pub fn with_data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Sets the accepted API keys.
    pub fn with_api_keys(mut self, policy: ApiKeyPolicy) -> Self {
        self.api_keys = policy;
        self
    }

    /// Configures the webhook endpoint.
    pub fn with_webhook(mut self, endpoint: WebhookEndpoint) -> Self {
        self.webhook = Some(endpoint);
        self
    }

    /// Sets Stripe's processing fee.
    pub fn with_stripe_fee(mut self, fee: StripeFee) -> Self {
        self.stripe_fee = fee;
        self
    }
}

/// Which secret keys the simulator accepts.
///
/// The rule for [`ApiKeyPolicy::AnyTestKey`]: a key is accepted when it is `sk_test_` or
/// `rk_test_` followed by at least 10 ASCII letters or digits, and that part does not start with
/// `invalid` (so `sk_test_invalid123456` is a handy rejected key). `sk_live_`/`rk_live_` keys are
/// always refused with a "wrong mode" error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ApiKeyPolicy {
    /// Any key of plausible test-mode shape.
    #[default]
    AnyTestKey,
    /// Exactly these keys.
    Only(BTreeSet<String>),
}

/// A webhook endpoint: URL plus its signing secret (`whsec_...`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WebhookEndpoint {
    pub url: String,
    pub secret: String,
}

/// Stripe's processing fee per card charge: `percent_bps` basis points of the amount (rounded
/// half up) plus `fixed` minor units. The fixed part is not charged in zero-decimal currencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StripeFee {
    pub percent_bps: u32,
    pub fixed: i64,
}

impl Default for StripeFee {
    /// Stripe's US card pricing: 2.9 % + 30 cents.
    fn default() -> Self {
        Self {
            percent_bps: 290,
            fixed: 30,
        }
    }
}

impl StripeFee {
    /// No processing fee at all: balances then equal the charged amounts.
    pub const FREE: StripeFee = StripeFee {
        percent_bps: 0,
        fixed: 0,
    };
}
