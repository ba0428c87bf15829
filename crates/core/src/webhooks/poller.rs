//! The Events API safety net: webhooks can be lost (the app was closed, a tunnel was down), so
//! each connection's events are also read from `GET /v1/events` and put into the same inbox,
//! which keeps an event once however it arrived.
//!
//! A cursor per connection and scope (the platform, or one connected account read through
//! `Stripe-Account`) holds the newest `created` second read so far. A poll asks for
//! `created >= cursor` (never older than Stripe keeps events), pages through all of it and only
//! then moves the cursor: a poll cut short re-reads, it never skips, and reading the cursor's own
//! second again (with the inbox's dedupe) means events created in that second after the last
//! poll are not missed.

use connectdesk_stripe::events::{self, ListEvents};
use connectdesk_stripe::{Client, Page, RangeQuery};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use specta::Type;

use super::inbox::{EventSource, Inbox, Received};
use crate::query::{FilterInput, ListQuery};
use crate::store::{Collection, Field, Record, Store};
use crate::{CoreError, ErrorCode, Result};

/// Stripe keeps events for 30 days.
pub const RETENTION_SECS: i64 = 30 * 86_400;
/// How far inside the retention window the oldest ask stays, so events Stripe drops while a
/// poll runs are not asked for (Stripe may refuse a `created` older than it keeps).
pub const RETENTION_MARGIN_SECS: i64 = 3_600;
/// Stripe's largest page.
pub const PAGE_LIMIT: u8 = 100;

/// How far one connection's events have been read, per scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventCursor {
    pub id: u64,
    /// `{connectionId}/{scope}`.
    pub key: String,
    pub connection_id: u64,
    /// `platform`, or the connected account (`acct_…`) read through `Stripe-Account`.
    pub scope: String,
    /// The newest `created` (Unix seconds) read in a complete poll.
    pub newest_created: i64,
    /// When the last complete poll ran (Unix seconds).
    pub polled_at: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for EventCursor {
    const COLLECTION: &'static str = "eventCursors";
    const LABEL: &'static str = "event cursor";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("key").filterable().unique(),
        Field::int("connectionId").key(),
    ];
}

/// What one poll brought.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PollSummary {
    /// Events stored for the first time.
    pub new: usize,
    /// Events the inbox already held (delivered by webhook, or read by an earlier poll).
    pub duplicates: usize,
    /// The newest `created` seen in this poll.
    pub newest: Option<i64>,
}

/// The scope part of a cursor key.
pub const PLATFORM_SCOPE: &str = "platform";

fn cursor_key(connection_id: u64, account: Option<&str>) -> String {
    format!("{connection_id}/{}", account.unwrap_or(PLATFORM_SCOPE))
}

#[derive(Clone)]
pub struct Poller {
    cursors: Collection<EventCursor>,
    page_limit: u8,
}

impl Poller {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            cursors: store.collection()?,
            page_limit: PAGE_LIMIT,
        })
    }

    /// A smaller page than Stripe's 100 (clamped to 1..=100): more requests, same events; lets
    /// tests cross page boundaries with few events.
    pub fn with_page_limit(mut self, limit: u8) -> Self {
        self.page_limit = limit.clamp(1, PAGE_LIMIT);
        self
    }

    /// The cursor of a connection's scope (`None`: the platform), if a poll completed.
    pub fn cursor(&self, connection_id: u64, account: Option<&str>) -> Result<Option<EventCursor>> {
        let key = cursor_key(connection_id, account);
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("key", &key)],
            ..ListQuery::default()
        };
        Ok(self
            .cursors
            .list(&query)?
            .items
            .into_iter()
            .find(|cursor| cursor.key == key))
    }

    /// Reads every event of the scope since the cursor (at most Stripe's 30 days back) into
    /// `inbox` for `connection_id`, then advances the cursor. `account`: a connected account's
    /// events, read with `Stripe-Account`; `None`: the platform's. `now` is Unix seconds.
    pub async fn poll(
        &self,
        client: &Client,
        connection_id: u64,
        account: Option<&str>,
        inbox: &Inbox,
        now: i64,
    ) -> Result<PollSummary> {
        let scoped = match account {
            Some(account) => client.on_account(account).map_err(|err| {
                CoreError::new(
                    ErrorCode::InvalidValue,
                    format!("Cannot read events: {err}"),
                )
            })?,
            // A handle already on an account would file its events under the platform.
            None if client.account().is_some() => {
                return Err(CoreError::internal(
                    "The platform's events were asked for with a client on a connected account",
                ))
            }
            None => client.clone(),
        };
        let cursor = self.cursor(connection_id, account)?;
        let floor = now - RETENTION_SECS + RETENTION_MARGIN_SECS;
        let since = cursor
            .as_ref()
            .map_or(floor, |cursor| cursor.newest_created.max(floor));

        let mut summary = PollSummary::default();
        let mut starting_after: Option<String> = None;
        loop {
            let params = ListEvents {
                created: Some(RangeQuery {
                    gte: Some(since),
                    ..RangeQuery::default()
                }),
                page: Page {
                    limit: Some(self.page_limit),
                    starting_after: starting_after.clone(),
                    ending_before: None,
                },
                ..ListEvents::default()
            };
            let request = events::list(&params).map_err(|err| read_failure(&err))?;
            // The raw JSON, not the typed `Event`: the inbox keeps every field Stripe sent.
            let page = scoped
                .send_with_raw(request)
                .await
                .map_err(|err| read_failure(&err))?;
            let raw_events = page
                .raw
                .get("data")
                .and_then(Json::as_array)
                .ok_or_else(|| read_failure_words("the list of events has no data"))?;
            for raw in raw_events {
                let (id, created) = raw
                    .get("id")
                    .and_then(Json::as_str)
                    .zip(raw.get("created").and_then(Json::as_i64))
                    .ok_or_else(|| read_failure_words("an event has no id or created time"))?;
                let body = serde_json::to_vec(raw).map_err(|err| {
                    CoreError::internal(format!("Cannot encode event {id}: {err}"))
                })?;
                match inbox.receive(connection_id, &body, EventSource::Poller)? {
                    Received::New(_) => summary.new += 1,
                    Received::Duplicate => summary.duplicates += 1,
                }
                summary.newest = Some(summary.newest.map_or(created, |n| n.max(created)));
                starting_after = Some(id.to_string());
            }
            // An empty page that claims more would loop forever.
            if !page.object.has_more || raw_events.is_empty() {
                break;
            }
        }
        self.advance(cursor, connection_id, account, summary.newest, now)?;
        Ok(summary)
    }

    fn advance(
        &self,
        cursor: Option<EventCursor>,
        connection_id: u64,
        account: Option<&str>,
        newest: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let moved = |old: i64| newest.map_or(old, |newest| newest.max(old));
        if let Some(cursor) = cursor {
            self.cursors.update(cursor.id, |stored| {
                stored.newest_created = moved(stored.newest_created);
                stored.polled_at = now;
                Ok(())
            })?;
            return Ok(());
        }
        let fresh = EventCursor {
            id: 0,
            key: cursor_key(connection_id, account),
            connection_id,
            scope: account.unwrap_or(PLATFORM_SCOPE).to_string(),
            // No events at all: nothing read yet, the next poll starts from the window again.
            newest_created: newest.unwrap_or(0),
            polled_at: now,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        match self.cursors.insert(fresh) {
            Ok(_) => Ok(()),
            // A poll of the same scope finished first: move its cursor instead.
            Err(err) if err.code == ErrorCode::Conflict => {
                let again = self.cursor(connection_id, account)?;
                match again {
                    Some(cursor) => self.advance(Some(cursor), connection_id, account, newest, now),
                    None => Err(err),
                }
            }
            Err(err) => Err(err),
        }
    }
}

fn read_failure(err: &connectdesk_stripe::Error) -> CoreError {
    let detail = match err {
        connectdesk_stripe::Error::Timeout(_) => "Stripe did not answer in time".to_string(),
        _ if err.is_transport() => "Stripe could not be reached".to_string(),
        connectdesk_stripe::Error::Api(api) => match &api.message {
            Some(message) => format!("Stripe said: {message}"),
            None => format!("Stripe answered HTTP {}", api.status),
        },
        other => other.to_string(),
    };
    read_failure_words(&detail)
}

fn read_failure_words(detail: &str) -> CoreError {
    CoreError::new(
        ErrorCode::ServiceUnavailable,
        format!("Could not read the events from Stripe: {detail}. The next poll tries again."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_keys_name_the_scope() {
        assert_eq!(cursor_key(7, None), "7/platform");
        assert_eq!(cursor_key(7, Some("acct_1")), "7/acct_1");
    }

    #[test]
    fn the_page_limit_stays_within_stripes_range() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let poller = Poller::new(&store).expect("poller");
        assert_eq!(poller.clone().with_page_limit(0).page_limit, 1);
        assert_eq!(poller.clone().with_page_limit(200).page_limit, 100);
        assert_eq!(poller.with_page_limit(5).page_limit, 5);
    }
}
