use serde::{Deserialize, Serialize};

use super::{resource, Metadata};

/// An application fee the platform collected (`fee_`). `refunds` is added when rendering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationFee {
    pub id: String,
    pub object: String,
    pub account: String,
    pub amount: i64,
    pub amount_refunded: i64,
    pub application: String,
    pub balance_transaction: Option<String>,
    pub charge: String,
    pub created: i64,
    pub currency: String,
    pub livemode: bool,
    pub originating_transaction: Option<String>,
    pub refunded: bool,
}
resource!(ApplicationFee, "application_fees");

/// A refund of an application fee (`fr_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeRefund {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub balance_transaction: Option<String>,
    pub created: i64,
    pub currency: String,
    pub fee: String,
    pub metadata: Metadata,
}
resource!(FeeRefund, "fee_refunds");
