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
async fn keys_expire_after_24_hours() {
    let sim = TestSim::start().await;
    sim.post_idem(
        "old",
        "/v1/payment_intents",
        &[("amount", "1000"), ("currency", "usd")],
    )
    .await
    .ok();
    sim.advance(86_400 + 60).await;
    let fresh = sim
        .post_idem(
            "old",
            "/v1/payment_intents",
            &[("amount", "1000"), ("currency", "usd")],
        )
        .await;
    assert_eq!(
        (fresh.status, fresh.header("idempotent-replayed")),
        (200, None)
    );
    sim.stop().await;
}
