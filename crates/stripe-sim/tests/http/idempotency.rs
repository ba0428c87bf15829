//! `Idempotency-Key`: replay, mismatch, what is stored, and retries after a dropped connection.

use serde_json::json;

use crate::common::{encode, ids, TestSim, KEY};

const PAYMENT: &[(&str, &str)] = &[
    ("amount", "2500"),
    ("currency", "usd"),
    ("confirm", "true"),
    ("payment_method", "pm_card_visa"),
];

#[tokio::test]
async fn same_key_same_params_replays() {
    let sim = TestSim::start().await;
    let first = sim
        .post_idem("order-42", "/v1/payment_intents", PAYMENT)
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("idempotent-replayed"), None);
    assert_eq!(first.header("idempotency-key"), Some("order-42"));
    let second = sim
        .post_idem("order-42", "/v1/payment_intents", PAYMENT)
        .await;
    assert_eq!(second.status, 200);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        second.header("original-request"),
        first.header("request-id")
    );
    assert_ne!(second.header("request-id"), first.header("request-id"));
    assert_eq!(second.body, first.body);
    // Parameter order does not matter.
    let reordered: Vec<(&str, &str)> = PAYMENT.iter().rev().copied().collect();
    let third = sim
        .post_idem("order-42", "/v1/payment_intents", &reordered)
        .await;
    assert_eq!(third.header("idempotent-replayed"), Some("true"));
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 1);
    assert_eq!(sim.balance(None, "usd").await, (0, 2500));
    // The same key on another account is another key.
    let connected = sim.active_account().await;
    let req = sim
        .http
        .post(sim.url("/v1/payment_intents"))
        .bearer_auth(KEY)
        .header("Stripe-Account", &connected)
        .header("Idempotency-Key", "order-42")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(encode(&[("amount", "2500"), ("currency", "usd")]));
    let other = sim.send(req).await;
    assert_eq!(
        (other.status, other.header("idempotent-replayed")),
        (200, None)
    );
    sim.stop().await;
}

#[tokio::test]
async fn same_key_different_params_is_an_idempotency_error() {
    let sim = TestSim::start().await;
    sim.post_idem(
        "k1",
        "/v1/payment_intents",
        &[("amount", "1000"), ("currency", "usd")],
    )
    .await
    .ok();
    let e = sim
        .post_idem(
            "k1",
            "/v1/payment_intents",
            &[("amount", "2000"), ("currency", "usd")],
        )
        .await
        .err(400);
    assert_eq!(e["type"], "idempotency_error");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("'k1'")));
    let e = sim
        .post_idem(
            "k1",
            "/v1/transfers",
            &[("amount", "1000"), ("currency", "usd")],
        )
        .await
        .err(400);
    assert_eq!(e["type"], "idempotency_error");
    sim.stop().await;
}

#[tokio::test]
async fn validation_errors_are_not_stored_but_declines_are() {
    let sim = TestSim::start().await;
    let e = sim
        .post_idem("k2", "/v1/payment_intents", &[("currency", "usd")])
        .await
        .err(400);
    assert_eq!(e["param"], "amount");
    // The corrected request may reuse the key.
    sim.post_idem(
        "k2",
        "/v1/payment_intents",
        &[("amount", "1000"), ("currency", "usd")],
    )
    .await
    .ok();

    let declined = [
        ("amount", "1000"),
        ("currency", "usd"),
        ("confirm", "true"),
        ("payment_method", "pm_card_chargeDeclined"),
    ];
    let first = sim.post_idem("k3", "/v1/payment_intents", &declined).await;
    assert_eq!(first.status, 402);
    let again = sim.post_idem("k3", "/v1/payment_intents", &declined).await;
    assert_eq!(
        (again.status, again.header("idempotent-replayed")),
        (402, Some("true"))
    );
    assert_eq!(again.body, first.body);
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 2);
    sim.stop().await;
}

#[tokio::test]
async fn retry_after_dropped_connection_does_not_double() {
    let sim = TestSim::start().await;
    sim.control("/faults/drop", json!({"count": 1})).await.ok();
    let lost = sim
        .http
        .post(sim.url("/v1/payment_intents"))
        .bearer_auth(KEY)
        .header("Idempotency-Key", "retry-me")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(encode(PAYMENT))
        .send()
        .await;
    assert!(lost.is_err(), "the response must never arrive: {lost:?}");
    // The request was carried out even though the client saw an error.
    assert_eq!(sim.balance(None, "usd").await, (0, 2500));
    let retry = sim
        .post_idem("retry-me", "/v1/payment_intents", PAYMENT)
        .await;
    assert_eq!(
        (retry.status, retry.header("idempotent-replayed")),
        (200, Some("true"))
    );
    assert_eq!(retry.body["status"], "succeeded");
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 1);
    assert_eq!(sim.balance(None, "usd").await, (0, 2500));
    sim.stop().await;
}

#[tokio::test]
async fn keys_are_forgotten_once_24_hours_old_by_the_sim_clock() {
    let form = [("amount", "1000"), ("currency", "usd")];
    let sim = TestSim::start().await;
    let first = sim.post_idem("old", "/v1/payment_intents", &form).await;
    assert_eq!(first.status, 200);
    sim.advance(86_400 - 60).await;
    let young = sim.post_idem("old", "/v1/payment_intents", &form).await;
    assert_eq!(young.header("idempotent-replayed"), Some("true"));
    assert_eq!(young.body, first.body);
    sim.advance(60).await;
    let fresh = sim.post_idem("old", "/v1/payment_intents", &form).await;
    assert_eq!(
        (fresh.status, fresh.header("idempotent-replayed")),
        (200, None)
    );
    assert_ne!(fresh.body["id"], first.body["id"]);
    // The new answer is what the key replays from now on.
    let again = sim.post_idem("old", "/v1/payment_intents", &form).await;
    assert_eq!(again.header("original-request"), fresh.header("request-id"));
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 2);
    // A forgotten key no longer pins its parameters.
    sim.advance(86_400).await;
    let other = sim
        .post_idem(
            "old",
            "/v1/payment_intents",
            &[("amount", "2000"), ("currency", "usd")],
        )
        .await;
    assert_eq!(other.ok()["amount"], 2000);
    sim.stop().await;
}

#[tokio::test]
async fn failures_before_executing_are_not_stored_and_the_retry_executes_once() {
    let sim = TestSim::start().await;
    for status in [500, 503, 429] {
        sim.control("/faults/fail", json!({"count": 1, "status": status}))
            .await
            .ok();
        let key = format!("before-{status}");
        let failed = sim.post_idem(&key, "/v1/payment_intents", PAYMENT).await;
        assert_eq!(failed.status, status);
        assert_eq!(failed.header("idempotent-replayed"), None);
        let retry = sim.post_idem(&key, "/v1/payment_intents", PAYMENT).await;
        assert_eq!(
            (retry.status, retry.header("idempotent-replayed")),
            (200, None),
            "the retry executes"
        );
        let replay = sim.post_idem(&key, "/v1/payment_intents", PAYMENT).await;
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(replay.body["id"], retry.body["id"]);
    }
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 3);
    assert_eq!(sim.balance(None, "usd").await, (0, 3 * 2500));
    let faults = sim.send(sim.http.get(sim.url("/_sim/faults"))).await.ok();
    assert_eq!(faults["injected"]["fail_before_5xx"], 2);
    assert_eq!(faults["injected"]["rate_limit_429"], 1);

    // Authentication fails before executing too: the same key then works with a good key.
    let unauthenticated = sim
        .send(
            sim.http
                .post(sim.url("/v1/payment_intents"))
                .bearer_auth("sk_test_invalid0123456789")
                .header("Idempotency-Key", "auth")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(encode(PAYMENT)),
        )
        .await;
    unauthenticated.err(401);
    let retry = sim.post_idem("auth", "/v1/payment_intents", PAYMENT).await;
    assert_eq!(
        (retry.status, retry.header("idempotent-replayed")),
        (200, None)
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_failure_after_commit_stores_the_500_and_replays_it() {
    let sim = TestSim::start().await;
    let faults = sim
        .control("/faults/fail_after_commit", json!({"count": 1}))
        .await
        .ok();
    assert_eq!(faults["fail_after_commit"]["count"], 1);
    assert_eq!(faults["fail_after_commit"]["status"], 500);
    let failed = sim.post_idem("after", "/v1/payment_intents", PAYMENT).await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.body["error"]["type"], "api_error");
    assert_eq!(failed.header("idempotent-replayed"), None);
    // The payment was carried out and committed.
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 1);
    assert_eq!(sim.balance(None, "usd").await, (0, 2500));
    let replay = sim.post_idem("after", "/v1/payment_intents", PAYMENT).await;
    assert_eq!(replay.status, 500);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        replay.header("original-request"),
        failed.header("request-id")
    );
    assert_eq!(replay.body, failed.body);
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 1);
    assert_eq!(sim.balance(None, "usd").await, (0, 2500));
    let faults = sim.send(sim.http.get(sim.url("/_sim/faults"))).await.ok();
    assert_eq!(faults["fail_after_commit"], serde_json::Value::Null);
    assert_eq!(faults["injected"]["fail_after_commit_5xx"], 1);

    // A request the endpoint refused is answered as usual and does not use the fault up.
    sim.control(
        "/faults/fail_after_commit",
        json!({"count": 1, "status": 503}),
    )
    .await
    .ok();
    sim.post_idem("refused", "/v1/payment_intents", &[("currency", "usd")])
        .await
        .err(400);
    let failed = sim
        .post_idem("refused", "/v1/payment_intents", PAYMENT)
        .await;
    assert_eq!(failed.status, 503);
    let replay = sim
        .post_idem("refused", "/v1/payment_intents", PAYMENT)
        .await;
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed")),
        (503, Some("true"))
    );
    sim.control(
        "/faults/fail_after_commit",
        json!({"count": 1, "status": 400}),
    )
    .await
    .err(400);
    sim.stop().await;
}

#[tokio::test]
async fn refused_requests_are_not_stored_but_executed_errors_are() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let transfer = [
        ("amount", "1000"),
        ("currency", "usd"),
        ("destination", connected.as_str()),
    ];
    // No funds: refused before anything changed, so the key stays free.
    let e = sim
        .post_idem("tr-1", "/v1/transfers", &transfer)
        .await
        .err(400);
    assert_eq!(e["code"], "balance_insufficient");
    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    let done = sim.post_idem("tr-1", "/v1/transfers", &transfer).await;
    assert_eq!(
        (done.status, done.header("idempotent-replayed")),
        (200, None)
    );
    let replay = sim.post_idem("tr-1", "/v1/transfers", &transfer).await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(ids(&sim.get("/v1/transfers").await.ok()).len(), 1);
    // A key sent on a GET has no effect (Stripe ignores it).
    let req = sim
        .http
        .get(sim.url("/v1/balance"))
        .bearer_auth(KEY)
        .header("Idempotency-Key", "tr-1");
    let balance = sim.send(req).await;
    assert_eq!(
        (balance.status, balance.header("idempotent-replayed")),
        (200, None)
    );
    sim.stop().await;
}
