//! `Idempotency-Key` for POST requests: the first result is stored (per account and key, for
//! 24 hours) when it succeeded or changed state (a card decline does); a retry with the same
//! parameters replays it, a retry with different parameters is a 400 `idempotency_error`.
//! Validation errors are not stored, as in Stripe, so a corrected retry can reuse the key.

use ring::digest;
use serde_json::Value;

use crate::model::IdempotencyRecord;
use crate::store::Db;

/// What an incoming key means.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Fresh,
    Replay(IdempotencyRecord),
    Mismatch,
}

/// The storage id of a key on an account.
pub fn scope(account: &str, key: &str) -> String {
    format!("{account}:{key}")
}

/// A digest of the request: method, path and parameters in canonical order.
pub fn fingerprint(method: &str, path: &str, params: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(params, &mut canonical);
    let input = format!("{method} {path}\n{canonical}");
    digest::digest(&digest::SHA256, input.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for key in keys {
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
                out.push(',');
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                write_canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Looks a key up.
pub fn lookup(db: &Db, scope: &str, fingerprint: &str) -> Lookup {
    match db.idempotency.row(scope) {
        None => Lookup::Fresh,
        Some(row) if row.value.fingerprint == fingerprint => Lookup::Replay(row.value.clone()),
        Some(_) => Lookup::Mismatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprint_ignores_key_order() {
        let a = fingerprint(
            "POST",
            "/v1/x",
            &json!({"a": "1", "b": {"c": "2", "d": "3"}}),
        );
        let b = fingerprint(
            "POST",
            "/v1/x",
            &json!({"b": {"d": "3", "c": "2"}, "a": "1"}),
        );
        let c = fingerprint("POST", "/v1/x", &json!({"a": "2"}));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
