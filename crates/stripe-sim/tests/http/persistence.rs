//! State survives a restart with `--data-dir`.

use stripe_sim::{SimConfig, StripeFee};

use crate::common::{ids, TestSim};

#[tokio::test]
async fn state_survives_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = || {
        SimConfig::ephemeral()
            .with_stripe_fee(StripeFee::FREE)
            .with_data_dir(dir.path())
    };

    let sim = TestSim::start_with(config()).await;
    let platform = sim.get("/v1/account").await.ok()["id"].clone();
    let connected = sim.active_account().await;
    let pi = sim
        .pay(&[
            ("transfer_data[destination]", &connected),
            ("application_fee_amount", "500"),
        ])
        .await;
    sim.advance(3 * 86_400).await;
    sim.post_idem(
        "persisted-key",
        "/v1/payment_intents",
        &[("amount", "700"), ("currency", "usd")],
    )
    .await
    .ok();
    let events_before = ids(&sim.get("/v1/events?limit=100").await.ok());
    sim.stop().await;

    let sim = TestSim::start_with(config()).await;
    assert_eq!(sim.get("/v1/account").await.ok()["id"], platform);
    assert_eq!(
        sim.get(&format!("/v1/accounts/{connected}")).await.ok()["payouts_enabled"],
        true
    );
    assert_eq!(
        sim.get(&format!(
            "/v1/payment_intents/{}",
            pi["id"].as_str().unwrap_or("")
        ))
        .await
        .ok()["status"],
        "succeeded"
    );
    assert_eq!(sim.balance(None, "usd").await, (500, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (9500, 0));
    assert_eq!(
        ids(&sim.get("/v1/events?limit=100").await.ok()),
        events_before
    );
    let replay = sim
        .post_idem(
            "persisted-key",
            "/v1/payment_intents",
            &[("amount", "700"), ("currency", "usd")],
        )
        .await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    let clock = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok();
    assert_eq!(clock["offset_secs"], 3 * 86_400);
    // New ids keep sorting after old ones.
    let newer = sim
        .post(
            "/v1/payment_intents",
            &[("amount", "900"), ("currency", "usd")],
        )
        .await
        .ok();
    assert_eq!(
        ids(&sim.get("/v1/payment_intents?limit=1").await.ok()),
        [newer["id"].as_str().unwrap_or("")]
    );
    sim.stop().await;

    let memory = TestSim::start().await;
    assert_eq!(ids(&memory.get("/v1/accounts").await.ok()).len(), 0);
    memory.stop().await;
}
