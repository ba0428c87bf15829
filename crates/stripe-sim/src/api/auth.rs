//! API key authentication: `Authorization: Bearer <key>` (or HTTP Basic with the key as user
//! name, as `curl -u sk_test_...:` sends it).

use axum::http::HeaderMap;
use base64::Engine;

use crate::config::ApiKeyPolicy;
use crate::wire::ApiError;

/// The key of the `Authorization` header (not yet checked), or Stripe's 401.
pub fn presented_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return Err(no_key());
    };
    key_from_header(value.trim()).ok_or_else(no_key)
}

fn key_from_header(value: &str) -> Option<String> {
    let (scheme, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return (!rest.is_empty()).then(|| rest.to_owned());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let user = text.split(':').next().unwrap_or("");
        return (!user.is_empty()).then(|| user.to_owned());
    }
    None
}

/// Applies the key rule (see [`ApiKeyPolicy`]).
pub fn check_key(key: &str, policy: &ApiKeyPolicy) -> Result<(), ApiError> {
    if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
        return Err(ApiError::invalid(format!(
            "This is a test-mode sandbox (stripe-sim): {} is a live mode key, the key for the wrong mode. Use a test mode key (sk_test_... or rk_test_...).",
            redact(key)
        ))
        .with_status(401)
        .with_code("livemode_mismatch"));
    }
    if key.starts_with("pk_") {
        return Err(ApiError::invalid(
            "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        )
        .with_status(401));
    }
    let accepted = match policy {
        ApiKeyPolicy::AnyTestKey => plausible_test_key(key),
        ApiKeyPolicy::Only(keys) => keys.contains(key),
    };
    if accepted {
        Ok(())
    } else {
        Err(
            ApiError::invalid(format!("Invalid API Key provided: {}", redact(key)))
                .with_status(401)
                .with_code("api_key_invalid"),
        )
    }
}

/// `sk_test_`/`rk_test_` + at least 10 letters or digits, not starting with `invalid`.
fn plausible_test_key(key: &str) -> bool {
    let secret = key
        .strip_prefix("sk_test_")
        .or_else(|| key.strip_prefix("rk_test_"));
    secret.is_some_and(|s| {
        s.len() >= 10
            && s.chars().all(|c| c.is_ascii_alphanumeric())
            && !s.to_ascii_lowercase().starts_with("invalid")
    })
}

fn no_key() -> ApiError {
    ApiError::invalid(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    )
    .with_status(401)
}

/// `sk_test_********1234`, as Stripe shows keys in errors.
pub fn redact(key: &str) -> String {
    let prefix_len = key
        .match_indices('_')
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap_or(0);
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= prefix_len + 4 {
        return key.to_owned();
    }
    let prefix: String = chars[..prefix_len].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}{}{tail}", "*".repeat(chars.len() - prefix_len - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_rule() {
        let any = ApiKeyPolicy::AnyTestKey;
        assert!(check_key("sk_test_51Habc123XYZ", &any).is_ok());
        assert!(check_key("rk_test_abcdefghij", &any).is_ok());
        assert_eq!(
            check_key("sk_test_short", &any).map_err(|e| e.status),
            Err(401)
        );
        assert_eq!(
            check_key("sk_test_invalid1234567", &any).map_err(|e| e.status),
            Err(401)
        );
        assert_eq!(
            check_key("sk_test_with-dash-1234", &any).map_err(|e| e.status),
            Err(401)
        );
        let live = check_key("sk_live_abcdefghijkl", &any).expect_err("live");
        assert!(live.message.contains("wrong mode"));
        let only = ApiKeyPolicy::Only(["sk_test_one".to_owned()].into());
        assert!(check_key("sk_test_one", &only).is_ok());
        assert!(check_key("sk_test_abcdefghijkl", &only).is_err());
    }

    #[test]
    fn redacts_all_but_prefix_and_last_four() {
        assert_eq!(redact("sk_test_abcdefgh1234"), "sk_test_********1234");
    }

    #[test]
    fn basic_auth() {
        let header = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("sk_test_abcdefghij:")
        );
        assert_eq!(
            key_from_header(&header).as_deref(),
            Some("sk_test_abcdefghij")
        );
    }
}
