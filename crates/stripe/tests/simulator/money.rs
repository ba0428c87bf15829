//! The money test: the simulator carries a transfer out and drops the connection; the client
//! retries with the same key and exactly one transfer exists — also across a "crash".

use std::sync::Arc;

use connectdesk_stripe::transfers::{self, CreateTransfer, ListTransfers};
use futures::TryStreamExt;

use crate::harness::{fast_client, op, Harness};

#[tokio::test]
async fn a_dropped_transfer_is_retried_with_the_same_key_and_happens_once() {
    let h = Harness::start().await;
    let account = h.ready_account("money").await;
    h.fund_platform(100_000).await;

    h.drop_next(1).await;
    let operation = op("payout-run/2026-01-21/money");
    let transfer = h
        .client
        .create_transfer(&CreateTransfer::new(12_345, "usd", &account.id), &operation)
        .await
        .expect("transfer after retry");
    assert_eq!(transfer.amount, 12_345);

    let attempts = h.requests_to("POST", "/v1/transfers").await;
    assert_eq!(attempts.len(), 2, "carried out, dropped, retried");
    assert_eq!(attempts[0].1, attempts[1].1, "same Idempotency-Key");
    assert!(attempts[0].1.is_some());
    assert!(h.keys.completed().contains(&operation));

    let all: Vec<_> = h
        .client
        .paginate(
            transfers::list(&ListTransfers {
                destination: Some(account.id.clone()),
                ..Default::default()
            })
            .expect("builds"),
        )
        .try_collect()
        .await
        .expect("list transfers");
    assert_eq!(all.len(), 1, "exactly one transfer");
    assert_eq!(all[0].id, transfer.id);
}

#[tokio::test]
async fn after_a_crash_the_stored_key_prevents_a_second_transfer() {
    let h = Harness::start().await;
    let account = h.ready_account("crash").await;
    h.fund_platform(100_000).await;
    let operation = op("payout-run/2026-01-22/crash");
    let params = CreateTransfer::new(5_000, "usd", &account.id);

    // Every attempt is carried out but its answer lost; the process then "crashes".
    h.drop_next(3).await;
    let err = h
        .client
        .create_transfer(&params, &operation)
        .await
        .expect_err("no answer");
    assert!(err.is_transport(), "{err:?}");
    let key = h
        .keys
        .stored(&operation)
        .expect("outcome unknown: the key stays stored");

    // A new client over the same durable store (the app after a restart) sends the same key.
    let restarted = fast_client(h.sim.base_url(), Arc::clone(&h.keys))
        .build()
        .expect("client");
    let transfer = restarted
        .create_transfer(&params, &operation)
        .await
        .expect("replayed");
    let attempts = h.requests_to("POST", "/v1/transfers").await;
    assert_eq!(attempts.len(), 4);
    assert!(attempts
        .iter()
        .all(|(_, k)| k.as_deref() == Some(key.as_str())));

    let listed = restarted
        .list_transfers(&ListTransfers {
            destination: Some(account.id.clone()),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(listed.data.len(), 1, "exactly one transfer");
    assert_eq!(listed.data[0].id, transfer.id);
}

#[tokio::test]
async fn different_operations_get_different_keys() {
    let h = Harness::start().await;
    let account = h.ready_account("two").await;
    h.fund_platform(100_000).await;
    let params = CreateTransfer::new(1_000, "usd", &account.id);
    h.client
        .create_transfer(&params, &op("run/1"))
        .await
        .expect("first");
    h.client
        .create_transfer(&params, &op("run/2"))
        .await
        .expect("second");
    let attempts = h.requests_to("POST", "/v1/transfers").await;
    assert_eq!(attempts.len(), 2);
    assert_ne!(attempts[0].1, attempts[1].1);
    let listed = h
        .client
        .list_transfers(&ListTransfers::default())
        .await
        .expect("list");
    assert_eq!(listed.data.len(), 2);
}
