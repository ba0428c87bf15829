//! The `/_sim` test controls: injected failures, latency, rate limits, clock, reset, logs.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{ids, TestSim};

#[tokio::test]
async fn fail_next_requests_with_and_without_should_retry() {
    let sim = TestSim::start().await;
    let faults = sim
        .control(
            "/faults/fail",
            json!({"count": 2, "status": 500, "should_retry": true}),
        )
        .await
        .ok();
    assert_eq!(faults["fail"]["count"], 2);
    for _ in 0..2 {
        let resp = sim
            .post(
                "/v1/payment_intents",
                &[("amount", "1000"), ("currency", "usd")],
            )
            .await;
        assert_eq!(resp.header("stripe-should-retry"), Some("true"));
        assert!(resp.header("request-id").is_some());
        assert_eq!(resp.err(500)["type"], "api_error");
    }
    sim.post(
        "/v1/payment_intents",
        &[("amount", "1000"), ("currency", "usd")],
    )
    .await
    .ok();
    assert_eq!(
        ids(&sim.get("/v1/payment_intents").await.ok()).len(),
        1,
        "failed requests changed nothing"
    );

    sim.control(
        "/faults/fail",
        json!({"count": 1, "status": 409, "should_retry": false}),
    )
    .await
    .ok();
    let resp = sim.get("/v1/balance").await;
    assert_eq!(resp.header("stripe-should-retry"), Some("false"));
    assert_eq!(resp.err(409)["code"], "lock_timeout");

    sim.control("/faults/fail", json!({"count": 1, "status": 503}))
        .await
        .ok();
    let resp = sim.get("/v1/balance").await;
    assert_eq!(resp.header("stripe-should-retry"), None);
    resp.err(503);
    sim.control("/faults/fail", json!({"count": 1, "status": 200}))
        .await
        .err(400);
    sim.stop().await;
}

#[tokio::test]
async fn dropped_connections_still_change_state() {
    let sim = TestSim::start().await;
    sim.control("/faults/drop", json!({"count": 1})).await.ok();
    let lost = sim
        .http
        .post(sim.url("/v1/accounts"))
        .bearer_auth(crate::common::KEY)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("type=standard")
        .send()
        .await;
    assert!(lost.is_err(), "{lost:?}");
    assert_eq!(ids(&sim.get("/v1/accounts").await.ok()).len(), 1);
    sim.get("/v1/balance").await.ok();
    sim.stop().await;
}

#[tokio::test]
async fn latency_and_rate_limit() {
    let sim = TestSim::start().await;
    sim.control("/faults/latency", json!({"ms": 300, "count": 1}))
        .await
        .ok();
    let started = Instant::now();
    sim.get("/v1/balance").await.ok();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    sim.get("/v1/balance").await.ok();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "latency applied to one request only"
    );

    sim.control("/faults/rate_limit", json!({"per_second": 2}))
        .await
        .ok();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let resp = sim.get("/v1/balance").await;
        if resp.status == 429 {
            assert_eq!(resp.body["error"]["code"], "rate_limit");
            assert_eq!(resp.body["error"]["type"], "invalid_request_error");
        }
        statuses.push(resp.status);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses[0], 200);
    let cleared = sim
        .send(sim.http.delete(sim.url("/_sim/faults")))
        .await
        .ok();
    assert_eq!(cleared["rate_limit"], serde_json::Value::Null);
    sim.get("/v1/balance").await.ok();
    sim.stop().await;
}

#[tokio::test]
async fn clock_reset_health_and_request_log() {
    let sim = TestSim::start().await;
    let health = sim.send(sim.http.get(sim.url("/_sim/health"))).await.ok();
    assert_eq!(health["ok"], true);
    let platform = health["platform_account"]
        .as_str()
        .expect("platform")
        .to_owned();
    let before = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok()["now"]
        .as_i64()
        .unwrap_or(0);
    let advanced = sim
        .control("/clock/advance", json!({"seconds": 86_400}))
        .await
        .ok();
    assert!(advanced["now"].as_i64().unwrap_or(0) >= before + 86_400);
    sim.control("/clock/advance", json!({"seconds": -5}))
        .await
        .err(400);
    sim.control("/clock/advance", json!("garbage"))
        .await
        .err(400);

    sim.active_account().await;
    let pi = sim
        .post(
            "/v1/payment_intents",
            &[("amount", "1000"), ("currency", "usd")],
        )
        .await;
    let request_id = pi.header("request-id").expect("id").to_owned();
    let logged = sim
        .send(
            sim.http
                .get(sim.url(&format!("/_sim/requests/{request_id}"))),
        )
        .await
        .ok();
    assert_eq!(
        (
            logged["method"].as_str(),
            logged["path"].as_str(),
            logged["status"].as_i64()
        ),
        (Some("POST"), Some("/v1/payment_intents"), Some(200))
    );

    let reset = sim.control("/reset", json!({})).await.ok();
    assert_ne!(reset["platform_account"], platform.as_str());
    assert_eq!(ids(&sim.get("/v1/accounts").await.ok()).len(), 0);
    assert_eq!(ids(&sim.get("/v1/payment_intents").await.ok()).len(), 0);
    let clock = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok();
    assert_eq!(clock["offset_secs"], 0);
    sim.stop().await;
}

#[tokio::test]
async fn verification_hold_makes_capabilities_pending() {
    let sim = TestSim::start().await;
    let id = sim.active_account().await;
    let held = sim
        .control(
            &format!("/accounts/{id}/verification"),
            json!({"hold": true}),
        )
        .await
        .ok();
    assert_eq!(
        held["capabilities"],
        json!({"card_payments": "pending", "transfers": "pending"})
    );
    assert_eq!(
        (
            held["charges_enabled"].as_bool(),
            held["payouts_enabled"].as_bool()
        ),
        (Some(false), Some(false))
    );
    assert_eq!(
        held["requirements"]["disabled_reason"],
        "requirements.pending_verification"
    );
    assert!(held["requirements"]["pending_verification"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x == "company.name")));
    let released = sim
        .control(
            &format!("/accounts/{id}/verification"),
            json!({"hold": false}),
        )
        .await
        .ok();
    assert_eq!(
        released["capabilities"],
        json!({"card_payments": "active", "transfers": "active"})
    );
    assert_eq!(released["requirements"]["pending_verification"], json!([]));
    let types = sim.event_types(Some(&id)).await;
    assert!(
        types.iter().filter(|t| *t == "capability.updated").count() >= 4,
        "{types:?}"
    );
    sim.control("/accounts/acct_nope/verification", json!({"hold": true}))
        .await
        .err(404);
    sim.stop().await;
}
