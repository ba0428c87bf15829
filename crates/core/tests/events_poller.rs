//! The Events API poller against the simulator (real events of a connected account, read with
//! `Stripe-Account`) and against a scripted Stripe that fails mid-poll.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY;
use connectdesk_core::webhooks::inbox::{EventSource, Inbox, Received};
use connectdesk_core::webhooks::poller::{Poller, RETENTION_MARGIN_SECS, RETENTION_SECS};
use connectdesk_stripe::accounts::{
    AccountType, CapabilityName, CapabilityRequest, CreateAccount, UpdateAccount,
};
use connectdesk_stripe::events::ListEvents;
use connectdesk_stripe::{
    events, ApiKey, Client, IdempotencyKey, IdempotencyKeys, IdempotencyStoreError, OperationRef,
    Page, RateLimit,
};
use serde_json::{json, Value};
use stripe_sim::SimConfig;

const CONNECTION: u64 = 11;

/// Fresh keys every time: the tests never replay a create.
struct Keys;

impl IdempotencyKeys for Keys {
    fn key_for(&self, _: &OperationRef) -> Result<IdempotencyKey, IdempotencyStoreError> {
        IdempotencyKey::generate()
    }
    fn complete(&self, _: &OperationRef) -> Result<(), IdempotencyStoreError> {
        Ok(())
    }
}

fn client(base_url: &str) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder(
        ApiKey::new(SANDBOX_PLATFORM_KEY).expect("key"),
        Arc::new(Keys),
    )
    .base_url(base_url)
    .rate_limit(RateLimit::per_second(1_000).with_burst(200))
    .max_retries(0)
    .timeout(Duration::from_secs(10))
    .build()
    .expect("client")
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

struct Setup {
    _dir: tempfile::TempDir,
    inbox: Inbox,
    poller: Poller,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    Setup {
        inbox: Inbox::new(&store).expect("inbox"),
        poller: Poller::new(&store).expect("poller"),
        _dir: dir,
    }
}

/// A connected account with `updates` metadata changes (one `account.updated` each).
async fn account_with_events(client: &Client, updates: usize) -> String {
    let params = CreateAccount {
        account_type: Some(AccountType::Express),
        country: Some("US".into()),
        capabilities: [(
            CapabilityName::Transfers,
            CapabilityRequest { requested: true },
        )]
        .into(),
        ..CreateAccount::default()
    };
    let account = client
        .create_account(&params, &OperationRef::new("poller-test").expect("op"))
        .await
        .expect("account");
    for n in 0..updates {
        let change = UpdateAccount {
            metadata: [("n".to_string(), n.to_string())].into(),
            ..UpdateAccount::default()
        };
        client
            .update_account(&account.id, &change)
            .await
            .expect("update");
    }
    account.id
}

/// Every event of the account as Stripe sends them, newest first.
async fn raw_events(client: &Client, account: &str) -> Vec<Value> {
    let scoped = client.on_account(account).expect("scoped");
    let mut all = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let params = ListEvents {
            page: Page {
                limit: Some(100),
                starting_after: after.clone(),
                ending_before: None,
            },
            ..ListEvents::default()
        };
        let page = scoped
            .send_with_raw(events::list(&params).expect("params"))
            .await
            .expect("list");
        let data = page.raw["data"].as_array().cloned().unwrap_or_default();
        after = data.last().and_then(|e| e["id"].as_str()).map(String::from);
        all.extend(data);
        if !page.object.has_more {
            return all;
        }
    }
}

fn stored_payloads(inbox: &Inbox) -> HashMap<String, (Value, EventSource)> {
    let mut out = HashMap::new();
    let mut query = connectdesk_core::query::ListQuery {
        size: Some("300".into()),
        ..Default::default()
    };
    loop {
        let page = inbox.events().list(&query).expect("list");
        for event in page.items {
            let payload = serde_json::from_str(&event.payload).expect("json");
            out.insert(event.event_id, (payload, event.source));
        }
        match page.next_page_token {
            Some(token) => query.page_token = Some(token),
            None => return out,
        }
    }
}

#[tokio::test]
async fn a_poll_stores_every_event_faithfully_once_and_the_next_finds_nothing_new() {
    let sim = stripe_sim::start(SimConfig::ephemeral())
        .await
        .expect("sim");
    let client = client(sim.base_url());
    let account = account_with_events(&client, 4).await;
    let expected = raw_events(&client, &account).await;
    assert!(expected.len() >= 4, "{}", expected.len());

    let s = setup();
    let at = now();
    let summary = s
        .poller
        .poll(&client, CONNECTION, Some(&account), &s.inbox, at)
        .await
        .expect("poll");
    assert_eq!(summary.new, expected.len());
    assert_eq!(summary.duplicates, 0);
    let newest = expected.iter().filter_map(|e| e["created"].as_i64()).max();
    assert_eq!(summary.newest, newest);

    // What is stored is what Stripe sent, field for field.
    let stored = stored_payloads(&s.inbox);
    assert_eq!(stored.len(), expected.len());
    for event in &expected {
        let id = event["id"].as_str().expect("id");
        let (payload, source) = &stored[id];
        assert_eq!(payload, event);
        assert_eq!(*source, EventSource::Poller);
    }
    let cursor = s
        .poller
        .cursor(CONNECTION, Some(&account))
        .expect("cursor")
        .expect("a cursor after a complete poll");
    assert_eq!(Some(cursor.newest_created), newest);
    assert_eq!(cursor.polled_at, at);
    assert_eq!(cursor.scope, account);

    let again = s
        .poller
        .poll(&client, CONNECTION, Some(&account), &s.inbox, at + 1)
        .await
        .expect("poll");
    assert_eq!(again.new, 0);
    assert_eq!(
        s.inbox.events().count().expect("count"),
        expected.len() as u64
    );

    // The platform's own events are another scope: the account's are not among them.
    let platform = s
        .poller
        .poll(&client, CONNECTION, None, &s.inbox, at)
        .await
        .expect("poll");
    assert_eq!((platform.new, platform.duplicates), (0, 0));
    assert!(s.poller.cursor(CONNECTION, None).expect("cursor").is_some());
}

#[tokio::test]
async fn an_event_the_receiver_took_first_is_a_duplicate_and_kept_once() {
    let sim = stripe_sim::start(SimConfig::ephemeral())
        .await
        .expect("sim");
    let client = client(sim.base_url());
    let account = account_with_events(&client, 2).await;
    let expected = raw_events(&client, &account).await;
    let s = setup();
    let first = serde_json::to_vec(&expected[0]).expect("json");
    assert!(matches!(
        s.inbox
            .receive(CONNECTION, &first, EventSource::Receiver)
            .expect("receive"),
        Received::New(_)
    ));
    let summary = s
        .poller
        .poll(&client, CONNECTION, Some(&account), &s.inbox, now())
        .await
        .expect("poll");
    assert_eq!(summary.duplicates, 1);
    assert_eq!(summary.new, expected.len() - 1);
    let stored = stored_payloads(&s.inbox);
    assert_eq!(stored.len(), expected.len());
    let id = expected[0]["id"].as_str().expect("id");
    assert_eq!(stored[id].1, EventSource::Receiver);
}

#[tokio::test]
async fn more_than_one_page_is_read_whole() {
    let sim = stripe_sim::start(SimConfig::ephemeral())
        .await
        .expect("sim");
    let client = client(sim.base_url());
    let account = account_with_events(&client, 105).await;
    let expected = raw_events(&client, &account).await;
    assert!(expected.len() > 100, "{}", expected.len());

    let s = setup();
    let summary = s
        .poller
        .poll(&client, CONNECTION, Some(&account), &s.inbox, now())
        .await
        .expect("poll");
    assert_eq!(summary.new, expected.len());

    // Small pages, another connection: the same events, all of them.
    let small = s.poller.clone().with_page_limit(7);
    let other = small
        .poll(&client, CONNECTION + 1, Some(&account), &s.inbox, now())
        .await
        .expect("poll");
    assert_eq!(other.new, expected.len());
    assert_eq!(
        s.inbox.events().count().expect("count"),
        2 * expected.len() as u64
    );
}

#[tokio::test]
async fn nothing_older_than_stripe_keeps_is_asked_for() {
    let sim = stripe_sim::start(SimConfig::ephemeral())
        .await
        .expect("sim");
    let client = client(sim.base_url());
    let account = account_with_events(&client, 2).await;
    let s = setup();
    // A month later the events are out of the window.
    let later = now() + RETENTION_SECS + 86_400;
    let summary = s
        .poller
        .poll(&client, CONNECTION, Some(&account), &s.inbox, later)
        .await
        .expect("poll");
    assert_eq!(summary.new, 0);
}

/// A scripted `/v1/events`: three events over two pages; the second page fails while
/// `failures` lasts. Records each request's `created[gte]` and `Stripe-Account`.
/// `created[gte]` and `Stripe-Account` of one request.
type Seen = (Option<String>, Option<String>);

#[derive(Clone, Default)]
struct Scripted {
    failures: Arc<AtomicU32>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn scripted_event(id: &str, created: i64) -> Value {
    json!({
        "id": id, "object": "event", "type": "payout.paid", "account": "acct_scripted",
        "api_version": "2024-06-20", "created": created, "livemode": false,
        "pending_webhooks": 0, "request": {"id": null, "idempotency_key": null},
        "data": {"object": {"id": format!("po_{id}"), "object": "payout"}},
        "extra_field_stripe_added_later": {"kept": true},
    })
}

async fn scripted_list(
    State(script): State<Scripted>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let account = headers
        .get("stripe-account")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    script
        .seen
        .lock()
        .expect("lock")
        .push((query.get("created[gte]").cloned(), account));
    let base = 1_780_000_000;
    match query.get("starting_after").map(String::as_str) {
        None => Json(json!({
            "object": "list", "url": "/v1/events", "has_more": true,
            "data": [scripted_event("evt_c", base + 2), scripted_event("evt_b", base + 1)],
        }))
        .into_response(),
        Some("evt_b") => {
            let failing = script
                .failures
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if failing {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({"error": {"type": "api_error", "message": "Try again."}})),
                )
                    .into_response();
            }
            Json(json!({
                "object": "list", "url": "/v1/events", "has_more": false,
                "data": [scripted_event("evt_a", base)],
            }))
            .into_response()
        }
        Some(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

#[tokio::test]
async fn a_poll_cut_short_keeps_what_it_read_but_does_not_move_the_cursor() {
    let script = Scripted::default();
    script.failures.store(1, Ordering::SeqCst);
    let app = Router::new()
        .route("/v1/events", get(scripted_list))
        .with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = client(&format!("http://{addr}"));
    let s = setup();
    let at = 1_780_000_100;

    let cut = s
        .poller
        .poll(&client, CONNECTION, Some("acct_scripted"), &s.inbox, at)
        .await;
    assert!(cut.is_err());
    // The first page is in the inbox, the cursor is where it was (nowhere).
    assert_eq!(s.inbox.events().count().expect("count"), 2);
    assert_eq!(
        s.poller
            .cursor(CONNECTION, Some("acct_scripted"))
            .expect("cursor"),
        None
    );

    let whole = s
        .poller
        .poll(&client, CONNECTION, Some("acct_scripted"), &s.inbox, at)
        .await
        .expect("poll");
    assert_eq!((whole.new, whole.duplicates), (1, 2));
    assert_eq!(whole.newest, Some(1_780_000_002));
    let cursor = s
        .poller
        .cursor(CONNECTION, Some("acct_scripted"))
        .expect("cursor")
        .expect("moved");
    assert_eq!(cursor.newest_created, 1_780_000_002);

    // The next poll starts at the cursor's second (inclusive).
    s.poller
        .poll(
            &client,
            CONNECTION,
            Some("acct_scripted"),
            &s.inbox,
            at + 60,
        )
        .await
        .expect("poll");
    let seen = script.seen.lock().expect("lock").clone();
    let floor = (at - RETENTION_SECS + RETENTION_MARGIN_SECS).to_string();
    assert_eq!(seen[0].0.as_deref(), Some(floor.as_str()));
    assert_eq!(seen.last().and_then(|s| s.0.as_deref()), Some("1780000002"));
    assert!(seen
        .iter()
        .all(|(_, account)| account.as_deref() == Some("acct_scripted")));
    // Fields the typed `Event` does not know are kept.
    let stored = stored_payloads(&s.inbox);
    assert_eq!(stored["evt_a"].0, scripted_event("evt_a", 1_780_000_000));
}
