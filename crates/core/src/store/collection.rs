//! `Collection<T>`: typed entries with ids, timestamps, soft deletion, unique fields and
//! indexed lists.
//!
//! Entries are stored as the JSON object `T` serializes to, with `id`, `createdAt`, `updatedAt`
//! and `deletedAt` set by the store. Field values for indexes and filters are read from that
//! object, so a record type only declares its fields (see [`Record`]).

use std::marker::PhantomData;
use std::sync::{Arc, RwLock};

use serde_json::{Map, Value as Json};
use sled::transaction::{Transactional, TransactionalTree};
use sled::IVec;

use super::codec::{self, Value};
use super::layout::{self, decode_u64, Layout, DATA, LIVE_KEY, META};
use super::record::{self, Field, Record, CREATED_AT, DELETED_AT, ID, UPDATED_AT};
use super::tx::{abort, Tx, TxResult};
use super::{bulk, reindex, scan};
use crate::query::{self, ListQuery, Page};
use crate::time::{now_iso, NOT_DELETED};
use crate::{CoreError, ErrorCode, Result};

/// Entries written per bulk-load chunk by [`Collection::insert_many`]: large enough that each
/// index batch lands on neighbouring keys, small enough that a chunk's batches (an entry's bytes
/// once per index tree when covering) stay in the tens of megabytes.
const BULK_CHUNK: usize = 10_000;

pub(crate) type Doc = Map<String, Json>;

/// The entries of one record type. Cheap to clone; shares the database with its [`Store`](super::Store).
pub struct Collection<T> {
    db: sled::Db,
    layout: Arc<Layout>,
    /// Shared with the [`Store`](super::Store): held for reading by a bulk load, for writing by
    /// an open, so an open never mistakes a load in flight for an interrupted one.
    loads: Arc<RwLock<()>>,
    record: PhantomData<fn() -> T>,
}

impl<T> Clone for Collection<T> {
    fn clone(&self) -> Self {
        Self {
            db: self.db.clone(),
            layout: Arc::clone(&self.layout),
            loads: Arc::clone(&self.loads),
            record: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Collection<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("label", &self.layout.label)
            .finish_non_exhaustive()
    }
}

impl<T: Record> Collection<T> {
    /// Opens the collection; the caller holds `loads` for writing.
    pub(crate) fn open(db: &sled::Db, loads: &Arc<RwLock<()>>) -> Result<Self> {
        record::validate::<T>()?;
        let layout = Layout::open::<T>(db)?;
        reindex::ensure_current(db, &layout)?;
        Ok(Self {
            db: db.clone(),
            layout: Arc::new(layout),
            loads: Arc::clone(loads),
            record: PhantomData,
        })
    }

    /// Stores a new entry and returns it as stored. The store assigns `id` and the timestamps;
    /// whatever `record` holds in them is ignored.
    pub fn insert(&self, record: T) -> Result<T> {
        let docs = [to_doc(&record)?];
        let mut stored = self.insert_docs(&docs)?;
        self.db.flush()?;
        let doc = stored
            .pop()
            .ok_or_else(|| CoreError::internal("An insert returned no entry"))?;
        from_doc(doc)
    }

    /// Stores many new entries, bulk-loaded ten thousand at a time (see [`super::bulk`]) with one
    /// flush at the end; returns their ids in order. Each chunk is written whole or, after a
    /// unique clash, not at all; on an error, the chunks before the failing one stay written.
    pub fn insert_many(&self, records: impl IntoIterator<Item = T>) -> Result<Vec<u64>> {
        let mut ids = Vec::new();
        let mut chunk = Vec::with_capacity(BULK_CHUNK);
        let mut records = records.into_iter().peekable();
        while records.peek().is_some() {
            chunk.clear();
            for record in records.by_ref().take(BULK_CHUNK) {
                chunk.push(to_doc(&record)?);
            }
            let _loading = self
                .loads
                .read()
                .map_err(|_| CoreError::internal("A collection failed to open earlier"))?;
            for doc in bulk::insert(&self.layout, &chunk, &now_iso())? {
                ids.push(doc_id(&doc)?);
            }
        }
        self.db.flush()?;
        Ok(ids)
    }

    /// The live entry with this id; `NotFound` when there is none or it was deleted.
    pub fn get(&self, id: u64) -> Result<T> {
        let bytes = self.layout.trees[DATA]
            .get(codec::id_key(id))?
            .ok_or_else(|| self.not_found(id))?;
        let doc = parse_doc(&bytes, self.layout.label, id)?;
        if !is_live(&doc) {
            return Err(self.not_found(id));
        }
        from_doc(doc)
    }

    /// Changes a live entry with `change` and stores it, with a new `updatedAt`, in one
    /// transaction with its indexes. `change` may run more than once (sled retries a transaction
    /// that conflicts), and an error from it aborts the write. `id` and the other timestamps
    /// cannot be changed.
    pub fn update(&self, id: u64, change: impl Fn(&mut T) -> Result<()>) -> Result<T> {
        let now = now_iso();
        let doc = self.transact(|tx| {
            let old = self.read_live(tx, id)?;
            let mut record = from_doc(old.clone()).or_else(abort)?;
            change(&mut record).or_else(abort)?;
            let mut new = to_doc(&record).or_else(abort)?;
            for key in [ID, CREATED_AT, DELETED_AT] {
                new.insert(key.to_owned(), old.get(key).cloned().unwrap_or(Json::Null));
            }
            new.insert(UPDATED_AT.to_owned(), Json::String(now.clone()));
            tx.remove(&self.entries(&old, id).or_else(abort)?)?;
            let stored = self.write(tx, id, &new)?;
            tx.add(&self.entries(&new, id).or_else(abort)?, id, &stored)?;
            Ok(new)
        })?;
        self.db.flush()?;
        from_doc(doc)
    }

    /// Marks a live entry deleted (sets `deletedAt`) and drops it from indexes, counts and unique
    /// claims; returns it as stored. The entry stays on disk.
    pub fn soft_delete(&self, id: u64) -> Result<T> {
        self.soft_delete_with(id, |_| Ok(()))
    }

    /// [`Collection::soft_delete`] that first changes the entry with `change` (to erase what a
    /// deleted entry must not keep), in the same write. `change` may run more than once.
    pub fn soft_delete_with(&self, id: u64, change: impl Fn(&mut T) -> Result<()>) -> Result<T> {
        let now = now_iso();
        let doc = self.transact(|tx| self.soft_delete_tx(tx, id, &now, &change))?;
        self.db.flush()?;
        from_doc(doc)
    }

    /// The trees a write to this collection transacts on, for [`super::transact`].
    pub(crate) fn trees(&self) -> &[sled::Tree] {
        &self.layout.trees
    }

    /// [`Collection::soft_delete_with`] inside a transaction over several collections;
    /// `trees` are this collection's part of it. Nothing is flushed.
    pub(crate) fn soft_delete_in(
        &self,
        trees: &[TransactionalTree],
        id: u64,
        now: &str,
        change: impl Fn(&mut T) -> Result<()>,
    ) -> TxResult<T> {
        let tx = self.tx(trees);
        let doc = self.soft_delete_tx(&tx, id, now, &change)?;
        from_doc(doc).or_else(abort)
    }

    /// Ids of the live entries whose key field `field` holds `value`, in id order. Read outside
    /// any transaction: a write that relies on them checks [`Collection::count_with_key_in`].
    pub(crate) fn ids_with_key(&self, field: &str, value: &Value) -> Result<Vec<u64>> {
        let tree = self.by_key_tree(field)?;
        let mut ids = Vec::new();
        for key in self.layout.trees[tree]
            .scan_prefix(codec::encode(value))
            .keys()
        {
            let key = key?;
            ids.push(codec::id_from_key_suffix(&key).ok_or_else(|| {
                CoreError::new(
                    ErrorCode::StoreCorrupt,
                    "An index key in the data store is damaged.",
                )
            })?);
        }
        Ok(ids)
    }

    /// How many live entries have `value` in key field `field`.
    pub(crate) fn count_with_key(&self, field: &str, value: &Value) -> Result<u64> {
        let key = layout::count_key(self.key_field(field)?, value);
        match self.layout.trees[META].get(key)? {
            Some(raw) => decode_u64(&raw),
            None => Ok(0),
        }
    }

    /// [`Collection::count_with_key`] inside a transaction over several collections.
    pub(crate) fn count_with_key_in(
        &self,
        trees: &[TransactionalTree],
        field: &str,
        value: &Value,
    ) -> TxResult<u64> {
        let key = layout::count_key(self.key_field(field).or_else(abort)?, value);
        match trees[META].get(key)? {
            Some(raw) => decode_u64(&raw).or_else(abort),
            None => Ok(0),
        }
    }

    /// One page of live entries; see [`crate::query`] for the language and its errors.
    pub fn list(&self, query: &ListQuery) -> Result<Page<T>> {
        let prepared = query::prepare(T::COLLECTION, &self.layout, query)?;
        scan::page(&self.layout, &prepared)
    }

    /// How many live entries there are.
    pub fn count(&self) -> Result<u64> {
        match self.layout.trees[META].get(LIVE_KEY)? {
            Some(raw) => decode_u64(&raw),
            None => Ok(0),
        }
    }

    fn insert_docs(&self, docs: &[Doc]) -> Result<Vec<Doc>> {
        let now = Json::String(now_iso());
        self.transact(|tx| {
            let mut stored = Vec::with_capacity(docs.len());
            for doc in docs {
                let mut doc = doc.clone();
                let id = tx.next_id()?;
                doc.insert(ID.to_owned(), Json::from(id));
                doc.insert(CREATED_AT.to_owned(), now.clone());
                doc.insert(UPDATED_AT.to_owned(), now.clone());
                doc.insert(DELETED_AT.to_owned(), Json::String(NOT_DELETED.to_owned()));
                let bytes = self.write(tx, id, &doc)?;
                tx.add(&self.entries(&doc, id).or_else(abort)?, id, &bytes)?;
                stored.push(doc);
            }
            Ok(stored)
        })
    }

    fn soft_delete_tx(
        &self,
        tx: &Tx<'_>,
        id: u64,
        now: &str,
        change: &impl Fn(&mut T) -> Result<()>,
    ) -> TxResult<Doc> {
        let old = self.read_live(tx, id)?;
        tx.remove(&self.entries(&old, id).or_else(abort)?)?;
        let mut record = from_doc(old.clone()).or_else(abort)?;
        change(&mut record).or_else(abort)?;
        let mut doc = to_doc(&record).or_else(abort)?;
        for key in [ID, CREATED_AT, UPDATED_AT] {
            doc.insert(key.to_owned(), old.get(key).cloned().unwrap_or(Json::Null));
        }
        doc.insert(DELETED_AT.to_owned(), Json::String(now.to_owned()));
        self.write(tx, id, &doc)?;
        Ok(doc)
    }

    fn tx<'a>(&'a self, trees: &'a [TransactionalTree]) -> Tx<'a> {
        Tx {
            trees,
            layout: &self.layout,
        }
    }

    fn key_field(&self, name: &str) -> Result<&'static Field> {
        self.layout
            .fields
            .iter()
            .find(|field| field.key && field.name == name)
            .ok_or_else(|| {
                CoreError::internal(format!(
                    "`{name}` is not a key field of {}",
                    self.layout.label
                ))
            })
    }

    /// The composite index of key field `field` ordered by id.
    fn by_key_tree(&self, field: &str) -> Result<usize> {
        let position = |name: &str| self.layout.fields.iter().position(|f| f.name == name);
        let index = position(field).zip(position(ID));
        index
            .and_then(|(key, id)| self.layout.composite(key, id))
            .map(|composite| composite.tree)
            .ok_or_else(|| {
                CoreError::internal(format!(
                    "`{field}` is not a key field of {}",
                    self.layout.label
                ))
            })
    }

    /// Runs `body` as one transaction over every tree of the collection.
    fn transact<R>(&self, body: impl Fn(&Tx<'_>) -> TxResult<R>) -> Result<R> {
        let result = self.layout.trees[..].transaction(|trees| body(&self.tx(trees)));
        Ok(result?)
    }

    fn read_live(&self, tx: &Tx<'_>, id: u64) -> TxResult<Doc> {
        let Some(bytes) = tx.data().get(codec::id_key(id))? else {
            return abort(self.not_found(id));
        };
        let doc = parse_doc(&bytes, self.layout.label, id).or_else(abort)?;
        if !is_live(&doc) {
            return abort(self.not_found(id));
        }
        Ok(doc)
    }

    /// Stores `doc` under `id` and returns its bytes, which a live entry's index keys carry too.
    fn write(&self, tx: &Tx<'_>, id: u64, doc: &Doc) -> TxResult<IVec> {
        let bytes = serde_json::to_vec(doc)
            .map_err(|err| {
                CoreError::internal(format!("Cannot encode a {}: {err}", self.layout.label))
            })
            .or_else(abort)?;
        let bytes = IVec::from(bytes);
        tx.data().insert(&codec::id_key(id), bytes.clone())?;
        Ok(bytes)
    }

    fn entries(&self, doc: &Doc, id: u64) -> Result<super::layout::Entries> {
        Ok(self.layout.entries(&self.layout.values(doc)?, id))
    }

    fn not_found(&self, id: u64) -> CoreError {
        let label = self.layout.label;
        let mut chars = label.chars();
        let capitalized: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        CoreError::not_found(&format!("{capitalized} {id}"))
    }
}

pub(crate) fn is_live(doc: &Doc) -> bool {
    doc.get(DELETED_AT).and_then(Json::as_str) == Some(NOT_DELETED)
}

pub(crate) fn parse_doc(bytes: &[u8], label: &str, id: u64) -> Result<Doc> {
    serde_json::from_slice(bytes).map_err(|err| damaged(label, id, &err))
}

pub(crate) fn damaged(label: &str, id: u64, err: &serde_json::Error) -> CoreError {
    CoreError::new(
        ErrorCode::StoreCorrupt,
        format!("The stored {label} {id} is damaged and cannot be read ({err})."),
    )
}

fn to_doc<T: Record>(record: &T) -> Result<Doc> {
    match serde_json::to_value(record) {
        Ok(Json::Object(doc)) => Ok(doc),
        Ok(_) => Err(CoreError::internal(format!(
            "A {} must serialize to a JSON object",
            T::LABEL
        ))),
        Err(err) => Err(CoreError::internal(format!(
            "Cannot encode a {}: {err}",
            T::LABEL
        ))),
    }
}

pub(crate) fn from_doc<T: Record>(doc: Doc) -> Result<T> {
    serde_json::from_value(Json::Object(doc)).map_err(|err| {
        CoreError::internal(format!(
            "A stored {} does not fit its type: {err}",
            T::LABEL
        ))
    })
}

fn doc_id(doc: &Doc) -> Result<u64> {
    doc.get(ID)
        .and_then(Json::as_u64)
        .ok_or_else(|| CoreError::internal("A stored entry has no id"))
}
