//! Forwarding to the partner's endpoint over real HTTP, with the real store: a local partner
//! that records what it gets and fails on demand; signatures checked with the same `verify`
//! that checks Stripe's.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use connectdesk_core::store::Store;
use connectdesk_core::webhooks::forward::{
    ForwardState, ForwardingSecrets, Outbox, BACKOFF_SECS, RETRY_WINDOW_SECS, SIGNATURE_HEADER,
};
use connectdesk_core::webhooks::inbox::{EventSource, Inbox, InboxEvent, Received};
use connectdesk_core::webhooks::signature::verify;
use connectdesk_secrets::Secret;
use serde_json::{json, Value};

const CONNECTION: u64 = 3;
const SECRET: &str = "fwsec_partner_test_secret_0123456789";
const NOW: i64 = 1_780_000_000;

struct Secrets(HashMap<u64, String>);

impl ForwardingSecrets for Secrets {
    fn secret(&self, connection_id: u64) -> Option<Secret> {
        self.0.get(&connection_id).map(|s| Secret::new(s.clone()))
    }
}

fn secrets() -> Secrets {
    Secrets(HashMap::from([(CONNECTION, SECRET.to_string())]))
}

/// One request the partner got.
#[derive(Debug, Clone)]
struct Got {
    signature: Option<String>,
    content_type: Option<String>,
    body: String,
}

#[derive(Clone, Default)]
struct Partner {
    got: Arc<Mutex<Vec<Got>>>,
    /// Answer 500 this many more times, then 200.
    failures: Arc<AtomicU32>,
}

impl Partner {
    fn got(&self) -> Vec<Got> {
        self.got.lock().expect("lock").clone()
    }
}

async fn partner_on(listener: tokio::net::TcpListener, failures: u32) -> Partner {
    let partner = Partner::default();
    partner.failures.store(failures, Ordering::SeqCst);
    let app = Router::new()
        .route(
            "/hooks",
            post(
                |State(partner): State<Partner>, headers: HeaderMap, body: Bytes| async move {
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    partner.got.lock().expect("lock").push(Got {
                        signature: header(SIGNATURE_HEADER),
                        content_type: header("content-type"),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    });
                    let fail = partner
                        .failures
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if fail {
                        (StatusCode::INTERNAL_SERVER_ERROR, "database\nunavailable")
                    } else {
                        (StatusCode::OK, "")
                    }
                },
            ),
        )
        .with_state(partner.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    partner
}

/// A partner on a free port that fails `failures` times first; its URL.
async fn partner(failures: u32) -> (Partner, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    (partner_on(listener, failures).await, url(addr))
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/hooks")
}

struct Harness {
    dir: tempfile::TempDir,
    inbox: Inbox,
    outbox: Outbox,
    http: reqwest::Client,
}

fn harness() -> Harness {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    Harness {
        inbox: Inbox::new(&store).expect("inbox"),
        outbox: Outbox::new(&store).expect("outbox"),
        dir,
        http: reqwest::Client::new(),
    }
}

impl Harness {
    fn event(&self, id: &str, kind: &str) -> InboxEvent {
        let body = json!({
            "id": id,
            "object": "event",
            "type": kind,
            "created": NOW - 5,
            "account": "acct_partner1",
            "livemode": false,
            "data": {"object": {"id": "po_123", "object": "payout", "amount": 1250}},
        })
        .to_string();
        match self
            .inbox
            .receive(CONNECTION, body.as_bytes(), EventSource::Receiver)
            .expect("received")
        {
            Received::New(event) => *event,
            Received::Duplicate => panic!("{id} was new"),
        }
    }
}

fn parsed(body: &str) -> Value {
    serde_json::from_str(body).expect("json")
}

#[tokio::test]
async fn a_forward_is_delivered_once_signed_with_the_connections_secret() {
    let h = harness();
    let (partner, url) = partner(0).await;
    let event = h.event("evt_paid1", "payout.paid");
    let forward = h
        .outbox
        .enqueue(&event, "acme-biz-1", &url)
        .expect("enqueue")
        .expect("forwarded type");
    assert_eq!(forward.state, ForwardState::Pending);
    assert_eq!(forward.forward_id, "fwd_evt_paid1");

    let summary = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW)
        .await
        .expect("deliver");
    assert_eq!(summary.delivered, 1);
    let got = partner.got();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].content_type.as_deref(), Some("application/json"));
    let signature = got[0].signature.as_deref();
    assert_eq!(
        verify(signature, got[0].body.as_bytes(), &[SECRET], NOW),
        Ok(NOW)
    );
    assert!(verify(signature, got[0].body.as_bytes(), &["fwsec_other"], NOW).is_err());
    assert_eq!(
        parsed(&got[0].body),
        json!({
            "id": "fwd_evt_paid1",
            "type": "stripe.payout_paid",
            "created": NOW - 5,
            "connection": "acme-biz-1",
            "account": "acct_partner1",
            "data": {"id": "po_123", "object": "payout", "amount": 1250},
        })
    );

    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.state, ForwardState::Delivered);
    assert_eq!(stored.delivered_at, Some(NOW));
    assert_eq!(stored.last_status, Some(200));
    assert_eq!(stored.attempts, 1);
    // Neither the secret nor the signature is kept.
    let kept = serde_json::to_string(&stored).expect("json");
    assert!(!kept.contains(SECRET) && !kept.contains("v1="), "{kept}");

    // Delivered: later runs leave it alone.
    let again = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW + 86_400)
        .await
        .expect("deliver");
    assert_eq!(again.delivered + again.retrying + again.failed, 0);
    assert_eq!(partner.got().len(), 1);
}

#[tokio::test]
async fn a_500_is_retried_after_the_backoff_and_not_before() {
    let h = harness();
    let (partner, url) = partner(1).await;
    let event = h.event("evt_fail_once", "charge.dispute.created");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url)
        .expect("enqueue")
        .expect("forwarded");
    let first = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW)
        .await
        .expect("deliver");
    assert_eq!((first.delivered, first.retrying), (0, 1));
    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.state, ForwardState::Pending);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.last_status, Some(500));
    assert_eq!(stored.next_attempt_at, NOW + BACKOFF_SECS[0]);
    assert!(stored
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("HTTP 500")));
    // The attempt is in its history with the first bytes of the answer, on one line.
    assert_eq!(stored.history.len(), 1);
    assert_eq!(stored.history[0].at, NOW);
    assert_eq!(stored.history[0].status, Some(500));
    assert_eq!(
        stored.history[0].answer.as_deref(),
        Some("database unavailable")
    );
    assert!(stored.history[0].latency_ms < 10_000);

    // Not due yet.
    let early = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW + BACKOFF_SECS[0] - 1)
        .await
        .expect("deliver");
    assert_eq!(early.delivered + early.retrying, 0);
    assert_eq!(partner.got().len(), 1);

    let due = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW + BACKOFF_SECS[0])
        .await
        .expect("deliver");
    assert_eq!(due.delivered, 1);
    let got = partner.got();
    assert_eq!(got.len(), 2);
    // The retry is the same message, signed at its own time.
    assert_eq!(got[0].body, got[1].body);
    assert_eq!(
        verify(
            got[1].signature.as_deref(),
            got[1].body.as_bytes(),
            &[SECRET],
            NOW + 60
        ),
        Ok(NOW + 60)
    );
    assert_eq!(
        parsed(&got[1].body)["type"],
        json!("stripe.dispute_created")
    );
    let history = h.outbox.get(forward.id).expect("stored").history;
    let steps: Vec<_> = history
        .iter()
        .map(|a| (a.at, a.status, a.error.is_some()))
        .collect();
    assert_eq!(
        steps,
        [
            (NOW, Some(500), true),
            (NOW + BACKOFF_SECS[0], Some(200), false)
        ]
    );
}

#[tokio::test]
async fn a_partner_that_is_down_keeps_the_forward_pending_until_it_is_up() {
    let h = harness();
    // A port nothing listens on (taken, then freed).
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        probe.local_addr().expect("addr")
    };
    let event = h.event("evt_down", "payment_intent.succeeded");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url(addr))
        .expect("enqueue")
        .expect("forwarded");
    let down = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW)
        .await
        .expect("deliver");
    assert_eq!(down.retrying, 1);
    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.state, ForwardState::Pending);
    assert_eq!(stored.last_status, None);
    let error = stored.last_error.clone().unwrap_or_default();
    assert!(error.contains("could not be reached"), "{error}");
    assert!(!error.contains(&addr.port().to_string()), "{error}");

    // The partner comes up on that port.
    let listener = tokio::net::TcpListener::bind(addr).await.expect("rebind");
    let partner = partner_on(listener, 0).await;
    let up = h
        .outbox
        .deliver_due(&h.http, &secrets(), stored.next_attempt_at)
        .await
        .expect("deliver");
    assert_eq!(up.delivered, 1);
    assert_eq!(partner.got().len(), 1);
    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.state, ForwardState::Delivered);
    assert_eq!(stored.attempts, 2);
    assert_eq!(stored.last_error, None);
}

#[tokio::test]
async fn a_pending_forward_survives_reopening_the_store_and_is_delivered_once() {
    let h = harness();
    let (partner, url) = partner(0).await;
    let event = h.event("evt_durable", "account.updated");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url)
        .expect("enqueue")
        .expect("forwarded");
    let Harness {
        dir, inbox, outbox, ..
    } = h;
    drop((inbox, outbox));

    let store = Store::open(dir.path()).expect("reopen");
    let outbox = Outbox::new(&store).expect("outbox");
    assert_eq!(
        outbox.get(forward.id).expect("kept").state,
        ForwardState::Pending
    );
    let http = reqwest::Client::new();
    let first = outbox
        .deliver_due(&http, &secrets(), NOW)
        .await
        .expect("deliver");
    let second = outbox
        .deliver_due(&http, &secrets(), NOW + 10)
        .await
        .expect("deliver");
    assert_eq!((first.delivered, second.delivered), (1, 0));
    assert_eq!(partner.got().len(), 1);
    assert_eq!(
        parsed(&partner.got()[0].body)["id"],
        json!("fwd_evt_durable")
    );
}

#[tokio::test]
async fn an_event_is_enqueued_once_and_unmapped_types_not_at_all() {
    let h = harness();
    let event = h.event("evt_twice", "payout.failed");
    let url = "http://127.0.0.1:9/hooks";
    let one = h.outbox.enqueue(&event, "acme", url).expect("enqueue");
    let two = h.outbox.enqueue(&event, "acme", url).expect("enqueue");
    assert_eq!(one.as_ref().map(|f| f.id), two.as_ref().map(|f| f.id));
    assert_eq!(h.outbox.forwards().count().expect("count"), 1);
    assert_eq!(
        h.outbox
            .find(CONNECTION, "evt_twice")
            .expect("find")
            .map(|f| f.partner_type),
        Some("stripe.payout_failed".to_string())
    );

    for (id, kind) in [
        ("evt_cap", "capability.updated"),
        ("evt_created", "payout.created"),
    ] {
        let other = h.event(id, kind);
        assert_eq!(
            h.outbox.enqueue(&other, "acme", url).expect("enqueue"),
            None
        );
    }
    assert_eq!(h.outbox.forwards().count().expect("count"), 1);
    // A URL that is not http(s) is refused.
    let bad = h.event("evt_bad_url", "payout.paid");
    assert!(h
        .outbox
        .enqueue(&bad, "acme", "file:///etc/passwd")
        .is_err());
}

#[tokio::test]
async fn a_resend_delivers_the_same_message_again() {
    let h = harness();
    let (partner, url) = partner(0).await;
    let event = h.event("evt_resend", "charge.dispute.updated");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url)
        .expect("enqueue")
        .expect("forwarded");
    h.outbox
        .deliver_due(&h.http, &secrets(), NOW)
        .await
        .expect("deliver");
    let resent = h.outbox.resend(forward.id, NOW + 30).expect("resend");
    assert_eq!(resent.state, ForwardState::Pending);
    assert_eq!(resent.next_attempt_at, NOW + 30);
    let summary = h
        .outbox
        .deliver_due(&h.http, &secrets(), NOW + 30)
        .await
        .expect("deliver");
    assert_eq!(summary.delivered, 1);
    let got = partner.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].body, got[1].body);
    assert_eq!(parsed(&got[1].body)["id"], json!("fwd_evt_resend"));
    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.deliveries, 2);
    assert_eq!(stored.delivered_at, Some(NOW + 30));
}

#[tokio::test]
async fn three_days_of_failures_fail_the_forward_and_a_resend_revives_it() {
    let h = harness();
    let (partner, url) = partner(u32::MAX).await;
    let event = h.event("evt_hopeless", "payout.paid");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url)
        .expect("enqueue")
        .expect("forwarded");
    let mut at = NOW;
    let mut runs = 0;
    loop {
        let summary = h
            .outbox
            .deliver_due(&h.http, &secrets(), at)
            .await
            .expect("deliver");
        runs += 1;
        assert_eq!(summary.delivered, 0);
        let stored = h.outbox.get(forward.id).expect("stored");
        if stored.state == ForwardState::Failed {
            assert_eq!(summary.failed, 1);
            break;
        }
        assert!(stored.next_attempt_at > at);
        at = stored.next_attempt_at;
        assert!(runs < 50, "never failed");
    }
    let stored = h.outbox.get(forward.id).expect("stored");
    assert_eq!(stored.attempts as usize, partner.got().len());
    // 1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h: the 12th attempt is the last within
    // three days.
    assert_eq!(stored.attempts, 12);
    assert_eq!(stored.history.len(), 12, "every attempt is in the history");
    assert!(at - NOW <= RETRY_WINDOW_SECS);
    assert_eq!(stored.first_attempt_at, Some(NOW));
    // Failed: no more attempts.
    h.outbox
        .deliver_due(&h.http, &secrets(), at + RETRY_WINDOW_SECS)
        .await
        .expect("deliver");
    assert_eq!(partner.got().len(), 12);

    partner.failures.store(0, Ordering::SeqCst);
    h.outbox.resend(forward.id, at + 100).expect("resend");
    let revived = h
        .outbox
        .deliver_due(&h.http, &secrets(), at + 100)
        .await
        .expect("deliver");
    assert_eq!(revived.delivered, 1);
}

#[tokio::test]
async fn nothing_is_sent_unsigned() {
    let h = harness();
    let (partner, url) = partner(0).await;
    let event = h.event("evt_nosecret", "payout.paid");
    let forward = h
        .outbox
        .enqueue(&event, "acme", &url)
        .expect("enqueue")
        .expect("forwarded");
    let none = Secrets(HashMap::new());
    let summary = h
        .outbox
        .deliver_due(&h.http, &none, NOW)
        .await
        .expect("deliver");
    assert_eq!(summary.retrying, 1);
    assert!(partner.got().is_empty());
    let stored = h.outbox.get(forward.id).expect("stored");
    assert!(stored
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("no forwarding secret")));
}
