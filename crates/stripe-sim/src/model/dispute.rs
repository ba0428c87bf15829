use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{resource, Metadata};

/// A dispute (`dp_`). `balance_transactions` holds ids here and full objects when rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dispute {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub balance_transactions: Vec<String>,
    pub charge: String,
    pub created: i64,
    pub currency: String,
    pub evidence: Map<String, Value>,
    pub evidence_details: EvidenceDetails,
    pub is_charge_refundable: bool,
    pub livemode: bool,
    pub metadata: Metadata,
    pub payment_intent: Option<String>,
    pub payment_method_details: Value,
    pub reason: String,
    pub status: String,
}
resource!(Dispute, "disputes");

impl Dispute {
    /// Evidence can still be changed.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status.as_str(),
            "needs_response" | "warning_needs_response"
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceDetails {
    pub due_by: Option<i64>,
    pub has_evidence: bool,
    pub past_due: bool,
    pub submission_count: i64,
}

/// Evidence fields holding text.
pub const EVIDENCE_TEXT_FIELDS: &[&str] = &[
    "access_activity_log",
    "billing_address",
    "cancellation_policy_disclosure",
    "cancellation_rebuttal",
    "customer_email_address",
    "customer_name",
    "customer_purchase_ip",
    "duplicate_charge_explanation",
    "duplicate_charge_id",
    "product_description",
    "refund_policy_disclosure",
    "refund_refusal_explanation",
    "service_date",
    "shipping_address",
    "shipping_carrier",
    "shipping_date",
    "shipping_tracking_number",
    "uncategorized_text",
];

/// Evidence fields holding the id of an uploaded file (`file_`).
pub const EVIDENCE_FILE_FIELDS: &[&str] = &[
    "cancellation_policy",
    "customer_communication",
    "customer_signature",
    "duplicate_charge_documentation",
    "receipt",
    "refund_policy",
    "service_documentation",
    "shipping_documentation",
    "uncategorized_file",
];
