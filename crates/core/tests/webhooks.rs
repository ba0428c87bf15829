//! The local webhook receiver over real HTTP, with the real store: what gets in (signed by the
//! connection's secret, once), what is refused (and kept as a refusal), and the simulator
//! delivering its own signed events to it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::store::Store;
use connectdesk_core::webhooks::inbox::{EventSource, Inbox};
use connectdesk_core::webhooks::receiver::{self, RunningReceiver, WebhookSecrets};
use connectdesk_secrets::Secret;
use stripe_sim::{signature_header, SimConfig, WebhookEndpoint};

const CONNECTION: u64 = 7;
const SECRET: &str = "whsec_receiver_test_0123456789";
const PREVIOUS: &str = "whsec_receiver_previous_987654";

struct Secrets(HashMap<u64, Vec<String>>);

impl WebhookSecrets for Secrets {
    fn secrets(&self, connection_id: u64) -> Option<Vec<Secret>> {
        self.0
            .get(&connection_id)
            .map(|all| all.iter().map(|s| Secret::new(s.clone())).collect())
    }
}

struct Harness {
    _dir: tempfile::TempDir,
    inbox: Inbox,
    receiver: RunningReceiver,
    http: reqwest::Client,
}

impl Harness {
    async fn start() -> Harness {
        // reqwest's rustls needs a crypto provider (the simulator installs the same one).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let inbox = Inbox::new(&store).expect("inbox");
        let secrets = Secrets(HashMap::from([(
            CONNECTION,
            vec![SECRET.to_string(), PREVIOUS.to_string()],
        )]));
        let receiver = receiver::start(0, inbox.clone(), Arc::new(secrets))
            .await
            .expect("the receiver starts");
        Harness {
            _dir: dir,
            inbox,
            receiver,
            http: reqwest::Client::new(),
        }
    }

    async fn post(&self, connection: &str, signature: Option<&str>, body: &str) -> u16 {
        let url = format!("http://{}/webhooks/{connection}", self.receiver.addr());
        let mut request = self.http.post(url).body(body.to_string());
        if let Some(signature) = signature {
            request = request.header("Stripe-Signature", signature);
        }
        request
            .send()
            .await
            .expect("the receiver answers")
            .status()
            .as_u16()
    }

    fn stored(&self) -> u64 {
        self.inbox.events().count().expect("count")
    }

    fn refusals(&self) -> Vec<String> {
        let page = self
            .inbox
            .refusals()
            .list(&Default::default())
            .expect("refusals");
        page.items.into_iter().map(|r| r.reason).collect()
    }
}

fn event(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"payout.paid","created":1780000000,"account":"acct_1","data":{{"object":{{"id":"po_1"}}}}}}"#
    )
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn a_signed_event_is_stored_once_and_answered_200() {
    let h = Harness::start().await;
    let body = event("evt_once");
    let signature = signature_header(SECRET, now(), &body);
    assert_eq!(h.post("7", Some(&signature), &body).await, 200);
    assert_eq!(h.stored(), 1);
    // Stripe resends (and the poller may bring it too): still one.
    assert_eq!(h.post("7", Some(&signature), &body).await, 200);
    assert_eq!(h.stored(), 1);
    let page = h.inbox.events().list(&Default::default()).expect("list");
    let stored = &page.items[0];
    assert_eq!(stored.event_id, "evt_once");
    assert_eq!(stored.event_type, "payout.paid");
    assert_eq!(stored.account.as_deref(), Some("acct_1"));
    assert_eq!(stored.connection_id, CONNECTION);
    assert_eq!(stored.source, EventSource::Receiver);
    assert_eq!(stored.payload, body);
    // Signed with the previous secret while the rotation lasts.
    let other = event("evt_rotated");
    let old = signature_header(PREVIOUS, now(), &other);
    assert_eq!(h.post("7", Some(&old), &other).await, 200);
    assert_eq!(h.stored(), 2);
    assert!(h.refusals().is_empty(), "{:?}", h.refusals());
}

#[tokio::test]
async fn forged_stale_or_unsigned_deliveries_change_nothing() {
    let h = Harness::start().await;
    let body = event("evt_forged");
    let wrong = signature_header("whsec_not_the_connections", now(), &body);
    assert_eq!(h.post("7", Some(&wrong), &body).await, 400);
    let stale = signature_header(SECRET, now() - 301, &body);
    assert_eq!(h.post("7", Some(&stale), &body).await, 400);
    assert_eq!(h.post("7", None, &body).await, 400);
    let tampered = body.replace("payout.paid", "payout.failed");
    let genuine = signature_header(SECRET, now(), &body);
    assert_eq!(h.post("7", Some(&genuine), &tampered).await, 400);
    // A connection the app does not know, or a signed body that is no Stripe event.
    assert_eq!(h.post("8", Some(&genuine), &body).await, 400);
    let junk = r#"{"hello":"world"}"#;
    assert_eq!(
        h.post("7", Some(&signature_header(SECRET, now(), junk)), junk)
            .await,
        400
    );
    assert_eq!(h.post("seven", Some(&genuine), &body).await, 404);
    assert_eq!(h.stored(), 0);
    let mut reasons = h.refusals();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "The body is not a Stripe event.",
            "no Stripe-Signature header",
            "no connection with a webhook secret has this id",
            "the signature does not match the body and the webhook secret",
            "the signature does not match the body and the webhook secret",
            "the signature is more than five minutes old",
        ]
    );
    // Only POST, and nothing over 1 MiB is read.
    let url = h.receiver.url_for(CONNECTION);
    let get = h.http.get(&url).send().await.expect("answer");
    assert_eq!(get.status().as_u16(), 405);
    let huge = "x".repeat(1024 * 1024 + 1);
    let signature = signature_header(SECRET, now(), &huge);
    assert_eq!(h.post("7", Some(&signature), &huge).await, 413);
    assert_eq!(h.stored(), 0);
}

#[tokio::test]
async fn the_receiver_listens_on_loopback_only() {
    let h = Harness::start().await;
    assert!(h.receiver.addr().ip().is_loopback());
}

#[tokio::test]
async fn the_simulator_delivers_its_signed_events_to_the_receiver() {
    let h = Harness::start().await;
    let sim = stripe_sim::start(SimConfig::ephemeral().with_webhook(WebhookEndpoint {
        url: h.receiver.url_for(CONNECTION),
        secret: SECRET.to_string(),
    }))
    .await
    .expect("the simulator starts");
    let key = connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY;
    let post = |path: &str, form: &[(&str, &str)]| {
        h.http
            .post(format!("{}{path}", sim.base_url()))
            .bearer_auth(key)
            .form(form)
            .send()
    };
    let account: serde_json::Value = post(
        "/v1/accounts",
        &[
            ("type", "custom"),
            ("country", "US"),
            ("capabilities[card_payments][requested]", "true"),
            ("capabilities[transfers][requested]", "true"),
        ],
    )
    .await
    .expect("create")
    .json()
    .await
    .expect("json");
    let id = account["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no account: {account}"))
        .to_string();
    post(
        &format!("/v1/accounts/{id}"),
        &[("metadata[shop]", "kiosk")],
    )
    .await
    .expect("update");
    let mut waited = Duration::ZERO;
    let updated = loop {
        let page = h.inbox.events().list(&Default::default()).expect("list");
        if let Some(found) = page
            .items
            .into_iter()
            .find(|e| e.event_type == "account.updated")
        {
            break found;
        }
        assert!(
            waited < Duration::from_secs(10),
            "no account.updated reached the receiver"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    };
    assert_eq!(updated.account.as_deref(), Some(id.as_str()));
    assert!(updated.payload.contains("kiosk"), "{}", updated.payload);
    assert!(h.refusals().is_empty(), "{:?}", h.refusals());
}
