//! What the Events section shows: a connection's events as received, each with what applying
//! it did and where its forward to the partner stands, the deliveries the receiver refused,
//! and Resend. Reading needs `viewWorkspace` in the connection's workspace (for the offline
//! sandbox, which every workspace shares, the active one's); Resend is a change to the
//! connection and needs `manageConnections` there, and is audited.

use serde::Serialize;
use specta::Type;

use super::forward::{Forward, ForwardAttempt, ForwardState};
use super::inbox::{EventSource, EventState, InboxEvent, RefusedDelivery};
use super::service::{Events, SANDBOX_CONNECTION};
use crate::audit::FieldChange;
use crate::guard::Action;
use crate::operators::{Permission, Scope};
use crate::query::{FilterInput, ListQuery, Page};
use crate::{CoreError, ErrorCode, Result};

const VIEW: Action = Action::new("event.view", "event");
const RESEND: Action = Action::new("event.resend", "event");

/// One row of the Events table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventRow {
    pub id: u64,
    pub connection_id: u64,
    /// `evt_…`.
    pub event_id: String,
    /// Stripe's type, e.g. `payout.paid`.
    pub event_type: String,
    pub account: Option<String>,
    /// When Stripe created it (Unix seconds).
    pub created: i64,
    pub source: EventSource,
    pub state: EventState,
    /// What applying it did, or why it was ignored or failed.
    pub outcome: Option<String>,
    /// Its forward to the partner endpoint, when the type is forwarded and the connection has one.
    pub forwarding: Option<ForwardView>,
    /// When it reached ConnectDesk.
    pub received_at: String,
}

/// Where one forward to the partner stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ForwardView {
    pub id: u64,
    pub state: ForwardState,
    /// The type the partner gets, e.g. `stripe.payout_paid`.
    pub partner_type: String,
    /// The stable id the partner deduplicates on.
    pub forward_id: String,
    pub url: String,
    /// Attempts in the current retry window.
    pub attempts: u32,
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    pub last_status: Option<u16>,
    /// The last failure in words.
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
    /// How many times the partner answered 2xx (more than one after a Resend).
    pub deliveries: u32,
    /// Its latest attempts, newest first.
    pub history: Vec<ForwardAttempt>,
}

/// An event opened: its row and the event as Stripe sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventDetail {
    pub event: EventRow,
    /// The payload, indented for reading.
    pub payload: String,
}

impl From<Forward> for ForwardView {
    fn from(f: Forward) -> Self {
        Self {
            id: f.id,
            state: f.state,
            partner_type: f.partner_type,
            forward_id: f.forward_id,
            url: f.url,
            attempts: f.attempts,
            next_attempt_at: f.next_attempt_at,
            last_attempt_at: f.last_attempt_at,
            last_status: f.last_status,
            last_error: f.last_error,
            delivered_at: f.delivered_at,
            deliveries: f.deliveries,
            history: f.history.into_iter().rev().collect(),
        }
    }
}

impl Events {
    /// Connection `connection_id`'s events, newest first unless `query` sorts otherwise.
    pub fn list_events(&self, connection_id: u64, query: &ListQuery) -> Result<Page<EventRow>> {
        self.allow_view(connection_id)?;
        let mut query = query.clone();
        query.sort = query.sort.or_else(|| Some("id:desc".into()));
        query
            .filters
            .push(FilterInput::eq("connectionId", connection_id.to_string()));
        let page = self.inbox().events().list(&query)?;
        let mut items = Vec::with_capacity(page.items.len());
        for event in page.items {
            items.push(self.row(event)?);
        }
        Ok(Page {
            items,
            end_reached: page.end_reached,
            next_page_token: page.next_page_token,
            total_count: page.total_count,
        })
    }

    /// One event with its payload.
    pub fn open_event(&self, id: u64) -> Result<EventDetail> {
        let event = self.inbox().events().get(id)?;
        self.allow_view(event.connection_id)?;
        let payload = serde_json::from_str::<serde_json::Value>(&event.payload)
            .and_then(|value| serde_json::to_string_pretty(&value))
            .unwrap_or_else(|_| event.payload.clone());
        Ok(EventDetail {
            event: self.row(event)?,
            payload,
        })
    }

    /// The deliveries the receiver refused for connection `connection_id`, newest first.
    pub fn list_refusals(
        &self,
        connection_id: u64,
        query: &ListQuery,
    ) -> Result<Page<RefusedDelivery>> {
        self.allow_view(connection_id)?;
        let mut query = query.clone();
        query.sort = query.sort.or_else(|| Some("id:desc".into()));
        query
            .filters
            .push(FilterInput::eq("connectionId", connection_id.to_string()));
        self.inbox().refusals().list(&query)
    }

    /// Sends event `id`'s forward again now, whatever its state: same id and body, a fresh
    /// retry window. An event that has no forward cannot be resent.
    pub fn resend(&self, id: u64, now: i64) -> Result<EventRow> {
        let event = self.inbox().events().get(id)?;
        let scope = self.scope_of(event.connection_id)?;
        let forward = self
            .guard()
            .change(
                Permission::ManageConnections,
                scope,
                RESEND,
                &event.event_id,
                |_| {
                    let forward = self
                        .outbox()
                        .find(event.connection_id, &event.event_id)?
                        .ok_or_else(|| {
                            CoreError::new(
                                ErrorCode::InvalidValue,
                                "This event is not forwarded: its type is not one the partner gets, or the connection has no partner endpoint.",
                            )
                        })?;
                    self.outbox().resend(forward.id, now)
                },
                |forward| {
                    (
                        String::new(),
                        vec![FieldChange {
                            field: "forward".into(),
                            before: None,
                            after: Some(
                                format!("{} resent to {}", forward.forward_id, forward.url).into(),
                            ),
                        }],
                    )
                },
            )?;
        // Wake the intake so the resend goes out now, not at the next idle round.
        self.inbox().arrivals().notify_one();
        let mut row = self.row(event)?;
        row.forwarding = Some(forward.into());
        Ok(row)
    }

    fn row(&self, event: InboxEvent) -> Result<EventRow> {
        let forwarding = self
            .outbox()
            .find(event.connection_id, &event.event_id)?
            .map(ForwardView::from);
        Ok(EventRow {
            id: event.id,
            connection_id: event.connection_id,
            event_id: event.event_id,
            event_type: event.event_type,
            account: event.account,
            created: event.created,
            source: event.source,
            state: event.state,
            outcome: event.outcome,
            forwarding,
            received_at: event.created_at,
        })
    }

    fn allow_view(&self, connection_id: u64) -> Result<()> {
        let scope = self.scope_of(connection_id)?;
        self.guard()
            .allow(
                Permission::ViewWorkspace,
                scope,
                VIEW,
                &connection_id.to_string(),
            )
            .map(|_| ())
    }

    /// A real connection's events belong to its workspace; the sandbox's to the workspace
    /// working in it now.
    fn scope_of(&self, connection_id: u64) -> Result<Scope<'static>> {
        if connection_id == SANDBOX_CONNECTION {
            return Ok(match self.settings().active_workspace()? {
                Some(workspace) => Scope::workspace(workspace),
                None => Scope::installation(),
            });
        }
        match self.connections().workspace_of(connection_id)? {
            Some(workspace) => Ok(Scope::workspace(workspace)),
            None => Err(CoreError::new(
                ErrorCode::NotFound,
                "There is no such connection.",
            )),
        }
    }
}
