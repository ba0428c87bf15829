//! Webhook endpoints: where Stripe POSTs events. They belong to the platform (a client made with
//! `on_account` is refused). An endpoint with `connect: true` receives the events of connected
//! accounts, one without receives the platform's own.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::null_as_default;
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page};
use crate::request::{segment, Request, RequestSpec};
use crate::resources::{impl_object, Metadata};
use crate::secret::WebhookSecret;
use crate::string_enum::string_enum;

string_enum! {
    pub enum WebhookEndpointStatus {
        Enabled => "enabled",
        Disabled => "disabled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    /// Event types such as `account.updated`, or `*` for all.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enabled_events: Vec<String>,
    pub status: WebhookEndpointStatus,
    /// The version events are rendered in; the account's default when absent.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The Connect application that created the endpoint, if any.
    #[serde(default)]
    pub application: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Only in the answer to the create call: store it then, Stripe never shows it again.
    #[serde(default)]
    pub secret: Option<WebhookSecret>,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// The answer to `DELETE /v1/webhook_endpoints/{webhook_endpoint}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeletedWebhookEndpoint {
    pub id: String,
    #[serde(default)]
    pub deleted: bool,
}

/// `POST /v1/webhook_endpoints`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateWebhookEndpoint {
    pub url: String,
    /// At least one event type, or `*`.
    pub enabled_events: Vec<String>,
    pub api_version: Option<String>,
    /// Receive connected accounts' events instead of the platform's (Stripe's default: false).
    pub connect: Option<bool>,
    pub description: Option<String>,
    pub metadata: Metadata,
}

impl CreateWebhookEndpoint {
    pub fn new<E: Into<String>>(
        url: impl Into<String>,
        enabled_events: impl IntoIterator<Item = E>,
    ) -> Self {
        Self {
            url: url.into(),
            enabled_events: enabled_events.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }
}

/// `POST /v1/webhook_endpoints/{webhook_endpoint}`: only what is set is changed (an empty
/// `enabled_events` leaves the list as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateWebhookEndpoint {
    pub url: Option<String>,
    pub enabled_events: Vec<String>,
    /// `true` stops deliveries (status `disabled`); `false` resumes them.
    pub disabled: Option<bool>,
    pub description: Option<String>,
    /// A key with an empty value is removed.
    pub metadata: Metadata,
}

/// `GET /v1/webhook_endpoints`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListWebhookEndpoints {
    #[serde(flatten)]
    pub page: Page,
}

/// `POST /v1/webhook_endpoints` (creates an object: keyed by `operation`, so a retry after a
/// lost answer cannot register the URL twice).
pub fn create(
    params: &CreateWebhookEndpoint,
    operation: &OperationRef,
) -> Result<Request<WebhookEndpoint>> {
    Ok(Request::new(
        RequestSpec::post_durable("/v1/webhook_endpoints".into(), operation).with_params(params)?,
    ))
}

/// `GET /v1/webhook_endpoints/{webhook_endpoint}`.
pub fn retrieve(endpoint_id: &str) -> Request<WebhookEndpoint> {
    Request::new(RequestSpec::get(path(endpoint_id)))
}

/// `POST /v1/webhook_endpoints/{webhook_endpoint}`.
pub fn update(
    endpoint_id: &str,
    params: &UpdateWebhookEndpoint,
) -> Result<Request<WebhookEndpoint>> {
    Ok(Request::new(
        RequestSpec::post(path(endpoint_id)).with_params(params)?,
    ))
}

/// `DELETE /v1/webhook_endpoints/{webhook_endpoint}`.
pub fn delete(endpoint_id: &str) -> Request<DeletedWebhookEndpoint> {
    Request::new(RequestSpec::delete(path(endpoint_id)))
}

/// `DELETE /v1/webhook_endpoints/{webhook_endpoint}` as a durable operation (keyed by
/// `operation`), for a caller that records its writes before sending them.
pub fn delete_durable(
    endpoint_id: &str,
    operation: &OperationRef,
) -> Request<DeletedWebhookEndpoint> {
    Request::new(RequestSpec::delete_durable(path(endpoint_id), operation))
}

/// `GET /v1/webhook_endpoints`.
pub fn list(params: &ListWebhookEndpoints) -> Result<Request<List<WebhookEndpoint>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/webhook_endpoints".into()).with_params(params)?,
    ))
}

fn path(endpoint_id: &str) -> String {
    format!("/v1/webhook_endpoints/{}", segment(endpoint_id))
}

impl Client {
    /// The answer carries the endpoint's `secret`, which no later call returns.
    pub async fn create_webhook_endpoint(
        &self,
        params: &CreateWebhookEndpoint,
        operation: &OperationRef,
    ) -> Result<WebhookEndpoint> {
        self.send(create(params, operation)?).await
    }

    pub async fn retrieve_webhook_endpoint(&self, endpoint_id: &str) -> Result<WebhookEndpoint> {
        self.send(retrieve(endpoint_id)).await
    }

    pub async fn update_webhook_endpoint(
        &self,
        endpoint_id: &str,
        params: &UpdateWebhookEndpoint,
    ) -> Result<WebhookEndpoint> {
        self.send(update(endpoint_id, params)?).await
    }

    pub async fn delete_webhook_endpoint(
        &self,
        endpoint_id: &str,
    ) -> Result<DeletedWebhookEndpoint> {
        self.send(delete(endpoint_id)).await
    }

    /// One page; use [`Client::paginate`] with [`list`] for all of them.
    pub async fn list_webhook_endpoints(
        &self,
        params: &ListWebhookEndpoints,
    ) -> Result<List<WebhookEndpoint>> {
        self.send(list(params)?).await
    }
}

impl_object!(WebhookEndpoint);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_is_durable_and_encodes_the_event_list() {
        let params = CreateWebhookEndpoint {
            connect: Some(true),
            ..CreateWebhookEndpoint::new(
                "https://app.example/hooks",
                ["account.updated", "payout.paid"],
            )
        };
        let operation = OperationRef::new("webhook/app").expect("valid reference");
        let request = create(&params, &operation).expect("builds");
        let spec = request.spec();
        assert_eq!(spec.path(), "/v1/webhook_endpoints");
        assert!(matches!(
            spec.idempotency(),
            crate::Idempotency::Durable(op) if op == &operation
        ));
        assert_eq!(
            spec.params(),
            [
                ("url".to_owned(), "https://app.example/hooks".to_owned()),
                ("enabled_events[]".to_owned(), "account.updated".to_owned()),
                ("enabled_events[]".to_owned(), "payout.paid".to_owned()),
                ("connect".to_owned(), "true".to_owned()),
            ]
        );
    }

    #[test]
    fn a_durable_delete_can_be_stored_and_sent_again() {
        let operation = OperationRef::new("op_1").expect("valid reference");
        let request = delete_durable("we_1", &operation);
        let spec = request.spec();
        assert_eq!(spec.method(), crate::Method::Delete);
        assert_eq!(spec.path(), "/v1/webhook_endpoints/we_1");
        let stored = spec.to_stored().expect("a durable request is stored");
        assert_eq!(stored.method, "DELETE");
        assert_eq!(&RequestSpec::from_stored(&stored).expect("restored"), spec);
    }

    #[test]
    fn debug_of_a_created_endpoint_hides_the_secret() {
        let endpoint: WebhookEndpoint = serde_json::from_value(serde_json::json!({
            "id": "we_1", "object": "webhook_endpoint", "url": "https://app.example/hooks",
            "enabled_events": ["*"], "status": "enabled", "api_version": null,
            "application": null, "description": null, "secret": "whsec_TopSecretValue",
            "created": 1, "livemode": false, "metadata": {}
        }))
        .expect("decodes");
        let secret = endpoint.secret.as_ref().expect("secret");
        assert_eq!(secret.expose(), "whsec_TopSecretValue");
        let shown = format!("{endpoint:?}");
        assert!(!shown.contains("TopSecret"), "{shown}");
    }
}
