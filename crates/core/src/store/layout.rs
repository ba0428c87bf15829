//! How one collection lies on disk: which sled trees it uses and which keys an entry puts in them.
//!
//! Trees of collection `c` (all in one transaction per write):
//! - `c`: id (big-endian) → the entry as JSON, deleted entries included;
//! - `c#meta`: the id sequence, the live count, per-key-value live counts, the index schema,
//!   and while a bulk load runs, its in-flight marker;
//! - `c#sort#f`: per sortable field, `enc(value) ++ id` for live entries;
//! - `c#key#k#f`: per key field `k` and sortable field `f`, `enc(k) ++ enc(f) ++ id`;
//! - `c#unique#f`: per unique field, `enc(value)` → id of the live entry holding it.
//!
//! With [`Record::COVERING`] the sort and composite index keys carry a copy of the entry (empty
//! values otherwise), so a page is one contiguous range scan of one tree rather than a random
//! lookup in `c` per entry.
use serde_json::{Map, Value as Json};

use super::codec::{self, Value};
use super::record::{Field, Record};
use crate::{CoreError, Result};

pub(crate) const DATA: usize = 0;
pub(crate) const META: usize = 1;

/// Keys of the `c#meta` tree.
pub(crate) const SEQ_KEY: &[u8] = b"seq";
pub(crate) const LIVE_KEY: &[u8] = b"live";
pub(crate) const SCHEMA_KEY: &[u8] = b"schema";
pub(crate) const COUNT_PREFIX: &[u8] = b"count#";
/// How many bulk loads ([`super::bulk`]) are writing; present after a crash means the indexes
/// may be incomplete and are rebuilt on open.
pub(crate) const BULK_KEY: &[u8] = b"bulk";

/// A composite index: entries grouped by a key field's value, ordered by a sortable field.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Composite {
    pub key_field: usize,
    pub sort_field: usize,
    pub tree: usize,
}

/// The trees of one collection and where each index lives among them.
#[derive(Debug)]
pub(crate) struct Layout {
    pub label: &'static str,
    pub fields: &'static [Field],
    /// Whether index keys carry their entry ([`Record::COVERING`]).
    pub covering: bool,
    /// `trees[DATA]`, `trees[META]`, then every index tree; a write transacts on all of them.
    pub trees: Vec<sled::Tree>,
    /// Per field: the position of its sort index in `trees`.
    pub sort: Vec<Option<usize>>,
    pub composites: Vec<Composite>,
    /// (field, tree) of each unique index.
    pub unique: Vec<(usize, usize)>,
}

/// The index keys of one live entry, in layout order so two of them can be compared pairwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entries {
    /// (tree, key) of the sort and composite indexes; values are the entry's stored bytes when
    /// the layout is covering, empty otherwise.
    pub index: Vec<(usize, Vec<u8>)>,
    /// (field, tree, key) of the unique indexes; values are the id.
    pub unique: Vec<(usize, usize, Vec<u8>)>,
    /// Keys of the `c#meta` counters of each key field's value.
    pub counts: Vec<Vec<u8>>,
}

impl Layout {
    pub fn open<T: Record>(db: &sled::Db) -> Result<Layout> {
        let name = T::COLLECTION;
        let fields = T::FIELDS;
        let mut trees = vec![db.open_tree(name)?, db.open_tree(format!("{name}#meta"))?];
        let mut sort = vec![None; fields.len()];
        for (index, field) in fields.iter().enumerate().filter(|(_, f)| f.sortable) {
            sort[index] = Some(trees.len());
            trees.push(db.open_tree(format!("{name}#sort#{}", field.name))?);
        }
        let mut composites = Vec::new();
        for (key_field, key) in fields.iter().enumerate().filter(|(_, f)| f.key) {
            for (sort_field, by) in fields
                .iter()
                .enumerate()
                .filter(|(i, f)| f.sortable && *i != key_field)
            {
                composites.push(Composite {
                    key_field,
                    sort_field,
                    tree: trees.len(),
                });
                trees.push(db.open_tree(format!("{name}#key#{}#{}", key.name, by.name))?);
            }
        }
        let mut unique = Vec::new();
        for (index, field) in fields.iter().enumerate().filter(|(_, f)| f.unique) {
            unique.push((index, trees.len()));
            trees.push(db.open_tree(format!("{name}#unique#{}", field.name))?);
        }
        Ok(Layout {
            label: T::LABEL,
            fields,
            covering: T::COVERING,
            trees,
            sort,
            composites,
            unique,
        })
    }

    pub fn composite(&self, key_field: usize, sort_field: usize) -> Option<&Composite> {
        self.composites
            .iter()
            .find(|c| c.key_field == key_field && c.sort_field == sort_field)
    }

    /// Reads every declared field of a stored document.
    pub fn values(&self, doc: &Map<String, Json>) -> Result<Vec<Value>> {
        self.fields
            .iter()
            .map(|field| self.value(doc, field))
            .collect()
    }

    pub fn value(&self, doc: &Map<String, Json>, field: &Field) -> Result<Value> {
        codec::from_json(field.kind, doc.get(field.name)).ok_or_else(|| {
            CoreError::internal(format!(
                "The {} field `{}` is not stored as {:?}; the record type and its schema disagree",
                self.label, field.name, field.kind
            ))
        })
    }

    /// The index keys a live entry with these field values owns.
    pub fn entries(&self, values: &[Value], id: u64) -> Entries {
        let id_key = codec::id_key(id);
        let mut index = Vec::with_capacity(self.trees.len());
        for (field, tree) in self
            .sort
            .iter()
            .enumerate()
            .filter_map(|(f, t)| t.map(|t| (f, t)))
        {
            let mut key = codec::encode(&values[field]);
            key.extend_from_slice(&id_key);
            index.push((tree, key));
        }
        for composite in &self.composites {
            let mut key = codec::encode(&values[composite.key_field]);
            codec::encode_into(&values[composite.sort_field], &mut key);
            key.extend_from_slice(&id_key);
            index.push((composite.tree, key));
        }
        let unique = self
            .unique
            .iter()
            .map(|&(field, tree)| (field, tree, codec::encode(&values[field])))
            .collect();
        let counts = self
            .fields
            .iter()
            .enumerate()
            .filter(|(_, field)| field.key)
            .map(|(index, field)| count_key(field, &values[index]))
            .collect();
        Entries {
            index,
            unique,
            counts,
        }
    }

    /// The value an index key of an entry stored as `record` carries.
    pub fn index_value(&self, record: &sled::IVec) -> sled::IVec {
        if self.covering {
            record.clone()
        } else {
            sled::IVec::default()
        }
    }

    /// What the indexes are built from; a change means the indexes must be rebuilt.
    pub fn schema_signature(&self) -> String {
        // Format 2 added covering indexes; format 1 always had empty values.
        let mut signature = format!("index-format=2;covering={}", self.covering);
        for field in self.fields {
            if field.sortable || field.key || field.unique {
                let flags = [
                    (field.sortable, "sort"),
                    (field.key, "key"),
                    (field.unique, "unique"),
                ];
                let flags: Vec<&str> = flags
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, name)| *name)
                    .collect();
                signature.push_str(&format!(
                    ";{}:{:?}:{}",
                    field.name,
                    field.kind,
                    flags.join(",")
                ));
            }
        }
        signature
    }
}

/// Key, in `c#meta`, of the live count of entries whose key field has `value`.
pub(crate) fn count_key(field: &Field, value: &Value) -> Vec<u8> {
    let mut key = COUNT_PREFIX.to_vec();
    key.extend_from_slice(field.name.as_bytes());
    key.push(b'#');
    codec::encode_into(value, &mut key);
    key
}

pub(crate) fn decode_u64(bytes: &[u8]) -> Result<u64> {
    bytes.try_into().map(u64::from_be_bytes).map_err(|_| {
        CoreError::new(
            crate::ErrorCode::StoreCorrupt,
            "A counter in the data store is damaged (not 8 bytes).",
        )
    })
}
