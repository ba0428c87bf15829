//! Every error the list-query language reports, with its code and field, through a real store.

mod common;

use common::{open, query, Item};
use connectdesk_core::query::ListQuery;
use connectdesk_core::ErrorCode::{self, *};

fn rejected(
    items: &connectdesk_core::store::Collection<Item>,
    query: &ListQuery,
) -> (ErrorCode, String) {
    let err = items.list(query).expect_err("the query is rejected");
    assert!(!err.message.is_empty(), "errors explain themselves");
    (
        err.code,
        err.field.expect("errors name the offending parameter"),
    )
}

fn store_with_items() -> (tempfile::TempDir, connectdesk_core::store::Collection<Item>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    for (i, status) in ["paid", "pending", "paid", "failed", "paid"]
        .iter()
        .enumerate()
    {
        items
            .insert(Item::new(&format!("item {i}"), i as i64, status))
            .expect("insert");
    }
    (dir, items)
}

#[test]
fn size_must_be_an_integer_in_range() {
    let (_dir, items) = store_with_items();
    for (size, code) in [
        ("0", InvalidValue),
        ("301", InvalidValue),
        ("-5", InvalidValue),
        ("100000000000000000000000", InvalidValue),
        ("ten", InvalidCharacters),
        ("2.5", InvalidCharacters),
        ("1e2", InvalidCharacters),
        (" 5", InvalidCharacters),
    ] {
        assert_eq!(
            rejected(&items, &query(Some(size), None, &[])),
            (code, "size".into()),
            "size {size:?}"
        );
    }
    assert_eq!(
        items
            .list(&query(Some("300"), None, &[]))
            .expect("300 is allowed")
            .items
            .len(),
        5
    );
    assert_eq!(
        items
            .list(&query(Some("1"), None, &[]))
            .expect("1 is allowed")
            .items
            .len(),
        1
    );
    assert_eq!(
        items
            .list(&ListQuery::default())
            .expect("default size")
            .items
            .len(),
        5
    );
}

#[test]
fn sort_must_be_field_colon_direction_on_a_sortable_field() {
    let (_dir, items) = store_with_items();
    for (sort, code) in [
        ("name", SyntaxError),
        ("", SyntaxError),
        ("name:asc:desc", SyntaxError),
        ("name::asc", SyntaxError),
        ("name:up", InvalidValue),
        ("name:DESC", InvalidValue),
        ("name:", InvalidValue),
        ("colour:asc", UnknownDataField),
        ("note:asc", UnknownDataField), // serialized, but not declared
        ("code:asc", UnknownDataField), // filterable, not sortable
        ("updatedAt:desc", UnknownDataField),
        ("Name:asc", UnknownDataField), // names are case-sensitive, as serialized
    ] {
        assert_eq!(
            rejected(&items, &query(None, Some(sort), &[])),
            (code, "sort".into()),
            "sort {sort:?}"
        );
    }
}

#[test]
fn filters_must_name_a_filterable_field_a_known_operation_and_a_fitting_value() {
    let (_dir, items) = store_with_items();
    for (filter, code, part) in [
        (("colour", "eq", "red"), UnknownDataField, "field"),
        (("note", "eq", ""), UnknownDataField, "field"),
        (
            ("deletedAt", "eq", "1970-01-01T00:00:00.000Z"),
            UnknownDataField,
            "field",
        ),
        (("qty", "like", "1"), UnknownOperation, "op"),
        (("qty", "EQ", "1"), UnknownOperation, "op"),
        (("qty", "contains", "1"), UnknownOperation, "op"),
        (("active", "contains", "t"), UnknownOperation, "op"),
        (("due", "contains", "2025"), UnknownOperation, "op"),
        (("qty", "eq", "abc"), InvalidCharacters, "value"),
        (("qty", "gt", "2.5"), InvalidCharacters, "value"),
        (("qty", "in", "1,x,3"), InvalidCharacters, "value"),
        (("id", "eq", ""), InvalidCharacters, "value"),
        (("active", "eq", "maybe"), InvalidCharacters, "value"),
        (("active", "eq", "TRUE"), InvalidCharacters, "value"),
        (
            ("due", "lt", "2025-13-01T00:00:00Z"),
            InvalidCharacters,
            "value",
        ),
        (("due", "lt", "yesterday"), InvalidCharacters, "value"),
        (
            ("createdAt", "gte", "2025-09-12"),
            InvalidCharacters,
            "value",
        ),
    ] {
        let filters = [filter];
        assert_eq!(
            rejected(&items, &query(None, None, &filters)),
            (code, format!("filters[0].{part}")),
            "{filter:?}"
        );
    }
    // The index in the field name points at the offending filter.
    let filters = [
        ("qty", "gt", "1"),
        ("status", "eq", "paid"),
        ("qty", "lt", "many"),
    ];
    assert_eq!(
        rejected(&items, &query(None, None, &filters)),
        (InvalidCharacters, "filters[2].value".into())
    );
}

#[test]
fn parameters_are_checked_in_order_size_sort_filters_token() {
    let (_dir, items) = store_with_items();
    let mut everything_wrong = query(Some("0"), Some("nope"), &[("colour", "eq", "red")]);
    everything_wrong.page_token = Some("garbage".into());
    assert_eq!(rejected(&items, &everything_wrong).1, "size");
    everything_wrong.size = None;
    assert_eq!(rejected(&items, &everything_wrong).1, "sort");
    everything_wrong.sort = None;
    assert_eq!(rejected(&items, &everything_wrong).1, "filters[0].field");
    everything_wrong.filters.clear();
    assert_eq!(rejected(&items, &everything_wrong).1, "pageToken");
}

#[test]
fn page_tokens_are_refused_when_malformed_or_from_another_query() {
    let (_dir, items) = store_with_items();
    let first = items
        .list(&query(Some("2"), Some("qty:asc"), &[]))
        .expect("first page");
    let token = first.next_page_token.expect("more pages");

    let with_token = |sort: Option<&str>, filters: &[(&str, &str, &str)], token: &str| {
        let mut q = query(Some("2"), sort, filters);
        q.page_token = Some(token.to_owned());
        q
    };
    for garbage in [
        "-5",
        "5",
        "",
        "random garbage",
        "AAAAAAAAAAAAAAAAAAAA",
        "%%%%",
        &format!("{token}x"),
    ] {
        assert_eq!(
            rejected(&items, &with_token(Some("qty:asc"), &[], garbage)),
            (InvalidValue, "pageToken".into())
        );
    }
    for (sort, filters) in [
        (Some("qty:desc"), &[][..]),
        (Some("name:asc"), &[][..]),
        (None, &[][..]),
        (Some("qty:asc"), &[("status", "eq", "paid")][..]),
        (Some("qty:asc"), &[("qty", "gt", "0")][..]),
    ] {
        assert_eq!(
            rejected(&items, &with_token(sort, filters, &token)),
            (InvalidValue, "pageToken".into()),
            "{sort:?} {filters:?}"
        );
    }
    // The same query may change its page size between pages.
    let mut same = with_token(Some("qty:asc"), &[], &token);
    same.size = Some("50".into());
    assert_eq!(items.list(&same).expect("same query").items.len(), 3);
}
