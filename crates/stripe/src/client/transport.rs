//! One HTTP exchange: a [`RequestSpec`] becomes a reqwest request; the answer is read whole.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE};
use reqwest::multipart;
use serde::de::DeserializeOwned;
use url::Url;

use super::Client;
use crate::error::{Error, ErrorBody, Result};
use crate::idempotency::IdempotencyKey;
use crate::request::{FilePart, Host, Method, RequestSpec};

/// A complete HTTP answer.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) request_id: Option<String>,
    /// `Stripe-Should-Retry`, when present and readable.
    pub(super) should_retry: Option<bool>,
    /// `Retry-After` in whole seconds, when present.
    pub(super) retry_after: Option<Duration>,
    /// `Idempotent-Replayed: true`: Stripe answered from its idempotency store.
    pub(super) replayed: bool,
    pub(super) body: Bytes,
}

impl Answer {
    pub(super) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub(super) fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| self.decode_error(source))
    }

    pub(super) fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            source,
        }
    }
}

impl Client {
    /// Sends `spec` once, with `key` as its `Idempotency-Key`. Fails only with
    /// [`Error::Network`]/[`Error::Timeout`], or [`Error::InvalidRequest`] when it cannot be built.
    pub(super) async fn attempt(
        &self,
        spec: &RequestSpec,
        key: Option<&IdempotencyKey>,
    ) -> Result<Answer> {
        let inner = &self.inner;
        let base = match spec.host() {
            Host::Api => &inner.api_base,
            Host::Files => &inner.files_base,
            Host::Connect => &inner.connect_base,
        };
        let mut url = Url::parse(&format!("{base}{}", spec.path()))
            .map_err(|err| Error::InvalidRequest(format!("path {:?}: {err}", spec.path())))?;

        let builder = match spec.method() {
            Method::Get | Method::Delete => {
                if !spec.params().is_empty() {
                    url.query_pairs_mut().extend_pairs(spec.params());
                }
                let method = match spec.method() {
                    Method::Delete => reqwest::Method::DELETE,
                    _ => reqwest::Method::GET,
                };
                inner.http.request(method, url)
            }
            Method::Post => {
                let builder = inner.http.post(url);
                match spec.file() {
                    Some(file) => builder.multipart(multipart_form(spec.params(), file)?),
                    None => builder
                        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(form_body(spec.params())),
                }
            }
        };

        let mut builder = builder.header(AUTHORIZATION, inner.auth.clone());
        if let Some(account) = &self.account {
            builder = builder.header("Stripe-Account", account.clone());
        }
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key.as_str());
        }

        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let request_id = header_str(headers, "request-id").map(str::to_owned);
        let should_retry = match header_str(headers, "stripe-should-retry") {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        };
        let retry_after = header_str(headers, "retry-after")
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let replayed = header_str(headers, "idempotent-replayed") == Some("true");
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Answer {
            status,
            request_id,
            should_retry,
            retry_after,
            replayed,
            body,
        })
    }

    /// Stripe's error object of a failed answer, scrubbed of the API key and of the request's
    /// secret parameters.
    pub(super) fn api_error(&self, spec: &RequestSpec, answer: &Answer) -> Error {
        let body: ErrorBody = match serde_json::from_slice(&answer.body) {
            Ok(body) => body,
            Err(source) => return answer.decode_error(source),
        };
        let mut error = body.into_api_error(answer.status, answer.request_id.clone());
        error.replayed = answer.replayed;
        let key = &self.inner.api_key;
        for text in [
            &mut error.message,
            &mut error.param,
            &mut error.code,
            &mut error.doc_url,
        ] {
            if let Some(value) = text.as_mut() {
                let mut scrubbed = key.scrub(value);
                for secret in spec.secret_values().filter(|secret| !secret.is_empty()) {
                    scrubbed = scrubbed.replace(secret, "[redacted]");
                }
                *value = scrubbed;
            }
        }
        Error::Api(Box::new(error))
    }
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn transport_error(err: reqwest::Error) -> Error {
    if err.is_builder() {
        Error::InvalidRequest(err.to_string())
    } else if err.is_timeout() {
        Error::Timeout(err)
    } else {
        Error::Network(err)
    }
}

fn form_body(params: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// A fresh multipart form for every attempt (forms are consumed when sent); the file's bytes
/// are shared, not copied.
fn multipart_form(params: &[(String, String)], file: &FilePart) -> Result<multipart::Form> {
    let mut part = multipart::Part::stream_with_length(file.data.clone(), file.data.len() as u64)
        .file_name(file.filename.clone());
    if let Some(content_type) = &file.content_type {
        part = part
            .mime_str(content_type)
            .map_err(|_| Error::InvalidRequest(format!("{content_type:?} is not a media type")))?;
    }
    let form = params
        .iter()
        .fold(multipart::Form::new(), |form, (name, value)| {
            form.text(name.clone(), value.clone())
        });
    Ok(form.part(FilePart::FIELD, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_percent_encode_brackets_and_values() {
        let params = [
            ("metadata[order]".to_owned(), "42 & more".to_owned()),
            ("payment_method_types[]".to_owned(), "card".to_owned()),
        ];
        assert_eq!(
            form_body(&params),
            "metadata%5Border%5D=42+%26+more&payment_method_types%5B%5D=card"
        );
    }
}
