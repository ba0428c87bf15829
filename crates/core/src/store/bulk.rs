//! Bulk loading: many new entries written tree by tree with sled batches rather than in one
//! transaction per chunk.
//!
//! sled 0.34 reads every key a transaction writes (to return the old value) and keeps a copy of
//! its write set, which makes a transaction of thousands of entries several times slower than
//! batches of the same writes. A batch is atomic for one tree only, so a chunk is written as:
//!
//! 1. one transaction over `c#meta` and the unique trees: takes the chunk's ids, claims its
//!    unique values (a clash aborts it and nothing is written) and raises the in-flight marker;
//! 2. one batch into `c` with the entries, then the index keys, several trees at once;
//! 3. one transaction over `c#meta` that adds the chunk to the counters and lowers the marker.
//!
//! A crash between 1 and 3 leaves the marker raised; the next open then rebuilds indexes, unique
//! claims and counters from `c` ([`super::reindex`]), where the chunk is all there or not at all.
//! While a chunk is being written, other readers may see its entries in some indexes before
//! others, and totals catch up at step 3.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use sled::transaction::Transactional;
use sled::{Batch, IVec};

use super::codec;
use super::collection::Doc;
use super::layout::{decode_u64, Layout, BULK_KEY, DATA, LIVE_KEY, META, SEQ_KEY};
use super::record::{CREATED_AT, DELETED_AT, ID, UPDATED_AT};
use super::tx::abort;
use crate::time::NOT_DELETED;
use crate::{CoreError, ErrorCode, Result};

/// Threads writing index trees at most; more than the cores only adds contention.
const WRITERS: usize = 4;

/// An index tree's new (key, value) pairs.
type Keys = Vec<(Vec<u8>, IVec)>;

/// Writes `docs` as new live entries stamped `now`, returning them as stored (ids assigned in
/// order). Nothing is flushed.
pub(crate) fn insert(layout: &Layout, docs: &[Doc], now: &str) -> Result<Vec<Doc>> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let stamped: Vec<Doc> = docs.iter().map(|doc| stamp(doc, 0, now)).collect();
    let first = claim(layout, &stamped)?;
    let mut stored = Vec::with_capacity(docs.len());
    let mut entries_batch = Batch::default();
    let mut index: Vec<Keys> = layout.trees.iter().map(|_| Vec::new()).collect();
    let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    for (offset, mut doc) in stamped.into_iter().enumerate() {
        let id = first + offset as u64;
        doc.insert(ID.to_owned(), Json::from(id));
        let bytes = IVec::from(serde_json::to_vec(&doc).map_err(|err| {
            CoreError::internal(format!("Cannot encode a {}: {err}", layout.label))
        })?);
        let entries = layout.entries(&layout.values(&doc)?, id);
        let value = layout.index_value(&bytes);
        for (tree, key) in entries.index {
            index[tree].push((key, value.clone()));
        }
        for key in entries.counts {
            *counts.entry(key).or_default() += 1;
        }
        entries_batch.insert(&codec::id_key(id), bytes);
        stored.push(doc);
    }
    // Entries first (atomically: a chunk is all there or not at all), so an index key never
    // points at an entry that is not there yet.
    layout.trees[DATA].apply_batch(entries_batch)?;
    write_indexes(layout, index)?;
    settle(layout, &counts, stored.len() as u64)?;
    Ok(stored)
}

/// Step 2 for the index trees, several at once: sled serialises batches (each takes its global
/// write lock) but not plain inserts, and an insert's cost is mostly CPU (splitting and copying
/// small nodes). Keys go in order, so neighbours share the nodes just touched.
fn write_indexes(layout: &Layout, mut index: Vec<Keys>) -> Result<()> {
    let work: Vec<(&sled::Tree, Keys)> = layout
        .trees
        .iter()
        .zip(index.drain(..))
        .filter(|(_, keys)| !keys.is_empty())
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, WRITERS)
        .min(work.len().max(1));
    let mut shares: Vec<Vec<(&sled::Tree, Keys)>> = (0..threads).map(|_| Vec::new()).collect();
    for (position, item) in work.into_iter().enumerate() {
        shares[position % threads].push(item);
    }
    let write = |share: Vec<(&sled::Tree, Keys)>| -> Result<()> {
        for (tree, mut keys) in share {
            keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for (key, value) in keys {
                tree.insert(key, value)?;
            }
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let mut shares = shares.into_iter();
        let own = shares.next();
        let helpers: Vec<_> = shares
            .map(|share| scope.spawn(move || write(share)))
            .collect();
        let mut result = own.map_or(Ok(()), write);
        for helper in helpers {
            let joined = helper
                .join()
                .unwrap_or_else(|_| Err(CoreError::internal("An index writer panicked")));
            result = result.and(joined);
        }
        result
    })
}

/// `doc` as a new entry: the store's timestamps, and `id` (assigned later).
fn stamp(doc: &Doc, id: u64, now: &str) -> Doc {
    let mut doc = doc.clone();
    doc.insert(ID.to_owned(), Json::from(id));
    doc.insert(CREATED_AT.to_owned(), Json::String(now.to_owned()));
    doc.insert(UPDATED_AT.to_owned(), Json::String(now.to_owned()));
    doc.insert(DELETED_AT.to_owned(), Json::String(NOT_DELETED.to_owned()));
    doc
}

/// Step 1: takes `docs.len()` ids from the sequence and claims the unique values, raising the
/// in-flight marker; returns the first id. Aborts, writing nothing, on a unique clash (with a
/// live entry or within `docs`).
fn claim(layout: &Layout, docs: &[Doc]) -> Result<u64> {
    let mut trees = vec![layout.trees[META].clone()];
    trees.extend(
        layout
            .unique
            .iter()
            .map(|&(_, tree)| layout.trees[tree].clone()),
    );
    let first = trees[..].transaction(|trees| {
        let meta = &trees[0];
        let last = match meta.get(SEQ_KEY)? {
            Some(raw) => decode_u64(&raw).or_else(abort)?,
            None => 0,
        };
        let first = last + 1;
        meta.insert(SEQ_KEY, &(last + docs.len() as u64).to_be_bytes())?;
        for (offset, doc) in docs.iter().enumerate() {
            if layout.unique.is_empty() {
                break;
            }
            let id = codec::id_key(first + offset as u64);
            let mut doc = doc.clone();
            doc.insert(ID.to_owned(), Json::from(first + offset as u64));
            for (position, &(field, _)) in layout.unique.iter().enumerate() {
                let key = codec::encode(&layout.value(&doc, &layout.fields[field]).or_else(abort)?);
                let tree = &trees[1 + position];
                if tree.get(&key)?.is_some_and(|holder| holder.as_ref() != id) {
                    let (label, name) = (layout.label, layout.fields[field].name);
                    return abort(CoreError::on_field(
                        ErrorCode::Conflict,
                        name,
                        format!("Another {label} already has this {name}."),
                    ));
                }
                tree.insert(key, &id)?;
            }
        }
        let loads = read_u64(meta.get(BULK_KEY)?).or_else(abort)?;
        meta.insert(BULK_KEY, &(loads + 1).to_be_bytes())?;
        Ok(first)
    })?;
    Ok(first)
}

/// Step 3: counts the chunk's `live` entries (`counts` per key value) and lowers the marker.
fn settle(layout: &Layout, counts: &BTreeMap<Vec<u8>, u64>, live: u64) -> Result<()> {
    layout.trees[META].transaction(|meta| {
        for (key, count) in counts
            .iter()
            .map(|(k, c)| (k.as_slice(), *c))
            .chain([(LIVE_KEY, live)])
        {
            let current = read_u64(meta.get(key)?).or_else(abort)?;
            meta.insert(key, &(current + count).to_be_bytes())?;
        }
        match read_u64(meta.get(BULK_KEY)?).or_else(abort)? {
            0 | 1 => meta.remove(BULK_KEY)?,
            loads => meta.insert(BULK_KEY, &(loads - 1).to_be_bytes())?,
        };
        Ok(())
    })?;
    Ok(())
}

fn read_u64(raw: Option<IVec>) -> Result<u64> {
    raw.map_or(Ok(0), |raw| decode_u64(&raw))
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::query::{FilterInput, ListQuery};
    use crate::store::{Collection, Field, Record, Store};
    use crate::ErrorCode;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Row {
        #[serde(default)]
        id: u64,
        name: String,
        qty: i64,
        status: String,
        code: String,
        #[serde(default)]
        created_at: String,
        #[serde(default)]
        updated_at: String,
        #[serde(default)]
        deleted_at: String,
    }

    impl Record for Row {
        const COLLECTION: &'static str = "bulk_rows";
        const LABEL: &'static str = "row";
        const FIELDS: &'static [Field] = &[
            Field::int("id").sortable().filterable(),
            Field::text("name").sortable().filterable(),
            Field::int("qty").sortable().filterable(),
            Field::text("status").key(),
            Field::text("code").filterable().unique(),
            Field::timestamp("createdAt").sortable().filterable(),
        ];
        const COVERING: bool = true;
    }

    fn row(i: i64) -> Row {
        Row {
            id: 0,
            name: format!("n{:04}", (i * 7_919) % 1_000),
            qty: (i * 31) % 17,
            status: ["paid", "failed", "pending"][(i % 3) as usize].to_owned(),
            code: format!("c{i}"),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        }
    }

    fn query(sort: &str, filters: &[(&str, &str, &str)]) -> ListQuery {
        ListQuery {
            size: Some("70".into()),
            sort: Some(sort.into()),
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

    /// Every page of every probe query as (total, [(id, name, qty, status, code)] per page),
    /// leaving out the timestamps, which differ between two loads.
    /// (id, name, qty, status, code) of one listed row.
    type Listed = (u64, String, i64, String, String);

    fn listing(rows: &Collection<Row>) -> Vec<(u64, Vec<Vec<Listed>>)> {
        let queries = [
            query("id:asc", &[]),
            query("name:desc", &[]),
            query("qty:asc", &[("status", "eq", "failed")]),
            query("id:desc", &[("status", "eq", "paid"), ("qty", "gte", "9")]),
            query("name:asc", &[("code", "contains", "7")]),
            query("qty:desc", &[("status", "ne", "pending")]),
        ];
        queries
            .into_iter()
            .map(|mut query| {
                let mut pages = Vec::new();
                let mut total = None;
                loop {
                    let page = rows.list(&query).expect("list");
                    total.get_or_insert(page.total_count);
                    pages.push(
                        page.items
                            .iter()
                            .map(|r| {
                                (
                                    r.id,
                                    r.name.clone(),
                                    r.qty,
                                    r.status.clone(),
                                    r.code.clone(),
                                )
                            })
                            .collect(),
                    );
                    match page.next_page_token {
                        Some(token) => query.page_token = Some(token),
                        None => break,
                    }
                }
                (total.unwrap_or_default(), pages)
            })
            .collect()
    }

    fn counts(rows: &Collection<Row>) -> Vec<u64> {
        let mut counts = vec![rows.count().expect("count")];
        for status in ["paid", "failed", "pending"] {
            let value = crate::store::Value::Text(status.to_owned());
            counts.push(rows.count_with_key("status", &value).expect("count"));
        }
        counts
    }

    #[test]
    fn a_bulk_load_lists_and_counts_like_inserts_one_by_one() {
        let (one_dir, bulk_dir) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let one_store = Store::open(one_dir.path()).expect("open");
        let one = one_store.collection::<Row>().expect("collection");
        let bulk_store = Store::open(bulk_dir.path()).expect("open");
        let bulk = bulk_store.collection::<Row>().expect("collection");
        for i in 0..1_500 {
            one.insert(row(i)).expect("insert");
        }
        one.soft_delete(5).expect("delete");
        one.update(6, |r| {
            r.status = "failed".into();
            Ok(())
        })
        .expect("update");

        // Two loads around a single insert: ids continue across them.
        let first = bulk.insert_many((0..900).map(row)).expect("load");
        assert_eq!(first, (1..=900).collect::<Vec<_>>());
        assert_eq!(bulk.insert(row(900)).expect("insert").id, 901);
        let second = bulk.insert_many((901..1_500).map(row)).expect("load");
        assert_eq!(second, (902..=1_500).collect::<Vec<_>>());
        bulk.soft_delete(5).expect("delete");
        bulk.update(6, |r| {
            r.status = "failed".into();
            Ok(())
        })
        .expect("update");

        assert_eq!(
            bulk.get(1_234).expect("get").code,
            one.get(1_234).expect("get").code
        );
        assert_eq!(counts(&bulk), counts(&one));
        assert_eq!(counts(&bulk), vec![1_499, 500, 500, 499]);
        let expected = listing(&one);
        assert_eq!(listing(&bulk), expected);
        // The code is claimed: neither another load nor a single insert may reuse it.
        let clash = bulk
            .insert_many([row(2_000), row(1_499)])
            .expect_err("clash");
        assert_eq!(clash.code, ErrorCode::Conflict);
        assert_eq!(
            bulk.insert(row(7)).expect_err("clash").code,
            ErrorCode::Conflict
        );
        assert_eq!(
            bulk.insert_many([row(3_000), row(3_000)])
                .expect_err("clash")
                .code,
            ErrorCode::Conflict
        );
        assert_eq!(
            bulk.insert(row(2_000))
                .expect("the failed loads took no id")
                .id,
            1_501
        );
        // A deleted entry's code is free again.
        assert_eq!(bulk.insert_many([row(4)]).expect("load"), vec![1_502]);
    }

    #[test]
    fn a_load_interrupted_between_its_batches_is_repaired_on_open() {
        let dir = tempfile::tempdir().expect("dir");
        let (expected, expected_counts) = {
            let store = Store::open(dir.path()).expect("open");
            let rows = store.collection::<Row>().expect("collection");
            rows.insert_many((0..500).map(row)).expect("load");
            let expected = (listing(&rows), counts(&rows));
            // What a crash after the entries' batch leaves: the marker up, an index and the
            // counters short of the chunk, a unique claim missing.
            store
                .tree("bulk_rows#meta")
                .expect("meta")
                .insert(super::BULK_KEY, &1_u64.to_be_bytes())
                .expect("marker");
            store
                .tree("bulk_rows#key#status#qty")
                .expect("index")
                .clear()
                .expect("clear");
            store
                .tree("bulk_rows#unique#code")
                .expect("unique")
                .clear()
                .expect("clear");
            store
                .tree("bulk_rows#meta")
                .expect("meta")
                .insert(super::LIVE_KEY, &3_u64.to_be_bytes())
                .expect("count");
            store.flush().expect("flush");
            expected
        };
        let store = Store::open(dir.path()).expect("reopen");
        let rows = store.collection::<Row>().expect("collection");
        assert_eq!(listing(&rows), expected);
        assert_eq!(counts(&rows), expected_counts);
        assert_eq!(
            rows.insert(row(3)).expect_err("claimed again").code,
            ErrorCode::Conflict
        );
        assert!(store
            .tree("bulk_rows#meta")
            .expect("meta")
            .get(super::BULK_KEY)
            .expect("read")
            .is_none());
    }
}
