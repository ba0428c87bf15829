use serde::{Deserialize, Serialize};

use super::{resource, Metadata};

/// A transfer to a connected account (`tr_`). `reversals` is added when rendering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub amount_reversed: i64,
    pub balance_transaction: Option<String>,
    pub created: i64,
    pub currency: String,
    pub description: Option<String>,
    pub destination: String,
    pub destination_payment: Option<String>,
    pub livemode: bool,
    pub metadata: Metadata,
    pub reversed: bool,
    pub source_transaction: Option<String>,
    pub source_type: String,
    pub transfer_group: Option<String>,
}
resource!(Transfer, "transfers");

/// A transfer reversal (`trr_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferReversal {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub balance_transaction: Option<String>,
    pub created: i64,
    pub currency: String,
    pub destination_payment_refund: Option<String>,
    pub metadata: Metadata,
    pub source_refund: Option<String>,
    pub transfer: String,
}
resource!(TransferReversal, "transfer_reversals");
