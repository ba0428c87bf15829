//! Events: what happened on the platform and its connected accounts.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::list::{List, Page, RangeQuery};
use crate::request::{Request, RequestSpec};
use crate::resources::impl_object;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    pub id: String,
    /// e.g. `account.updated`, `payout.paid`, `charge.dispute.created`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The connected account the event happened on (Connect events only).
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub api_version: Option<String>,
    pub data: EventData,
    pub pending_webhooks: i64,
    #[serde(default)]
    pub request: Option<EventRequest>,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventData {
    /// The object as it was when the event happened, whole.
    pub object: serde_json::Value,
    /// For `*.updated` events: the changed fields' previous values.
    #[serde(default)]
    pub previous_attributes: Option<serde_json::Value>,
}

/// The API request that caused the event, if any.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EventRequest {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// `GET /v1/events`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListEvents {
    pub created: Option<RangeQuery>,
    pub delivery_success: Option<bool>,
    /// One type, or a pattern such as `payout.*`.
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// Up to 20 exact types (instead of `type`).
    pub types: Vec<String>,
    #[serde(flatten)]
    pub page: Page,
}

/// `GET /v1/events`.
pub fn list(params: &ListEvents) -> Result<Request<List<Event>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/events".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn list_events(&self, params: &ListEvents) -> Result<List<Event>> {
        self.send(list(params)?).await
    }
}

impl_object!(Event);
