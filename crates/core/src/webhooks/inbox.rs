//! The durable inbox: every webhook that passed the signature check is stored (and flushed)
//! before the receiver answers 2xx, keyed by connection and Stripe's event id, so the same
//! event from the receiver and the Events API poller is kept once. Refused deliveries are kept
//! too, for the Events section's list.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;
use tokio::sync::Notify;

use crate::query::{FilterInput, ListQuery};
use crate::store::{Collection, Field, Record, Store};
use crate::{CoreError, ErrorCode, Result};

/// How an event reached ConnectDesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum EventSource {
    /// Pushed to the local receiver (the sandbox, `stripe listen`, a tunnel).
    Receiver,
    /// Read from the Events API.
    Poller,
}

/// Where an event is in being applied to ConnectDesk's records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum EventState {
    /// Stored, not applied yet (the applier takes these in order).
    #[default]
    Pending,
    /// Applied to the records it concerns.
    Applied,
    /// Nothing ConnectDesk keeps is about it (a type it does not show, an unknown account).
    Ignored,
    /// Applying failed; `outcome` says why, and a later poll or Retry tries again.
    Failed,
}

/// One Stripe event as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InboxEvent {
    pub id: u64,
    /// `{connectionId}/{eventId}`: one entry per event and connection.
    pub key: String,
    pub connection_id: u64,
    /// `evt_…`.
    pub event_id: String,
    /// Stripe's type, e.g. `payout.paid`.
    pub event_type: String,
    /// The connected account the event happened on (`account` in the event), if any.
    pub account: Option<String>,
    /// When Stripe created the event (Unix seconds).
    pub created: i64,
    pub source: EventSource,
    /// The event as Stripe sent it.
    pub payload: String,
    #[serde(default)]
    pub state: EventState,
    /// What applying it did or why it failed, in words.
    #[serde(default)]
    pub outcome: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for InboxEvent {
    const COLLECTION: &'static str = "webhookInbox";
    const LABEL: &'static str = "event";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("key").unique(),
        Field::int("connectionId").key(),
        Field::text("eventType").key(),
        Field::text("state").key(),
        Field::text("eventId").filterable(),
        Field::text("account").filterable(),
        Field::int("created").sortable().filterable(),
    ];
}

/// A delivery the receiver refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefusedDelivery {
    pub id: u64,
    /// The connection in the path, when the path named one.
    pub connection_id: Option<u64>,
    /// Why, in words (never the secret or the signature).
    pub reason: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for RefusedDelivery {
    const COLLECTION: &'static str = "webhookRefusals";
    const LABEL: &'static str = "refused delivery";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("connectionId").filterable(),
    ];
}

/// What a delivery told the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Stored now.
    New(Box<InboxEvent>),
    /// Already stored (a resend, or the poller was first).
    Duplicate,
}

/// The fields of a Stripe event the inbox needs; the rest stays in the payload.
#[derive(Deserialize)]
struct EventHead {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    created: i64,
    #[serde(default)]
    account: Option<String>,
    object: String,
}

#[derive(Clone)]
pub struct Inbox {
    events: Collection<InboxEvent>,
    refused: Collection<RefusedDelivery>,
    /// Woken on every new event, so the applier runs as soon as one is stored.
    arrivals: Arc<Notify>,
    /// Refusals since the last [`Inbox::take_refused`], so the Events section shows them live.
    refused_since: Arc<AtomicUsize>,
}

impl Inbox {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            events: store.collection()?,
            refused: store.collection()?,
            arrivals: Arc::new(Notify::new()),
            refused_since: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Stores `body` (a verified delivery for `connection_id`) unless that event is there
    /// already; flushed before it returns. A body that is not a Stripe event is refused.
    pub fn receive(
        &self,
        connection_id: u64,
        body: &[u8],
        source: EventSource,
    ) -> Result<Received> {
        let head: EventHead = serde_json::from_slice(body)
            .ok()
            .filter(|head: &EventHead| head.object == "event" && head.id.starts_with("evt_"))
            .ok_or_else(|| {
                CoreError::new(ErrorCode::InvalidValue, "The body is not a Stripe event.")
            })?;
        let payload = String::from_utf8(body.to_vec())
            .map_err(|_| CoreError::new(ErrorCode::InvalidValue, "The body is not UTF-8."))?;
        let event = InboxEvent {
            id: 0,
            key: format!("{connection_id}/{}", head.id),
            connection_id,
            event_id: head.id,
            event_type: head.event_type,
            account: head.account,
            created: head.created,
            source,
            payload,
            state: EventState::Pending,
            outcome: None,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        match self.events.insert(event) {
            Ok(stored) => {
                self.arrivals.notify_one();
                Ok(Received::New(Box::new(stored)))
            }
            Err(err) if err.code == ErrorCode::Conflict && err.field.as_deref() == Some("key") => {
                Ok(Received::Duplicate)
            }
            Err(err) => Err(err),
        }
    }

    /// The oldest events not applied yet, at most `limit`.
    pub fn pending(&self, limit: usize) -> Result<Vec<InboxEvent>> {
        let query = ListQuery {
            size: Some(limit.to_string()),
            sort: Some("id:asc".into()),
            filters: vec![FilterInput::eq("state", "pending")],
            ..ListQuery::default()
        };
        Ok(self.events.list(&query)?.items)
    }

    /// Records what applying event `id` did.
    pub fn settle(
        &self,
        id: u64,
        state: EventState,
        outcome: Option<String>,
    ) -> Result<InboxEvent> {
        self.events.update(id, |event| {
            event.state = state;
            event.outcome = outcome.clone();
            Ok(())
        })
    }

    /// Keeps a refused delivery for the Events section.
    pub fn refuse(&self, connection_id: Option<u64>, reason: &str) -> Result<()> {
        self.refused.insert(RefusedDelivery {
            id: 0,
            connection_id,
            reason: reason.to_string(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        })?;
        self.refused_since.fetch_add(1, Ordering::Relaxed);
        self.arrivals.notify_one();
        Ok(())
    }

    /// How many deliveries were refused since the last call.
    pub fn take_refused(&self) -> usize {
        self.refused_since.swap(0, Ordering::Relaxed)
    }

    /// Notified whenever an event is stored (once for several, if nobody waited between).
    pub fn arrivals(&self) -> Arc<Notify> {
        Arc::clone(&self.arrivals)
    }

    pub fn events(&self) -> &Collection<InboxEvent> {
        &self.events
    }

    pub fn refusals(&self) -> &Collection<RefusedDelivery> {
        &self.refused
    }
}
