//! Payment intents: create, retrieve, confirm, capture, cancel, list.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page, RangeQuery};
use crate::request::{segment, Request, RequestSpec};
use crate::resources::{impl_object, Metadata};
use crate::string_enum::string_enum;

string_enum! {
    pub enum PaymentIntentStatus {
        RequiresPaymentMethod => "requires_payment_method",
        RequiresConfirmation => "requires_confirmation",
        RequiresAction => "requires_action",
        Processing => "processing",
        RequiresCapture => "requires_capture",
        Canceled => "canceled",
        Succeeded => "succeeded",
    }
}

string_enum! {
    pub enum CaptureMethod {
        Automatic => "automatic",
        Manual => "manual",
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    /// Minor units of `currency`.
    pub amount: i64,
    #[serde(default)]
    pub amount_capturable: i64,
    #[serde(default)]
    pub amount_received: i64,
    pub currency: String,
    pub status: PaymentIntentStatus,
    pub capture_method: CaptureMethod,
    #[serde(default)]
    pub application_fee_amount: Option<i64>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub customer: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub on_behalf_of: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub payment_method_types: Vec<String>,
    #[serde(default)]
    pub transfer_data: Option<TransferData>,
    #[serde(default)]
    pub transfer_group: Option<String>,
    #[serde(default)]
    pub receipt_email: Option<String>,
    #[serde(default)]
    pub statement_descriptor: Option<String>,
    /// The charge of the last confirmation.
    #[serde(default, deserialize_with = "expandable_id")]
    pub latest_charge: Option<String>,
    #[serde(default)]
    pub canceled_at: Option<i64>,
    #[serde(default)]
    pub cancellation_reason: Option<String>,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// Where the funds of a destination charge go.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TransferData {
    #[serde(default, deserialize_with = "expandable_id")]
    pub destination: Option<String>,
    #[serde(default)]
    pub amount: Option<i64>,
}

/// `POST /v1/payment_intents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreatePaymentIntent {
    /// Minor units of `currency`.
    pub amount: i64,
    /// Lower-case ISO 4217, e.g. `usd`.
    pub currency: String,
    pub payment_method_types: Vec<String>,
    pub application_fee_amount: Option<i64>,
    pub capture_method: Option<CaptureMethod>,
    pub confirm: Option<bool>,
    pub customer: Option<String>,
    pub description: Option<String>,
    pub metadata: Metadata,
    pub on_behalf_of: Option<String>,
    pub payment_method: Option<String>,
    pub receipt_email: Option<String>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub transfer_data: Option<TransferDataParams>,
    pub transfer_group: Option<String>,
}

impl CreatePaymentIntent {
    pub fn new(amount: i64, currency: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferDataParams {
    /// The connected account that receives the funds.
    pub destination: String,
    pub amount: Option<i64>,
}

/// `POST /v1/payment_intents/{intent}/capture`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CapturePaymentIntent {
    pub amount_to_capture: Option<i64>,
    pub application_fee_amount: Option<i64>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub transfer_data: Option<CaptureTransferData>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaptureTransferData {
    pub amount: Option<i64>,
}

/// `POST /v1/payment_intents/{intent}/confirm`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConfirmPaymentIntent {
    /// `pm_…`, e.g. one of Stripe's test payment methods (`pm_card_visa`).
    pub payment_method: Option<String>,
    pub return_url: Option<String>,
}

/// `POST /v1/payment_intents/{intent}/cancel`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CancelPaymentIntent {
    /// `duplicate`, `fraudulent`, `requested_by_customer` or `abandoned`.
    pub cancellation_reason: Option<String>,
}

/// `GET /v1/payment_intents`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListPaymentIntents {
    pub created: Option<RangeQuery>,
    pub customer: Option<String>,
    #[serde(flatten)]
    pub page: Page,
}

/// `POST /v1/payment_intents` (moves money: keyed by `operation`).
pub fn create(
    params: &CreatePaymentIntent,
    operation: &OperationRef,
) -> Result<Request<PaymentIntent>> {
    let spec =
        RequestSpec::post_durable("/v1/payment_intents".into(), operation).with_params(params)?;
    Ok(Request::new(spec))
}

/// `GET /v1/payment_intents/{intent}`.
pub fn retrieve(intent_id: &str) -> Request<PaymentIntent> {
    Request::new(RequestSpec::get(format!(
        "/v1/payment_intents/{}",
        segment(intent_id)
    )))
}

/// `POST /v1/payment_intents/{intent}/capture` (moves money: keyed by `operation`).
pub fn capture(
    intent_id: &str,
    params: &CapturePaymentIntent,
    operation: &OperationRef,
) -> Result<Request<PaymentIntent>> {
    let path = format!("/v1/payment_intents/{}/capture", segment(intent_id));
    Ok(Request::new(
        RequestSpec::post_durable(path, operation).with_params(params)?,
    ))
}

/// `POST /v1/payment_intents/{intent}/confirm` (moves money: keyed by `operation`).
pub fn confirm(
    intent_id: &str,
    params: &ConfirmPaymentIntent,
    operation: &OperationRef,
) -> Result<Request<PaymentIntent>> {
    let path = format!("/v1/payment_intents/{}/confirm", segment(intent_id));
    Ok(Request::new(
        RequestSpec::post_durable(path, operation).with_params(params)?,
    ))
}

/// `POST /v1/payment_intents/{intent}/cancel` (keyed by `operation`).
pub fn cancel(
    intent_id: &str,
    params: &CancelPaymentIntent,
    operation: &OperationRef,
) -> Result<Request<PaymentIntent>> {
    let path = format!("/v1/payment_intents/{}/cancel", segment(intent_id));
    Ok(Request::new(
        RequestSpec::post_durable(path, operation).with_params(params)?,
    ))
}

/// `GET /v1/payment_intents`.
pub fn list(params: &ListPaymentIntents) -> Result<Request<List<PaymentIntent>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/payment_intents".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_payment_intent(
        &self,
        params: &CreatePaymentIntent,
        operation: &OperationRef,
    ) -> Result<PaymentIntent> {
        self.send(create(params, operation)?).await
    }

    pub async fn retrieve_payment_intent(&self, intent_id: &str) -> Result<PaymentIntent> {
        self.send(retrieve(intent_id)).await
    }

    pub async fn capture_payment_intent(
        &self,
        intent_id: &str,
        params: &CapturePaymentIntent,
        operation: &OperationRef,
    ) -> Result<PaymentIntent> {
        self.send(capture(intent_id, params, operation)?).await
    }

    pub async fn list_payment_intents(
        &self,
        params: &ListPaymentIntents,
    ) -> Result<List<PaymentIntent>> {
        self.send(list(params)?).await
    }
}

impl_object!(PaymentIntent);
