//! The HTTP response of an API request, with Stripe's headers.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::wire::ApiError;
use crate::API_VERSION;

/// A response body.
#[derive(Debug, Clone)]
pub enum Payload {
    Json(Value),
    /// Already-serialized JSON (an idempotent replay).
    Stored(String),
    /// File contents.
    Raw {
        content_type: String,
        bytes: Vec<u8>,
    },
}

/// What an API request answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub payload: Payload,
    pub should_retry: Option<bool>,
    /// Set on idempotent replays: the request that produced the stored response.
    pub original_request: Option<String>,
    pub idempotency_key: Option<String>,
    pub stripe_account: Option<String>,
}

impl Reply {
    pub fn ok(payload: Payload) -> Self {
        Self {
            status: 200,
            payload,
            should_retry: None,
            original_request: None,
            idempotency_key: None,
            stripe_account: None,
        }
    }

    pub fn error(error: &ApiError, request_log_url: &str) -> Self {
        Self {
            status: error.status,
            should_retry: error.should_retry,
            ..Self::ok(Payload::Json(error.body(Some(request_log_url))))
        }
    }

    /// The JSON text of the body (for storing), if it is JSON.
    pub fn json_text(&self) -> Option<String> {
        match &self.payload {
            Payload::Json(v) => Some(v.to_string()),
            Payload::Stored(s) => Some(s.clone()),
            Payload::Raw { .. } => None,
        }
    }

    /// The response, with `Request-Id`, `Stripe-Version` and the echoed headers.
    pub fn into_response(self, request_id: &str) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (content_type, body) = match self.payload {
            Payload::Json(v) => ("application/json".to_owned(), pretty(&v).into_bytes()),
            Payload::Stored(s) => ("application/json".to_owned(), s.into_bytes()),
            Payload::Raw {
                content_type,
                bytes,
            } => (content_type, bytes),
        };
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        let mut set = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(HeaderName::from_static(name), v);
            }
        };
        set("content-type", &content_type);
        set("request-id", request_id);
        set("stripe-version", API_VERSION);
        set("cache-control", "no-cache, no-store");
        if let Some(retry) = self.should_retry {
            set("stripe-should-retry", if retry { "true" } else { "false" });
        }
        if let Some(key) = &self.idempotency_key {
            set("idempotency-key", key);
        }
        if let Some(original) = &self.original_request {
            set("idempotent-replayed", "true");
            set("original-request", original);
        }
        if let Some(account) = &self.stripe_account {
            set("stripe-account", account);
        }
        response
    }
}

/// Stripe pretty-prints its JSON with two spaces.
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
