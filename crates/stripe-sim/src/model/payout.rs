use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{resource, Metadata};

/// A payout to the account's bank (`po_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payout {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub application_fee: Option<String>,
    pub application_fee_amount: Option<i64>,
    pub arrival_date: i64,
    pub automatic: bool,
    pub balance_transaction: Option<String>,
    pub created: i64,
    pub currency: String,
    pub description: Option<String>,
    pub destination: Option<String>,
    pub failure_balance_transaction: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub livemode: bool,
    pub metadata: Metadata,
    pub method: String,
    pub original_payout: Option<String>,
    pub reconciliation_status: String,
    pub reversed_by: Option<String>,
    pub source_type: String,
    pub statement_descriptor: Option<String>,
    pub status: String,
    pub trace_id: Value,
    #[serde(rename = "type")]
    pub kind: String,
}
resource!(Payout, "payouts");

impl Payout {
    /// Still on its way (can be paid, failed or canceled).
    pub fn is_open(&self) -> bool {
        matches!(self.status.as_str(), "pending" | "in_transit")
    }
}
