//! Shared fixtures: a record type with a field of every kind, real stores in temporary
//! directories, and a raw view of the trees on disk.

#![allow(dead_code)] // Each test binary uses a different part.

use std::collections::BTreeMap;
use std::path::Path;

use connectdesk_core::query::{FilterInput, ListQuery, Page};
use connectdesk_core::store::{Collection, Field, Record, Store, STORE_DIR};
use serde::{Deserialize, Serialize};

/// A record with every field kind, a key field, a unique field, a nullable field and a field
/// lists may not use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(default)]
    pub id: u64,
    pub name: String,
    pub qty: i64,
    pub active: bool,
    pub due: Option<String>,
    pub status: String,
    pub code: String,
    pub note: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub deleted_at: String,
}

impl Record for Item {
    const COLLECTION: &'static str = "items";
    const LABEL: &'static str = "item";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("name").sortable().filterable(),
        Field::int("qty").sortable().filterable(),
        Field::bool("active").sortable().filterable(),
        Field::timestamp("due").sortable().filterable(),
        Field::text("status").key().sortable(),
        Field::text("code").filterable().unique(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

impl Item {
    pub fn new(name: &str, qty: i64, status: &str) -> Item {
        Item {
            id: 0,
            name: name.to_owned(),
            qty,
            active: qty % 2 == 0,
            due: None,
            status: status.to_owned(),
            code: format!("code-{name}"),
            note: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        }
    }

    pub fn due(mut self, due: &str) -> Item {
        self.due = Some(due.to_owned());
        self
    }
}

pub fn open(dir: &Path) -> (Store, Collection<Item>) {
    let store = Store::open(dir).expect("the store opens");
    let items = store.collection::<Item>().expect("the collection opens");
    (store, items)
}

pub fn query(size: Option<&str>, sort: Option<&str>, filters: &[(&str, &str, &str)]) -> ListQuery {
    ListQuery {
        size: size.map(Into::into),
        page_token: None,
        sort: sort.map(Into::into),
        filters: filters
            .iter()
            .map(|(field, op, value)| FilterInput {
                field: (*field).into(),
                op: (*op).into(),
                value: (*value).into(),
            })
            .collect(),
        ..ListQuery::default()
    }
}

/// Follows `nextPageToken` to the end and returns every page.
pub fn all_pages<T: Record>(collection: &Collection<T>, mut query: ListQuery) -> Vec<Page<T>> {
    let mut pages = Vec::new();
    loop {
        let page = collection.list(&query).expect("every page lists");
        let next = page.next_page_token.clone();
        assert_eq!(
            page.end_reached,
            next.is_none(),
            "endReached agrees with nextPageToken"
        );
        pages.push(page);
        match next {
            Some(token) => query.page_token = Some(token),
            None => return pages,
        }
        assert!(pages.len() < 10_000, "paging does not end");
    }
}

pub fn ids(page: &Page<Item>) -> Vec<u64> {
    page.items.iter().map(|item| item.id).collect()
}

/// Tree name → its entries, key by key.
pub type RawTrees = BTreeMap<Vec<u8>, Vec<(Vec<u8>, Vec<u8>)>>;

/// Every tree but the audit log's: what "changes nothing" compares (a refused or failed
/// operation is itself audited).
pub fn raw_trees_but_audit(dir: &Path) -> RawTrees {
    let mut trees = raw_trees(dir);
    trees.retain(|name, _| !name.starts_with(b"audit"));
    trees
}

/// Every tree of a closed store, to compare before and after a rejected write.
pub fn raw_trees(dir: &Path) -> RawTrees {
    let db = open_raw(&dir.join(STORE_DIR));
    db.tree_names()
        .into_iter()
        .map(|name| {
            let tree = db.open_tree(&name).expect("tree");
            let entries = tree
                .iter()
                .map(|kv| kv.expect("read"))
                .map(|(k, v)| (k.to_vec(), v.to_vec()))
                .collect();
            (name.to_vec(), entries)
        })
        .collect()
}

/// Opens the store's sled files directly, waiting briefly for a handle just dropped: sled's
/// flusher keeps the lock for a moment after the last handle goes.
pub fn open_raw(path: &Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(err) => panic!("the store's files open with sled: {err}"),
        }
    }
}

/// Names of the trees (as text) whose current keys or values contain `needle`.
pub fn trees_holding(trees: &RawTrees, needle: &[u8]) -> Vec<String> {
    let holds = |bytes: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    trees
        .iter()
        .filter(|(_, entries)| entries.iter().any(|(k, v)| holds(k) || holds(v)))
        .map(|(name, _)| String::from_utf8_lossy(name).into_owned())
        .collect()
}

/// Every stored connection record (deleted ones included), as JSON, in id order.
pub fn connection_records(trees: &RawTrees) -> Vec<serde_json::Value> {
    trees
        .get(b"connections".as_slice())
        .into_iter()
        .flatten()
        .map(|(_, value)| serde_json::from_slice(value).expect("a connection record is JSON"))
        .collect()
}

/// Every sealed value of every stored connection record.
pub fn sealed_values(trees: &RawTrees) -> Vec<String> {
    connection_records(trees)
        .iter()
        .flat_map(|record| {
            record["sealed"]
                .as_object()
                .expect("sealed is an object")
                .values()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every file under `dir`, recursively.
pub fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
