//! The client's one error type. No variant's `Display` contains the API key: Stripe's messages
//! are scrubbed of it, transport errors name only the URL, and configuration errors never echo
//! the key.

use std::fmt;

use serde::Deserialize;

use crate::form::FormError;
use crate::idempotency::IdempotencyStoreError;
use crate::string_enum::string_enum;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Stripe answered with an error object.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The connection failed or broke before a complete answer arrived.
    #[error("could not reach Stripe: {0}")]
    Network(#[source] reqwest::Error),
    /// No complete answer within the configured timeout.
    #[error("Stripe did not answer in time: {0}")]
    Timeout(#[source] reqwest::Error),
    /// An answer arrived but is not what Stripe sends (or not the shape this client expects).
    #[error("could not read Stripe's answer (HTTP {status}{}): {source}", request_suffix(.request_id))]
    Decode {
        status: u16,
        request_id: Option<String>,
        #[source]
        source: serde_json::Error,
    },
    /// A parameter type could not be encoded (a bug in a parameter struct).
    #[error("could not encode the request parameters: {0}")]
    Encode(#[from] FormError),
    /// A value supplied to build a request is not acceptable (e.g. an account id with spaces).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be configured.
    #[error("invalid Stripe client configuration: {0}")]
    Config(String),
    /// The durable idempotency-key store failed; nothing was sent.
    #[error("idempotency key store: {0}")]
    IdempotencyStore(#[from] IdempotencyStoreError),
}

fn request_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(", request {id}"))
        .unwrap_or_default()
}

impl Error {
    /// Stripe's error object, when Stripe answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Stripe's `Request-Id`, to quote to Stripe support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.request_id.as_deref(),
            Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// True for transport failures (network or timeout): the request may or may not have been
    /// carried out, and sending it again with the same idempotency key is safe.
    pub fn is_transport(&self) -> bool {
        matches!(self, Self::Network(_) | Self::Timeout(_))
    }
}

string_enum! {
    /// Stripe's error `type`.
    pub enum ErrorType {
        ApiError => "api_error",
        CardError => "card_error",
        IdempotencyError => "idempotency_error",
        InvalidRequestError => "invalid_request_error",
        /// Older API versions and some edge paths.
        AuthenticationError => "authentication_error",
        RateLimitError => "rate_limit_error",
    }
}

/// Stripe's error object plus what the HTTP exchange tells us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stripe's `Request-Id` header.
    pub request_id: Option<String>,
    pub kind: ErrorType,
    /// e.g. `parameter_missing`, `resource_missing`, `balance_insufficient`.
    pub code: Option<String>,
    /// For card errors: the issuer's reason.
    pub decline_code: Option<String>,
    /// The parameter the error concerns, e.g. `amount` or `metadata[order]`.
    pub param: Option<String>,
    pub message: Option<String>,
    pub doc_url: Option<String>,
    /// Stripe answered from its idempotency store (`Idempotent-Replayed: true`): this is the
    /// stored answer of an earlier attempt with the same key, not a new execution.
    pub replayed: bool,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe {} (HTTP {}", self.kind, self.status)?;
        for (label, value) in [
            ("code", &self.code),
            ("decline code", &self.decline_code),
            ("param", &self.param),
            ("request", &self.request_id),
        ] {
            if let Some(value) = value {
                write!(f, ", {label} {value}")?;
            }
        }
        f.write_str(")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The body of an error answer: `{"error": {...}}` from the API, or
/// `{"error": "invalid_grant", "error_description": "..."}` from Connect OAuth.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum ErrorBody {
    Api {
        error: ErrorObject,
    },
    OAuth {
        error: String,
        error_description: Option<String>,
    },
}

#[derive(Deserialize)]
pub(crate) struct ErrorObject {
    #[serde(rename = "type")]
    kind: ErrorType,
    code: Option<String>,
    decline_code: Option<String>,
    param: Option<String>,
    message: Option<String>,
    doc_url: Option<String>,
}

impl ErrorBody {
    pub(crate) fn into_api_error(self, status: u16, request_id: Option<String>) -> ApiError {
        let error = match self {
            Self::Api { error } => error,
            // OAuth's error code (`invalid_grant`, `invalid_client`, …) becomes the `code`.
            Self::OAuth {
                error,
                error_description,
            } => ErrorObject {
                kind: ErrorType::InvalidRequestError,
                code: Some(error),
                decline_code: None,
                param: None,
                message: error_description,
                doc_url: None,
            },
        };
        let ErrorObject {
            kind,
            code,
            decline_code,
            param,
            message,
            doc_url,
        } = error;
        ApiError {
            status,
            request_id,
            kind,
            code,
            decline_code,
            param,
            message,
            doc_url,
            replayed: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ApiError {
        let body: ErrorBody = serde_json::from_str(body).expect("an error body");
        body.into_api_error(400, Some("req_123".into()))
    }

    #[test]
    fn reads_stripe_error_objects() {
        let error = parse(
            r#"{"error":{"type":"invalid_request_error","code":"parameter_missing",
                "param":"amount","message":"Missing required param: amount.",
                "doc_url":"https://stripe.com/docs/error-codes/parameter-missing","extra":1}}"#,
        );
        assert_eq!(error.kind, ErrorType::InvalidRequestError);
        assert_eq!(error.param.as_deref(), Some("amount"));
        assert_eq!(
            Error::Api(Box::new(error)).to_string(),
            "Stripe invalid_request_error (HTTP 400, code parameter_missing, param amount, \
             request req_123): Missing required param: amount."
        );
    }

    #[test]
    fn unknown_error_types_are_kept() {
        let error = parse(r#"{"error":{"type":"brand_new_error"}}"#);
        assert_eq!(error.kind, ErrorType::Other("brand_new_error".into()));
        assert_eq!(
            error.to_string(),
            "Stripe brand_new_error (HTTP 400, request req_123)"
        );
    }

    #[test]
    fn reads_connect_oauth_errors() {
        let error = parse(
            r#"{"error":"invalid_grant","error_description":"This refresh token does not exist."}"#,
        );
        assert_eq!(error.kind, ErrorType::InvalidRequestError);
        assert_eq!(error.code.as_deref(), Some("invalid_grant"));
        assert_eq!(
            error.message.as_deref(),
            Some("This refresh token does not exist.")
        );
    }

    #[test]
    fn card_errors_show_the_decline_code() {
        let error = parse(
            r#"{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}"#,
        );
        assert!(error
            .to_string()
            .contains("decline code insufficient_funds"));
    }

    #[test]
    fn decode_errors_name_status_and_request() {
        let source = serde_json::from_str::<ErrorBody>("<html>")
            .err()
            .expect("not json");
        let error = Error::Decode {
            status: 502,
            request_id: None,
            source,
        };
        assert!(error
            .to_string()
            .starts_with("could not read Stripe's answer (HTTP 502): "));
        assert_eq!(error.status(), Some(502));
    }
}
