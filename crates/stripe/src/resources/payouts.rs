//! Payouts from a Stripe balance to a bank account or card. Payouts of a connected account are
//! made on its behalf: `client.on_account(id)?.create_payout(..)`.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page, RangeQuery};
use crate::request::{segment, Request, RequestSpec};
use crate::resources::transfers::SourceType;
use crate::resources::{impl_object, Metadata};
use crate::string_enum::string_enum;

string_enum! {
    pub enum PayoutStatus {
        Paid => "paid",
        Pending => "pending",
        InTransit => "in_transit",
        Canceled => "canceled",
        Failed => "failed",
    }
}

string_enum! {
    pub enum PayoutMethod {
        Standard => "standard",
        Instant => "instant",
    }
}

string_enum! {
    pub enum PayoutType {
        BankAccount => "bank_account",
        Card => "card",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Payout {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    /// Unix seconds: when the funds are expected in the bank.
    pub arrival_date: i64,
    pub status: PayoutStatus,
    pub method: PayoutMethod,
    #[serde(rename = "type")]
    pub payout_type: PayoutType,
    /// Created by Stripe's payout schedule rather than the API.
    pub automatic: bool,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub destination: Option<String>,
    #[serde(default)]
    pub failure_code: Option<String>,
    #[serde(default)]
    pub failure_message: Option<String>,
    #[serde(default)]
    pub statement_descriptor: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub balance_transaction: Option<String>,
    pub source_type: SourceType,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// `POST /v1/payouts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatePayout {
    pub amount: i64,
    pub currency: String,
    pub description: Option<String>,
    /// A bank account or card of the paying account; its default when absent.
    pub destination: Option<String>,
    pub metadata: Metadata,
    pub method: Option<PayoutMethod>,
    pub source_type: Option<SourceType>,
    pub statement_descriptor: Option<String>,
}

impl CreatePayout {
    pub fn new(amount: i64, currency: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
            ..Self::default()
        }
    }
}

/// `GET /v1/payouts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListPayouts {
    pub arrival_date: Option<RangeQuery>,
    pub created: Option<RangeQuery>,
    pub destination: Option<String>,
    pub status: Option<PayoutStatus>,
    #[serde(flatten)]
    pub page: Page,
}

/// `POST /v1/payouts` (moves money: keyed by `operation`).
pub fn create(params: &CreatePayout, operation: &OperationRef) -> Result<Request<Payout>> {
    Ok(Request::new(
        RequestSpec::post_durable("/v1/payouts".into(), operation).with_params(params)?,
    ))
}

/// `POST /v1/payouts/{payout}/cancel`: only while `pending`; the funds return to the balance
/// (moves money: keyed by `operation`).
pub fn cancel(payout_id: &str, operation: &OperationRef) -> Result<Request<Payout>> {
    Ok(Request::new(RequestSpec::post_durable(
        format!("/v1/payouts/{}/cancel", segment(payout_id)),
        operation,
    )))
}

/// `GET /v1/payouts/{payout}`.
pub fn retrieve(payout_id: &str) -> Request<Payout> {
    Request::new(RequestSpec::get(format!(
        "/v1/payouts/{}",
        segment(payout_id)
    )))
}

/// `GET /v1/payouts`.
pub fn list(params: &ListPayouts) -> Result<Request<List<Payout>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/payouts".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_payout(
        &self,
        params: &CreatePayout,
        operation: &OperationRef,
    ) -> Result<Payout> {
        self.send(create(params, operation)?).await
    }

    pub async fn retrieve_payout(&self, payout_id: &str) -> Result<Payout> {
        self.send(retrieve(payout_id)).await
    }

    pub async fn list_payouts(&self, params: &ListPayouts) -> Result<List<Payout>> {
        self.send(list(params)?).await
    }
}

impl_object!(Payout);
