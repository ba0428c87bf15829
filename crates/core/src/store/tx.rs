//! Index and counter maintenance inside one collection write transaction.

use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, Transactional, TransactionalTree,
};

use sled::IVec;

use super::codec;
use super::layout::{decode_u64, Entries, Layout, DATA, LIVE_KEY, META, SEQ_KEY};
use crate::{CoreError, ErrorCode, Result};

pub(crate) type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// Aborts the transaction with `err`; nothing of it is written.
pub(crate) fn abort<T>(err: CoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(err))
}

/// Runs `body` as one sled transaction over several groups of trees (a collection's
/// [`trees`](super::Collection::trees), a plain tree), handing it each group's transactional
/// trees in the order given: everything `body` writes is committed together, or nothing is.
/// A tree must not appear in two groups. Nothing is flushed.
pub(crate) fn transact<R>(
    groups: &[&[sled::Tree]],
    body: impl Fn(&[&[TransactionalTree]]) -> TxResult<R>,
) -> Result<R> {
    let all: Vec<sled::Tree> = groups
        .iter()
        .flat_map(|group| group.iter().cloned())
        .collect();
    let result = all[..].transaction(|trees| {
        let mut parts = Vec::with_capacity(groups.len());
        let mut rest = &trees[..];
        for group in groups {
            let (part, tail) = rest.split_at(group.len());
            parts.push(part);
            rest = tail;
        }
        body(&parts)
    });
    Ok(result?)
}

/// The transactional view of one collection's trees.
pub(crate) struct Tx<'a> {
    pub trees: &'a [TransactionalTree],
    pub layout: &'a Layout,
}

impl Tx<'_> {
    pub fn data(&self) -> &TransactionalTree {
        &self.trees[DATA]
    }

    /// Takes the next id from the persistent sequence; ids start at 1 and an aborted
    /// transaction takes none.
    pub fn next_id(&self) -> TxResult<u64> {
        let meta = &self.trees[META];
        let last = match meta.get(SEQ_KEY)? {
            Some(raw) => decode_u64(&raw).or_else(abort)?,
            None => 0,
        };
        let id = last + 1;
        meta.insert(SEQ_KEY, &id.to_be_bytes())?;
        Ok(id)
    }

    /// Indexes a live entry: claims its unique values (aborting with `Conflict` when another
    /// live entry holds one), writes its index keys, each carrying the entry's stored bytes
    /// (`record`) when the layout is covering, and counts it.
    pub fn add(&self, entries: &Entries, id: u64, record: &IVec) -> TxResult<()> {
        let id_bytes = codec::id_key(id);
        for (field, tree, key) in &entries.unique {
            let tree = &self.trees[*tree];
            if tree
                .get(key)?
                .is_some_and(|holder| holder.as_ref() != id_bytes)
            {
                let name = self.layout.fields[*field].name;
                let label = self.layout.label;
                return abort(CoreError::on_field(
                    ErrorCode::Conflict,
                    name,
                    format!("Another {label} already has this {name}."),
                ));
            }
            tree.insert(key.as_slice(), &id_bytes)?;
        }
        let value = self.layout.index_value(record);
        for (tree, key) in &entries.index {
            self.trees[*tree].insert(key.as_slice(), value.clone())?;
        }
        for key in &entries.counts {
            self.bump(key, 1)?;
        }
        self.bump(LIVE_KEY, 1)
    }

    /// Removes a live entry's index keys, unique claims and counts.
    pub fn remove(&self, entries: &Entries) -> TxResult<()> {
        for (_, tree, key) in &entries.unique {
            self.trees[*tree].remove(key.as_slice())?;
        }
        for (tree, key) in &entries.index {
            self.trees[*tree].remove(key.as_slice())?;
        }
        for key in &entries.counts {
            self.bump(key, -1)?;
        }
        self.bump(LIVE_KEY, -1)
    }

    /// Adds `delta` to a counter in the meta tree; a counter reaching zero is removed so values
    /// no entry holds any more leave nothing behind.
    fn bump(&self, key: &[u8], delta: i64) -> TxResult<()> {
        let meta = &self.trees[META];
        let current = match meta.get(key)? {
            Some(raw) => decode_u64(&raw).or_else(abort)?,
            None => 0,
        };
        match current.checked_add_signed(delta) {
            Some(0) => {
                meta.remove(key)?;
            }
            Some(next) => {
                meta.insert(key, &next.to_be_bytes())?;
            }
            None => {
                return abort(CoreError::new(
                    ErrorCode::StoreCorrupt,
                    "A live count in the data store went below zero.",
                ))
            }
        }
        Ok(())
    }
}
