//! The list: filters, sorts, paging, deleted entries left out, and the exact error types.

use connectdesk_core::onboarding::OnboardingEntry;
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::ErrorCode;

use crate::support::{assert_code, open_link, submit_step, Harness, BANK, DETAILS};

fn query(size: Option<&str>, sort: Option<&str>, filters: &[(&str, &str, &str)]) -> ListQuery {
    ListQuery {
        size: size.map(Into::into),
        page_token: None,
        sort: sort.map(Into::into),
        filters: filters
            .iter()
            .map(|(field, op, value)| FilterInput {
                field: (*field).into(),
                op: (*op).into(),
                value: (*value).into(),
            })
            .collect(),
        ..ListQuery::default()
    }
}

fn merchants(h: &Harness, query: &ListQuery) -> Vec<String> {
    h.onboarding
        .list(query)
        .expect("list")
        .items
        .into_iter()
        .map(|entry: OnboardingEntry| entry.merchant_id)
        .collect()
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    let h = Harness::start().await;
    let mut links = Vec::new();
    for merchant in ["m_c", "m_a", "m_d", "m_b"] {
        links.push(
            h.onboarding
                .create(&h.ctx, h.input(merchant))
                .await
                .expect("create"),
        );
    }
    // m_d completes onboarding.
    let base = h.sim.base_url();
    let details = open_link(base, &links[2].url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    submit_step(base, &bank, BANK).await;
    h.onboarding
        .finish(&h.ctx, links[2].entry_id)
        .await
        .expect("finish");

    let workspace = h.workspace_id.to_string();
    let m_a = links[1].account_id.as_str();
    #[rustfmt::skip]
    let cases: Vec<(ListQuery, Vec<&str>)> = vec![
        (query(None, None, &[]), vec!["m_c", "m_a", "m_d", "m_b"]),
        (query(None, None, &[("status", "eq", "4")]), vec!["m_d"]),
        (query(None, None, &[("status", "in", "0,1,2,3")]), vec!["m_c", "m_a", "m_b"]),
        (query(None, None, &[("mode", "eq", "0")]), vec!["m_c", "m_a", "m_d", "m_b"]),
        (query(None, None, &[("mode", "eq", "1")]), vec![]),
        (query(None, None, &[("workspaceId", "eq", &workspace)]), vec!["m_c", "m_a", "m_d", "m_b"]),
        (query(None, None, &[("workspaceId", "eq", "999")]), vec![]),
        (query(None, None, &[("accountId", "eq", m_a)]), vec!["m_a"]),
        (query(None, None, &[("email", "contains", "m_b@")]), vec!["m_b"]),
        (query(None, Some("email:asc"), &[]), vec!["m_a", "m_b", "m_c", "m_d"]),
        (query(None, Some("id:desc"), &[("status", "eq", "0")]), vec!["m_b", "m_a", "m_c"]),
        (query(Some("1"), Some("status:desc"), &[]), vec!["m_d"]),
        (query(Some("1"), Some("updatedAt:desc"), &[]), vec!["m_d"]),
        (query(None, Some("createdAt:asc"), &[("status", "eq", "0")]), vec!["m_c", "m_a", "m_b"]),
    ];
    for (query, expected) in cases {
        assert_eq!(merchants(&h, &query), expected, "{query:?}");
    }

    // Pages of two, following the token.
    let first = h
        .onboarding
        .list(&query(Some("2"), Some("id:asc"), &[]))
        .expect("page 1");
    assert_eq!(
        (first.items.len(), first.total_count, first.end_reached),
        (2, 4, false)
    );
    let second = h
        .onboarding
        .list(&ListQuery {
            page_token: first.next_page_token,
            ..query(Some("2"), Some("id:asc"), &[])
        })
        .expect("page 2");
    assert_eq!((second.items.len(), second.end_reached), (2, true));

    // Deleted entries are left out.
    h.onboarding
        .delete(&links[1].entry_id.to_string())
        .expect("delete");
    assert_eq!(
        merchants(&h, &query(None, None, &[])),
        ["m_c", "m_d", "m_b"]
    );
    let deleted = query(None, None, &[("accountId", "eq", m_a)]);
    assert!(merchants(&h, &deleted).is_empty());
}

#[tokio::test]
async fn bad_list_queries_have_exact_error_types() {
    use ErrorCode::*;
    let h = Harness::start().await;
    let token = ListQuery {
        page_token: Some("not-a-token".into()),
        ..query(None, None, &[])
    };
    #[rustfmt::skip]
    let cases: Vec<(ListQuery, ErrorCode, &str)> = vec![
        (query(Some("0"), None, &[]), InvalidValue, "size"),
        (query(Some("301"), None, &[]), InvalidValue, "size"),
        (query(Some("ten"), None, &[]), InvalidCharacters, "size"),
        (query(None, Some("email:up"), &[]), InvalidValue, "sort"),
        (query(None, Some("email"), &[]), SyntaxError, "sort"),
        (query(None, Some("email:asc:x"), &[]), SyntaxError, "sort"),
        (query(None, Some("merchantId:asc"), &[]), UnknownDataField, "sort"),
        (query(None, Some("rawResponse:asc"), &[]), UnknownDataField, "sort"),
        (query(None, None, &[("rawResponse", "eq", "x")]), UnknownDataField, "filters[0].field"),
        (query(None, None, &[("status", "like", "1")]), UnknownOperation, "filters[0].op"),
        (query(None, None, &[("status", "contains", "1")]), UnknownOperation, "filters[0].op"),
        (query(None, None, &[("status", "eq", "paid")]), InvalidCharacters, "filters[0].value"),
        (query(None, None, &[("createdAt", "gt", "yesterday")]), InvalidCharacters, "filters[0].value"),
        (token, InvalidValue, "pageToken"),
    ];
    for (query, code, field) in cases {
        assert_code(h.onboarding.list(&query), code, Some(field));
    }
}
