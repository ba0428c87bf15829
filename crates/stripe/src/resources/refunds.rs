//! Refunds: create and list.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page, RangeQuery};
use crate::request::{Request, RequestSpec};
use crate::resources::{impl_object, Metadata};
use crate::string_enum::string_enum;

string_enum! {
    pub enum RefundReason {
        Duplicate => "duplicate",
        Fraudulent => "fraudulent",
        RequestedByCustomer => "requested_by_customer",
        /// Set by Stripe only, never sent.
        ExpiredUncapturedCharge => "expired_uncaptured_charge",
    }
}

string_enum! {
    pub enum RefundStatus {
        Pending => "pending",
        RequiresAction => "requires_action",
        Succeeded => "succeeded",
        Failed => "failed",
        Canceled => "canceled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub status: Option<RefundStatus>,
    #[serde(default)]
    pub reason: Option<RefundReason>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub charge: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub balance_transaction: Option<String>,
    /// The reversal of the connected account's transfer, when `reverse_transfer` was set.
    #[serde(default, deserialize_with = "expandable_id")]
    pub transfer_reversal: Option<String>,
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// Unix seconds.
    pub created: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// `POST /v1/refunds`: refund a payment intent (or a charge), fully or by `amount`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateRefund {
    pub payment_intent: Option<String>,
    pub charge: Option<String>,
    pub amount: Option<i64>,
    pub reason: Option<RefundReason>,
    /// Also refund the platform's application fee.
    pub refund_application_fee: Option<bool>,
    /// Pull the refunded amount back from the connected account.
    pub reverse_transfer: Option<bool>,
    pub metadata: Metadata,
}

impl CreateRefund {
    pub fn for_payment_intent(payment_intent: impl Into<String>) -> Self {
        Self {
            payment_intent: Some(payment_intent.into()),
            ..Self::default()
        }
    }
}

/// `GET /v1/refunds`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListRefunds {
    pub charge: Option<String>,
    pub payment_intent: Option<String>,
    pub created: Option<RangeQuery>,
    #[serde(flatten)]
    pub page: Page,
}

/// `POST /v1/refunds` (moves money: keyed by `operation`).
pub fn create(params: &CreateRefund, operation: &OperationRef) -> Result<Request<Refund>> {
    Ok(Request::new(
        RequestSpec::post_durable("/v1/refunds".into(), operation).with_params(params)?,
    ))
}

/// `GET /v1/refunds`.
pub fn list(params: &ListRefunds) -> Result<Request<List<Refund>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/refunds".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_refund(
        &self,
        params: &CreateRefund,
        operation: &OperationRef,
    ) -> Result<Refund> {
        self.send(create(params, operation)?).await
    }

    pub async fn list_refunds(&self, params: &ListRefunds) -> Result<List<Refund>> {
        self.send(list(params)?).await
    }
}

impl_object!(Refund);
