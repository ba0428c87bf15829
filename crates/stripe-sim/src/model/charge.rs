use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{resource, Metadata, TransferData};

/// A charge (`ch_`), or the payment a connected account receives from a transfer (`py_`).
/// `refunds` is added when rendering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Charge {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub amount_captured: i64,
    pub amount_refunded: i64,
    pub application: Option<String>,
    pub application_fee: Option<String>,
    pub application_fee_amount: Option<i64>,
    pub balance_transaction: Option<String>,
    pub billing_details: Value,
    pub calculated_statement_descriptor: Option<String>,
    pub captured: bool,
    pub created: i64,
    pub currency: String,
    pub customer: Option<String>,
    pub description: Option<String>,
    pub disputed: bool,
    pub failure_balance_transaction: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub fraud_details: Value,
    pub livemode: bool,
    pub metadata: Metadata,
    pub on_behalf_of: Option<String>,
    pub outcome: Option<Value>,
    pub paid: bool,
    pub payment_intent: Option<String>,
    pub payment_method: Option<String>,
    pub payment_method_details: Option<Value>,
    pub receipt_email: Option<String>,
    pub receipt_number: Option<String>,
    pub receipt_url: Option<String>,
    pub refunded: bool,
    pub review: Option<String>,
    pub shipping: Option<Value>,
    pub source_transfer: Option<String>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub status: String,
    pub transfer: Option<String>,
    pub transfer_data: Option<TransferData>,
    pub transfer_group: Option<String>,
}
resource!(Charge, "charges");

impl Charge {
    /// What can still be refunded (`amount_refunded` includes an uncaptured remainder, which
    /// Stripe reports as refunded when a charge is partially captured).
    pub fn refundable(&self) -> i64 {
        (self.amount - self.amount_refunded).max(0)
    }
}
