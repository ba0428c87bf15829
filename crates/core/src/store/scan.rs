//! Runs a planned list over a collection's trees.
//!
//! A covering layout's index keys carry their entry, so a page reads one contiguous key range of
//! one tree; otherwise each key's entry is looked up by id.

use std::ops::Bound;

use sled::IVec;

use super::codec::{id_from_key_suffix, id_key};
use super::collection::{damaged, from_doc, parse_doc, Doc};
use super::layout::{decode_u64, Layout, DATA, META};
use super::record::Record;
use crate::query::{encode_token, tighter_lower, tighter_upper, Filter, Page, Plan, Prepared};
use crate::{CoreError, ErrorCode, Result};

/// An entry that passed the plan's remaining filters: its raw bytes, or its document when a
/// filter already had to decode it.
enum Hit {
    Raw(IVec),
    Doc(Doc),
}

pub(crate) fn page<T: Record>(layout: &Layout, prepared: &Prepared) -> Result<Page<T>> {
    let plan = &prepared.plan;
    let (mut lower, mut upper) = (plan.lower.clone(), plan.upper.clone());
    if let Some(resume) = &prepared.resume_after {
        // Seek past the previous page's last key: O(log n) however deep the page is.
        let after = Bound::Excluded(resume.clone());
        if plan.desc {
            upper = tighter_upper(upper, after);
        } else {
            lower = tighter_lower(lower, after);
        }
    }

    let mut items = Vec::with_capacity(prepared.size);
    let mut last_key = None;
    let mut more = false;
    for entry in walk(layout, plan.tree, lower, upper, plan.desc) {
        let (key, value) = entry?;
        let Some(bytes) = entry_bytes(layout, &key, value)? else {
            continue;
        };
        if items.len() == prepared.size {
            // One more match means another page exists; without filters any key is one.
            more = plan.residual.is_empty() || test(layout, &key, bytes, &plan.residual)?.is_some();
            if more {
                break;
            }
            continue;
        }
        if let Some(hit) = test(layout, &key, bytes, &plan.residual)? {
            items.push(into_item::<T>(layout, &key, hit)?);
            last_key = Some(key);
        }
    }

    let next_page_token = match (more, last_key) {
        (true, Some(key)) => Some(encode_token(&prepared.fingerprint, &key)),
        _ => None,
    };
    Ok(Page {
        items,
        end_reached: next_page_token.is_none(),
        next_page_token,
        total_count: total(layout, plan)?,
    })
}

/// How many entries match the whole query, regardless of paging.
fn total(layout: &Layout, plan: &Plan) -> Result<u64> {
    if let Some(counter) = &plan.counter {
        return match layout.trees[META].get(counter)? {
            Some(raw) => decode_u64(&raw),
            None => Ok(0),
        };
    }
    let range = (plan.lower.clone(), plan.upper.clone());
    let tree = &layout.trees[plan.tree];
    if plan.residual.is_empty() {
        let mut count = 0;
        for key in tree.range::<Vec<u8>, _>(range).keys() {
            key?;
            count += 1;
        }
        return Ok(count);
    }
    let mut count = 0;
    for entry in tree.range::<Vec<u8>, _>(range) {
        let (key, value) = entry?;
        let Some(bytes) = entry_bytes(layout, &key, value)? else {
            continue;
        };
        if test(layout, &key, bytes, &plan.residual)?.is_some() {
            count += 1;
        }
    }
    Ok(count)
}

type Entry = sled::Result<(IVec, IVec)>;

fn walk(
    layout: &Layout,
    tree: usize,
    lower: Bound<Vec<u8>>,
    upper: Bound<Vec<u8>>,
    desc: bool,
) -> Box<dyn Iterator<Item = Entry>> {
    let entries = layout.trees[tree].range::<Vec<u8>, _>((lower, upper));
    if desc {
        Box::new(entries.rev())
    } else {
        Box::new(entries)
    }
}

/// The stored entry of an index key: the copy it carries, or the entry looked up by id. `None`
/// when the entry was deleted since the index was read (writes commit between our reads).
fn entry_bytes(layout: &Layout, key: &[u8], value: IVec) -> Result<Option<IVec>> {
    if layout.covering {
        return Ok(Some(value));
    }
    Ok(layout.trees[DATA].get(id_key(entry_id(layout, key)?))?)
}

/// Tests the remaining filters on an entry.
fn test(layout: &Layout, key: &[u8], bytes: IVec, residual: &[Filter]) -> Result<Option<Hit>> {
    if residual.is_empty() {
        return Ok(Some(Hit::Raw(bytes)));
    }
    let doc = parse_doc(&bytes, layout.label, entry_id(layout, key)?)?;
    for filter in residual {
        if !filter.matches(&layout.value(&doc, &layout.fields[filter.field])?) {
            return Ok(None);
        }
    }
    Ok(Some(Hit::Doc(doc)))
}

fn into_item<T: Record>(layout: &Layout, key: &[u8], hit: Hit) -> Result<T> {
    match hit {
        Hit::Raw(bytes) => serde_json::from_slice(&bytes)
            .map_err(|err| damaged(layout.label, entry_id(layout, key).unwrap_or(0), &err)),
        Hit::Doc(doc) => from_doc(doc),
    }
}

fn entry_id(layout: &Layout, key: &[u8]) -> Result<u64> {
    id_from_key_suffix(key).ok_or_else(|| {
        CoreError::new(
            ErrorCode::StoreCorrupt,
            format!(
                "An index of the stored {}s has a damaged key.",
                layout.label
            ),
        )
    })
}
