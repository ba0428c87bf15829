//! The list-query language every table uses: `size`, `pageToken`, `sort` and filters,
//! validated against the fields a collection declares, executed over the store's indexes.
//!
//! - `size`: an integer in 1..=300, 50 when absent.
//! - `sort`: `field:asc` or `field:desc` on a sortable field; `id:asc` when absent.
//! - filters: `field op value` on filterable fields, all of which must match. Ops: `eq ne lt lte
//!   gt gte contains in`; `in` takes comma-separated values (each trimmed); `contains` is for
//!   text only. Text compares case-insensitively everywhere (as it sorts), timestamps to the
//!   millisecond, booleans are `true`/`false`. An entry missing a value matches only `ne`.
//! - `pageToken`: the previous page's `nextPageToken`, valid only with the same sort and filters.
//!
//! Errors carry the offending parameter in `field`, named as in the request JSON: `size`,
//! `sort`, `pageToken`, and for the n-th filter (from 0) `filters[n].field`, `filters[n].op` or
//! `filters[n].value`. Parameters are checked in that order (size, sort, filters, pageToken)
//! and the first problem is reported:
//!
//! | code | when |
//! |---|---|
//! | `invalidValue` | size outside 1..=300; sort direction not `asc`/`desc`; pageToken malformed or from another query |
//! | `unknownDataField` | a sort or filter field that does not exist or does not allow it |
//! | `unknownOperation` | a filter operation outside the list, or `contains` on a non-text field |
//! | `invalidCharacters` | size not an integer; a filter value that does not fit the field's type |
//! | `syntaxError` | sort without exactly one `:` |
//!
//! Costs: a page seeks its index in O(log n) and reads about `size` entries, plus those a
//! filter that no index answers rejects. The total comes from a counter when the filters are at
//! most one `eq` on a key field; otherwise it is counted over the matching index range
//! (O(matches)). `plan.rs` describes how the index is chosen.

mod filter;
mod parse;
mod plan;
mod token;

use serde::{Deserialize, Serialize};
use specta::Type;

pub(crate) use filter::Filter;
pub(crate) use plan::{tighter_lower, tighter_upper, Plan};
pub(crate) use token::{encode_token, Fingerprint};

use crate::store::Layout;
use crate::Result;

/// A list request as the UI sends it. Values are text, as in a URL query string, so the parser
/// (not serde) decides whether `size` is an integer and reports `invalidCharacters` if not.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    /// Page size, an integer in 1..=300; 50 when absent.
    pub size: Option<String>,
    /// Opaque token from the previous page's `nextPageToken`.
    pub page_token: Option<String>,
    /// `field:asc` or `field:desc`.
    pub sort: Option<String>,
    #[serde(default)]
    pub filters: Vec<FilterInput>,
    /// Set by the core, never by the UI: the values a field must take for the acting operator
    /// (their workspaces, a shop owner's merchants). Applied like `in` filters, each value
    /// whole, so ids that hold commas stay one id.
    #[serde(skip)]
    #[specta(skip)]
    pub restrictions: Vec<Restriction>,
}

/// `field` must equal one of `values` (compared as the field's type, text ignoring case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    pub field: &'static str,
    pub values: Vec<String>,
}

impl ListQuery {
    /// The same query, further limited to entries whose `field` is one of `values`.
    pub fn restricted(&self, field: &'static str, values: Vec<String>) -> ListQuery {
        let mut query = self.clone();
        query.restrictions.push(Restriction { field, values });
        query
    }

    /// The value of the query's `eq` filter on `field`, if it has one.
    pub fn eq_value(&self, field: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|filter| filter.field == field && filter.op == "eq")
            .map(|filter| filter.value.trim())
    }
}

/// One filter: `field op value`. `in` takes a comma-separated list.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FilterInput {
    pub field: String,
    /// One of `eq ne lt lte gt gte contains in`.
    pub op: String,
    pub value: String,
}

impl FilterInput {
    /// `field eq value`.
    pub fn eq(field: &str, value: &str) -> Self {
        Self {
            field: field.into(),
            op: "eq".into(),
            value: value.into(),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub end_reached: bool,
    pub next_page_token: Option<String>,
    pub total_count: u64,
}

/// A list request validated and planned against one collection.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub size: usize,
    pub plan: Plan,
    /// The index key the previous page ended at.
    pub resume_after: Option<Vec<u8>>,
    pub fingerprint: Fingerprint,
}

pub(crate) fn prepare(collection: &str, layout: &Layout, query: &ListQuery) -> Result<Prepared> {
    let parsed = parse::parse(layout.fields, query)?;
    let fingerprint = token::fingerprint(collection, layout.fields, parsed.sort, &parsed.filters);
    let resume_after = query
        .page_token
        .as_deref()
        .map(|t| token::decode_token(t, &fingerprint))
        .transpose()?;
    let plan = plan::plan(layout, &parsed)?;
    Ok(Prepared {
        size: parsed.size,
        plan,
        resume_after,
        fingerprint,
    })
}
