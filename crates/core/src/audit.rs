//! The audit log: one record per create, update, delete, refusal and Stripe write, append-only
//! and tamper-evident. Each record carries the SHA-256 of the previous record's stored bytes (a
//! hash chain), so changing or removing any record but the newest breaks the chain at the next
//! one, and [`AuditLog::verify`] names the first record that does not match.

use std::sync::{Mutex, PoisonError};

use ring::digest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::operators::Operator;
use crate::query::{ListQuery, Page};
use crate::store::{Collection, Field, Record, Store};
use crate::{CoreError, ErrorCode, Result};

/// `prevHash` of the very first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Ok,
    /// The gate said no (`forbidden`): nothing changed.
    Refused,
    /// Tried and failed with `code`.
    Failed,
}

/// One changed field: values as JSON, secrets already replaced by their hints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Dotted path, e.g. `businessProfile.url`.
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub id: u64,
    pub operator_id: u64,
    pub operator_name: String,
    pub workspace_id: Option<u64>,
    /// e.g. `connection.create`, `onboarding.delete`, `stripe.transfer`.
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub outcome: Outcome,
    /// The error code of a refusal or failure.
    pub code: Option<String>,
    pub changes: Vec<FieldChange>,
    /// SHA-256 (hex) of the previous record's bytes as stored.
    pub prev_hash: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for AuditRecord {
    const COLLECTION: &'static str = "audit";
    const LABEL: &'static str = "audit record";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("operatorId").key(),
        Field::text("action").key(),
        Field::text("targetKind").key(),
        Field::text("targetId").filterable(),
        Field::text("outcome").key(),
        Field::timestamp("createdAt").sortable().filterable(),
    ];
}

/// What happened, before it is appended.
#[derive(Debug, Clone)]
pub struct Entry {
    pub workspace_id: Option<u64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub outcome: Outcome,
    pub code: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// What Verify found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub records: u64,
    /// The first record that does not match the chain, if any.
    pub first_broken: Option<u64>,
    pub message: String,
}

/// Appends are serialised so each one chains onto the record before it. One lock for the
/// process: every handle on the log (each service opens its own) takes turns.
static APPEND: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone)]
pub struct AuditLog {
    records: Collection<AuditRecord>,
    /// The collection's data tree: id (big-endian) → the record's bytes as stored.
    raw: sled::Tree,
}

impl AuditLog {
    pub fn open(store: &Store) -> Result<Self> {
        Ok(Self {
            records: store.collection()?,
            raw: store.tree(AuditRecord::COLLECTION)?,
        })
    }

    /// Appends one record (flushed), chained onto the newest one.
    pub fn append(&self, by: &Operator, entry: Entry) -> Result<AuditRecord> {
        let _turn = APPEND.lock().unwrap_or_else(PoisonError::into_inner);
        let prev_hash = match self.raw.last()? {
            Some((_, bytes)) => sha256_hex(&bytes),
            None => GENESIS.to_string(),
        };
        self.records.insert(AuditRecord {
            id: 0,
            operator_id: by.id,
            operator_name: by.display_name.clone(),
            workspace_id: entry.workspace_id,
            action: entry.action,
            target_kind: entry.target_kind,
            target_id: entry.target_id,
            outcome: entry.outcome,
            code: entry.code,
            changes: entry.changes,
            prev_hash,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        })
    }

    pub fn list(&self, query: &ListQuery) -> Result<Page<AuditRecord>> {
        self.records.list(query)
    }

    pub fn get(&self, id: u64) -> Result<AuditRecord> {
        self.records.get(id)
    }

    /// Walks the whole chain in order and reports the first record that does not match.
    pub fn verify(&self) -> Result<Verification> {
        let mut expected = GENESIS.to_string();
        let mut count = 0u64;
        let mut previous_id: Option<u64> = None;
        for item in self.raw.iter() {
            let (key, bytes) = item?;
            let id = key
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map_err(|_| CoreError::new(ErrorCode::StoreCorrupt, "An audit key is damaged."))?;
            count += 1;
            let stored: Option<AuditRecord> = serde_json::from_slice(&bytes).ok();
            let chained = stored.as_ref().map(|record| record.prev_hash.as_str());
            if chained != Some(expected.as_str()) {
                // Either the previous record's bytes or this record's link changed; the
                // earlier of the two is where to look first.
                let (broken, message) = match previous_id {
                    Some(previous) => (
                        previous,
                        format!("The audit chain breaks between records {previous} and {id}: record {previous} (or the link in {id}) was changed after it was written."),
                    ),
                    None => (
                        id,
                        format!("Audit record {id} does not start the chain: it was changed after it was written."),
                    ),
                };
                return Ok(Verification {
                    records: count,
                    first_broken: Some(broken),
                    message,
                });
            }
            if id != previous_id.map_or(1, |previous| previous + 1) {
                return Ok(Verification {
                    records: count,
                    first_broken: Some(id),
                    message: format!("Audit records before {id} are missing."),
                });
            }
            expected = sha256_hex(&bytes);
            previous_id = Some(id);
        }
        Ok(Verification {
            records: count,
            first_broken: None,
            message: format!("All {count} audit records match the chain."),
        })
    }
}

/// The fields that differ between two JSON views of an object, by dotted path.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    walk("", Some(before), Some(after), &mut changes);
    changes
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    let empty = Value::Object(serde_json::Map::new());
    // A record that appears or goes is listed field by field, like any other change.
    let (before, after) = match (before, after) {
        (None | Some(Value::Null), Some(new @ Value::Object(_))) => (Some(&empty), Some(new)),
        (Some(old @ Value::Object(_)), None | Some(Value::Null)) => (Some(old), Some(&empty)),
        other => other,
    };
    match (before, after) {
        (Some(Value::Object(old)), Some(Value::Object(new))) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(&child, old.get(key), new.get(key), out);
            }
        }
        (old, new) if old != new => out.push(FieldChange {
            field: path.to_string(),
            before: old.cloned(),
            after: new.cloned(),
        }),
        _ => {}
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    digest::digest(&digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn admin() -> Operator {
        Operator {
            id: 1,
            display_name: "Admin".into(),
            grants: Vec::new(),
            has_pin: false,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn entry(n: u32) -> Entry {
        Entry {
            workspace_id: Some(1),
            action: "connection.update".into(),
            target_kind: "connection".into(),
            target_id: format!("sc_{n}"),
            outcome: Outcome::Ok,
            code: None,
            changes: diff(&json!({"name": "a"}), &json!({"name": format!("b{n}")})),
        }
    }

    #[test]
    fn an_untouched_chain_verifies_and_a_changed_record_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let log = AuditLog::open(&store).expect("log");
        for n in 1..=5 {
            log.append(&admin(), entry(n)).expect("append");
        }
        assert_eq!(log.verify().expect("verify").first_broken, None);

        let tree = store.tree("audit").expect("tree");
        let key = 3u64.to_be_bytes();
        let bytes = tree.get(key).expect("read").expect("record 3");
        let tampered = String::from_utf8(bytes.to_vec())
            .expect("json")
            .replace("\"b3\"", "\"b9\"");
        tree.insert(key, tampered.as_bytes()).expect("tamper");
        let found = log.verify().expect("verify");
        assert_eq!(found.first_broken, Some(3), "{}", found.message);
    }

    #[test]
    fn a_removed_record_is_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let log = AuditLog::open(&store).expect("log");
        for n in 1..=4 {
            log.append(&admin(), entry(n)).expect("append");
        }
        store
            .tree("audit")
            .expect("tree")
            .remove(2u64.to_be_bytes())
            .expect("remove");
        assert!(log.verify().expect("verify").first_broken.is_some());
    }

    #[test]
    fn a_created_record_is_listed_field_by_field() {
        let changes = diff(&Value::Null, &json!({"name": "Sam", "hasPin": true}));
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["hasPin", "name"]);
        assert!(changes.iter().all(|change| change.before.is_none()));
    }

    #[test]
    fn diffs_name_nested_fields() {
        let changes = diff(
            &json!({"name": "Shop", "profile": {"url": "https://a.example"}, "gone": 1}),
            &json!({"name": "Shop", "profile": {"url": "https://b.example"}, "new": true}),
        );
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["gone", "new", "profile.url"]);
        assert_eq!(changes[2].after, Some(json!("https://b.example")));
    }
}
