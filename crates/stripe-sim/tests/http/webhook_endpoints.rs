//! `/v1/webhook_endpoints`: the resource, and delivery to registered endpoints by Stripe's
//! Connect rule, each signed with its own secret.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};
use stripe_sim::{SimConfig, StripeFee};
use tokio::sync::mpsc;

use crate::common::{ids, TestSim};
use crate::webhooks::{receiver, verify, Received};

async fn create(sim: &TestSim, form: &[(&str, &str)]) -> Value {
    sim.post("/v1/webhook_endpoints", form).await.ok()
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

fn secret(value: &Value) -> String {
    value["secret"].as_str().expect("secret").to_owned()
}

#[tokio::test]
async fn create_returns_the_secret_once() {
    let sim = TestSim::start().await;
    let created = create(
        &sim,
        &[
            ("url", "https://example.com/hooks"),
            ("enabled_events[]", "payout.paid"),
            ("enabled_events[]", "account.updated"),
            ("description", "Payout alerts"),
            ("metadata[team]", "ops"),
        ],
    )
    .await;
    assert!(id(&created).starts_with("we_"), "{created}");
    assert_eq!(created["object"], "webhook_endpoint");
    assert_eq!(created["url"], "https://example.com/hooks");
    assert_eq!(
        created["enabled_events"],
        json!(["payout.paid", "account.updated"])
    );
    assert_eq!(created["status"], "enabled");
    assert_eq!(created["description"], "Payout alerts");
    assert_eq!(created["metadata"], json!({"team": "ops"}));
    assert_eq!(created["livemode"], false);
    assert!(created["application"].is_null());
    assert!(created["api_version"].is_null());
    assert!(created["created"].is_i64());
    assert!(
        created.get("connect").is_none(),
        "Stripe never shows connect"
    );
    let whsec = secret(&created);
    assert!(whsec.starts_with("whsec_") && whsec.len() > 20, "{whsec}");
    let other = create(
        &sim,
        &[
            ("url", "https://example.com/other"),
            ("enabled_events[]", "*"),
            ("api_version", "2024-06-20"),
        ],
    )
    .await;
    assert_ne!(secret(&other), whsec, "secrets are random");
    assert_eq!(other["api_version"], "2024-06-20");

    let retrieved = sim
        .get(&format!("/v1/webhook_endpoints/{}", id(&created)))
        .await
        .ok();
    assert!(retrieved.get("secret").is_none(), "{retrieved}");
    let mut without_secret = created.clone();
    without_secret
        .as_object_mut()
        .expect("object")
        .remove("secret");
    assert_eq!(retrieved, without_secret);

    let listed = sim.get("/v1/webhook_endpoints").await.ok();
    assert_eq!(listed["object"], "list");
    assert_eq!(listed["url"], "/v1/webhook_endpoints");
    let data = listed["data"].as_array().expect("data");
    assert_eq!(data.len(), 2);
    assert!(data.iter().all(|e| e.get("secret").is_none()), "{listed}");
    assert!(!listed.to_string().contains(&whsec));
    sim.stop().await;
}

#[tokio::test]
async fn list_paginates_newest_first() {
    let sim = TestSim::start().await;
    let mut made = Vec::new();
    for n in 0..3 {
        let url = format!("https://example.com/hooks/{n}");
        made.push(id(&create(
            &sim,
            &[("url", &url), ("enabled_events[]", "*")],
        )
        .await));
    }
    let first = sim.get("/v1/webhook_endpoints?limit=2").await.ok();
    assert_eq!(ids(&first), [made[2].clone(), made[1].clone()]);
    assert_eq!(first["has_more"], true);
    let rest = sim
        .get(&format!(
            "/v1/webhook_endpoints?limit=2&starting_after={}",
            made[1]
        ))
        .await
        .ok();
    assert_eq!(ids(&rest), [made[0].clone()]);
    assert_eq!(rest["has_more"], false);
    let back = sim
        .get(&format!(
            "/v1/webhook_endpoints?limit=1&ending_before={}",
            made[0]
        ))
        .await
        .ok();
    assert_eq!(ids(&back), [made[1].clone()]);
    assert_eq!(back["has_more"], true);
    let err = sim
        .get("/v1/webhook_endpoints?starting_after=we_missing")
        .await
        .err(404);
    assert_eq!(err["code"], "resource_missing");
    let err = sim.get("/v1/webhook_endpoints?created=1").await.err(400);
    assert_eq!(err["param"], "created");
    sim.stop().await;
}

#[tokio::test]
async fn update_disable_and_delete() {
    let sim = TestSim::start().await;
    let created = create(
        &sim,
        &[
            ("url", "https://example.com/hooks"),
            ("enabled_events[]", "*"),
            ("description", "first"),
            ("metadata[a]", "1"),
        ],
    )
    .await;
    let path = format!("/v1/webhook_endpoints/{}", id(&created));
    let updated = sim
        .post(
            &path,
            &[
                ("url", "https://example.com/v2/hooks"),
                ("enabled_events[]", "payout.paid"),
                ("enabled_events[]", "payout.failed"),
                ("description", "second"),
                ("metadata[a]", ""),
                ("metadata[b]", "2"),
            ],
        )
        .await
        .ok();
    assert_eq!(updated["url"], "https://example.com/v2/hooks");
    assert_eq!(
        updated["enabled_events"],
        json!(["payout.paid", "payout.failed"])
    );
    assert_eq!(updated["description"], "second");
    assert_eq!(updated["metadata"], json!({"b": "2"}));
    assert!(updated.get("secret").is_none());
    assert_eq!(updated["created"], created["created"]);

    let disabled = sim.post(&path, &[("disabled", "true")]).await.ok();
    assert_eq!(disabled["status"], "disabled");
    assert_eq!(sim.get(&path).await.ok()["status"], "disabled");
    let enabled = sim
        .post(&path, &[("disabled", "false"), ("description", "")])
        .await
        .ok();
    assert_eq!(enabled["status"], "enabled");
    assert!(enabled["description"].is_null());

    let deleted = sim.delete(&path).await.ok();
    assert_eq!(
        deleted,
        json!({"id": id(&created), "object": "webhook_endpoint", "deleted": true})
    );
    for missing in [sim.get(&path).await, sim.delete(&path).await] {
        let err = missing.err(404);
        assert_eq!(err["type"], "invalid_request_error");
        assert_eq!(err["code"], "resource_missing");
        assert_eq!(
            err["message"],
            format!("No such webhook_endpoint: '{}'", id(&created))
        );
    }
    let err = sim.post(&path, &[("disabled", "true")]).await.err(404);
    assert_eq!(err["code"], "resource_missing");
    assert_eq!(ids(&sim.get("/v1/webhook_endpoints").await.ok()).len(), 0);
    sim.stop().await;
}

#[tokio::test]
async fn invalid_parameters_name_the_param() {
    let sim = TestSim::start().await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("url", "ftp://example.com/x"), ("enabled_events[]", "*")],
            "url",
        ),
        (
            &[("url", "/relative/hooks"), ("enabled_events[]", "*")],
            "url",
        ),
        (&[("url", "not a url"), ("enabled_events[]", "*")], "url"),
        (&[("enabled_events[]", "*")], "url"),
        (&[("url", "https://example.com/x")], "enabled_events"),
        (
            &[
                ("url", "https://example.com/x"),
                ("enabled_events[]", "payout.exploded"),
            ],
            "enabled_events",
        ),
        (
            &[
                ("url", "https://example.com/x"),
                ("enabled_events[]", "payout.paid"),
                ("enabled_events[]", "nope"),
            ],
            "enabled_events",
        ),
        (
            &[("url", "https://example.com/x"), ("enabled_events[]", "")],
            "enabled_events",
        ),
        (
            &[
                ("url", "https://example.com/x"),
                ("enabled_events[]", "*"),
                ("connect", "maybe"),
            ],
            "connect",
        ),
        (
            &[
                ("url", "https://example.com/x"),
                ("enabled_events[]", "*"),
                ("api_version", "latest"),
            ],
            "api_version",
        ),
        (
            &[
                ("url", "https://example.com/x"),
                ("enabled_events[]", "*"),
                ("secret", "whsec_mine"),
            ],
            "secret",
        ),
    ];
    for (form, param) in cases {
        let err = sim.post("/v1/webhook_endpoints", form).await.err(400);
        assert_eq!(err["type"], "invalid_request_error", "{form:?}");
        assert_eq!(err["param"], *param, "{form:?}: {err}");
    }
    let missing = sim
        .post("/v1/webhook_endpoints", &[("url", "https://example.com/x")])
        .await
        .err(400);
    assert_eq!(missing["code"], "parameter_missing");

    let created = create(
        &sim,
        &[("url", "https://example.com/x"), ("enabled_events[]", "*")],
    )
    .await;
    let path = format!("/v1/webhook_endpoints/{}", id(&created));
    for (form, param) in [
        (&[("url", "mailto:ops@example.com")][..], "url"),
        (&[("url", "")][..], "url"),
        (
            &[("enabled_events[]", "charge.exploded")][..],
            "enabled_events",
        ),
        (&[("connect", "true")][..], "connect"),
    ] {
        let err = sim.post(&path, form).await.err(400);
        assert_eq!(err["param"], param, "{form:?}: {err}");
    }
    assert_eq!(sim.get(&path).await.ok()["url"], "https://example.com/x");
    assert_eq!(
        ids(&sim.get("/v1/webhook_endpoints").await.ok()),
        [id(&created)],
        "refused creates stored nothing"
    );
    sim.stop().await;
}

#[tokio::test]
async fn connected_accounts_cannot_use_them() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let created = create(
        &sim,
        &[("url", "https://example.com/x"), ("enabled_events[]", "*")],
    )
    .await;
    let path = format!("/v1/webhook_endpoints/{}", id(&created));
    let form = [("url", "https://example.com/y"), ("enabled_events[]", "*")];
    for resp in [
        sim.post_as(Some(&connected), "/v1/webhook_endpoints", &form)
            .await,
        sim.get_as(Some(&connected), "/v1/webhook_endpoints").await,
        sim.get_as(Some(&connected), &path).await,
        sim.post_as(Some(&connected), &path, &[("disabled", "true")])
            .await,
    ] {
        let err = resp.err(403);
        assert_eq!(err["type"], "invalid_request_error");
        assert!(
            err["message"]
                .as_str()
                .is_some_and(|m| m.contains("Stripe-Account")),
            "{err}"
        );
    }
    assert_eq!(sim.get(&path).await.ok()["status"], "enabled");
    assert_eq!(ids(&sim.get("/v1/webhook_endpoints").await.ok()).len(), 1);
    sim.stop().await;
}

/// Receives `n` deliveries (10 s at most): `(signature, event, body)`.
async fn take(
    rx: &mut mpsc::UnboundedReceiver<Received>,
    n: usize,
) -> Vec<(String, Value, String)> {
    let mut out = Vec::new();
    while out.len() < n {
        let (signature, body) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap_or_else(|_| panic!("only {} of {n} deliveries arrived", out.len()))
            .expect("receiver open");
        let event: Value = serde_json::from_str(&body).expect("JSON event");
        out.push((signature, event, body));
    }
    out
}

/// Waits until `rx` received the event `id` (everything queued before it was tried by then).
async fn wait_for(rx: &mut mpsc::UnboundedReceiver<Received>, id: &str) {
    loop {
        let (_, body) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("sentinel delivery arrives")
            .expect("receiver open");
        let event: Value = serde_json::from_str(&body).expect("JSON event");
        if event["id"] == id {
            return;
        }
    }
}

/// Event ids of the platform or `account`, oldest first.
async fn event_ids(sim: &TestSim, account: Option<&str>, only: Option<&str>) -> Vec<String> {
    let path = match only {
        Some(kind) => format!("/v1/events?limit=100&type={kind}"),
        None => "/v1/events?limit=100".to_owned(),
    };
    let list = sim.get_as(account, &path).await.ok();
    assert_eq!(list["has_more"], false, "test expects one page of events");
    let mut ids = ids(&list);
    ids.reverse();
    ids
}

#[tokio::test]
async fn delivery_follows_the_connect_rule_with_each_endpoints_secret() {
    let (connect_url, mut connect_rx) = receiver(StatusCode::OK).await;
    let (platform_url, mut platform_rx) = receiver(StatusCode::OK).await;
    let (configured_url, mut configured_rx) = receiver(StatusCode::OK).await;
    let (sentinel_url, mut sentinel_rx) = receiver(StatusCode::OK).await;
    let sim = TestSim::start().await;
    let platform_before = event_ids(&sim, None, None).await;
    // The configured endpoint keeps receiving everything beside the registered ones.
    sim.control(
        "/webhook",
        json!({"url": configured_url, "secret": "whsec_configured"}),
    )
    .await
    .ok();
    let connect = create(
        &sim,
        &[
            ("url", &connect_url),
            ("enabled_events[]", "account.updated"),
            ("connect", "true"),
        ],
    )
    .await;
    let platform = create(&sim, &[("url", &platform_url), ("enabled_events[]", "*")]).await;
    let (connect_secret, platform_secret) = (secret(&connect), secret(&platform));

    let connected = sim.active_account().await;
    sim.post(
        &format!("/v1/accounts/{connected}"),
        &[("metadata[x]", "1")],
    )
    .await
    .ok();
    sim.pay(&[]).await;

    let connected_updates = event_ids(&sim, Some(&connected), Some("account.updated")).await;
    let connected_all = event_ids(&sim, Some(&connected), None).await;
    let platform_events: Vec<String> = event_ids(&sim, None, None)
        .await
        .into_iter()
        .filter(|e| !platform_before.contains(e))
        .collect();
    assert!(!connected_updates.is_empty() && connected_all.len() > connected_updates.len());
    assert!(!platform_events.is_empty());

    let got = take(&mut connect_rx, connected_updates.len()).await;
    let got_ids: Vec<String> = got.iter().map(|(_, e, _)| id(e)).collect();
    assert_eq!(
        got_ids, connected_updates,
        "connect endpoint: its account.updated, in order"
    );
    for (signature, event, body) in &got {
        assert_eq!(event["type"], "account.updated");
        assert_eq!(event["account"], connected.as_str());
        assert_eq!(
            event["pending_webhooks"], 2,
            "configured + connect endpoint"
        );
        assert!(
            verify(&connect_secret, signature, body),
            "signed with its own secret"
        );
        assert!(!verify(&platform_secret, signature, body));
    }

    let got = take(&mut platform_rx, platform_events.len()).await;
    let got_ids: Vec<String> = got.iter().map(|(_, e, _)| id(e)).collect();
    assert_eq!(
        got_ids, platform_events,
        "platform endpoint: every platform event, in order"
    );
    for (signature, event, body) in &got {
        assert!(event.get("account").is_none(), "{event}");
        assert_eq!(
            event["pending_webhooks"], 2,
            "configured + platform endpoint"
        );
        assert!(verify(&platform_secret, signature, body));
        assert!(!verify(&connect_secret, signature, body));
    }

    let everything = take(
        &mut configured_rx,
        platform_events.len() + connected_all.len(),
    )
    .await;
    assert!(everything.iter().all(|(signature, _, body)| verify(
        "whsec_configured",
        signature,
        body
    )));
    let mut got_ids: Vec<String> = everything.iter().map(|(_, e, _)| id(e)).collect();
    let mut expected: Vec<String> = platform_events
        .iter()
        .chain(&connected_all)
        .cloned()
        .collect();
    got_ids.sort();
    expected.sort();
    assert_eq!(
        got_ids, expected,
        "the configured endpoint gets platform and connected events"
    );

    // Nothing beyond what the rule says.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(connect_rx.try_recv().is_err(), "connect endpoint got more");
    assert!(
        platform_rx.try_recv().is_err(),
        "platform endpoint got more"
    );

    let deliveries = sim
        .send(sim.http.get(sim.url("/_sim/webhook/deliveries")))
        .await
        .ok();
    let data = deliveries["data"].as_array().expect("deliveries");
    assert!(data
        .iter()
        .any(|d| d["webhook_endpoint"] == connect["id"] && d["url"] == connect_url.as_str()));
    assert!(data
        .iter()
        .any(|d| d["webhook_endpoint"].is_null() && d["url"] == configured_url.as_str()));

    // Disabled and deleted endpoints receive nothing more; fresh catch-all endpoints (one per
    // side) show when the queue has passed the new events.
    sim.post(
        &format!("/v1/webhook_endpoints/{}", id(&connect)),
        &[("disabled", "true")],
    )
    .await
    .ok();
    sim.delete(&format!("/v1/webhook_endpoints/{}", id(&platform)))
        .await
        .ok();
    sim.send(sim.http.delete(sim.url("/_sim/webhook")))
        .await
        .ok();
    for connect in ["true", "false"] {
        create(
            &sim,
            &[
                ("url", &sentinel_url),
                ("enabled_events[]", "*"),
                ("connect", connect),
            ],
        )
        .await;
    }
    sim.post(
        &format!("/v1/accounts/{connected}"),
        &[("metadata[x]", "2")],
    )
    .await
    .ok();
    sim.pay(&[]).await;
    let last = event_ids(&sim, None, None).await;
    wait_for(&mut sentinel_rx, last.last().expect("an event")).await;
    assert!(
        connect_rx.try_recv().is_err(),
        "a disabled endpoint got an event"
    );
    assert!(
        platform_rx.try_recv().is_err(),
        "a deleted endpoint got an event"
    );
    sim.stop().await;
}

#[tokio::test]
async fn endpoints_survive_a_restart_and_keep_their_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = || {
        SimConfig::ephemeral()
            .with_stripe_fee(StripeFee::FREE)
            .with_data_dir(dir.path())
    };
    let (url, mut rx) = receiver(StatusCode::OK).await;
    let sim = TestSim::start_with(config()).await;
    let created = create(
        &sim,
        &[
            ("url", &url),
            ("enabled_events[]", "payment_intent.created"),
            ("description", "kept"),
        ],
    )
    .await;
    let path = format!("/v1/webhook_endpoints/{}", id(&created));
    let before = sim.get(&path).await.ok();
    sim.stop().await;

    let sim = TestSim::start_with(config()).await;
    assert_eq!(sim.get(&path).await.ok(), before);
    assert_eq!(
        ids(&sim.get("/v1/webhook_endpoints").await.ok()),
        [id(&created)]
    );
    let pi = sim.pay(&[]).await;
    let (signature, event, body) = take(&mut rx, 1).await.remove(0);
    assert_eq!(event["type"], "payment_intent.created");
    assert_eq!(event["data"]["object"]["id"], pi["id"]);
    assert!(verify(&secret(&created), &signature, &body));
    sim.stop().await;
}
