//! `Idempotency-Key` for POST requests, by Stripe's rules: the answer is stored (per account and
//! key) only if the endpoint started executing, whatever it was (a success, a card decline, a
//! 500); a retry with the same method, path and parameters replays it with
//! `Idempotent-Replayed: true`, a retry with anything different is a 400 `idempotency_error`.
//! A request refused before executing (authentication, parameters, rate limit, an injected
//! failure before executing) is not stored, so a retry with the same key executes. Keys at least
//! 24 hours old (simulated time) are forgotten: the request executes anew.

use ring::digest;
use serde_json::Value;

use crate::api::reply::{Payload, Reply};
use crate::domain::Ctx;
use crate::model::IdempotencyRecord;
use crate::store::Db;

/// Whether the endpoint started executing, given the route's answer and whether it changed
/// state: the one place that decides whether an answer is stored under its key.
///
/// The simulator's endpoints check everything (parameters, referenced objects, balances) before
/// changing anything, so a 4xx that changed nothing was refused before executing, like Stripe's
/// parameter validation. A 4xx that changed state (a card decline records a failed charge), any
/// success and any 5xx happened while executing. Requests stopped earlier in the pipeline
/// (authentication, body, `Stripe-Account`, faults before executing) never reach the route.
pub fn started_executing(status: u16, changed_state: bool) -> bool {
    changed_state || !(400..500).contains(&status)
}

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

/// Looks a key up at simulated time `now`.
pub fn lookup(db: &Db, scope: &str, fingerprint: &str, now: i64) -> Lookup {
    match db.idempotency.row(scope) {
        Some(row) if row.value.expired(now) => Lookup::Fresh,
        None => Lookup::Fresh,
        Some(row) if row.value.fingerprint == fingerprint => Lookup::Replay(row.value.clone()),
        Some(_) => Lookup::Mismatch,
    }
}

/// The stored answer, as a replay: same status and body, `Idempotent-Replayed: true` and
/// `Original-Request` naming the request that produced it.
pub fn replay(record: IdempotencyRecord) -> Reply {
    Reply {
        status: record.status,
        original_request: Some(record.request_id),
        ..Reply::ok(Payload::Stored(record.body))
    }
}

/// Stores the answer of a request that started executing (replacing an expired record).
pub fn store(
    ctx: &mut Ctx<'_>,
    scope: String,
    fingerprint: String,
    reply: &Reply,
    request_id: &str,
) {
    let Some(body) = reply.json_text() else {
        return;
    };
    let record = IdempotencyRecord {
        id: scope,
        created: ctx.now(),
        fingerprint,
        status: reply.status,
        body,
        request_id: request_id.to_owned(),
    };
    let account = ctx.account.clone();
    ctx.db.idempotency.insert(&account, record);
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

    #[test]
    fn what_is_stored() {
        // Refused before executing: parameters, missing objects, balance checks.
        assert!(!started_executing(400, false));
        assert!(!started_executing(404, false));
        // Executed: successes, declines that recorded a failed charge, server errors.
        assert!(started_executing(200, false));
        assert!(started_executing(402, true));
        assert!(started_executing(500, false));
        assert!(started_executing(503, true));
    }

    #[test]
    fn keys_are_forgotten_once_24_hours_old() {
        let record = IdempotencyRecord {
            id: "acct_1:k".into(),
            created: 1_000,
            fingerprint: "f".into(),
            status: 200,
            body: "{}".into(),
            request_id: "req_1".into(),
        };
        let mut db = Db::empty("acct_1".into());
        db.idempotency.insert("acct_1", record.clone());
        let day = IdempotencyRecord::TTL_SECS;
        assert_eq!(
            lookup(&db, "acct_1:k", "f", 1_000 + day - 1),
            Lookup::Replay(record)
        );
        assert_eq!(
            lookup(&db, "acct_1:k", "other", 1_000 + day - 1),
            Lookup::Mismatch
        );
        assert_eq!(lookup(&db, "acct_1:k", "other", 1_000 + day), Lookup::Fresh);
    }
}
