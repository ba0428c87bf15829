//! Stripe list objects and cursor pagination (`limit`, `starting_after`, `ending_before`,
//! `created`), newest first.

use serde_json::{json, Value};

use crate::wire::{ApiError, Params};

/// A `created` filter: exact value or a `gt/gte/lt/lte` range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreatedRange {
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
}

impl CreatedRange {
    /// Reads a range parameter (`created`, `arrival_date`): an exact value or a hash.
    pub fn from_param(params: &Params, name: &str) -> Self {
        match params.get(name) {
            Some(Value::Object(_)) => CreatedRange {
                gt: params.int(&format!("{name}.gt")),
                gte: params.int(&format!("{name}.gte")),
                lt: params.int(&format!("{name}.lt")),
                lte: params.int(&format!("{name}.lte")),
            },
            Some(v) => CreatedRange {
                gte: v.as_i64(),
                lte: v.as_i64(),
                ..CreatedRange::default()
            },
            None => CreatedRange::default(),
        }
    }

    pub fn contains(&self, ts: i64) -> bool {
        self.gt.map_or(true, |v| ts > v)
            && self.gte.map_or(true, |v| ts >= v)
            && self.lt.map_or(true, |v| ts < v)
            && self.lte.map_or(true, |v| ts <= v)
    }
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    Newest,
    /// Objects older than this id.
    StartingAfter(String),
    /// Objects newer than this id (the page before it).
    EndingBefore(String),
}

/// The paging part of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub limit: usize,
    pub cursor: Cursor,
    pub created: CreatedRange,
}

impl ListQuery {
    /// Reads and checks `limit` (1..=100, default 10), the cursors and `created`.
    pub fn from_params(params: &Params) -> Result<Self, ApiError> {
        let limit = match params.int("limit") {
            None => 10,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) if n < 1 => {
                return Err(ApiError::invalid_param(
                    "limit",
                    "This value must be greater than or equal to 1.",
                ))
            }
            Some(_) => {
                return Err(ApiError::invalid_param(
                    "limit",
                    "This value must be less than or equal to 100.",
                ))
            }
        };
        let cursor =
            match (
                params.string("starting_after"),
                params.string("ending_before"),
            ) {
                (Some(_), Some(_)) => return Err(ApiError::invalid(
                    "You may only specify one of these parameters: ending_before, starting_after.",
                )),
                (Some(id), None) => Cursor::StartingAfter(id),
                (None, Some(id)) => Cursor::EndingBefore(id),
                (None, None) => Cursor::Newest,
            };
        let created = CreatedRange::from_param(params, "created");
        Ok(Self {
            limit,
            cursor,
            created,
        })
    }

    /// The cursor id, if any (it must name an existing object).
    pub fn cursor_id(&self) -> Option<(&'static str, &str)> {
        match &self.cursor {
            Cursor::Newest => None,
            Cursor::StartingAfter(id) => Some(("starting_after", id)),
            Cursor::EndingBefore(id) => Some(("ending_before", id)),
        }
    }
}

/// One page: items newest first, and whether more exist in the paging direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

/// Pages over `items`, which must be sorted by id ascending (= oldest first).
pub fn paginate<T>(items: Vec<(String, T)>, query: &ListQuery) -> Page<T> {
    let limit = query.limit;
    match &query.cursor {
        Cursor::Newest | Cursor::StartingAfter(_) => {
            let bound = match &query.cursor {
                Cursor::StartingAfter(id) => Some(id.clone()),
                _ => None,
            };
            let mut picked: Vec<T> = items
                .into_iter()
                .rev()
                .filter(|(id, _)| bound.as_ref().map_or(true, |b| id < b))
                .take(limit + 1)
                .map(|(_, t)| t)
                .collect();
            let has_more = picked.len() > limit;
            picked.truncate(limit);
            Page {
                items: picked,
                has_more,
            }
        }
        Cursor::EndingBefore(bound) => {
            let mut picked: Vec<T> = items
                .into_iter()
                .filter(|(id, _)| id > bound)
                .take(limit + 1)
                .map(|(_, t)| t)
                .collect();
            let has_more = picked.len() > limit;
            picked.truncate(limit);
            picked.reverse();
            Page {
                items: picked,
                has_more,
            }
        }
    }
}

/// `{"object":"list","data":[...],"has_more":..,"url":..}`.
pub fn list_object(url: &str, data: Vec<Value>, has_more: bool) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<(String, u32)> {
        (1..=5).map(|i| (format!("x_{i}"), i)).collect()
    }

    fn query(limit: usize, cursor: Cursor) -> ListQuery {
        ListQuery {
            limit,
            cursor,
            created: CreatedRange::default(),
        }
    }

    #[test]
    fn newest_first_with_has_more() {
        let page = paginate(items(), &query(2, Cursor::Newest));
        assert_eq!(
            page,
            Page {
                items: vec![5, 4],
                has_more: true
            }
        );
    }

    #[test]
    fn starting_after_walks_older() {
        let page = paginate(items(), &query(3, Cursor::StartingAfter("x_4".into())));
        assert_eq!(
            page,
            Page {
                items: vec![3, 2, 1],
                has_more: false
            }
        );
    }

    #[test]
    fn ending_before_walks_newer_and_stays_newest_first() {
        let page = paginate(items(), &query(2, Cursor::EndingBefore("x_2".into())));
        assert_eq!(
            page,
            Page {
                items: vec![4, 3],
                has_more: true
            }
        );
    }

    #[test]
    fn created_range() {
        let r = CreatedRange {
            gte: Some(10),
            lt: Some(20),
            ..CreatedRange::default()
        };
        assert!(r.contains(10) && r.contains(19) && !r.contains(20) && !r.contains(9));
    }
}
