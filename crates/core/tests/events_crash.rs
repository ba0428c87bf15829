//! Events and forwards survive `kill -9`.
//!
//! Each test runs its own binary again as a child that does the work on a real store; the
//! parent kills it with SIGKILL at a bad moment, reopens the store and checks nothing was lost:
//! - an event the receiver answered 200 for is in the inbox, waiting to be applied, and the
//!   same event arriving again (the poller, a resend) is not taken twice;
//! - forwards killed in the middle of their retries (a partner attempt in flight) are all
//!   delivered after the restart, each exactly once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use connectdesk_core::store::Store;
use connectdesk_core::webhooks::forward::{ForwardState, ForwardingSecrets, Outbox};
use connectdesk_core::webhooks::inbox::{EventSource, EventState, Inbox, Received};
use connectdesk_core::webhooks::receiver::{self, WebhookSecrets};
use connectdesk_core::webhooks::signature::sign;
use connectdesk_secrets::Secret;
use serde_json::{json, Value};

const CHILD_DIR: &str = "CONNECTDESK_EVENTS_CRASH_DIR";
const CHILD_PARTNER: &str = "CONNECTDESK_EVENTS_CRASH_PARTNER";
const CONNECTION: u64 = 7;
const WEBHOOK_SECRET: &str = "whsec_crash_test_0123456789abcdef";
const FORWARDING_SECRET: &str = "fwsec_crash_test_0123456789abcdef";
/// Events the parent gets a 200 for before it kills the receiver.
const ACKNOWLEDGED: usize = 40;
/// Forwards the child keeps retrying when it is killed.
const FORWARDS: usize = 12;
const NOW: i64 = 1_780_000_000;

struct Secrets;

impl WebhookSecrets for Secrets {
    fn secrets(&self, connection_id: u64) -> Option<Vec<Secret>> {
        (connection_id == CONNECTION).then(|| vec![Secret::new(WEBHOOK_SECRET)])
    }
}

impl ForwardingSecrets for Secrets {
    fn secret(&self, connection_id: u64) -> Option<Secret> {
        (connection_id == CONNECTION).then(|| Secret::new(FORWARDING_SECRET))
    }
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn event_body(id: &str, kind: &str, created: i64) -> String {
    json!({
        "id": id,
        "object": "event",
        "type": kind,
        "created": created,
        "account": "acct_crash1",
        "livemode": false,
        "data": {"object": {"id": "po_crash", "object": "payout", "amount": 1250}},
    })
    .to_string()
}

/// Runs this test binary again as the child of `test`, with `env` set; its stdout piped.
fn spawn_child(test: &str, env: &[(&str, String)]) -> Child {
    let exe = std::env::current_exe().expect("own test binary");
    let mut command = Command::new(exe);
    command
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().expect("start the child")
}

/// The child's own report lines (`prefix …`), skipping what the harness prints.
fn child_lines(child: &mut Child) -> impl Iterator<Item = String> {
    let stdout = child.stdout.take().expect("piped stdout");
    BufReader::new(stdout)
        .lines()
        .map_while(std::result::Result::ok)
}

fn report(line: &str) {
    let mut stdout = std::io::stdout().lock();
    // The harness leaves "test ... " unterminated; our reports start on a line of their own.
    writeln!(stdout, "\n{line}").expect("report");
    stdout.flush().expect("report");
}

fn runtime() -> tokio::runtime::Runtime {
    // reqwest's rustls takes its crypto from the process-wide provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

// ---- The receiver ----

const RECEIVER_TEST: &str = "an_event_the_receiver_acknowledged_survives_sigkill_and_is_taken_once";

#[test]
fn an_event_the_receiver_acknowledged_survives_sigkill_and_is_taken_once() {
    if let Ok(dir) = std::env::var(CHILD_DIR) {
        if std::env::var(CHILD_PARTNER).is_err() {
            run_receiver_until_killed(&dir);
            return;
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = spawn_child(
        RECEIVER_TEST,
        &[(CHILD_DIR, dir.path().display().to_string())],
    );
    let url = child_lines(&mut child)
        .find_map(|line| line.strip_prefix("listening ").map(str::to_owned))
        .expect("the child's receiver address");

    // Webhooks as Stripe sends them, one after another; the child dies right after the last
    // 200, before anything could apply the events or close the store.
    let acknowledged = runtime().block_on(async {
        let http = reqwest::Client::new();
        let mut acknowledged = Vec::new();
        for n in 0..ACKNOWLEDGED {
            let id = format!("evt_crash_{n:03}");
            let body = event_body(&id, "payout.paid", unix_now());
            let status = http
                .post(&url)
                .header(
                    "Stripe-Signature",
                    sign(WEBHOOK_SECRET, unix_now(), body.as_bytes()),
                )
                .body(body)
                .send()
                .await
                .expect("the receiver answers")
                .status();
            assert_eq!(status, StatusCode::OK, "event {id}");
            acknowledged.push(id);
        }
        acknowledged
    });
    child.kill().expect("SIGKILL the receiver");
    let status = child.wait().expect("reap the receiver");
    assert!(!status.success(), "the receiver was killed: {status:?}");

    let store = Store::open(dir.path()).expect("reopen the store");
    let inbox = Inbox::new(&store).expect("inbox");
    let pending = inbox.pending(ACKNOWLEDGED + 10).expect("pending");
    let ids: Vec<&str> = pending.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(
        ids, acknowledged,
        "every acknowledged event waits to be applied, in order"
    );
    assert!(pending
        .iter()
        .all(|e| e.state == EventState::Pending && e.connection_id == CONNECTION));

    // The poller reads the same events from /v1/events afterwards: none is taken again.
    for id in &acknowledged {
        let again = inbox
            .receive(
                CONNECTION,
                event_body(id, "payout.paid", NOW).as_bytes(),
                EventSource::Poller,
            )
            .expect("receive");
        assert!(matches!(again, Received::Duplicate), "{id} taken twice");
    }
    assert_eq!(inbox.events().count().expect("count"), ACKNOWLEDGED as u64);
    // Applied once: settled, it is no longer pending, and a redelivery keeps it so.
    inbox
        .settle(
            pending[0].id,
            EventState::Applied,
            Some("Updated payouts".into()),
        )
        .expect("settle");
    inbox
        .receive(
            CONNECTION,
            event_body(&acknowledged[0], "payout.paid", NOW).as_bytes(),
            EventSource::Receiver,
        )
        .expect("receive");
    assert_eq!(
        inbox.pending(ACKNOWLEDGED + 10).expect("pending").len(),
        ACKNOWLEDGED - 1
    );
}

fn run_receiver_until_killed(dir: &str) {
    let store = Store::open(std::path::Path::new(dir)).expect("store");
    let inbox = Inbox::new(&store).expect("inbox");
    runtime().block_on(async {
        let running = receiver::start(0, inbox, Arc::new(Secrets))
            .await
            .expect("the receiver starts");
        report(&format!("listening {}", running.url_for(CONNECTION)));
        // Serve until killed (the parent gives up after a minute).
        tokio::time::sleep(Duration::from_secs(60)).await;
    });
}

// ---- The forwarder ----

const FORWARD_TEST: &str = "forwards_killed_mid_retries_are_all_delivered_once_after_restart";

/// A partner endpoint: fails while `failing`, answering slowly so a kill can land mid-attempt;
/// keeps the forward id of every request it answered 200.
#[derive(Clone, Default)]
struct Partner {
    failing: Arc<AtomicBool>,
    requests: Arc<AtomicUsize>,
    delivered: Arc<Mutex<Vec<String>>>,
}

async fn start_partner(partner: Partner) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let app = Router::new()
        .route(
            "/hooks",
            post(|State(partner): State<Partner>, body: Bytes| async move {
                partner.requests.fetch_add(1, Ordering::SeqCst);
                if partner.failing.load(Ordering::SeqCst) {
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let body: Value = serde_json::from_slice(&body).expect("json");
                let id = body["id"].as_str().expect("id").to_string();
                partner.delivered.lock().expect("lock").push(id);
                StatusCode::OK
            }),
        )
        .with_state(partner);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

#[test]
fn forwards_killed_mid_retries_are_all_delivered_once_after_restart() {
    if let (Ok(dir), Ok(url)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_PARTNER)) {
        retry_until_killed(&dir, &url);
        return;
    }
    let runtime = runtime();
    let partner = Partner::default();
    partner.failing.store(true, Ordering::SeqCst);
    let url = runtime.block_on(start_partner(partner.clone()));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = spawn_child(
        FORWARD_TEST,
        &[
            (CHILD_DIR, dir.path().display().to_string()),
            (CHILD_PARTNER, url.clone()),
        ],
    );
    // Kill once every forward has failed twice and the third round is under way: a request is
    // in flight (the partner answers slowly) and its outcome not yet written.
    let mut lines = child_lines(&mut child);
    let enqueued: Vec<String> = lines
        .by_ref()
        .find_map(|line| {
            line.strip_prefix("enqueued ")
                .map(|ids| ids.split(',').map(str::to_owned).collect())
        })
        .expect("the child's forwards");
    assert_eq!(enqueued.len(), FORWARDS);
    lines
        .find(|line| line == "round 2 done")
        .expect("two rounds of retries");
    let before_kill = 2 * FORWARDS;
    while partner.requests.load(Ordering::SeqCst) <= before_kill {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL the forwarder");
    let status = child.wait().expect("reap the forwarder");
    assert!(!status.success(), "the forwarder was killed: {status:?}");
    assert!(partner.delivered.lock().expect("lock").is_empty());

    // The app starts again; the partner is back.
    partner.failing.store(false, Ordering::SeqCst);
    let store = Store::open(dir.path()).expect("reopen the store");
    let outbox = Outbox::new(&store).expect("outbox");
    let all = outbox
        .forwards()
        .list(&connectdesk_core::query::ListQuery::default())
        .expect("forwards")
        .items;
    assert_eq!(all.len(), FORWARDS, "every forward is still there");
    assert!(all.iter().all(|f| f.state == ForwardState::Pending));
    assert!(
        all.iter().all(|f| f.attempts >= 2),
        "the attempts before the kill were kept: {:?}",
        all.iter().map(|f| f.attempts).collect::<Vec<_>>()
    );
    let http = reqwest::Client::new();
    let latest = all.iter().map(|f| f.next_attempt_at).max().unwrap_or(NOW);
    let summary = runtime
        .block_on(outbox.deliver_due(&http, &Secrets, latest))
        .expect("deliver");
    assert_eq!(summary.delivered, FORWARDS, "{summary:?}");
    let again = runtime
        .block_on(outbox.deliver_due(&http, &Secrets, latest + 86_400))
        .expect("deliver");
    assert_eq!(again.delivered + again.retrying + again.failed, 0);

    let mut got: HashMap<String, usize> = HashMap::new();
    for id in partner.delivered.lock().expect("lock").iter() {
        *got.entry(id.clone()).or_default() += 1;
    }
    let expected: HashMap<String, usize> = enqueued
        .iter()
        .map(|event| (format!("fwd_{event}"), 1))
        .collect();
    assert_eq!(got, expected, "each forward delivered exactly once");
    let stored = outbox
        .forwards()
        .list(&connectdesk_core::query::ListQuery::default())
        .expect("forwards")
        .items;
    assert!(stored
        .iter()
        .all(|f| f.state == ForwardState::Delivered && f.deliveries == 1));
}

/// Enqueues the forwards, then runs delivery rounds as the app's clock moves through the
/// backoff, reporting each finished round, until killed.
fn retry_until_killed(dir: &str, url: &str) {
    let store = Store::open(std::path::Path::new(dir)).expect("store");
    let inbox = Inbox::new(&store).expect("inbox");
    let outbox = Outbox::new(&store).expect("outbox");
    let mut ids = Vec::new();
    for n in 0..FORWARDS {
        let id = format!("evt_fwd_crash_{n:03}");
        let kind = if n % 2 == 0 {
            "payout.paid"
        } else {
            "charge.dispute.created"
        };
        let Received::New(event) = inbox
            .receive(
                CONNECTION,
                event_body(&id, kind, NOW).as_bytes(),
                EventSource::Receiver,
            )
            .expect("receive")
        else {
            panic!("{id} was new");
        };
        outbox
            .enqueue(&event, "crash-test", url)
            .expect("enqueue")
            .expect("a forwarded type");
        ids.push(id);
    }
    report(&format!("enqueued {}", ids.join(",")));
    let runtime = runtime();
    let http = reqwest::Client::new();
    runtime.block_on(async {
        let mut now = NOW;
        for round in 1..=1_000 {
            outbox
                .deliver_due(&http, &Secrets, now)
                .await
                .expect("deliver");
            report(&format!("round {round} done"));
            let next = outbox
                .forwards()
                .list(&connectdesk_core::query::ListQuery::default())
                .expect("forwards")
                .items
                .iter()
                .map(|f| f.next_attempt_at)
                .max()
                .unwrap_or(now);
            now = next.max(now + 1);
        }
    });
}
