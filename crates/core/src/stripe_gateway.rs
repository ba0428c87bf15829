//! Where Stripe calls go: the offline sandbox (the in-process simulator) or api.stripe.com.
//! Hands out one client per API key, so clones share that key's rate limiter.

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
}

impl Target {
    pub fn base_url(&self) -> &str {
        match self {
            Target::Sandbox { base_url } => base_url,
            Target::Stripe => DEFAULT_API_BASE,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Target::Sandbox { .. } => "the offline sandbox",
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

    pub fn target(&self) -> Target {
        self.target
            .read()
            .map(|target| target.clone())
            .unwrap_or(Target::Stripe)
    }

    pub fn set_target(&self, target: Target) {
        if let Ok(mut current) = self.target.write() {
            *current = target;
        }
    }

    /// A client for this key at the current target, built once and then shared.
    pub fn client(&self, api_key: &Secret) -> Result<Client> {
        let target = self.target();
        let mut fingerprint = digest::Context::new(&digest::SHA256);
        fingerprint.update(target.base_url().as_bytes());
        fingerprint.update(b"\0");
        fingerprint.update(api_key.expose().as_bytes());
        let fingerprint = fingerprint.finish().as_ref().to_vec();

        let mut clients = self.clients.lock().map_err(|_| {
            CoreError::internal("The Stripe client cache lock was poisoned; restart ConnectDesk.")
        })?;
        if let Some(client) = clients.get(&fingerprint) {
            return Ok(client.clone());
        }
        let client = self.build(&target, api_key)?;
        clients.insert(fingerprint, client.clone());
        Ok(client)
    }

    /// A client that is not kept: for short-lived keys such as an OAuth access token, which
    /// would otherwise pile up in the cache.
    pub fn one_off_client(&self, api_key: &Secret) -> Result<Client> {
        self.build(&self.target(), api_key)
    }

    fn build(&self, target: &Target, api_key: &Secret) -> Result<Client> {
        let key = ApiKey::new(api_key.expose()).map_err(|err| {
            CoreError::on_field(
                ErrorCode::InvalidValue,
                "apiKey",
                sentence(&err.to_string()),
            )
        })?;
        Client::builder(key, self.keys.clone())
            .base_url(target.base_url())
            .build()
            .map_err(|err| {
                CoreError::internal(format!("Could not set up the Stripe client: {err}"))
            })
    }
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
