//! Durable forwarding to the partner's endpoint: the Stripe events the partner cares about are
//! renamed to its webhook names, kept in an outbox on disk and POSTed, signed the way Stripe signs
//! (so the partner verifies ConnectDesk as it would verify Stripe), until the partner answers
//! 2xx or three days of retries have passed.
//!
//! One forward per event and connection: a forward carries a stable id (`fwd_` + the event id)
//! and keeps its body, so a retry or a resend is the same message and the partner can dedupe.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use connectdesk_secrets::Secret;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use specta::Type;

use super::inbox::InboxEvent;
use super::signature::sign;
use crate::query::{FilterInput, ListQuery, Page};
use crate::store::{Collection, Field, Record, Store};
use crate::{CoreError, ErrorCode, Result};

/// The header a partner reads ConnectDesk's signature from.
pub const SIGNATURE_HEADER: &str = "ConnectDesk-Signature";
/// How long one delivery may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long after the first attempt a forward is retried, as Stripe does.
pub const RETRY_WINDOW_SECS: i64 = 3 * 86_400;
/// Waits after the 1st, 2nd… failed attempt; the last one repeats.
pub const BACKOFF_SECS: &[i64] = &[60, 300, 1_800, 7_200, 18_000, 36_000];
/// The prefix of [`generate_forwarding_secret`]'s secrets.
pub const SECRET_PREFIX: &str = "fwsec_";

/// Forwards read per query while delivering.
const DUE_BATCH: usize = 100;
/// Attempts a forward keeps in its history (three days of retries are 12).
pub const HISTORY_LIMIT: usize = 30;
/// How much of the partner's answer an attempt keeps.
pub const ANSWER_HEAD_BYTES: usize = 200;

/// The partner's webhook name for a Stripe event type; `None`: not forwarded.
pub fn partner_type(stripe_type: &str) -> Option<&'static str> {
    Some(match stripe_type {
        "account.updated" => "stripe.account_updated",
        "payout.paid" => "stripe.payout_paid",
        "payout.failed" => "stripe.payout_failed",
        "payment_intent.succeeded" => "stripe.payment_succeeded",
        "payment_intent.payment_failed" => "stripe.payment_failed",
        "charge.dispute.created" => "stripe.dispute_created",
        "charge.dispute.updated" => "stripe.dispute_updated",
        _ => return None,
    })
}

/// The wait before the next attempt after `failures` failed attempts (1 or more).
pub fn backoff_secs(failures: u32) -> i64 {
    let index = usize::try_from(failures.saturating_sub(1)).unwrap_or(usize::MAX);
    BACKOFF_SECS
        .get(index)
        .or(BACKOFF_SECS.last())
        .copied()
        .unwrap_or(36_000)
}

/// A new forwarding secret: 32 random bytes, `fwsec_` + base64url. The caller seals it; it is
/// shown to the partner once.
pub fn generate_forwarding_secret() -> Result<Secret> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CoreError::internal("The system's random number generator failed"))?;
    Ok(Secret::new(format!(
        "{SECRET_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(bytes)
    )))
}

/// Where the outbox finds a connection's forwarding secret (sealed storage, in the app).
/// `None`: the connection has none, and nothing is sent unsigned.
pub trait ForwardingSecrets: Send + Sync {
    fn secret(&self, connection_id: u64) -> Option<Secret>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ForwardState {
    /// Waiting for its next attempt.
    Pending,
    /// The partner answered 2xx.
    Delivered,
    /// Three days of attempts failed; a resend tries again.
    Failed,
}

/// One event on its way to the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Forward {
    pub id: u64,
    /// `{connectionId}/{eventId}`: one forward per event and connection.
    pub key: String,
    pub connection_id: u64,
    /// `evt_…`.
    pub event_id: String,
    /// Stripe's type, e.g. `payout.paid`.
    pub event_type: String,
    /// The partner's name for it, e.g. `stripe.payout_paid`.
    pub partner_type: String,
    /// The id in the body (`fwd_evt_…`), the same on every attempt and resend.
    pub forward_id: String,
    pub url: String,
    /// The JSON sent, exactly as signed.
    pub body: String,
    /// When Stripe created the event (Unix seconds).
    pub created: i64,
    pub state: ForwardState,
    /// Attempts since it was enqueued or last resent.
    pub attempts: u32,
    /// The first of those attempts (Unix seconds): the retry window starts there.
    pub first_attempt_at: Option<i64>,
    /// When it is due (Unix seconds); 0: at the next delivery run.
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    /// The partner's HTTP status at the last attempt, when it answered.
    pub last_status: Option<u16>,
    /// What went wrong at the last attempt, in words (never the secret or the signature).
    pub last_error: Option<String>,
    /// The last time the partner took it (Unix seconds).
    pub delivered_at: Option<i64>,
    /// How many times the partner took it (a resend adds one).
    pub deliveries: u32,
    /// The connection whose forwarding secret signs it, when not the event's own: the
    /// sandbox's events go to the partner of the active workspace's connection.
    #[serde(default)]
    pub signer_connection_id: Option<u64>,
    /// Its latest attempts, oldest first (at most [`HISTORY_LIMIT`]).
    #[serde(default)]
    pub history: Vec<ForwardAttempt>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for Forward {
    const COLLECTION: &'static str = "partnerOutbox";
    const LABEL: &'static str = "forward";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("key").filterable().unique(),
        Field::int("connectionId").key(),
        Field::text("state").key(),
        Field::text("partnerType").filterable(),
        Field::text("eventId").filterable(),
        Field::int("created").sortable().filterable(),
        Field::int("nextAttemptAt").sortable().filterable(),
    ];
}

/// One attempt to deliver a forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ForwardAttempt {
    /// When it was made (Unix seconds).
    pub at: i64,
    /// The partner's HTTP status, when it answered.
    pub status: Option<u16>,
    /// From sending to the answer (or the failure), in milliseconds.
    pub latency_ms: u32,
    /// The first bytes of the partner's answer, as text.
    pub answer: Option<String>,
    /// What went wrong, in words; `None` when the partner took it.
    pub error: Option<String>,
}

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeliverySummary {
    /// The partner took them.
    pub delivered: usize,
    /// Failed this time, tried again later.
    pub retrying: usize,
    /// Failed for the last time.
    pub failed: usize,
}

#[derive(Clone)]
pub struct Outbox {
    forwards: Collection<Forward>,
    /// One delivery run at a time, so no forward is POSTed twice by overlapping runs.
    delivering: Arc<tokio::sync::Mutex<()>>,
}

/// How one attempt went.
enum Outcome {
    Delivered(u16),
    Refused(u16),
    Unsent(String),
}

struct Attempt {
    outcome: Outcome,
    latency_ms: u32,
    answer: Option<String>,
}

impl Outbox {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            forwards: store.collection()?,
            delivering: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Queues `event` for the partner at `url`, labelled with the connection's name
    /// (`connection_label`). `None` when its type is not forwarded; an event queued before
    /// gives back its existing forward.
    pub fn enqueue(
        &self,
        event: &InboxEvent,
        connection_label: &str,
        url: &str,
    ) -> Result<Option<Forward>> {
        self.enqueue_signed_by(event, connection_label, url, None)
    }

    /// As [`Outbox::enqueue`], signed with connection `signer`'s forwarding secret (`None`:
    /// the event's connection's).
    pub fn enqueue_signed_by(
        &self,
        event: &InboxEvent,
        connection_label: &str,
        url: &str,
        signer: Option<u64>,
    ) -> Result<Option<Forward>> {
        let Some(partner) = partner_type(&event.event_type) else {
            return Ok(None);
        };
        let key = format!("{}/{}", event.connection_id, event.event_id);
        if let Some(existing) = self.by_key(&key)? {
            return Ok(Some(existing));
        }
        check_url(url)?;
        let payload: Json = serde_json::from_str(&event.payload).map_err(|_| {
            CoreError::new(
                ErrorCode::InvalidValue,
                format!("Event {} in the inbox is not JSON.", event.event_id),
            )
        })?;
        let object = payload
            .get("data")
            .and_then(|data| data.get("object"))
            .cloned()
            .ok_or_else(|| {
                CoreError::new(
                    ErrorCode::InvalidValue,
                    format!("Event {} has no data.object.", event.event_id),
                )
            })?;
        let forward_id = format!("fwd_{}", event.event_id);
        let body = json!({
            "id": forward_id,
            "type": partner,
            "created": event.created,
            "connection": connection_label,
            "account": event.account,
            "data": object,
        })
        .to_string();
        let forward = Forward {
            id: 0,
            key: key.clone(),
            connection_id: event.connection_id,
            event_id: event.event_id.clone(),
            event_type: event.event_type.clone(),
            partner_type: partner.to_string(),
            forward_id,
            url: url.to_string(),
            body,
            created: event.created,
            state: ForwardState::Pending,
            attempts: 0,
            first_attempt_at: None,
            next_attempt_at: 0,
            last_attempt_at: None,
            last_status: None,
            last_error: None,
            delivered_at: None,
            deliveries: 0,
            signer_connection_id: signer,
            history: Vec::new(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        match self.forwards.insert(forward) {
            Ok(stored) => Ok(Some(stored)),
            // Enqueued by another caller in between: theirs is the one.
            Err(err) if err.code == ErrorCode::Conflict => self.by_key(&key)?.map(Some).ok_or(err),
            Err(err) => Err(err),
        }
    }

    /// POSTs every pending forward due at `now` (Unix seconds), one at a time, and writes each
    /// outcome to disk right after its attempt.
    pub async fn deliver_due(
        &self,
        http: &reqwest::Client,
        secrets: &dyn ForwardingSecrets,
        now: i64,
    ) -> Result<DeliverySummary> {
        let _one_run = self.delivering.lock().await;
        let mut summary = DeliverySummary::default();
        let mut tried = HashSet::new();
        loop {
            // Each attempt takes a forward out of the due set (delivered, failed or due
            // later), so asking again walks through them all; `tried` guards against a
            // forward a resend made due again during this run.
            let due: Vec<Forward> = self
                .due(now)?
                .into_iter()
                .filter(|forward| tried.insert(forward.id))
                .collect();
            if due.is_empty() {
                break;
            }
            for forward in due {
                let attempt = attempt(http, secrets, &forward, now).await;
                let stored = self.record(forward.id, &attempt, now)?;
                match stored.state {
                    ForwardState::Delivered => summary.delivered += 1,
                    ForwardState::Pending => summary.retrying += 1,
                    ForwardState::Failed => summary.failed += 1,
                }
            }
        }
        Ok(summary)
    }

    /// Sends a forward again (delivered or failed: back to pending, due at `now`), with the same
    /// body and id so the partner recognises it, and a fresh three-day retry window.
    pub fn resend(&self, id: u64, now: i64) -> Result<Forward> {
        self.forwards.update(id, |forward| {
            forward.state = ForwardState::Pending;
            forward.next_attempt_at = now;
            forward.attempts = 0;
            forward.first_attempt_at = None;
            Ok(())
        })
    }

    pub fn get(&self, id: u64) -> Result<Forward> {
        self.forwards.get(id)
    }

    /// The forward of an event on a connection, if one was enqueued.
    pub fn find(&self, connection_id: u64, event_id: &str) -> Result<Option<Forward>> {
        self.by_key(&format!("{connection_id}/{event_id}"))
    }

    /// Lists forwards with the list-query language (state, connection, type, created).
    pub fn list(&self, query: &ListQuery) -> Result<Page<Forward>> {
        self.forwards.list(query)
    }

    pub fn forwards(&self) -> &Collection<Forward> {
        &self.forwards
    }

    fn by_key(&self, key: &str) -> Result<Option<Forward>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("key", key)],
            ..ListQuery::default()
        };
        Ok(self
            .forwards
            .list(&query)?
            .items
            .into_iter()
            .find(|forward| forward.key == key))
    }

    fn due(&self, now: i64) -> Result<Vec<Forward>> {
        let query = ListQuery {
            size: Some(DUE_BATCH.to_string()),
            sort: Some("nextAttemptAt:asc".into()),
            filters: vec![
                FilterInput::eq("state", "pending"),
                FilterInput {
                    field: "nextAttemptAt".into(),
                    op: "lte".into(),
                    value: now.to_string(),
                },
            ],
            ..ListQuery::default()
        };
        Ok(self
            .forwards
            .list(&query)?
            .items
            .into_iter()
            .filter(|forward| {
                forward.state == ForwardState::Pending && forward.next_attempt_at <= now
            })
            .collect())
    }

    fn record(&self, id: u64, attempt: &Attempt, now: i64) -> Result<Forward> {
        self.forwards.update(id, |forward| {
            forward.attempts = forward.attempts.saturating_add(1);
            forward.last_attempt_at = Some(now);
            let first = *forward.first_attempt_at.get_or_insert(now);
            let (status, error) = match &attempt.outcome {
                Outcome::Delivered(status) => (Some(*status), None),
                Outcome::Refused(status) => (
                    Some(*status),
                    Some(format!("the partner endpoint answered HTTP {status}")),
                ),
                Outcome::Unsent(words) => (None, Some(words.clone())),
            };
            if forward.history.len() >= HISTORY_LIMIT {
                forward.history.remove(0);
            }
            forward.history.push(ForwardAttempt {
                at: now,
                status,
                latency_ms: attempt.latency_ms,
                answer: attempt.answer.clone(),
                error: error.clone(),
            });
            forward.last_status = status;
            forward.last_error = error;
            if matches!(attempt.outcome, Outcome::Delivered(_)) {
                forward.state = ForwardState::Delivered;
                forward.delivered_at = Some(now);
                forward.deliveries = forward.deliveries.saturating_add(1);
                return Ok(());
            }
            let next = now.saturating_add(backoff_secs(forward.attempts));
            if next > first.saturating_add(RETRY_WINDOW_SECS) {
                forward.state = ForwardState::Failed;
            } else {
                forward.next_attempt_at = next;
            }
            Ok(())
        })
    }
}

fn check_url(url: &str) -> Result<()> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => Ok(()),
        _ => Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "url",
            "The partner endpoint must be an http or https URL.",
        )),
    }
}

async fn attempt(
    http: &reqwest::Client,
    secrets: &dyn ForwardingSecrets,
    forward: &Forward,
    now: i64,
) -> Attempt {
    let Some(secret) = secrets
        .secret(
            forward
                .signer_connection_id
                .unwrap_or(forward.connection_id),
        )
        .filter(|secret| !secret.is_empty())
    else {
        return Attempt {
            outcome: Outcome::Unsent(
                "the connection has no forwarding secret; nothing was sent".into(),
            ),
            latency_ms: 0,
            answer: None,
        };
    };
    let signature = sign(secret.expose(), now, forward.body.as_bytes());
    let started = std::time::Instant::now();
    let sent = http
        .post(&forward.url)
        .timeout(REQUEST_TIMEOUT)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(forward.body.clone())
        .send()
        .await;
    let (outcome, answer) = match sent {
        Ok(mut answer) => {
            let status = answer.status();
            let head = answer_head(&mut answer).await;
            if status.is_success() {
                (Outcome::Delivered(status.as_u16()), head)
            } else {
                (Outcome::Refused(status.as_u16()), head)
            }
        }
        Err(err) => (Outcome::Unsent(transport_words(err)), None),
    };
    Attempt {
        outcome,
        latency_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        answer,
    }
}

/// The first [`ANSWER_HEAD_BYTES`] of the partner's answer as one line of text; the rest is
/// not read (a partner may answer with anything, of any size).
async fn answer_head(answer: &mut reqwest::Response) -> Option<String> {
    let mut head = Vec::new();
    while head.len() < ANSWER_HEAD_BYTES {
        match answer.chunk().await {
            Ok(Some(chunk)) => head.extend_from_slice(&chunk),
            _ => break,
        }
    }
    head.truncate(ANSWER_HEAD_BYTES);
    let text: String = String::from_utf8_lossy(&head)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn transport_words(err: reqwest::Error) -> String {
    if err.is_timeout() {
        "the partner endpoint did not answer within 10 seconds".into()
    } else if err.is_connect() {
        "the partner endpoint could not be reached (connection refused or failed)".into()
    } else {
        // Without the URL: a partner URL may carry a token in its query.
        format!(
            "the request to the partner endpoint failed ({})",
            err.without_url()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_seed_types_are_forwarded() {
        assert_eq!(partner_type("payout.paid"), Some("stripe.payout_paid"));
        assert_eq!(
            partner_type("charge.dispute.updated"),
            Some("stripe.dispute_updated")
        );
        assert_eq!(
            partner_type("payment_intent.payment_failed"),
            Some("stripe.payment_failed")
        );
        assert_eq!(partner_type("payout.created"), None);
        assert_eq!(partner_type("capability.updated"), None);
        assert_eq!(partner_type(""), None);
    }

    #[test]
    fn the_backoff_grows_then_stays_at_ten_hours() {
        let waits: Vec<i64> = (1..=8).map(backoff_secs).collect();
        assert_eq!(
            waits,
            [60, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 36_000]
        );
        assert_eq!(backoff_secs(0), 60);
        assert_eq!(backoff_secs(u32::MAX), 36_000);
    }

    #[test]
    fn forwarding_secrets_are_random_and_prefixed() {
        let one = generate_forwarding_secret().expect("secret");
        let two = generate_forwarding_secret().expect("secret");
        assert!(one.expose().starts_with(SECRET_PREFIX));
        // 32 bytes in base64url without padding.
        assert_eq!(one.len(), SECRET_PREFIX.len() + 43);
        assert_ne!(one.expose(), two.expose());
        assert!(!format!("{one:?}").contains(&one.expose()[6..]));
    }

    #[test]
    fn only_http_urls_are_taken() {
        assert!(check_url("https://partner.example/hooks").is_ok());
        assert!(check_url("http://127.0.0.1:9/x").is_ok());
        assert!(check_url("ftp://partner.example").is_err());
        assert!(check_url("not a url").is_err());
    }
}
