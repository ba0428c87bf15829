//! Chooses how to answer a list: which index to walk, which key range of it, which filters are
//! left to test on entries, and whether a counter holds the total.
//!
//! - An `eq` filter on a key field (status, workspaceId, ...) selects that value's slice of the
//!   composite index ordered by the sort field; otherwise the sort field's own index is walked.
//! - `eq lt lte gt gte` filters on the sort field narrow the walked key range.
//! - Remaining filters are tested on each entry while walking.
//! - The total comes from a live counter when nothing narrows the range further than a key
//!   value; otherwise it is counted over the range (keys only if no filter remains, which costs
//!   O(matches in range); entries decoded when one does).

use std::ops::Bound;

use super::filter::{Filter, Op};
use super::parse::Parsed;
use crate::store::layout::{count_key, LIVE_KEY};
use crate::store::{encode, encode_into, Layout, PRESENT};
use crate::{CoreError, Result};

/// Appended to an encoded value to pass every index key holding that value (`++ id` is 8 bytes,
/// and ids never reach `u64::MAX`).
const AFTER_ANY_ID: [u8; 8] = [0xFF; 8];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Position of the index tree in the collection's layout.
    pub tree: usize,
    pub lower: Bound<Vec<u8>>,
    pub upper: Bound<Vec<u8>>,
    pub desc: bool,
    /// Filters to test on each entry in the range.
    pub residual: Vec<Filter>,
    /// Key of the counter in the collection's meta tree that holds the total, if one does.
    pub counter: Option<Vec<u8>>,
}

pub(crate) fn plan(layout: &Layout, parsed: &Parsed) -> Result<Plan> {
    let sort = parsed.sort.field;
    let mut residual = parsed.filters.clone();
    let key_filter = residual
        .iter()
        .position(|f| f.op == Op::Eq && layout.fields[f.field].key)
        .map(|position| residual.remove(position));

    let (tree, prefix, counter, ranged) = match &key_filter {
        Some(filter) => {
            let value = &filter.operands[0];
            let tree = if filter.field == sort {
                layout.sort[sort]
            } else {
                layout.composite(filter.field, sort).map(|c| c.tree)
            };
            let counter = count_key(&layout.fields[filter.field], value);
            // When the key field is also the sort field the prefix pins the sort value itself,
            // so range filters on it cannot narrow further.
            (tree, encode(value), Some(counter), filter.field != sort)
        }
        None => (layout.sort[sort], Vec::new(), Some(LIVE_KEY.to_vec()), true),
    };
    let tree = tree.ok_or_else(|| CoreError::internal("A sortable field has no index"))?;

    let mut lower = Bound::Included(prefix.clone());
    let mut upper = successor(&prefix).map_or(Bound::Unbounded, Bound::Excluded);
    let mut narrowed = false;
    if ranged {
        residual.retain(|filter| {
            let absorbed = filter.field == sort
                && matches!(filter.op, Op::Eq | Op::Lt | Op::Lte | Op::Gt | Op::Gte);
            if absorbed {
                let at = |suffix: &[u8]| {
                    let mut key = prefix.clone();
                    encode_into(&filter.operands[0], &mut key);
                    key.extend_from_slice(suffix);
                    key
                };
                if matches!(filter.op, Op::Eq | Op::Gte) {
                    lower = tighter_lower(lower.clone(), Bound::Included(at(&[])));
                }
                if filter.op == Op::Gt {
                    lower = tighter_lower(lower.clone(), Bound::Excluded(at(&AFTER_ANY_ID)));
                }
                if matches!(filter.op, Op::Eq | Op::Lte) {
                    upper = tighter_upper(upper.clone(), Bound::Included(at(&AFTER_ANY_ID)));
                }
                if filter.op == Op::Lt {
                    upper = tighter_upper(upper.clone(), Bound::Excluded(at(&[])));
                }
                narrowed = true;
            }
            !absorbed
        });
    }
    if narrowed {
        // Comparisons never match a missing value; nulls sort first, so skip them.
        let mut present = prefix.clone();
        present.push(PRESENT);
        lower = tighter_lower(lower, Bound::Included(present));
    }
    let counter = counter.filter(|_| residual.is_empty() && !narrowed);
    Ok(Plan {
        tree,
        lower,
        upper,
        desc: parsed.sort.desc,
        residual,
        counter,
    })
}

/// The smallest key greater than every key starting with `prefix`; `None` when there is none.
fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut key = prefix.to_vec();
    while let Some(last) = key.pop() {
        if last < 0xFF {
            key.push(last + 1);
            return Some(key);
        }
    }
    None
}

fn key_of(bound: &Bound<Vec<u8>>) -> Option<&[u8]> {
    match bound {
        Bound::Included(key) | Bound::Excluded(key) => Some(key),
        Bound::Unbounded => None,
    }
}

/// The more restrictive of two lower bounds.
pub(crate) fn tighter_lower(a: Bound<Vec<u8>>, b: Bound<Vec<u8>>) -> Bound<Vec<u8>> {
    match (key_of(&a), key_of(&b)) {
        (None, _) => b,
        (_, None) => a,
        (Some(x), Some(y)) if x == y => {
            if matches!(a, Bound::Excluded(_)) {
                a
            } else {
                b
            }
        }
        (Some(x), Some(y)) => {
            if x > y {
                a
            } else {
                b
            }
        }
    }
}

/// The more restrictive of two upper bounds.
pub(crate) fn tighter_upper(a: Bound<Vec<u8>>, b: Bound<Vec<u8>>) -> Bound<Vec<u8>> {
    match (key_of(&a), key_of(&b)) {
        (None, _) => b,
        (_, None) => a,
        (Some(x), Some(y)) if x == y => {
            if matches!(a, Bound::Excluded(_)) {
                a
            } else {
                b
            }
        }
        (Some(x), Some(y)) => {
            if x < y {
                a
            } else {
                b
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successor_skips_trailing_ff() {
        assert_eq!(successor(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(successor(&[1, 0xFF]), Some(vec![2]));
        assert_eq!(successor(&[0xFF, 0xFF]), None);
        assert_eq!(successor(&[]), None);
    }

    #[test]
    fn bounds_tighten() {
        let inc = |k: &[u8]| Bound::Included(k.to_vec());
        let exc = |k: &[u8]| Bound::Excluded(k.to_vec());
        assert_eq!(tighter_lower(inc(b"a"), inc(b"b")), inc(b"b"));
        assert_eq!(tighter_lower(inc(b"b"), exc(b"b")), exc(b"b"));
        assert_eq!(tighter_lower(Bound::Unbounded, inc(b"a")), inc(b"a"));
        assert_eq!(tighter_upper(inc(b"a"), inc(b"b")), inc(b"a"));
        assert_eq!(tighter_upper(exc(b"a"), inc(b"a")), exc(b"a"));
        assert_eq!(tighter_upper(inc(b"a"), Bound::Unbounded), inc(b"a"));
    }
}
