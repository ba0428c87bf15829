//! Every retry path, driven by the simulator's fault controls. Retries reuse the request's
//! idempotency key.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_stripe::accounts::UpdateAccount;
use connectdesk_stripe::testing::MemoryIdempotencyKeys;
use connectdesk_stripe::{Error, Metadata};

use crate::harness::{express, fast_client, op, Harness};

/// Creates an account after `fail_next(count, status, should_retry)`; returns the result and
/// the `(status, idempotency key)` of every POST /v1/accounts the simulator saw.
async fn create_after_faults(
    h: &Harness,
    count: u32,
    status: u16,
    should_retry: Option<bool>,
) -> (Result<String, Error>, Vec<(u16, Option<String>)>) {
    h.fail_next(count, status, should_retry).await;
    let result = h
        .client
        .create_account(
            &express(),
            &op(&format!("fault/{status}/{count}/{should_retry:?}")),
        )
        .await;
    (
        result.map(|account| account.id),
        h.requests_to("POST", "/v1/accounts").await,
    )
}

fn one_key(attempts: &[(u16, Option<String>)]) -> String {
    let key = attempts[0].1.clone().expect("an idempotency key");
    assert!(
        attempts
            .iter()
            .all(|(_, k)| k.as_deref() == Some(key.as_str())),
        "{attempts:?}"
    );
    key
}

#[tokio::test]
async fn server_errors_conflicts_and_rate_limits_are_retried_with_the_same_key() {
    for status in [500, 503, 409, 429] {
        let h = Harness::start().await;
        let (result, attempts) = create_after_faults(&h, 2, status, None).await;
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(
            attempts.iter().map(|a| a.0).collect::<Vec<_>>(),
            [status, status, 200]
        );
        one_key(&attempts);
        let stats = h.client.stats();
        assert_eq!((stats.attempts, stats.retries), (3, 2));
        assert_eq!(stats.rate_limited, if status == 429 { 2 } else { 0 });
    }
}

#[tokio::test]
async fn retries_stop_after_the_maximum_and_keep_the_key() {
    let h = Harness::start().await;
    let (result, attempts) = create_after_faults(&h, 3, 500, None).await;
    let err = result.expect_err("three failures exceed two retries");
    assert_eq!(err.status(), Some(500));
    assert!(
        err.request_id().is_some_and(|id| id.starts_with("req_")),
        "{err:?}"
    );
    assert_eq!(attempts.len(), 3);
    let key = one_key(&attempts);
    let stored = h
        .keys
        .stored(&op("fault/500/3/None"))
        .expect("outcome unknown: key kept");
    assert_eq!(stored.as_str(), key);

    // Trying the operation again later reuses the key.
    let account = h
        .client
        .create_account(&express(), &op("fault/500/3/None"))
        .await
        .expect("now it works");
    let attempts = h.requests_to("POST", "/v1/accounts").await;
    assert_eq!(attempts.len(), 4);
    one_key(&attempts);
    assert!(h.keys.stored(&op("fault/500/3/None")).is_none());
    assert!(account.id.starts_with("acct_"));
}

#[tokio::test]
async fn stripe_should_retry_false_is_never_retried() {
    for status in [500, 503, 409, 429] {
        let h = Harness::start().await;
        let (result, attempts) = create_after_faults(&h, 1, status, Some(false)).await;
        assert_eq!(result.expect_err("not retried").status(), Some(status));
        assert_eq!(attempts.len(), 1, "{status}");
        assert!(
            h.keys
                .stored(&op(&format!("fault/{status}/1/Some(false)")))
                .is_none(),
            "definitive: completed"
        );
    }
}

#[tokio::test]
async fn stripe_should_retry_true_forces_a_retry() {
    let h = Harness::start().await;
    let (result, attempts) = create_after_faults(&h, 1, 400, Some(true)).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(attempts.iter().map(|a| a.0).collect::<Vec<_>>(), [400, 200]);
    one_key(&attempts);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let h = Harness::start().await;
    for status in [400, 401, 402, 404] {
        h.fail_next(1, status, None).await;
        let err = h
            .client
            .retrieve_account("acct_whatever")
            .await
            .expect_err("fails");
        assert_eq!(err.status(), Some(status));
    }
    assert_eq!(
        h.requests().await.iter().filter(|r| r.0 == "GET").count(),
        4
    );
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let h = Harness::start().await;
    let account = h
        .client
        .create_account(&express(), &op("drop/account"))
        .await
        .expect("account");

    h.drop_next(1).await;
    let fetched = h
        .client
        .retrieve_account(&account.id)
        .await
        .expect("read retried");
    assert_eq!(fetched.object.id, account.id);

    h.drop_next(2).await;
    let update = UpdateAccount {
        metadata: Metadata::from([("k".into(), "v".into())]),
        ..Default::default()
    };
    h.client
        .update_account(&account.id, &update)
        .await
        .expect("update retried");
    let path = format!("/v1/accounts/{}", account.id);
    let updates = h.requests_to("POST", &path).await;
    assert_eq!(updates.len(), 3, "dropped twice, then answered (replayed)");
    one_key(&updates);
}

#[tokio::test]
async fn transport_failures_surface_as_network_and_timeout_errors() {
    let h = Harness::start().await;
    h.latency(400, None).await;
    let keys = Arc::new(MemoryIdempotencyKeys::new());
    let impatient = fast_client(h.sim.base_url(), keys)
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .build()
        .expect("client");
    let err = impatient.retrieve_balance().await.expect_err("too slow");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_transport());

    // Nothing listens on port 9 of loopback.
    let keys = Arc::new(MemoryIdempotencyKeys::new());
    let nowhere = fast_client("http://127.0.0.1:9", keys)
        .max_retries(1)
        .build()
        .expect("client");
    let err = nowhere.retrieve_balance().await.expect_err("refused");
    assert!(matches!(err, Error::Network(_)), "{err:?}");
}

#[tokio::test]
async fn the_simulators_rate_limit_is_retried() {
    let h = Harness::start().await;
    h.sim_rate_limit(1).await;
    let keys = Arc::new(MemoryIdempotencyKeys::new());
    let patient = fast_client(h.sim.base_url(), keys)
        .retry_delays(Duration::from_millis(1_100), Duration::from_secs(2))
        .build()
        .expect("client");
    patient.retrieve_balance().await.expect("first");
    patient
        .retrieve_balance()
        .await
        .expect("second waits for the next window");
    let statuses: Vec<u16> = h.requests().await.iter().map(|r| r.2).collect();
    assert_eq!(statuses, [200, 429, 200]);
}
