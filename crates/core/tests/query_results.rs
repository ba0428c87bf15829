//! What lists return: every operation on every field kind, paging, totals and deleted entries,
//! checked against a straightforward in-memory evaluation of the same query.

mod common;

use std::cmp::Ordering;
use std::collections::HashSet;

use common::{all_pages, ids, open, query, Item};
use connectdesk_core::query::ListQuery;
use connectdesk_core::store::Collection;
use connectdesk_core::time::parse_iso;

const STATUSES: [&str; 3] = ["paid", "pending", "failed"];
const NAMES: [&str; 12] = [
    "alpha", "Beta", "gamma", "Delta", "épsilon", "Zeta", "ETA", "Théta", "iota", "kappa", "Ärger",
    "straße",
];

/// Items with repeated and negative quantities, missing due dates and mixed-case names.
fn seed(items: &Collection<Item>, count: usize) -> Vec<Item> {
    (0..count)
        .map(|i| {
            let mut item = Item::new(
                &format!("{} {i:03}", NAMES[i % NAMES.len()]),
                (i as i64 * 37) % 23 - 5,
                STATUSES[i % 3],
            );
            if i % 4 != 0 {
                item = item.due(&format!(
                    "2025-{:02}-{:02}T{:02}:00:00.{:03}Z",
                    1 + i % 12,
                    1 + i % 28,
                    i % 24,
                    i % 1000
                ));
            }
            items.insert(item).expect("insert")
        })
        .collect()
}

/// The in-memory reading of a field, ordered like the store orders it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum V {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
}

fn text(raw: &str) -> V {
    V::Text(raw.to_uppercase().to_lowercase())
}

fn time(raw: &str) -> V {
    V::Int((parse_iso(raw).expect("timestamp").unix_timestamp_nanos() / 1_000_000) as i64)
}

fn field(item: &Item, name: &str) -> V {
    match name {
        "id" => V::Int(item.id as i64),
        "name" => text(&item.name),
        "qty" => V::Int(item.qty),
        "active" => V::Bool(item.active),
        "due" => item.due.as_deref().map_or(V::Null, time),
        "status" => text(&item.status),
        "code" => text(&item.code),
        "createdAt" => time(&item.created_at),
        "updatedAt" => time(&item.updated_at),
        other => panic!("no field {other}"),
    }
}

fn operand(name: &str, raw: &str) -> V {
    match name {
        "id" | "qty" => V::Int(raw.parse().expect("int")),
        "active" => V::Bool(raw == "true"),
        "due" | "createdAt" | "updatedAt" => time(raw),
        _ => text(raw),
    }
}

fn passes(item: &Item, (name, op, raw): &(&str, &str, &str)) -> bool {
    let value = field(item, name);
    if value == V::Null {
        return *op == "ne";
    }
    let cmp = |raw: &str| value.cmp(&operand(name, raw));
    match *op {
        "eq" => cmp(raw) == Ordering::Equal,
        "ne" => cmp(raw) != Ordering::Equal,
        "lt" => cmp(raw) == Ordering::Less,
        "lte" => cmp(raw) != Ordering::Greater,
        "gt" => cmp(raw) == Ordering::Greater,
        "gte" => cmp(raw) != Ordering::Less,
        "in" => raw
            .split(',')
            .any(|item| cmp(item.trim()) == Ordering::Equal),
        "contains" => matches!((&value, text(raw)), (V::Text(h), V::Text(n)) if h.contains(&n)),
        other => panic!("no op {other}"),
    }
}

fn expected(all: &[Item], sort: &str, filters: &[(&str, &str, &str)]) -> Vec<u64> {
    let (name, direction) = sort.split_once(':').expect("sort");
    let mut matching: Vec<&Item> = all
        .iter()
        .filter(|item| filters.iter().all(|f| passes(item, f)))
        .collect();
    matching.sort_by_key(|item| (field(item, name), item.id));
    if direction == "desc" {
        matching.reverse();
    }
    matching.iter().map(|item| item.id).collect()
}

/// Lists the query page by page and compares order, membership and totals with the oracle.
fn check(
    items: &Collection<Item>,
    all: &[Item],
    size: &str,
    sort: &str,
    filters: &[(&str, &str, &str)],
) -> usize {
    let want = expected(all, sort, filters);
    let pages = all_pages(items, query(Some(size), Some(sort), filters));
    let got: Vec<u64> = pages.iter().flat_map(ids).collect();
    assert_eq!(got, want, "sort {sort} filters {filters:?}");
    let unique: HashSet<u64> = got.iter().copied().collect();
    assert_eq!(unique.len(), got.len(), "no entry twice");
    for page in &pages {
        assert_eq!(
            page.total_count,
            want.len() as u64,
            "totalCount on every page, {sort} {filters:?}"
        );
    }
    let size: usize = size.parse().expect("size");
    assert!(
        pages[..pages.len() - 1]
            .iter()
            .all(|p| p.items.len() == size),
        "only the last page is short"
    );
    want.len()
}

#[test]
fn every_operation_on_every_field_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let all = seed(&items, 60);
    let due_mid = all[30].due.clone().expect("item 30 has a due date");
    let created = all[17].created_at.clone();
    let due_in = format!("{due_mid},2030-01-01T00:00:00Z");
    let cases: Vec<Vec<(&str, &str, &str)>> = vec![
        // Int
        vec![("qty", "eq", "3")],
        vec![("qty", "ne", "3")],
        vec![("qty", "lt", "0")],
        vec![("qty", "lte", "0")],
        vec![("qty", "gt", "10")],
        vec![("qty", "gte", "10")],
        vec![("qty", "in", "-5, 0,17")],
        vec![("id", "in", "1,2,60,61")],
        vec![("id", "gt", "55")],
        // Text: case-insensitive everywhere, beyond ASCII
        vec![("name", "eq", "BETA 001")],
        vec![("name", "ne", "beta 001")],
        vec![("name", "lt", "delta")],
        vec![("name", "lte", "DELTA 003")],
        vec![("name", "gt", "théta")],
        vec![("name", "gte", "Zeta")],
        vec![("name", "contains", "TA 0")],
        vec![("name", "contains", "ÄRG")],
        vec![("name", "contains", "STRASSE")],
        vec![("name", "in", "alpha 000, GAMMA 002,nobody")],
        vec![("name", "eq", "")],
        vec![("code", "contains", "code-e")],
        // Bool
        vec![("active", "eq", "true")],
        vec![("active", "ne", "true")],
        vec![("active", "lt", "true")],
        vec![("active", "lte", "false")],
        vec![("active", "gt", "false")],
        vec![("active", "gte", "false")],
        vec![("active", "in", "true,false")],
        // Timestamp, with missing values
        vec![("due", "eq", &due_mid)],
        vec![("due", "ne", &due_mid)],
        vec![("due", "lt", "2025-06-01T00:00:00Z")],
        vec![("due", "lte", &due_mid)],
        vec![("due", "gt", "2025-06-01T02:00:00+02:00")],
        vec![("due", "gte", &due_mid)],
        vec![("due", "in", &due_in)],
        vec![("createdAt", "lte", &created)],
        // Key field, alone and combined
        vec![("status", "eq", "PAID")],
        vec![("status", "ne", "paid")],
        vec![("status", "in", "paid,failed")],
        vec![("status", "eq", "nobody")],
        vec![("status", "eq", "paid"), ("qty", "gt", "3")],
        vec![("status", "eq", "paid"), ("status", "eq", "failed")],
        vec![
            ("qty", "gte", "0"),
            ("qty", "lt", "10"),
            ("active", "eq", "true"),
        ],
        vec![
            ("name", "gt", "b"),
            ("name", "lt", "e"),
            ("status", "eq", "pending"),
        ],
    ];
    for filters in &cases {
        for sort in [
            "id:asc",
            "qty:desc",
            "name:asc",
            "due:desc",
            "status:asc",
            "active:desc",
        ] {
            check(&items, &all, "7", sort, filters);
        }
    }
    // The cases are not vacuous: most match some but not all items.
    let sizes: Vec<usize> = cases
        .iter()
        .map(|f| expected(&all, "id:asc", f).len())
        .collect();
    assert!(
        sizes.iter().filter(|&&n| n > 0 && n < all.len()).count() > cases.len() * 3 / 4,
        "{sizes:?}"
    );
}

#[test]
fn sort_orders_ranges_on_the_sorted_field_and_nulls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let all = seed(&items, 40);
    for sort in ["due:asc", "due:desc"] {
        // Missing due dates sort first ascending, last descending, and never match a comparison.
        let page = items
            .list(&query(Some("300"), Some(sort), &[]))
            .expect("list");
        let nulls: Vec<bool> = page.items.iter().map(|item| item.due.is_none()).collect();
        let boundary = nulls.iter().filter(|n| **n).count();
        let expected_nulls: Vec<bool> = (0..all.len())
            .map(|i| {
                if sort.ends_with("asc") {
                    i < boundary
                } else {
                    i >= all.len() - boundary
                }
            })
            .collect();
        assert_eq!(nulls, expected_nulls, "{sort}");
        for op in ["lt", "lte", "gt", "gte"] {
            check(
                &items,
                &all,
                "4",
                sort,
                &[("due", op, "2025-07-15T00:00:00Z")],
            );
        }
        check(
            &items,
            &all,
            "4",
            sort,
            &[
                ("due", "gt", "2025-03-01T00:00:00Z"),
                ("due", "lte", "2025-09-01T00:00:00Z"),
            ],
        );
    }
    // Contradictory ranges give nothing, not an error.
    check(
        &items,
        &all,
        "5",
        "qty:asc",
        &[("qty", "gt", "10"), ("qty", "lt", "5")],
    );
    check(
        &items,
        &all,
        "5",
        "qty:asc",
        &[("qty", "eq", "4"), ("qty", "eq", "5")],
    );
}

#[test]
fn paging_visits_every_match_once_in_both_directions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let all = seed(&items, 250);
    for sort in [
        "id:asc",
        "id:desc",
        "qty:asc",
        "qty:desc",
        "name:asc",
        "name:desc",
        "createdAt:desc",
    ] {
        for size in ["1", "7", "50", "300"] {
            assert_eq!(check(&items, &all, size, sort, &[]), 250);
        }
        assert!(check(&items, &all, "9", sort, &[("status", "eq", "paid")]) > 50);
        assert!(
            check(
                &items,
                &all,
                "9",
                sort,
                &[("status", "eq", "paid"), ("name", "contains", "a")]
            ) > 20
        );
        assert!(check(&items, &all, "9", sort, &[("qty", "gte", "5")]) > 50);
    }
}

#[test]
fn deleted_entries_leave_lists_totals_and_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let mut all = seed(&items, 30);
    let doomed: Vec<u64> = all
        .iter()
        .filter(|item| item.id % 4 == 1)
        .map(|item| item.id)
        .collect();
    for id in &doomed {
        let deleted = items.soft_delete(*id).expect("delete");
        assert_ne!(deleted.deleted_at, connectdesk_core::time::NOT_DELETED);
    }
    all.retain(|item| !doomed.contains(&item.id));
    assert_eq!(items.count().expect("count"), all.len() as u64);
    for filters in [
        &[][..],
        &[("status", "eq", "paid")][..],
        &[("qty", "gt", "0")][..],
        &[("name", "contains", "e")][..],
    ] {
        for sort in ["id:asc", "name:desc", "status:asc"] {
            check(&items, &all, "4", sort, filters);
        }
    }
    let gone = items
        .get(doomed[0])
        .expect_err("a deleted entry is not found");
    assert_eq!(gone.code, connectdesk_core::ErrorCode::NotFound);
    assert_eq!(
        items
            .soft_delete(doomed[0])
            .expect_err("deleting twice")
            .code,
        connectdesk_core::ErrorCode::NotFound
    );
}

#[test]
fn a_page_token_survives_writes_between_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let all = seed(&items, 20);
    let first = items
        .list(&query(Some("5"), Some("id:asc"), &[]))
        .expect("first page");
    assert_eq!(ids(&first), [1, 2, 3, 4, 5]);
    // The last entry of the page and the first of the next one go away meanwhile.
    items.soft_delete(5).expect("delete");
    items.soft_delete(6).expect("delete");
    let mut next = query(Some("5"), Some("id:asc"), &[]);
    next.page_token = first.next_page_token;
    let second = items.list(&next).expect("second page");
    assert_eq!(ids(&second), [7, 8, 9, 10, 11]);
    assert_eq!(second.total_count, all.len() as u64 - 2);
}

#[test]
fn an_empty_collection_lists_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let page = items.list(&ListQuery::default()).expect("list");
    assert!(page.items.is_empty() && page.end_reached && page.next_page_token.is_none());
    assert_eq!(page.total_count, 0);
    let page = items
        .list(&query(None, Some("name:desc"), &[("status", "eq", "paid")]))
        .expect("list");
    assert_eq!(
        (page.items.len(), page.total_count, page.end_reached),
        (0, 0, true)
    );
}

#[test]
fn unicode_text_round_trips_sorts_and_matches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let names = [
        "Zoë",
        "ßeta",
        "ÄRGER",
        "émile",
        "日本語のテスト",
        "🦀 crab",
        "apple",
        "Émile",
    ];
    let all: Vec<Item> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // Codes are unique case-insensitively, and two names differ only in case.
            let mut item = Item::new(name, 1, "paid");
            item.code = format!("code {i}");
            items.insert(item).expect("insert")
        })
        .collect();
    for item in &all {
        assert_eq!(
            items.get(item.id).expect("get").name,
            item.name,
            "stored exactly as given"
        );
    }
    check(&items, &all, "3", "name:asc", &[]);
    check(&items, &all, "3", "name:desc", &[("name", "contains", "É")]);
    let crab = items
        .list(&query(None, None, &[("name", "contains", "🦀")]))
        .expect("list");
    assert_eq!(
        crab.items
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>(),
        ["🦀 crab"]
    );
    let japanese = items
        .list(&query(None, None, &[("name", "eq", "日本語のテスト")]))
        .expect("list");
    assert_eq!(japanese.total_count, 1);
}
