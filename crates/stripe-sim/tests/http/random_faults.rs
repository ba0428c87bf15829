//! Random faults for soak tests: deterministic from the seed, counted by kind, and each kind
//! leaves the idempotency state Stripe's rules say it should.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{encode, ids, TestSim, KEY};

const REQUESTS: usize = 30;

/// What the client saw for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Status(u16),
    TimedOut,
    Dropped,
}

/// A POST with a key and a client timeout shorter than the `slow` fault.
async fn post(sim: &TestSim, key: &str, amount: &str) -> Seen {
    let sent = sim
        .http
        .post(sim.url("/v1/payment_intents"))
        .bearer_auth(KEY)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .timeout(Duration::from_millis(1_000))
        .body(encode(&[("amount", amount), ("currency", "usd")]))
        .send()
        .await;
    match sent {
        Ok(resp) => Seen::Status(resp.status().as_u16()),
        Err(e) if e.is_timeout() => Seen::TimedOut,
        Err(_) => Seen::Dropped,
    }
}

async fn faults(sim: &TestSim) -> Value {
    sim.send(sim.http.get(sim.url("/_sim/faults"))).await.ok()
}

/// One soak run from a fresh simulator state: what was seen, and the fault counters.
async fn soak(sim: &TestSim, seed: u64) -> (Vec<Seen>, Value) {
    sim.control("/reset", json!({})).await.ok();
    let set = sim
        .control(
            "/faults",
            json!({"random": {"rate": 0.5, "seed": seed, "slow_ms": 2_500}}),
        )
        .await
        .ok();
    assert_eq!(set["random"]["rate"], 0.5);
    assert_eq!(set["random"]["kinds"].as_array().map(Vec::len), Some(5));
    let mut seen = Vec::new();
    for i in 0..REQUESTS {
        seen.push(post(sim, &format!("soak-{i}"), "1000").await);
    }
    let counters = faults(sim).await["injected"].clone();
    (seen, counters)
}

fn count(seen: &[Seen], what: &Seen) -> u64 {
    seen.iter().filter(|s| *s == what).count() as u64
}

#[tokio::test]
async fn random_faults_are_deterministic_counted_and_follow_the_idempotency_rules() {
    let sim = TestSim::start().await;
    let (other, _) = soak(&sim, 43).await;
    let (first, first_counters) = soak(&sim, 42).await;
    let (seen, counters) = soak(&sim, 42).await;
    assert_eq!(seen, first, "same seed, same faults");
    assert_eq!(counters, first_counters);
    assert_ne!(seen, other, "another seed, other faults");

    // The counters match what the client saw.
    let n = |kind: &str| counters[kind].as_u64().unwrap_or(u64::MAX);
    assert_eq!(n("requests"), REQUESTS as u64);
    assert_eq!(count(&seen, &Seen::Status(429)), n("rate_limit_429"));
    assert_eq!(
        count(&seen, &Seen::Status(500)),
        n("fail_before_5xx") + n("fail_after_commit_5xx")
    );
    assert_eq!(count(&seen, &Seen::Dropped), n("drop_after_commit"));
    assert_eq!(count(&seen, &Seen::TimedOut), n("slow"));
    let faulted = [
        "fail_before_5xx",
        "fail_after_commit_5xx",
        "drop_after_commit",
        "rate_limit_429",
        "slow",
    ]
    .iter()
    .map(|k| n(k))
    .sum::<u64>();
    assert_eq!(count(&seen, &Seen::Status(200)), REQUESTS as u64 - faulted);
    for kind in [
        "fail_before_5xx",
        "fail_after_commit_5xx",
        "drop_after_commit",
        "rate_limit_429",
        "slow",
    ] {
        assert!(
            n(kind) > 0,
            "seed 42 injects {kind} in {REQUESTS} requests: {counters}"
        );
    }

    // Everything but the failures before executing was carried out once.
    let cleared = sim
        .send(sim.http.delete(sim.url("/_sim/faults")))
        .await
        .ok();
    assert_eq!(cleared["random"], Value::Null);
    assert_eq!(cleared["injected"]["requests"], 0);
    let carried_out = REQUESTS as u64 - n("fail_before_5xx") - n("rate_limit_429");
    let listed = sim.get("/v1/payment_intents?limit=100").await.ok();
    assert_eq!(ids(&listed).len() as u64, carried_out);

    // Retrying every key with faults off: one object per key, stored 500s replay as 500s.
    let mut replayed_500 = 0;
    for (i, first) in seen.iter().enumerate() {
        let retry = sim
            .post_idem(
                &format!("soak-{i}"),
                "/v1/payment_intents",
                &[("amount", "1000"), ("currency", "usd")],
            )
            .await;
        let replayed = retry.header("idempotent-replayed") == Some("true");
        match first {
            Seen::Status(429) => assert!(!replayed && retry.status == 200),
            Seen::Status(200) | Seen::Dropped | Seen::TimedOut => {
                assert!(replayed && retry.status == 200, "{i}: {first:?}")
            }
            Seen::Status(500) if replayed => {
                assert_eq!(retry.status, 500);
                replayed_500 += 1;
            }
            Seen::Status(500) => assert_eq!(retry.status, 200),
            Seen::Status(other) => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(replayed_500, n("fail_after_commit_5xx"));
    let listed = sim.get("/v1/payment_intents?limit=100").await.ok();
    assert_eq!(ids(&listed).len(), REQUESTS);
    sim.stop().await;
}

#[tokio::test]
async fn fault_control_shapes_and_errors() {
    let sim = TestSim::start().await;
    let shown = faults(&sim).await;
    for kind in [
        "requests",
        "fail_before_4xx",
        "fail_before_5xx",
        "rate_limit_429",
        "fail_after_commit_5xx",
        "drop_after_commit",
        "slow",
        "latency",
    ] {
        assert_eq!(shown["injected"][kind], 0, "{kind}");
    }
    let set = sim
        .control(
            "/faults/random",
            json!({"rate": 0.25, "seed": 7, "kinds": ["slow", "drop_after_commit"]}),
        )
        .await
        .ok();
    assert_eq!(
        set["random"],
        json!({"rate": 0.25, "seed": 7, "kinds": ["slow", "drop_after_commit"], "slow_ms": 3000, "requests": 0})
    );
    // Several kinds at once; null turns one off; the others stay.
    let set = sim
        .control(
            "/faults",
            json!({"drop": {"count": 2}, "latency": {"ms": 5}, "random": null}),
        )
        .await
        .ok();
    assert_eq!(set["random"], Value::Null);
    assert_eq!(set["drop_next"], 2);
    assert_eq!(set["latency"]["ms"], 5);
    let rejected = [
        ("/faults/random", json!({"rate": 1.5})),
        ("/faults/random", json!({"rate": 0.5, "kinds": []})),
        ("/faults/random", json!({"rate": 0.5, "kinds": ["meteor"]})),
        ("/faults/random", json!({"rate": 0.5, "sed": 1})),
        (
            "/faults/fail_after_commit",
            json!({"count": 1, "status": 404}),
        ),
        (
            "/faults",
            json!({"fail": {"count": 1, "status": 500}, "bogus": 1}),
        ),
        ("/faults", json!({"fail": {"count": 1, "status": 200}})),
    ];
    for (path, body) in rejected {
        sim.control(path, body.clone()).await.err(400);
    }
    // A rejected combined setting changed nothing.
    let unchanged = faults(&sim).await;
    assert_eq!(unchanged["fail"], Value::Null);
    assert_eq!(unchanged["drop_next"], 2);
    sim.stop().await;
}
