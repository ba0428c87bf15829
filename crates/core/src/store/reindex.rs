//! Keeps a collection's indexes in step with its record type's schema.
//!
//! The indexes a collection keeps follow from the fields its type declares sortable, key or
//! unique. When that declaration changes (a later version makes a field sortable), the indexes
//! are rebuilt from the entries on the first open. Indexes and counts are derived data, so
//! clearing them loses nothing; the schema signature is written last, so an interrupted rebuild
//! simply starts over on the next open.

use std::collections::BTreeMap;

use super::codec;
use super::collection::{is_live, parse_doc};
use super::layout::{
    decode_u64, Layout, BULK_KEY, COUNT_PREFIX, DATA, LIVE_KEY, META, SCHEMA_KEY, SEQ_KEY,
};
use crate::{CoreError, ErrorCode, Result};

/// Entries whose index keys a rebuild writes per batch.
const REBUILD_BATCH: usize = 10_000;

pub(crate) fn ensure_current(db: &sled::Db, layout: &Layout) -> Result<()> {
    let meta = &layout.trees[META];
    let signature = layout.schema_signature();
    // A bulk load marker left behind means a load was interrupted between its batches (no load
    // runs while a collection opens): its entries are whole, their indexes may not be.
    let interrupted = meta.get(BULK_KEY)?.is_some();
    if !interrupted && meta.get(SCHEMA_KEY)?.as_deref() == Some(signature.as_bytes()) {
        return Ok(());
    }
    if meta.get(SEQ_KEY)?.is_some() {
        tracing::info!(
            collection = layout.label,
            "rebuilding indexes for a changed schema"
        );
        rebuild(layout)?;
    }
    meta.insert(SCHEMA_KEY, signature.as_bytes())?;
    db.flush()?;
    Ok(())
}

fn rebuild(layout: &Layout) -> Result<()> {
    for tree in &layout.trees[META + 1..] {
        tree.clear()?;
    }
    let meta = &layout.trees[META];
    for key in meta.scan_prefix(COUNT_PREFIX).keys() {
        meta.remove(key?)?;
    }

    let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    let mut live = 0_u64;
    let mut batches: Vec<sled::Batch> = layout
        .trees
        .iter()
        .map(|_| sled::Batch::default())
        .collect();
    let mut pending = 0;
    for item in layout.trees[DATA].iter() {
        let (key, bytes) = item?;
        let id = codec::id_from_key_suffix(&key).ok_or_else(|| corrupt(layout.label))?;
        let doc = parse_doc(&bytes, layout.label, id)?;
        if !is_live(&doc) {
            continue;
        }
        let entries = layout.entries(&layout.values(&doc)?, id);
        for (field, tree, key) in &entries.unique {
            let id_bytes = codec::id_key(id);
            if let Some(holder) = layout.trees[*tree].insert(key.as_slice(), &id_bytes)? {
                let holder = decode_u64(&holder)?;
                let (label, name) = (layout.label, layout.fields[*field].name);
                return Err(CoreError::internal(format!(
                    "Cannot make `{name}` unique: {label}s {holder} and {id} share a value. Fix one of them with \
                     the previous version first."
                )));
            }
        }
        let value = layout.index_value(&bytes);
        for (tree, key) in entries.index {
            batches[tree].insert(key, value.clone());
        }
        for key in entries.counts {
            *counts.entry(key).or_default() += 1;
        }
        live += 1;
        pending += 1;
        if pending == REBUILD_BATCH {
            apply(layout, &mut batches)?;
            pending = 0;
        }
    }
    apply(layout, &mut batches)?;
    for (key, count) in counts {
        meta.insert(key, &count.to_be_bytes())?;
    }
    meta.insert(LIVE_KEY, &live.to_be_bytes())?;
    meta.remove(BULK_KEY)?;
    Ok(())
}

/// Writes the index keys gathered so far, one batch per tree.
fn apply(layout: &Layout, batches: &mut [sled::Batch]) -> Result<()> {
    let index_trees = layout.trees.iter().zip(batches.iter_mut()).skip(META + 1);
    for (tree, batch) in index_trees {
        tree.apply_batch(std::mem::take(batch))?;
    }
    Ok(())
}

fn corrupt(label: &str) -> CoreError {
    CoreError::new(
        ErrorCode::StoreCorrupt,
        format!("The stored {label}s have a damaged key."),
    )
}
