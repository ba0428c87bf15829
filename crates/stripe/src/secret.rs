//! Secrets held in types that never print themselves: the API key and webhook signing secrets.

use std::fmt;

use crate::error::{Error, Result};

/// Which Stripe environment a key belongs to, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// `sk_live_…` or `rk_live_…`.
    Live,
    /// `sk_test_…` or `rk_test_…`.
    Test,
    /// Any other prefix (treated like test mode where a default depends on the mode).
    Unknown,
}

/// A Stripe secret or restricted key.
///
/// `Debug` prints only the mode; there is no `Display`. The key leaves this type only to build the
/// `Authorization` header (marked sensitive) and to scrub it from error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Accepts a key made of visible ASCII characters, as Stripe issues them.
    pub fn new(key: impl Into<String>) -> Result<Self> {
        let key = key.into();
        if key.is_empty() {
            return Err(Error::Config("the API key is empty".into()));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(
                "the API key contains spaces or characters that cannot be sent in a header".into(),
            ));
        }
        Ok(Self(key))
    }

    pub fn mode(&self) -> KeyMode {
        let key = self.0.as_str();
        if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
            KeyMode::Live
        } else if key.starts_with("sk_test_") || key.starts_with("rk_test_") {
            KeyMode::Test
        } else {
            KeyMode::Unknown
        }
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Replaces every occurrence of the key in `text` (Stripe masks keys in its messages; this is
    /// the second line of defence for anything that ends up in an error's `Display`).
    pub(crate) fn scrub(&self, text: &str) -> String {
        text.replace(self.0.as_str(), "[redacted API key]")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({:?}, [redacted])", self.mode())
    }
}

/// A webhook endpoint's signing secret (`whsec_…`). Stripe returns it only when the endpoint is
/// created, so it must be stored then.
///
/// `Debug` shows only the `whsec_` prefix; there is no `Display`. [`WebhookSecret::expose`] hands
/// it out for storing it or checking a `Stripe-Signature`.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself: for the secret store or signature checks, never for logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = if self.0.starts_with("whsec_") {
            "whsec_"
        } else {
            ""
        };
        write!(f, "WebhookSecret({prefix}[redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc").expect("valid key");
        let shown = format!("{key:?}");
        assert!(!shown.contains("4eC39"), "{shown}");
        assert_eq!(shown, "ApiKey(Test, [redacted])");
    }

    #[test]
    fn mode_comes_from_the_prefix() {
        let mode = |k: &str| ApiKey::new(k).expect("valid key").mode();
        assert_eq!(mode("sk_live_abc"), KeyMode::Live);
        assert_eq!(mode("rk_live_abc"), KeyMode::Live);
        assert_eq!(mode("sk_test_abc"), KeyMode::Test);
        assert_eq!(mode("rk_test_abc"), KeyMode::Test);
        assert_eq!(mode("pk_test_abc"), KeyMode::Unknown);
    }

    #[test]
    fn rejects_keys_that_cannot_be_a_header() {
        for bad in ["", "sk_test_ abc", "sk_test_\nabc", "sk_test_é"] {
            let err = ApiKey::new(bad).expect_err("must be rejected");
            assert!(!err.to_string().contains("abc"), "{err}");
        }
    }

    #[test]
    fn scrub_removes_the_key() {
        let key = ApiKey::new("sk_test_secret123").expect("valid key");
        assert_eq!(
            key.scrub("bad key sk_test_secret123!"),
            "bad key [redacted API key]!"
        );
    }

    #[test]
    fn debug_never_shows_the_webhook_secret() {
        let secret: WebhookSecret =
            serde_json::from_str("\"whsec_abc123XYZ\"").expect("decodes from a string");
        assert_eq!(secret.expose(), "whsec_abc123XYZ");
        let shown = format!("{secret:?} {:?}", Some(secret.clone()));
        assert!(!shown.contains("abc123"), "{shown}");
        assert_eq!(format!("{secret:?}"), "WebhookSecret(whsec_[redacted])");
    }
}
