//! Stripe's error object: `{"error":{"type","code","message","param","decline_code","doc_url",
//! "request_log_url"}}`, with the HTTP status Stripe uses for each case.

use serde_json::{json, Map, Value};

/// Stripe's `error.type` (the variant names mirror Stripe's values).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    ApiError,
    CardError,
    IdempotencyError,
    InvalidRequestError,
}

impl ErrorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::ApiError => "api_error",
            ErrorType::CardError => "card_error",
            ErrorType::IdempotencyError => "idempotency_error",
            ErrorType::InvalidRequestError => "invalid_request_error",
        }
    }
}

/// An error response of the Stripe API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub kind: ErrorType,
    pub code: Option<String>,
    pub message: String,
    pub param: Option<String>,
    /// Further members of the error object (`decline_code`, `charge`, `payment_intent`,
    /// `payment_method`).
    pub extra: Map<String, Value>,
    /// Sent as the `Stripe-Should-Retry` header when set.
    pub should_retry: Option<bool>,
}

impl ApiError {
    /// A bare error; prefer the named constructors.
    pub fn new(status: u16, kind: ErrorType, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            code: None,
            message: message.into(),
            param: None,
            extra: Map::new(),
            should_retry: None,
        }
    }

    /// A 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, ErrorType::InvalidRequestError, message)
    }

    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> Self {
        self.extra.insert(key.to_owned(), value);
        self
    }

    pub fn missing_param(param: &str) -> Self {
        Self::invalid(format!("Missing required param: {param}."))
            .with_code("parameter_missing")
            .with_param(param)
    }

    pub fn unknown_param(param: &str) -> Self {
        Self::invalid(format!("Received unknown parameter: {param}"))
            .with_code("parameter_unknown")
            .with_param(param)
    }

    pub fn invalid_param(param: &str, message: impl Into<String>) -> Self {
        Self::invalid(message)
            .with_code("parameter_invalid")
            .with_param(param)
    }

    /// 404 `resource_missing`: "No such payment_intent: 'pi_123'".
    pub fn no_such(object: &str, id: &str, param: &str) -> Self {
        Self::invalid(format!("No such {object}: '{id}'"))
            .with_status(404)
            .with_code("resource_missing")
            .with_param(param)
    }

    pub fn unrecognized_url(method: &str, path: &str) -> Self {
        Self::invalid(format!(
            "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
        ))
        .with_status(404)
    }

    pub fn balance_insufficient(message: impl Into<String>) -> Self {
        Self::invalid(message).with_code("balance_insufficient")
    }

    /// A state conflict such as capturing a PaymentIntent that is not `requires_capture`.
    pub fn unexpected_state(code: &str, message: impl Into<String>) -> Self {
        Self::invalid(message).with_code(code)
    }

    pub fn idempotency_mismatch(key: &str) -> Self {
        Self::new(
            400,
            ErrorType::IdempotencyError,
            format!(
                "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
            ),
        )
    }

    pub fn rate_limited() -> Self {
        Self::invalid("Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.")
            .with_status(429)
            .with_code("rate_limit")
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, ErrorType::ApiError, message)
    }

    /// The JSON body, as api.stripe.com sends it; absent members are omitted.
    pub fn body(&self, request_log_url: Option<&str>) -> Value {
        let mut error = Map::new();
        error.insert("type".into(), json!(self.kind.as_str()));
        error.insert("message".into(), json!(self.message));
        if let Some(code) = &self.code {
            error.insert("code".into(), json!(code));
            error.insert(
                "doc_url".into(),
                json!(format!(
                    "https://stripe.com/docs/error-codes/{}",
                    code.replace('_', "-")
                )),
            );
        }
        if let Some(param) = &self.param {
            error.insert("param".into(), json!(param));
        }
        if let Some(url) = request_log_url {
            error.insert("request_log_url".into(), json!(url));
        }
        for (k, v) in &self.extra {
            error.insert(k.clone(), v.clone());
        }
        json!({ "error": error })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_stripe_shape() {
        let e = ApiError::no_such("payment_intent", "pi_1", "intent");
        let body = e.body(Some("http://x/_sim/requests/req_1"));
        assert_eq!(e.status, 404);
        assert_eq!(body["error"]["type"], "invalid_request_error");
        assert_eq!(body["error"]["code"], "resource_missing");
        assert_eq!(body["error"]["param"], "intent");
        assert_eq!(
            body["error"]["doc_url"],
            "https://stripe.com/docs/error-codes/resource-missing"
        );
        assert_eq!(body["error"]["message"], "No such payment_intent: 'pi_1'");
        assert!(body["error"].get("decline_code").is_none());
    }
}
