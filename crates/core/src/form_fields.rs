//! Field rules several money forms share (payments, transfers): a connected account id, optional
//! text, Stripe's metadata limits. Each returns the field error to show next to its input.

use std::collections::BTreeMap;

use crate::{CoreError, ErrorCode, Result};

/// Stripe's metadata limits.
const METADATA_KEYS: usize = 50;
const METADATA_KEY_CHARS: usize = 40;
const METADATA_VALUE_CHARS: usize = 500;

/// An `acct_…` id; `missing` says what to choose when it is empty.
pub(crate) fn account_id(field: &str, raw: &str, missing: &str) -> Result<String> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(CoreError::on_field(ErrorCode::Required, field, missing));
    }
    let valid = id
        .strip_prefix("acct_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !valid {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            "A connected account id looks like acct_1Nv0FGQ9RKHgCVdK.",
        ));
    }
    Ok(id.to_string())
}

/// Trimmed text of at most `max` characters without control characters; empty is `None`.
pub(crate) fn optional_text(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > max => Err(CoreError::on_field(
            ErrorCode::TooLong,
            field,
            format!("At most {max} characters."),
        )),
        Some(text) if text.chars().any(char::is_control) => Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            "No control characters, please.",
        )),
        Some(text) => Ok(Some(text.to_string())),
    }
}

/// Metadata within Stripe's limits, keys trimmed; `reserved` keys are ConnectDesk's own.
pub(crate) fn metadata(
    raw: &BTreeMap<String, String>,
    reserved: &[&str],
) -> Result<BTreeMap<String, String>> {
    let problem =
        |message: String| CoreError::on_field(ErrorCode::InvalidValue, "metadata", message);
    if raw.len() > METADATA_KEYS {
        return Err(problem(format!("At most {METADATA_KEYS} metadata keys.")));
    }
    let mut out = BTreeMap::new();
    for (key, value) in raw {
        let key = key.trim();
        if key.is_empty() || key.chars().count() > METADATA_KEY_CHARS || key.contains(['[', ']']) {
            return Err(problem(format!(
                "A metadata key has 1 to {METADATA_KEY_CHARS} characters and no brackets."
            )));
        }
        if reserved.contains(&key) {
            return Err(problem(format!("`{key}` is set by ConnectDesk itself.")));
        }
        if value.chars().count() > METADATA_VALUE_CHARS {
            return Err(problem(format!(
                "A metadata value has at most {METADATA_VALUE_CHARS} characters (`{key}`)."
            )));
        }
        out.insert(key.to_string(), value.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_look_like_stripes() {
        assert_eq!(
            account_id("accountId", " acct_1Test ", "Choose one.").as_deref(),
            Ok("acct_1Test")
        );
        let empty = account_id("accountId", "", "Choose one.").expect_err("empty");
        assert_eq!(
            (empty.code, empty.message.as_str()),
            (ErrorCode::Required, "Choose one.")
        );
        assert!(account_id("accountId", "cus_1", "Choose one.").is_err());
        assert!(account_id("accountId", "acct_", "Choose one.").is_err());
    }

    #[test]
    fn metadata_keeps_stripes_limits_and_our_keys() {
        let ours = BTreeMap::from([("connectdesk_op".to_string(), "x".to_string())]);
        assert!(metadata(&ours, &["connectdesk_op"]).is_err());
        let bracket = BTreeMap::from([("a[b]".to_string(), "x".to_string())]);
        assert!(metadata(&bracket, &[]).is_err());
        let fine = BTreeMap::from([(" pay_period ".to_string(), "2026-01".to_string())]);
        assert_eq!(
            metadata(&fine, &[])
                .expect("valid")
                .get("pay_period")
                .map(String::as_str),
            Some("2026-01")
        );
    }
}
