//! One table of objects of one type, keyed by id. Ids sort by creation (see `ids`), so the
//! `BTreeMap` order is creation order. Each row remembers the account it belongs to; every
//! read through the API is scoped to the acting account, like Stripe's. Changed keys are tracked
//! for persistence.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::Resource;
use crate::wire::list::{paginate, ListQuery, Page};
use crate::wire::ApiError;

/// A stored object with its owning account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row<T> {
    pub account: String,
    pub value: T,
}

/// An id-ordered table with change tracking.
#[derive(Debug, Clone)]
pub struct Table<T> {
    rows: BTreeMap<String, Row<T>>,
    dirty: BTreeSet<String>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            dirty: BTreeSet::new(),
        }
    }
}

impl<T: Resource> Table<T> {
    /// Stores `value` as belonging to `account` (replacing an object with the same id).
    pub fn insert(&mut self, account: &str, value: T) {
        let id = value.id().to_owned();
        self.dirty.insert(id.clone());
        self.rows.insert(
            id,
            Row {
                account: account.to_owned(),
                value,
            },
        );
    }

    /// Any account's object.
    pub fn row(&self, id: &str) -> Option<&Row<T>> {
        self.rows.get(id)
    }

    /// The object if it belongs to `account`.
    pub fn get_in(&self, account: &str, id: &str) -> Option<&T> {
        self.rows
            .get(id)
            .filter(|r| r.account == account)
            .map(|r| &r.value)
    }

    /// Any account's object, for changing it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        let row = self.rows.get_mut(id)?;
        self.dirty.insert(id.to_owned());
        Some(&mut row.value)
    }

    /// Removes an object.
    pub fn remove(&mut self, id: &str) -> Option<Row<T>> {
        let row = self.rows.remove(id)?;
        self.dirty.insert(id.to_owned());
        Some(row)
    }

    /// All rows, oldest first.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &Row<T>> {
        self.rows.values()
    }

    /// Objects of `account`, oldest first.
    pub fn in_account<'a>(
        &'a self,
        account: &'a str,
    ) -> impl DoubleEndedIterator<Item = &'a T> + 'a {
        self.rows
            .values()
            .filter(move |r| r.account == account)
            .map(|r| &r.value)
    }

    /// Ids of rows matching `pred` (to change them afterwards).
    pub fn ids_where(&self, mut pred: impl FnMut(&Row<T>) -> bool) -> Vec<String> {
        self.rows
            .iter()
            .filter(|(_, r)| pred(r))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// One page of `account`'s objects that match `filter`, newest first. The cursor must name an
    /// object of this account (404 `resource_missing` otherwise).
    pub fn page<'a>(
        &'a self,
        account: &'a str,
        query: &ListQuery,
        object_name: &str,
        filter: impl Fn(&T) -> bool,
    ) -> Result<Page<&'a T>, ApiError> {
        if let Some((param, id)) = query.cursor_id() {
            if self.get_in(account, id).is_none() {
                return Err(ApiError::no_such(object_name, id, param));
            }
        }
        let items = self
            .in_account(account)
            .filter(|v| query.created.contains(v.created()) && filter(v))
            .map(|v| (v.id().to_owned(), v))
            .collect();
        Ok(paginate(items, query))
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.dirty.extend(self.rows.keys().cloned());
        self.rows.clear();
    }
}

/// A changed key and its new encoding (`None` = deleted).
pub type Change = (String, Option<Vec<u8>>);

/// The persistence view of a table, independent of its type.
pub trait DirtyTable {
    fn name(&self) -> &'static str;
    /// Changed keys with their new encoding.
    fn changes(&self) -> Result<Vec<Change>, Error>;
    fn mark_clean(&mut self);
    fn is_dirty(&self) -> bool;
    fn load(&mut self, rows: Vec<(String, Vec<u8>)>) -> Result<(), Error>;
    fn clear_all(&mut self);
}

impl<T: Resource> DirtyTable for Table<T> {
    fn name(&self) -> &'static str {
        T::TABLE
    }

    fn changes(&self) -> Result<Vec<Change>, Error> {
        self.dirty
            .iter()
            .map(|id| {
                let bytes = match self.rows.get(id) {
                    Some(row) => Some(serde_json::to_vec(row).map_err(Error::Encode)?),
                    None => None,
                };
                Ok((id.clone(), bytes))
            })
            .collect()
    }

    fn mark_clean(&mut self) {
        self.dirty.clear();
    }

    fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    fn load(&mut self, rows: Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        for (key, bytes) in rows {
            let row: Row<T> =
                serde_json::from_slice(&bytes).map_err(|source| Error::CorruptRecord {
                    table: T::TABLE.to_owned(),
                    key: key.clone(),
                    source,
                })?;
            self.rows.insert(key, row);
        }
        Ok(())
    }

    fn clear_all(&mut self) {
        self.clear();
    }
}
