//! Charges (the money movement of a confirmed payment intent): retrieve.

use serde::Deserialize;

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::request::{segment, Request, RequestSpec};
use crate::resources::impl_object;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Charge {
    pub id: String,
    /// Minor units of `currency`.
    pub amount: i64,
    #[serde(default)]
    pub amount_captured: i64,
    #[serde(default)]
    pub amount_refunded: i64,
    pub currency: String,
    #[serde(default)]
    pub captured: bool,
    #[serde(default)]
    pub refunded: bool,
    #[serde(default)]
    pub disputed: bool,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub application_fee: Option<String>,
    #[serde(default)]
    pub application_fee_amount: Option<i64>,
    /// The transfer of a destination charge to the connected account.
    #[serde(default, deserialize_with = "expandable_id")]
    pub transfer: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    #[serde(default)]
    pub receipt_email: Option<String>,
    #[serde(default)]
    pub failure_code: Option<String>,
    #[serde(default)]
    pub failure_message: Option<String>,
    #[serde(default)]
    pub payment_method_details: Option<PaymentMethodDetails>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub billing_details: BillingDetails,
    /// Unix seconds.
    pub created: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PaymentMethodDetails {
    #[serde(default)]
    pub card: Option<CardDetails>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct CardDetails {
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub last4: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct BillingDetails {
    #[serde(default)]
    pub email: Option<String>,
}

/// `GET /v1/charges/{charge}`.
pub fn retrieve(charge_id: &str) -> Request<Charge> {
    Request::new(RequestSpec::get(format!(
        "/v1/charges/{}",
        segment(charge_id)
    )))
}

impl Client {
    pub async fn retrieve_charge(&self, charge_id: &str) -> Result<Charge> {
        self.send(retrieve(charge_id)).await
    }
}

impl_object!(Charge);
