//! Runs a planned list over a collection's trees.

use std::ops::Bound;

use sled::IVec;

use super::codec::{self, id_from_key_suffix};
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
    for key in walk(layout, plan.tree, lower, upper, plan.desc) {
        let key = key?;
        let id = entry_id(layout, &key)?;
        if items.len() == prepared.size {
            // One more match means another page exists; without filters any key is one.
            more = plan.residual.is_empty() || load(layout, id, &plan.residual)?.is_some();
            if more {
                break;
            }
            continue;
        }
        if let Some(hit) = load(layout, id, &plan.residual)? {
            items.push(into_item::<T>(layout, id, hit)?);
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
    let mut count = 0;
    for key in walk(
        layout,
        plan.tree,
        plan.lower.clone(),
        plan.upper.clone(),
        false,
    ) {
        let key = key?;
        if plan.residual.is_empty()
            || load(layout, entry_id(layout, &key)?, &plan.residual)?.is_some()
        {
            count += 1;
        }
    }
    Ok(count)
}

fn walk(
    layout: &Layout,
    tree: usize,
    lower: Bound<Vec<u8>>,
    upper: Bound<Vec<u8>>,
    desc: bool,
) -> Box<dyn Iterator<Item = sled::Result<IVec>>> {
    let keys = layout.trees[tree]
        .range::<Vec<u8>, _>((lower, upper))
        .keys();
    if desc {
        Box::new(keys.rev())
    } else {
        Box::new(keys)
    }
}

/// Reads the entry an index key points at and tests the remaining filters on it.
fn load(layout: &Layout, id: u64, residual: &[Filter]) -> Result<Option<Hit>> {
    // An entry deleted since the index was read is skipped (writes commit between our reads).
    let Some(bytes) = layout.trees[DATA].get(codec::id_key(id))? else {
        return Ok(None);
    };
    if residual.is_empty() {
        return Ok(Some(Hit::Raw(bytes)));
    }
    let doc = parse_doc(&bytes, layout.label, id)?;
    for filter in residual {
        if !filter.matches(&layout.value(&doc, &layout.fields[filter.field])?) {
            return Ok(None);
        }
    }
    Ok(Some(Hit::Doc(doc)))
}

fn into_item<T: Record>(layout: &Layout, id: u64, hit: Hit) -> Result<T> {
    match hit {
        Hit::Raw(bytes) => {
            serde_json::from_slice(&bytes).map_err(|err| damaged(layout.label, id, &err))
        }
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
