//! Where Stripe calls go: the offline sandbox (the in-process simulator) or api.stripe.com.
//! Hands out one client per API key, so clones share that key's rate limiter.
//!
//! It fails closed: a poisoned lock, or a sandbox that is switched on but not running, is an
//! error, never a fall-through to api.stripe.com.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use connectdesk_secrets::Secret;
use connectdesk_stripe::{ApiKey, Client, IdempotencyKeys, DEFAULT_API_BASE};
use ring::digest;

use crate::{CoreError, ErrorCode, Result};

/// The Stripe a call reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The local simulator at this base URL.
    Sandbox { base_url: String },
    /// api.stripe.com.
    Stripe,
    /// The sandbox is switched on but not running: every call fails with `reason`.
    Unavailable { reason: String },
}

impl Target {
    /// Where requests go; an unavailable sandbox has no address, so nothing can be sent.
    pub fn base_url(&self) -> Result<&str> {
        match self {
            Target::Sandbox { base_url } => Ok(base_url),
            Target::Stripe => Ok(DEFAULT_API_BASE),
            Target::Unavailable { reason } => Err(CoreError::new(
                ErrorCode::ServiceUnavailable,
                reason.clone(),
            )),
        }
    }

    /// True for the sandbox, running or not: such calls never go to Stripe.
    pub fn is_sandbox(&self) -> bool {
        !matches!(self, Target::Stripe)
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Target::Sandbox { .. } | Target::Unavailable { .. } => "the offline sandbox",
            Target::Stripe => "api.stripe.com",
        }
    }
}

pub struct StripeGateway {
    target: RwLock<Target>,
    keys: Arc<dyn IdempotencyKeys>,
    /// Keyed by a digest of (base URL, API key): the key itself is never a map key.
    clients: Mutex<HashMap<Vec<u8>, Client>>,
}

impl StripeGateway {
    pub fn new(target: Target, keys: Arc<dyn IdempotencyKeys>) -> Self {
        Self {
            target: RwLock::new(target),
            keys,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Where calls go now. A poisoned lock is an error: guessing could mean api.stripe.com
    /// while the sandbox is on.
    pub fn target(&self) -> Result<Target> {
        self.target
            .read()
            .map(|target| target.clone())
            .map_err(|_| poisoned())
    }

    pub fn set_target(&self, target: Target) -> Result<()> {
        *self.target.write().map_err(|_| poisoned())? = target;
        Ok(())
    }

    /// A client for this key at the current target, built once and then shared.
    pub fn client(&self, api_key: &Secret) -> Result<Client> {
        let target = self.target()?;
        let base_url = target.base_url()?;
        let mut fingerprint = digest::Context::new(&digest::SHA256);
        fingerprint.update(base_url.as_bytes());
        fingerprint.update(b"\0");
        fingerprint.update(api_key.expose().as_bytes());
        let fingerprint = fingerprint.finish().as_ref().to_vec();

        let mut clients = self.clients.lock().map_err(|_| {
            CoreError::internal("The Stripe client cache lock was poisoned; restart ConnectDesk.")
        })?;
        if let Some(client) = clients.get(&fingerprint) {
            return Ok(client.clone());
        }
        let client = self.build(base_url, api_key, None)?;
        clients.insert(fingerprint, client.clone());
        Ok(client)
    }

    /// A client that is not kept, for short-lived keys such as an OAuth access token (which
    /// would otherwise pile up in the cache). It paces with `parent`'s rate limiter: Stripe
    /// counts the requests of both against the same platform.
    pub fn one_off_client(&self, api_key: &Secret, parent: &Client) -> Result<Client> {
        let target = self.target()?;
        self.build(target.base_url()?, api_key, Some(parent))
    }

    fn build(&self, base_url: &str, api_key: &Secret, parent: Option<&Client>) -> Result<Client> {
        let key = ApiKey::new(api_key.expose()).map_err(|err| {
            CoreError::on_field(
                ErrorCode::InvalidValue,
                "apiKey",
                sentence(&err.to_string()),
            )
        })?;
        let mut builder = Client::builder(key, self.keys.clone()).base_url(base_url);
        if let Some(parent) = parent {
            builder = builder.share_rate_limiter(parent.rate_limiter());
        }
        builder.build().map_err(|err| {
            CoreError::internal(format!("Could not set up the Stripe client: {err}"))
        })
    }
}

fn poisoned() -> CoreError {
    CoreError::internal("The Stripe target lock was poisoned; restart ConnectDesk.")
}

/// Starts a message with a capital letter and ends it with a full stop.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;
    use crate::store::Store;

    fn gateway(target: Target) -> (tempfile::TempDir, StripeGateway) {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::open(&Store::open(dir.path()).expect("store")).expect("journal");
        (dir, StripeGateway::new(target, Arc::new(journal)))
    }

    #[test]
    fn a_sandbox_that_is_not_running_gives_no_client() {
        let (_dir, gateway) = gateway(Target::Unavailable {
            reason: "The offline sandbox could not start: port in use".into(),
        });
        let err = gateway
            .client(&Secret::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
            .expect_err("no client");
        assert_eq!(err.code, ErrorCode::ServiceUnavailable);
        assert!(err.message.contains("port in use"), "{}", err.message);
        assert!(gateway.target().expect("target").is_sandbox());
    }

    #[test]
    fn a_poisoned_lock_is_an_error_not_api_stripe_com() {
        let (_dir, gateway) = gateway(Target::Sandbox {
            base_url: "http://127.0.0.1:1".into(),
        });
        let gateway = Arc::new(gateway);
        let holder = Arc::clone(&gateway);
        let poisoned = std::thread::spawn(move || {
            let _guard = holder.target.write().expect("lock");
            panic!("poison the lock");
        })
        .join();
        assert!(poisoned.is_err());
        assert_eq!(
            gateway.target().expect_err("poisoned").code,
            ErrorCode::InternalError
        );
        assert!(gateway
            .client(&Secret::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
            .is_err());
        assert!(gateway.set_target(Target::Stripe).is_err());
    }

    #[test]
    fn one_off_clients_pace_with_their_parent() {
        let (_dir, gateway) = gateway(Target::Sandbox {
            base_url: "http://127.0.0.1:1".into(),
        });
        let parent = gateway
            .client(&Secret::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
            .expect("parent");
        let token = gateway
            .one_off_client(&Secret::new("sk_test_accessToken0001"), &parent)
            .expect("one-off");
        assert!(token.rate_limiter().is_shared_with(&parent.rate_limiter()));
    }
}
