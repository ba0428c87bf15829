//! A request as data. Every endpoint function builds a [`Request`]; the client sends exactly
//! that, and tests can inspect it without sending.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::error::Result;
use crate::form;
use crate::idempotency::{Idempotency, OperationRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which Stripe host serves the endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `api.stripe.com`.
    Api,
    /// `files.stripe.com` (file uploads).
    Files,
    /// `connect.stripe.com` (Connect OAuth).
    Connect,
}

/// The file of a multipart upload, sent as the form field `file`.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    pub filename: String,
    /// e.g. `application/pdf`; Stripe detects the type from the content when absent.
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl FilePart {
    /// The multipart field name Stripe reads the file from.
    pub const FIELD: &'static str = "file";
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// Method, path, parameters and idempotency of one API call.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestSpec {
    method: Method,
    host: Host,
    path: String,
    params: Vec<(String, String)>,
    file: Option<FilePart>,
    idempotency: Idempotency,
    /// The parameter values are secrets (an OAuth refresh token): never printed, and scrubbed
    /// from Stripe's error messages.
    secret_params: bool,
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(name, value)| {
                let shown = if self.secret_params {
                    "[redacted]"
                } else {
                    value
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("params", &params)
            .field("file", &self.file)
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

impl RequestSpec {
    pub(crate) fn get(path: String) -> Self {
        Self::new(Method::Get, path, Idempotency::None)
    }

    pub(crate) fn delete(path: String) -> Self {
        Self::new(Method::Delete, path, Idempotency::None)
    }

    /// A DELETE recorded by the caller before it is sent, so a crash cannot forget it. Stripe
    /// ignores the key on a DELETE (deleting is idempotent there): a repeat after a lost
    /// answer is answered 404 `resource_missing`, which the caller reads as done.
    pub(crate) fn delete_durable(path: String, operation: &OperationRef) -> Self {
        Self::new(
            Method::Delete,
            path,
            Idempotency::Durable(operation.clone()),
        )
    }

    /// A POST that neither moves money nor creates an object.
    pub(crate) fn post(path: String) -> Self {
        Self::new(Method::Post, path, Idempotency::PerCall)
    }

    /// A POST that moves money or creates an object: keyed durably by `operation`.
    pub(crate) fn post_durable(path: String, operation: &OperationRef) -> Self {
        Self::new(Method::Post, path, Idempotency::Durable(operation.clone()))
    }

    fn new(method: Method, path: String, idempotency: Idempotency) -> Self {
        Self {
            method,
            host: Host::Api,
            path,
            params: Vec::new(),
            file: None,
            idempotency,
            secret_params: false,
        }
    }

    /// A POST to `connect.stripe.com` whose parameters are secrets (Connect OAuth).
    pub(crate) fn post_oauth(path: String) -> Self {
        Self {
            host: Host::Connect,
            secret_params: true,
            ..Self::post(path)
        }
    }

    /// Adds the form pairs of `params` (query string for GET, body otherwise).
    pub(crate) fn with_params<P: Serialize + ?Sized>(mut self, params: &P) -> Result<Self> {
        self.params.extend(form::to_pairs(params)?);
        Ok(self)
    }

    /// Sends the request as `multipart/form-data` to the files host.
    pub(crate) fn multipart(mut self, file: FilePart) -> Self {
        self.host = Host::Files;
        self.file = Some(file);
        self
    }

    #[cfg(any(test, feature = "testing"))]
    pub(crate) fn push_param(&mut self, name: &str, value: &str) {
        self.params.push((name.to_owned(), value.to_owned()));
    }

    pub(crate) fn set_param(&mut self, name: &str, value: &str) {
        self.params.retain(|(key, _)| key != name);
        self.params.push((name.to_owned(), value.to_owned()));
    }

    /// A GET of any API path with query pairs, e.g. to read an object named in a journal.
    pub fn read(path: &str, query: &[(&str, &str)]) -> Result<Self> {
        if !path.starts_with("/v1/") || path.contains(['?', '#']) {
            return Err(crate::error::Error::InvalidRequest(format!(
                "{path:?} is not an API path"
            )));
        }
        let mut spec = Self::get(path.to_owned());
        for (name, value) in query {
            spec.set_param(name, value);
        }
        Ok(spec)
    }

    /// The value of a form parameter, e.g. `metadata[order]`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn host(&self) -> Host {
        self.host
    }

    /// The path with ids filled in and percent-encoded, e.g. `/v1/accounts/acct_1`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The form pairs, bracket notation unencoded, e.g. `("metadata[order]", "42")`.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    pub fn file(&self) -> Option<&FilePart> {
        self.file.as_ref()
    }

    pub fn idempotency(&self) -> &Idempotency {
        &self.idempotency
    }

    /// The secret parameter values, to scrub from error messages.
    pub(crate) fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .filter(|_| self.secret_params)
            .map(|(_, value)| value.as_str())
    }
}

/// A durable request as a journal keeps it, to send it again after a crash: everything but the
/// idempotency key (kept beside it) and the API key (never stored). Requests with secret
/// parameters or a file cannot be stored this way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredRequest {
    pub method: String,
    pub path: String,
    pub params: Vec<(String, String)>,
    /// The durable operation the request belongs to.
    pub operation: String,
}

impl RequestSpec {
    /// The stored form of a durable API request; `None` for a request that is not durable,
    /// carries secret parameters or a file, or goes to another host than the API.
    pub fn to_stored(&self) -> Option<StoredRequest> {
        let Idempotency::Durable(operation) = &self.idempotency else {
            return None;
        };
        if self.secret_params || self.file.is_some() || self.host != Host::Api {
            return None;
        }
        Some(StoredRequest {
            method: self.method.as_str().to_owned(),
            path: self.path.clone(),
            params: self.params.clone(),
            operation: operation.as_str().to_owned(),
        })
    }

    /// The request a [`StoredRequest`] describes, keyed by the same durable operation.
    pub fn from_stored(stored: &StoredRequest) -> Result<Self> {
        let method = match stored.method.as_str() {
            "POST" => Method::Post,
            "DELETE" => Method::Delete,
            other => {
                return Err(crate::error::Error::InvalidRequest(format!(
                    "a stored request must be a POST or DELETE, not {other:?}"
                )))
            }
        };
        if !stored.path.starts_with("/v1/") {
            return Err(crate::error::Error::InvalidRequest(format!(
                "a stored request must go to the API, not {:?}",
                stored.path
            )));
        }
        let operation = OperationRef::new(&stored.operation)?;
        let mut spec = Self::new(method, stored.path.clone(), Idempotency::Durable(operation));
        spec.params = stored.params.clone();
        Ok(spec)
    }
}

/// A [`RequestSpec`] whose successful answer decodes to `T`.
pub struct Request<T> {
    spec: RequestSpec,
    response: PhantomData<fn() -> T>,
}

impl<T> Request<T> {
    pub(crate) fn new(spec: RequestSpec) -> Self {
        Self {
            spec,
            response: PhantomData,
        }
    }

    pub fn spec(&self) -> &RequestSpec {
        &self.spec
    }

    pub fn into_spec(self) -> RequestSpec {
        self.spec
    }
}

impl<T> Clone for Request<T> {
    fn clone(&self) -> Self {
        Self::new(self.spec.clone())
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Request").field(&self.spec).finish()
    }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes an id for use as one path segment, so no id can change the path.
pub(crate) fn segment(id: &str) -> String {
    match id {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(id, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_their_segment() {
        assert_eq!(segment("acct_1Abc"), "acct_1Abc");
        assert_eq!(segment("../v1/balance"), "..%2Fv1%2Fbalance");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("a b?c#d"), "a%20b%3Fc%23d");
    }

    #[test]
    fn secret_params_never_print() {
        let mut spec = RequestSpec::post_oauth("/oauth/token".into());
        spec.set_param("refresh_token", "rt_secret123");
        let shown = format!("{spec:?}");
        assert!(!shown.contains("rt_secret123"), "{shown}");
        assert!(shown.contains("refresh_token"), "{shown}");
        assert_eq!(spec.secret_values().collect::<Vec<_>>(), ["rt_secret123"]);
        assert_eq!(spec.host(), Host::Connect);
    }

    #[test]
    fn durable_requests_round_trip_through_their_stored_form() {
        let operation = OperationRef::new("journal/7").expect("operation");
        let mut spec = RequestSpec::post_durable("/v1/transfers".into(), &operation);
        spec.set_param("amount", "1000");
        spec.set_param("metadata[connectdesk_op]", "op_1");
        let stored = spec.to_stored().expect("a durable API request is stored");
        let json = serde_json::to_string(&stored).expect("encode");
        let back: StoredRequest = serde_json::from_str(&json).expect("decode");
        assert_eq!(RequestSpec::from_stored(&back).expect("rebuilt"), spec);
    }

    #[test]
    fn only_durable_api_requests_are_stored() {
        assert!(RequestSpec::post("/v1/account_links".into())
            .to_stored()
            .is_none());
        let mut oauth = RequestSpec::post_oauth("/oauth/token".into());
        oauth.idempotency = Idempotency::Durable(OperationRef::new("x").expect("operation"));
        assert!(oauth.to_stored().is_none());
        let stored = StoredRequest {
            method: "GET".into(),
            path: "/v1/balance".into(),
            params: Vec::new(),
            operation: "x".into(),
        };
        assert!(RequestSpec::from_stored(&stored).is_err());
        let elsewhere = StoredRequest {
            method: "POST".into(),
            path: "https://evil.example/v1".into(),
            ..stored
        };
        assert!(RequestSpec::from_stored(&elsewhere).is_err());
    }

    #[test]
    fn set_param_replaces_the_previous_value() {
        let mut spec = RequestSpec::get("/v1/transfers".into());
        spec.set_param("starting_after", "tr_1");
        spec.set_param("starting_after", "tr_2");
        assert_eq!(
            spec.params(),
            [("starting_after".to_owned(), "tr_2".to_owned())]
        );
        assert_eq!(spec.param("starting_after"), Some("tr_2"));
    }
}
