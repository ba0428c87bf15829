use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{resource, Metadata};

/// A refund (`re_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub balance_transaction: Option<String>,
    pub charge: String,
    pub created: i64,
    pub currency: String,
    pub destination_details: Value,
    pub metadata: Metadata,
    pub payment_intent: Option<String>,
    pub reason: Option<String>,
    pub receipt_number: Option<String>,
    pub source_transfer_reversal: Option<String>,
    pub status: String,
    pub transfer_reversal: Option<String>,
}
resource!(Refund, "refunds");
