//! Field rules for Stripe connections. Pure functions: each returns the cleaned value or the
//! field's error, so create and update apply exactly the same rules.

use connectdesk_secrets::Secret;

use super::model::AuthInput;
use crate::mode::Mode;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

pub const NAME_MAX_CHARS: usize = 100;
pub const DESCRIPTION_MAX_CHARS: usize = 500;
pub const CONFIG_JSON_MAX_BYTES: usize = 64 * 1024;
/// Letters or digits after `whsec_`, at least.
pub const WEBHOOK_SECRET_MIN_CHARS: usize = 8;

pub fn connection_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "connectionName",
            "Enter a connection name.",
        ));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "connectionName",
            format!("A connection name has at most {NAME_MAX_CHARS} characters."),
        ));
    }
    Ok(name.to_string())
}

/// An empty description means "no description".
pub fn connection_description(raw: &str) -> Result<Option<String>> {
    let text = raw.trim();
    if text.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "connectionDescription",
            format!("A description has at most {DESCRIPTION_MAX_CHARS} characters."),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// `acct_` followed by letters and digits, as Stripe issues them.
pub fn stripe_account_id(field: &str, raw: &str) -> Result<String> {
    let id = raw.trim();
    let well_formed = id.strip_prefix("acct_").is_some_and(|rest| {
        (8..=64).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !well_formed {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            "A Stripe account id looks like acct_1Nv0FGQ9RKHgCVdK (acct_ and 8 or more letters or digits).",
        ));
    }
    Ok(id.to_string())
}

/// Secret (`sk_`) or restricted (`rk_`) key; the mode follows the key.
pub fn api_key_mode(raw: &str) -> Result<Mode> {
    let key = raw.trim();
    if key.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "apiKey",
            "Enter the platform’s secret key (sk_test_… or sk_live_…) from the Stripe Dashboard (Developers → API keys).",
        ));
    }
    let (mode, rest) = if let Some(rest) = key
        .strip_prefix("sk_test_")
        .or_else(|| key.strip_prefix("rk_test_"))
    {
        (Mode::Sandbox, rest)
    } else if let Some(rest) = key
        .strip_prefix("sk_live_")
        .or_else(|| key.strip_prefix("rk_live_"))
    {
        (Mode::Live, rest)
    } else {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "apiKey",
            "Use a secret key (sk_test_… or sk_live_…) or a restricted key (rk_test_… or rk_live_…). Publishable keys (pk_…) cannot manage accounts.",
        ));
    };
    if rest.len() < 8 || !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "apiKey",
            "This key is incomplete: copy the whole key from the Stripe Dashboard (Developers → API keys).",
        ));
    }
    Ok(mode)
}

/// `whsec_` and at least 8 letters or digits. Each rule has its own message, so a secret cut
/// short, one with a stray character and one of another kind are told apart. The message never
/// quotes the secret.
pub fn webhook_secret(raw: &str) -> Result<String> {
    let secret = raw.trim();
    let invalid =
        |message: String| CoreError::on_field(ErrorCode::InvalidValue, "webhookSecret", message);
    let Some(rest) = secret.strip_prefix("whsec_") else {
        return Err(invalid(
            "A webhook signing secret starts with whsec_; this one does not. Copy it from Stripe Dashboard → Developers → Webhooks → your endpoint → Signing secret.".into(),
        ));
    };
    if rest.chars().any(char::is_whitespace) {
        return Err(invalid(
            "The signing secret contains a space or a line break; after whsec_ come only letters and digits. Copy it again without the surrounding text.".into(),
        ));
    }
    if !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            "The signing secret contains a character that is not a letter or a digit (such as a quote, a dot or a dash); after whsec_ come only letters and digits. Copy it again from Stripe Dashboard → Webhooks → Signing secret.".into(),
        ));
    }
    if rest.len() < WEBHOOK_SECRET_MIN_CHARS {
        return Err(invalid(format!(
            "The signing secret is too short: after whsec_ come at least {WEBHOOK_SECRET_MIN_CHARS} letters or digits, this one has {}. It was probably cut off when copied; copy it again.",
            rest.len()
        )));
    }
    Ok(secret.to_string())
}

/// An https URL; plain http only for this machine (local development).
pub fn partner_endpoint(raw: &str) -> Result<String> {
    let text = raw.trim();
    let invalid =
        |message: &str| CoreError::on_field(ErrorCode::InvalidValue, "partnerEndpoint", message);
    let url = url::Url::parse(text)
        .map_err(|_| invalid("Enter a full URL such as https://partner.example.com/webhook."))?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => {
            return Err(invalid(
                "Use https: plain http is allowed only for localhost.",
            ))
        }
        _ => return Err(invalid("Use an https:// URL.")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("The URL has no host."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("Do not put credentials in the URL."));
    }
    Ok(text.to_string())
}

/// Must parse as JSON; stored exactly as given. Empty means none.
pub fn config_json(raw: &str) -> Result<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    if raw.len() > CONFIG_JSON_MAX_BYTES {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "configJson",
            "The configuration is larger than 64 KiB.",
        ));
    }
    serde_json::from_str::<serde_json::Value>(raw).map_err(|err| {
        // The parser's own wording ("key must be a string at line 1 column 2") is for the log.
        let what = match err.classify() {
            serde_json::error::Category::Eof => {
                "it ends too early (a closing brace, bracket or quote is missing)"
            }
            _ => "check the quotes (\"…\" around every key and text), commas and braces there",
        };
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "configJson",
            format!(
                "This is not valid JSON at line {}, column {}: {what}.",
                err.line(),
                err.column()
            ),
        )
    })?;
    Ok(Some(raw.to_string()))
}

/// OAuth2 credentials: non-empty, no whitespace inside.
pub fn oauth_value(field: &str, label: &str, raw: &str) -> Result<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            field,
            format!("Enter the {label}."),
        ));
    }
    if value.len() > 512 || value.chars().any(char::is_whitespace) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("The {label} must be a single token without spaces."),
        ));
    }
    Ok(value.to_string())
}

/// OAuth2 credentials as typed, trimmed and checked field by field.
pub struct OAuthCredentials {
    pub client_id: String,
    pub client_secret: Secret,
    pub refresh_token: Secret,
}

pub fn oauth_credentials(
    client_id: &str,
    client_secret: &Secret,
    refresh_token: &Secret,
) -> Result<OAuthCredentials> {
    let mut checks = FieldChecks::default();
    let client_id = checks.check(oauth_value("clientId", "client id", client_id));
    let client_secret = checks.check(oauth_value(
        "clientSecret",
        "client secret",
        client_secret.expose(),
    ));
    let refresh_token = checks.check(oauth_value(
        "refreshToken",
        "refresh token",
        refresh_token.expose(),
    ));
    checks.finish()?;
    Ok(OAuthCredentials {
        client_id,
        client_secret: Secret::new(client_secret),
        refresh_token: Secret::new(refresh_token),
    })
}

/// The credentials of a create form or a draft test, checked.
pub fn credentials(auth: &AuthInput) -> Result<ValidCredentials> {
    Ok(match auth {
        AuthInput::ApiKey { api_key } => {
            let key = Secret::new(api_key.expose().trim());
            let mode = api_key_mode(key.expose())?;
            ValidCredentials::ApiKey { key, mode }
        }
        AuthInput::OAuth2 {
            client_id,
            client_secret,
            refresh_token,
            mode,
        } => ValidCredentials::OAuth2 {
            credentials: oauth_credentials(client_id, client_secret, refresh_token)?,
            mode: *mode,
        },
    })
}

/// Credentials that passed validation, ready to seal.
pub enum ValidCredentials {
    ApiKey {
        key: Secret,
        mode: Mode,
    },
    OAuth2 {
        credentials: OAuthCredentials,
        mode: Mode,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<impl std::fmt::Debug>) -> (ErrorCode, Option<String>) {
        let err = result.expect_err("should be rejected");
        (err.code, err.field)
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(connection_name("  Main  ").expect("valid"), "Main");
        assert_eq!(
            code(connection_name("   ")),
            (ErrorCode::Required, Some("connectionName".into()))
        );
        assert!(connection_name(&"é".repeat(100)).is_ok());
        assert_eq!(
            code(connection_name(&"é".repeat(101))).0,
            ErrorCode::TooLong
        );
    }

    #[test]
    fn api_key_shape_decides_the_mode() {
        assert_eq!(
            api_key_mode("sk_test_4eC39HqLyjWDarjtT1zdp7dc").expect("test key"),
            Mode::Sandbox
        );
        assert_eq!(
            api_key_mode("rk_test_51Hxyzabcdefgh").expect("restricted test key"),
            Mode::Sandbox
        );
        assert_eq!(
            api_key_mode("sk_live_51Habcdefghijk").expect("live key"),
            Mode::Live
        );
        assert_eq!(
            api_key_mode("rk_live_51Habcdefghijk").expect("restricted live key"),
            Mode::Live
        );
        assert_eq!(
            code(api_key_mode("  ")),
            (ErrorCode::Required, Some("apiKey".into()))
        );
        for bad in [
            "pk_test_51Habcdefgh",
            "sk_test_",
            "sk_test_short",
            "sk_prod_51Habcdefghijk",
            "sk_test_abc def ghij",
        ] {
            assert_eq!(
                code(api_key_mode(bad)),
                (ErrorCode::InvalidValue, Some("apiKey".into())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn account_ids_and_webhook_secrets_are_checked_for_shape() {
        assert!(stripe_account_id("stripeAccountId", "acct_1Nv0FGQ9RKHgCVdK").is_ok());
        for bad in [
            "",
            "acct_",
            "acct_short",
            "cus_1Nv0FGQ9RKHgCVdK",
            "acct_1Nv0FGQ9-RKHgCVdK",
        ] {
            assert_eq!(
                code(stripe_account_id("stripeAccountId", bad)).0,
                ErrorCode::InvalidValue,
                "{bad:?}"
            );
        }
        assert_eq!(
            code(webhook_secret("sk_test_abcdefgh")).1,
            Some("webhookSecret".into())
        );
    }

    #[test]
    fn each_webhook_secret_rule_names_its_own_problem() {
        assert!(webhook_secret(" whsec_abcdefgh12345678 ").is_ok());
        let message = |raw: &str| webhook_secret(raw).expect_err(raw).message;
        assert!(message("sk_test_abcdefgh").contains("starts with whsec_"));
        // Long enough, but with characters Stripe never puts in a secret.
        let punctuation = message("whsec_abcd-efgh.1234");
        assert!(
            punctuation.contains("not a letter or a digit"),
            "{punctuation}"
        );
        assert!(!punctuation.contains("short"), "{punctuation}");
        let space = message("whsec_abcd efgh1234");
        assert!(space.contains("space or a line break"), "{space}");
        let short = message("whsec_abc123");
        assert!(
            short.contains("too short") && short.contains("this one has 6"),
            "{short}"
        );
        for raw in ["whsec_abcd-efgh.1234", "whsec_abc123"] {
            assert!(
                !message(raw).contains(raw),
                "the message never quotes the secret"
            );
        }
    }

    #[test]
    fn partner_endpoint_wants_https_except_on_localhost() {
        assert!(partner_endpoint("https://partner.example.com/webhook").is_ok());
        assert!(partner_endpoint("http://localhost:8080/hook").is_ok());
        assert!(partner_endpoint("http://127.0.0.1:8080/hook").is_ok());
        for bad in [
            "",
            "partner.example.com",
            "http://partner.example.com/hook",
            "ftp://example.com",
            "javascript:alert(1)",
            "https://user:pw@example.com/",
        ] {
            assert_eq!(
                code(partner_endpoint(bad)),
                (ErrorCode::InvalidValue, Some("partnerEndpoint".into())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn config_json_must_parse_and_is_kept_verbatim() {
        assert_eq!(config_json("").expect("empty is none"), None);
        let raw = "{ \"region\": \"eu\",  \"retries\": 3 }";
        assert_eq!(config_json(raw).expect("valid").as_deref(), Some(raw));
        assert_eq!(
            code(config_json("{region: eu}")).1,
            Some("configJson".into())
        );
        // In words, with the place, never the parser's own message.
        let message = config_json("{region: eu}").expect_err("bad").message;
        assert!(
            message.starts_with("This is not valid JSON at line 1, column 2"),
            "{message}"
        );
        assert!(!message.contains("key must be"), "{message}");
        let open = config_json("{\"a\": 1").expect_err("cut short").message;
        assert!(open.contains("ends too early"), "{open}");
    }
}
