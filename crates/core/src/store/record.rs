//! What a type declares to be stored in a [`Collection`](super::Collection): the collection's
//! name and the fields lists may sort and filter on.

use serde::{de::DeserializeOwned, Serialize};

use super::codec::FieldKind;
use crate::{CoreError, Result};

/// Names of the bookkeeping fields the store maintains on every record (as serialized).
pub const ID: &str = "id";
pub const CREATED_AT: &str = "createdAt";
pub const UPDATED_AT: &str = "updatedAt";
pub const DELETED_AT: &str = "deletedAt";

/// One field of a record as it is serialized (camelCase), and how lists may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    /// Lists may sort on it; the store keeps an index of it.
    pub sortable: bool,
    /// Lists may filter on it.
    pub filterable: bool,
    /// An equality key such as `status` or `workspaceId`: filterable, with a live count per value
    /// and a composite index with every sortable field, so `key eq x` pages and totals stay cheap.
    pub key: bool,
    /// Unique among live entries (text case-insensitively), checked inside the write.
    pub unique: bool,
}

impl Field {
    pub const fn new(name: &'static str, kind: FieldKind) -> Self {
        Self {
            name,
            kind,
            sortable: false,
            filterable: false,
            key: false,
            unique: false,
        }
    }

    pub const fn int(name: &'static str) -> Self {
        Self::new(name, FieldKind::Int)
    }

    pub const fn text(name: &'static str) -> Self {
        Self::new(name, FieldKind::Text)
    }

    pub const fn bool(name: &'static str) -> Self {
        Self::new(name, FieldKind::Bool)
    }

    pub const fn timestamp(name: &'static str) -> Self {
        Self::new(name, FieldKind::Timestamp)
    }

    /// Text is indexed in full, so keep sortable text fields short (names, not descriptions).
    pub const fn sortable(mut self) -> Self {
        self.sortable = true;
        self
    }

    pub const fn filterable(mut self) -> Self {
        self.filterable = true;
        self
    }

    pub const fn key(mut self) -> Self {
        self.key = true;
        self.filterable = true;
        self
    }

    pub const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
}

/// A type stored in a collection.
///
/// It serializes to a JSON object holding `id`, `createdAt`, `updatedAt` and `deletedAt`
/// (which the store assigns) plus the fields in [`Record::FIELDS`]; the store reads field
/// values from that serialized form, so the declared names are the serialized (camelCase) ones.
/// Changing which fields are sortable, key or unique later is fine: the collection rebuilds its
/// indexes on the next open.
///
/// ```
/// use connectdesk_core::store::{Field, Record};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Payout {
///     id: u64,
///     status: String,
///     arrival_date: String,
///     created_at: String,
///     updated_at: String,
///     deleted_at: String,
/// }
///
/// impl Record for Payout {
///     const COLLECTION: &'static str = "payouts";
///     const LABEL: &'static str = "payout";
///     const FIELDS: &'static [Field] = &[
///         Field::int("id").sortable().filterable(),
///         Field::text("status").key(),
///         Field::timestamp("arrivalDate").sortable().filterable(),
///         Field::timestamp("createdAt").sortable().filterable(),
///     ];
/// }
/// ```
pub trait Record: Serialize + DeserializeOwned + Send + 'static {
    /// Names the collection's trees on disk; never change it once data exists.
    const COLLECTION: &'static str;
    /// What one entry is called in messages, e.g. "workspace".
    const LABEL: &'static str;
    /// Fields lists may use. Must include `id` as a sortable `Int` (the default sort).
    const FIELDS: &'static [Field];
    /// Whether every sort and composite index key carries a copy of the entry (a covering
    /// index). A page is then one contiguous range scan whose cost does not grow with the store,
    /// instead of one lookup by id per entry, which slows as the store outgrows the CPU caches
    /// (about 1.4× from 10,000 to 1,000,000 entries). The price: a write stores the entry once
    /// per index tree. Turn it on for collections that reach millions of entries; leave it off
    /// for entries that hold sealed secrets, which should be stored once. Changing it rebuilds
    /// the indexes on the next open.
    const COVERING: bool = false;
}

/// Rejects a schema the store cannot serve; these are programming mistakes, caught when the
/// collection opens rather than as wrong lists later.
pub(crate) fn validate<T: Record>() -> Result<()> {
    let bad = |why: String| {
        Err(CoreError::internal(format!(
            "Collection `{}`: {why}",
            T::COLLECTION
        )))
    };
    if T::COLLECTION.is_empty()
        || !T::COLLECTION
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return bad("the name must be non-empty ASCII letters, digits or '_'".into());
    }
    for (index, field) in T::FIELDS.iter().enumerate() {
        if field.name.is_empty() || field.name.contains('#') {
            return bad(format!(
                "field name `{}` must be non-empty without '#'",
                field.name
            ));
        }
        if T::FIELDS[..index]
            .iter()
            .any(|other| other.name == field.name)
        {
            return bad(format!("field `{}` is declared twice", field.name));
        }
        let expected = match field.name {
            ID => Some(FieldKind::Int),
            CREATED_AT | UPDATED_AT | DELETED_AT => Some(FieldKind::Timestamp),
            _ => None,
        };
        if expected.is_some_and(|kind| kind != field.kind) {
            return bad(format!(
                "field `{}` must be declared as {:?}",
                field.name, expected
            ));
        }
    }
    match T::FIELDS.iter().find(|field| field.name == ID) {
        Some(id) if id.sortable => Ok(()),
        _ => bad("`id` must be declared as a sortable Int field (the default sort)".into()),
    }
}
