//! Connect OAuth on `connect.stripe.com`: exchanging a refresh token for an access token.
//!
//! The platform's secret key is the OAuth client secret, so the client sending these requests is
//! built with it. These endpoints are not in Stripe's OpenAPI spec; their reference is
//! <https://stripe.com/docs/connect/oauth-reference>.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::request::{Request, RequestSpec};

/// An OAuth token (access or refresh). `Debug` prints a redaction; there is no `Display`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct OAuthSecret(String);

impl OAuthSecret {
    /// The token itself, to seal it or to build a client with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OAuthSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthSecret([redacted])")
    }
}

#[derive(Serialize)]
struct RefreshGrant<'a> {
    grant_type: &'static str,
    refresh_token: &'a str,
}

/// What `POST /oauth/token` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OAuthToken {
    /// A secret key acting on the connected account (`stripe_user_id`).
    pub access_token: OAuthSecret,
    /// Stripe may hand out a new refresh token; the old one then stops working.
    #[serde(default)]
    pub refresh_token: Option<OAuthSecret>,
    pub livemode: bool,
    /// The connected account the token acts on.
    pub stripe_user_id: String,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub stripe_publishable_key: Option<String>,
}

/// `POST /oauth/token` with `grant_type=refresh_token`. The refresh token never appears in the
/// request's `Debug` output nor in an error message.
pub fn refresh(refresh_token: &str) -> Result<Request<OAuthToken>> {
    let spec = RequestSpec::post_oauth("/oauth/token".into()).with_params(&RefreshGrant {
        grant_type: "refresh_token",
        refresh_token,
    })?;
    Ok(Request::new(spec))
}

impl Client {
    /// Exchanges `refresh_token` for an access token; this client must hold the platform's
    /// secret key (the OAuth client secret).
    pub async fn refresh_oauth_token(&self, refresh_token: &str) -> Result<OAuthToken> {
        self.send(refresh(refresh_token)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Host;

    #[test]
    fn refresh_goes_to_the_connect_host_and_hides_the_token() {
        let request = refresh("rt_secret_123").expect("request");
        let spec = request.spec();
        assert_eq!((spec.host(), spec.path()), (Host::Connect, "/oauth/token"));
        assert_eq!(spec.param("grant_type"), Some("refresh_token"));
        assert_eq!(spec.param("refresh_token"), Some("rt_secret_123"));
        assert!(!format!("{request:?}").contains("rt_secret_123"));
    }

    #[test]
    fn token_answers_decode_without_printing_secrets() {
        let token: OAuthToken = serde_json::from_str(
            r#"{"access_token":"sk_test_acc123","livemode":false,"refresh_token":"rt_ref456",
                "token_type":"bearer","stripe_publishable_key":"pk_test_x",
                "stripe_user_id":"acct_1","scope":"read_write"}"#,
        )
        .expect("decodes");
        assert_eq!(token.stripe_user_id, "acct_1");
        assert_eq!(token.access_token.expose(), "sk_test_acc123");
        let shown = format!("{token:?}");
        assert!(
            !shown.contains("acc123") && !shown.contains("ref456"),
            "{shown}"
        );
    }
}
