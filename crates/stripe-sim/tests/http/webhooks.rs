//! Webhook delivery with a `Stripe-Signature` the receiver verifies with ring.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use ring::hmac;
use serde_json::{json, Value};
use stripe_sim::{SimConfig, StripeFee, WebhookEndpoint};
use tokio::sync::mpsc;

use crate::common::TestSim;

pub type Received = (String, String);

/// A local endpoint that records `(Stripe-Signature, body)`; it answers `status`.
pub async fn receiver(status: StatusCode) -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new()
        .route(
            "/hooks",
            post(
                |State((tx, status)): State<(mpsc::UnboundedSender<Received>, StatusCode)>,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    let signature = headers
                        .get("stripe-signature")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    let _ = tx.send((signature, String::from_utf8_lossy(&body).into_owned()));
                    status
                },
            ),
        )
        .with_state((tx, status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/hooks"), rx)
}

/// Verifies a Stripe signature header as Stripe's libraries do.
pub fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = Some(t.to_owned()),
            Some(("v1", sig)) => signatures.push(sig.to_owned()),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let signed = format!("{timestamp}.{body}");
    signatures.iter().any(|hex| {
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect();
        bytes.is_some_and(|b| hmac::verify(&key, signed.as_bytes(), &b).is_ok())
    })
}

async fn next_event(
    rx: &mut mpsc::UnboundedReceiver<Received>,
    kind: &str,
) -> (String, Value, String) {
    loop {
        let (signature, body) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("webhook arrives in time")
            .expect("receiver open");
        let event: Value = serde_json::from_str(&body).expect("JSON event");
        if event["type"] == kind {
            return (signature, event, body);
        }
    }
}

#[tokio::test]
async fn events_are_delivered_signed() {
    let (url, mut rx) = receiver(StatusCode::OK).await;
    let sim = TestSim::start().await;
    let config = sim
        .control(
            "/webhook",
            json!({"url": url, "secret": "whsec_test_secret"}),
        )
        .await
        .ok();
    assert_eq!(config["secret"], "whsec_test_secret");
    let pi = sim.pay(&[]).await;
    let (signature, event, body) = next_event(&mut rx, "payment_intent.succeeded").await;
    assert!(
        verify("whsec_test_secret", &signature, &body),
        "signature {signature} must verify"
    );
    assert!(!verify("whsec_other", &signature, &body));
    let timestamp: i64 = signature
        .split(',')
        .find_map(|p| p.strip_prefix("t="))
        .and_then(|t| t.parse().ok())
        .expect("t=");
    assert!((timestamp - stripe_sim_now()).abs() < 60, "t is real time");
    assert_eq!(event["object"], "event");
    assert!(event["id"].as_str().is_some_and(|i| i.starts_with("evt_")));
    assert_eq!(event["data"]["object"]["id"], pi["id"]);
    assert_eq!(event["pending_webhooks"], 1);
    assert_eq!(event["livemode"], false);
    assert!(event["request"]["id"]
        .as_str()
        .is_some_and(|r| r.starts_with("req_")));
    let stored = sim
        .get(&format!(
            "/v1/events/{}",
            event["id"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(stored, event);

    // Connected-account events carry `account`.
    let connected = sim.active_account().await;
    sim.post(
        &format!("/v1/accounts/{connected}"),
        &[("metadata[x]", "1")],
    )
    .await
    .ok();
    let (_, update, _) = next_event(&mut rx, "account.updated").await;
    assert_eq!(update["account"], connected.as_str());

    tokio::time::sleep(Duration::from_millis(200)).await;
    let deliveries = sim
        .send(sim.http.get(sim.url("/_sim/webhook/deliveries")))
        .await
        .ok();
    assert!(deliveries["data"]
        .as_array()
        .is_some_and(|d| d.iter().any(|x| x["status"] == 200)));

    sim.send(sim.http.delete(sim.url("/_sim/webhook")))
        .await
        .ok();
    let events = sim.get("/v1/events?limit=1").await.ok();
    assert!(events["data"][0]["pending_webhooks"].is_i64());
    sim.stop().await;
}

fn stripe_sim_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[tokio::test]
async fn webhook_from_config_and_retries() {
    let (url, mut rx) = receiver(StatusCode::INTERNAL_SERVER_ERROR).await;
    let config = SimConfig::ephemeral()
        .with_stripe_fee(StripeFee::FREE)
        .with_webhook(WebhookEndpoint {
            url,
            secret: "whsec_configured".into(),
        });
    let sim = TestSim::start_with(config).await;
    let account = sim.post("/v1/accounts", &[("type", "standard")]).await.ok();
    let id = account["id"].as_str().expect("id").to_owned();
    sim.post(&format!("/v1/accounts/{id}"), &[("email", "a@example.com")])
        .await
        .ok();
    let (sig1, first, body) = next_event(&mut rx, "account.updated").await;
    assert!(verify("whsec_configured", &sig1, &body));
    let (_, retried, _) = next_event(&mut rx, "account.updated").await;
    assert_eq!(retried["id"], first["id"], "a failed delivery is retried");
    sim.stop().await;
}

#[test]
fn signature_helper_matches_ring() {
    let header = stripe_sim::signature_header("whsec_abc", 1_700_000_000, "{\"id\":\"evt_1\"}");
    assert!(verify("whsec_abc", &header, "{\"id\":\"evt_1\"}"));
    assert_eq!(
        stripe_sim::sign_payload("whsec_abc", 1_700_000_000, "{\"id\":\"evt_1\"}").len(),
        64
    );
}
