//! Disputes: list, retrieve, and update with evidence (optionally submitting it).

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
    pub enum DisputeStatus {
        WarningNeedsResponse => "warning_needs_response",
        WarningUnderReview => "warning_under_review",
        WarningClosed => "warning_closed",
        NeedsResponse => "needs_response",
        UnderReview => "under_review",
        ChargeRefunded => "charge_refunded",
        Won => "won",
        Lost => "lost",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Dispute {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: DisputeStatus,
    /// e.g. `fraudulent`, `product_not_received`, `general`.
    pub reason: String,
    #[serde(default, deserialize_with = "expandable_id")]
    pub charge: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    pub evidence: DisputeEvidence,
    pub evidence_details: EvidenceDetails,
    pub is_charge_refundable: bool,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EvidenceDetails {
    /// Unix seconds; evidence must be submitted before.
    #[serde(default)]
    pub due_by: Option<i64>,
    pub has_evidence: bool,
    pub past_due: bool,
    pub submission_count: i64,
}

/// Dispute evidence, as Stripe returns it and as sent with `evidence[...]`. Each text field
/// takes up to 5,000 or 20,000 characters (Stripe's `maxLength`), all fields together 150,000;
/// document fields take a file id (`file_…`) uploaded with purpose `dispute_evidence`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisputeEvidence {
    pub access_activity_log: Option<String>,
    pub billing_address: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub cancellation_policy: Option<String>,
    pub cancellation_policy_disclosure: Option<String>,
    pub cancellation_rebuttal: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub customer_communication: Option<String>,
    pub customer_email_address: Option<String>,
    pub customer_name: Option<String>,
    pub customer_purchase_ip: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub customer_signature: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub duplicate_charge_documentation: Option<String>,
    pub duplicate_charge_explanation: Option<String>,
    pub duplicate_charge_id: Option<String>,
    pub product_description: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub receipt: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub refund_policy: Option<String>,
    pub refund_policy_disclosure: Option<String>,
    pub refund_refusal_explanation: Option<String>,
    pub service_date: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub service_documentation: Option<String>,
    pub shipping_address: Option<String>,
    pub shipping_carrier: Option<String>,
    pub shipping_date: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub shipping_documentation: Option<String>,
    pub shipping_tracking_number: Option<String>,
    #[serde(deserialize_with = "expandable_id")]
    pub uncategorized_file: Option<String>,
    pub uncategorized_text: Option<String>,
}

/// `POST /v1/disputes/{dispute}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateDispute {
    pub evidence: Option<DisputeEvidence>,
    pub metadata: Metadata,
    /// Submit the evidence to the bank now (default: Stripe stages it and submits at the due date).
    pub submit: Option<bool>,
}

/// `GET /v1/disputes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListDisputes {
    pub charge: Option<String>,
    pub payment_intent: Option<String>,
    pub created: Option<RangeQuery>,
    #[serde(flatten)]
    pub page: Page,
}

fn path(dispute_id: &str) -> String {
    format!("/v1/disputes/{}", segment(dispute_id))
}

/// `GET /v1/disputes`.
pub fn list(params: &ListDisputes) -> Result<Request<List<Dispute>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/disputes".into()).with_params(params)?,
    ))
}

/// `GET /v1/disputes/{dispute}`.
pub fn retrieve(dispute_id: &str) -> Request<Dispute> {
    Request::new(RequestSpec::get(path(dispute_id)))
}

/// `POST /v1/disputes/{dispute}`.
pub fn update(dispute_id: &str, params: &UpdateDispute) -> Result<Request<Dispute>> {
    Ok(Request::new(
        RequestSpec::post(path(dispute_id)).with_params(params)?,
    ))
}

/// `POST /v1/disputes/{dispute}`, keyed durably by `operation` (evidence through the journal).
pub fn update_recorded(
    dispute_id: &str,
    params: &UpdateDispute,
    operation: &OperationRef,
) -> Result<Request<Dispute>> {
    Ok(Request::new(
        RequestSpec::post_durable(path(dispute_id), operation).with_params(params)?,
    ))
}

/// `POST /v1/disputes/{dispute}/close`: accept the dispute (it is lost), keyed by `operation`.
pub fn close_recorded(dispute_id: &str, operation: &OperationRef) -> Request<Dispute> {
    Request::new(RequestSpec::post_durable(
        format!("/v1/disputes/{}/close", segment(dispute_id)),
        operation,
    ))
}

impl Client {
    pub async fn list_disputes(&self, params: &ListDisputes) -> Result<List<Dispute>> {
        self.send(list(params)?).await
    }

    pub async fn retrieve_dispute(&self, dispute_id: &str) -> Result<Dispute> {
        self.send(retrieve(dispute_id)).await
    }

    pub async fn update_dispute(
        &self,
        dispute_id: &str,
        params: &UpdateDispute,
    ) -> Result<Dispute> {
        self.send(update(dispute_id, params)?).await
    }
}

impl_object!(Dispute);
