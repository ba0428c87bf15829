//! The auto-paginating stream over several pages.

use connectdesk_stripe::accounts::{self, ListAccounts};
use connectdesk_stripe::Page;
use futures::{StreamExt, TryStreamExt};

use crate::harness::{express, op, Harness};

async fn seed_accounts(h: &Harness, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(
            h.client
                .create_account(&express(), &op(&format!("seed/{n}")))
                .await
                .expect("account")
                .id,
        );
    }
    ids
}

#[tokio::test]
async fn streams_every_item_across_pages_lazily() {
    let h = Harness::start().await;
    let mut created = seed_accounts(&h, 25).await;
    created.reverse(); // Stripe lists newest first.

    let request = accounts::list(&ListAccounts {
        page: Page::limit(10),
        ..Default::default()
    })
    .expect("builds");
    let streamed: Vec<String> = h
        .client
        .paginate(request.clone())
        .map_ok(|account| account.id)
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(streamed, created);

    let lists = h.requests_to("GET", "/v1/accounts").await;
    assert_eq!(lists.len(), 3, "25 items in pages of 10");

    // Lazy: taking 3 items fetches one page only.
    let first: Vec<_> = h
        .client
        .paginate(request)
        .take(3)
        .try_collect()
        .await
        .expect("first three");
    assert_eq!(first.len(), 3);
    assert_eq!(h.requests_to("GET", "/v1/accounts").await.len(), 4);
}

#[tokio::test]
async fn starts_after_a_cursor_and_pages_backwards() {
    let h = Harness::start().await;
    let mut created = seed_accounts(&h, 7).await;
    created.reverse();

    let after = accounts::list(&ListAccounts {
        page: Page::limit(2).starting_after(&created[2]),
        ..Default::default()
    })
    .expect("builds");
    let rest: Vec<String> = h
        .client
        .paginate(after)
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .expect("forwards");
    assert_eq!(rest, created[3..]);

    let before = accounts::list(&ListAccounts {
        page: Page::limit(2).ending_before(&created[5]),
        ..Default::default()
    })
    .expect("builds");
    let earlier: Vec<String> = h
        .client
        .paginate(before)
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .expect("backwards");
    let mut expected = created[..5].to_vec();
    expected.reverse();
    assert_eq!(earlier, expected, "backwards yields the nearest item first");
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let h = Harness::start().await;
    seed_accounts(&h, 5).await;
    let request = accounts::list(&ListAccounts {
        page: Page::limit(2),
        ..Default::default()
    })
    .expect("builds");
    let mut stream = Box::pin(h.client.paginate(request));
    assert!(stream.next().await.expect("item").is_ok());
    assert!(stream.next().await.expect("item").is_ok());
    h.fail_next(1, 400, None).await;
    let err = stream
        .next()
        .await
        .expect("an error item")
        .expect_err("the injected failure");
    assert_eq!(err.status(), Some(400));
    assert!(stream.next().await.is_none(), "nothing after an error");
}
