//! Events through the app's own pipeline, on loopback: the local receiver (signature checked,
//! event flushed to the inbox before the 200), the applier the app runs on every arrival
//! (`account.updated` re-reads the account and its payment methods from the in-process
//! simulator and updates the onboarding entry), and the forwarder's deliveries to a local
//! partner endpoint.
//!
//! Figures:
//! - receiver throughput: events per second POSTed (8 in flight) until every one is applied;
//! - latency: one event at a time, from sending the webhook to the `RecordsChanged` the app
//!   emits to the window (p50 / p99);
//! - forwarder: deliveries per second of a backlog of pending forwards to a partner answering
//!   200 (one at a time, each outcome flushed, as the app delivers).
//!
//! Run: `cargo bench -p connectdesk-core --bench webhooks`
//! Fewer or more: `BENCH_EVENTS=200 cargo bench -p connectdesk-core --bench webhooks`

#[path = "../tests/onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use connectdesk_core::accounts::Accounts;
use connectdesk_core::connections::Connections;
use connectdesk_core::disputes::Disputes;
use connectdesk_core::fees::Fees;
use connectdesk_core::guard::Guard;
use connectdesk_core::journal::Journal;
use connectdesk_core::payments::Payments;
use connectdesk_core::payouts::Payouts;
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::StripeContext;
use connectdesk_core::transfers::Transfers;
use connectdesk_core::vault::Vault;
use connectdesk_core::webhooks::apply::{EventAppliers, RecordsChanged};
use connectdesk_core::webhooks::forward::{ForwardingSecrets, Outbox};
use connectdesk_core::webhooks::inbox::{EventSource, Inbox, Received};
use connectdesk_core::webhooks::receiver::{self, WebhookSecrets};
use connectdesk_core::webhooks::service::{EventPlatforms, Events, SANDBOX_CONNECTION};
use connectdesk_core::webhooks::signature::sign;
use connectdesk_secrets::{NoKeyring, Secret};
use serde_json::json;
use tokio::sync::mpsc;

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_EVENTS: usize = 1_000;
const LATENCY_SAMPLES: usize = 200;
const IN_FLIGHT: usize = 8;
const WEBHOOK_SECRET: &str = "whsec_bench_0123456789abcdef0123456789";
const FORWARDING_SECRET: &str = "fwsec_bench_0123456789abcdef0123456789";

/// The receiver knows the sandbox path's secret (the app learns it from the simulator when it
/// registers its endpoint; here the bench signs, so it must know it too).
struct BenchSecrets;

impl WebhookSecrets for BenchSecrets {
    fn secrets(&self, connection_id: u64) -> Option<Vec<Secret>> {
        (connection_id == SANDBOX_CONNECTION).then(|| vec![Secret::new(WEBHOOK_SECRET)])
    }
}

impl ForwardingSecrets for BenchSecrets {
    fn secret(&self, _connection_id: u64) -> Option<Secret> {
        Some(Secret::new(FORWARDING_SECRET))
    }
}

struct Sandbox(StripeContext);

impl EventPlatforms for Sandbox {
    fn platform(&self, id: u64) -> connectdesk_core::Result<Option<StripeContext>> {
        Ok((id == SANDBOX_CONNECTION).then(|| self.0.clone()))
    }
}

fn events_service(h: &support::Harness) -> Events {
    let journal = Journal::open(&h.store).expect("journal");
    let vault = Arc::new(Vault::open(h.dir.path(), &NoKeyring));
    let appliers = EventAppliers {
        onboarding: h.onboarding.clone(),
        accounts: Accounts::new(&h.store).expect("accounts"),
        payments: Payments::new(
            &h.store,
            journal.clone(),
            Arc::new(Fees::new(&h.store).expect("fees")),
        )
        .expect("payments"),
        payouts: Payouts::new(&h.store, journal.clone()).expect("payouts"),
        disputes: Disputes::new(&h.store, journal.clone()).expect("disputes"),
        transfers: Transfers::new(&h.store, journal.clone()).expect("transfers"),
    };
    let connections = Connections::new(&h.store, vault).expect("connections");
    let guard = Guard::open(&h.store).expect("guard");
    Events::new(&h.store, appliers, connections, journal, guard).expect("events")
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn account_updated(n: usize, account: &str) -> String {
    json!({
        "id": format!("evt_bench_{n:07}"),
        "object": "event",
        "type": "account.updated",
        "created": unix_now(),
        "account": account,
        "livemode": false,
        "data": {"object": {"id": account, "object": "account"}},
    })
    .to_string()
}

async fn post_signed(http: &reqwest::Client, url: &str, body: String) {
    let signature = sign(WEBHOOK_SECRET, unix_now(), body.as_bytes());
    let status = http
        .post(url)
        .header("Stripe-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the receiver answers")
        .status();
    assert!(status.is_success(), "receiver: {status}");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// The app's intake loop (src-tauri's `event_intake`): apply whenever the inbox says an event
/// arrived; every `RecordsChanged` goes out (here to the bench, there to the window).
fn spawn_applier(events: Events, platforms: Sandbox) -> mpsc::UnboundedReceiver<RecordsChanged> {
    let (tx, rx) = mpsc::unbounded_channel();
    let arrivals = events.inbox().arrivals();
    tokio::spawn(async move {
        loop {
            arrivals.notified().await;
            for change in events.apply_pending(&platforms).await.expect("apply") {
                if tx.send(change).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

async fn receiver_bench(count: usize) {
    let h = support::Harness::start().await;
    let entry = h.onboarded_custom("m_bench").await;
    let events = events_service(&h);
    let receiver = receiver::start(0, events.inbox().clone(), Arc::new(BenchSecrets))
        .await
        .expect("the receiver starts");
    let url = receiver.url_for(SANDBOX_CONNECTION);
    let mut changes = spawn_applier(events.clone(), Sandbox(h.ctx.clone()));
    let http = reqwest::Client::new();

    // Latency: one webhook at a time, sent → the change the window would get.
    let mut latencies = Vec::with_capacity(LATENCY_SAMPLES);
    for n in 0..LATENCY_SAMPLES {
        let body = account_updated(n, &entry.account_id);
        let sent = Instant::now();
        post_signed(&http, &url, body).await;
        let change = changes.recv().await.expect("a change");
        latencies.push(sent.elapsed());
        assert_eq!(change.sections, ["onboarding"], "{change:?}");
    }
    latencies.sort();

    // Throughput: `count` webhooks, several in flight, until all are applied.
    let started = Instant::now();
    let mut senders = Vec::new();
    for lane in 0..IN_FLIGHT {
        let (http, url, account) = (http.clone(), url.clone(), entry.account_id.clone());
        senders.push(tokio::spawn(async move {
            let mut n = LATENCY_SAMPLES + lane;
            while n < LATENCY_SAMPLES + count {
                post_signed(&http, &url, account_updated(n, &account)).await;
                n += IN_FLIGHT;
            }
        }));
    }
    for sender in senders {
        sender.await.expect("sender");
    }
    let received = started.elapsed();
    // The applier may have merged nothing: each event is one change.
    let mut applied = 0;
    while applied < count {
        changes.recv().await.expect("a change");
        applied += 1;
    }
    let total = started.elapsed();
    let stored = events.inbox().events().count().expect("count");
    assert_eq!(
        stored as usize,
        LATENCY_SAMPLES + count,
        "every event stored once"
    );

    println!("receiver ({count} account.updated events, {IN_FLIGHT} in flight, each applied with 2 simulator reads):");
    println!(
        "  received (verified + flushed) {:>8.0} events/s   ({:.2} s)",
        count as f64 / received.as_secs_f64(),
        received.as_secs_f64()
    );
    println!(
        "  received and applied          {:>8.0} events/s   ({:.2} s)",
        count as f64 / total.as_secs_f64(),
        total.as_secs_f64()
    );
    println!(
        "  webhook sent -> RecordsChanged, one at a time ({LATENCY_SAMPLES} samples): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies[latencies.len() - 1]),
    );
}

async fn forwarder_bench(count: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    let inbox = Inbox::new(&store).expect("inbox");
    let outbox = Outbox::new(&store).expect("outbox");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let app = Router::new().route("/hooks", post(|| async { StatusCode::OK }));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let mut kinds = HashMap::new();
    for n in 0..count {
        let body = json!({
            "id": format!("evt_fwd_{n:07}"),
            "object": "event",
            "type": "payout.paid",
            "created": unix_now(),
            "account": "acct_bench",
            "livemode": false,
            "data": {"object": {"id": format!("po_{n}"), "object": "payout", "amount": 1250}},
        })
        .to_string();
        let Received::New(event) = inbox
            .receive(SANDBOX_CONNECTION, body.as_bytes(), EventSource::Receiver)
            .expect("received")
        else {
            panic!("evt_fwd_{n} was new");
        };
        let forward = outbox
            .enqueue(&event, "bench", &url)
            .expect("enqueue")
            .expect("a forwarded type");
        *kinds.entry(forward.partner_type).or_insert(0) += 1;
    }
    let http = reqwest::Client::new();
    let started = Instant::now();
    let summary = outbox
        .deliver_due(&http, &BenchSecrets, unix_now())
        .await
        .expect("deliver");
    let took = started.elapsed();
    assert_eq!(summary.delivered, count, "{summary:?} {kinds:?}");
    println!("forwarder ({count} pending forwards, partner on loopback answering 200):");
    println!(
        "  delivered {:>8.0} forwards/s   ({:.2} s; signed, sent, outcome flushed each)",
        count as f64 / took.as_secs_f64(),
        took.as_secs_f64()
    );
}

fn main() {
    let count = std::env::var("BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_EVENTS);
    // reqwest's rustls takes its crypto from the process-wide provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        receiver_bench(count).await;
        forwarder_bench(count).await;
    });
}
