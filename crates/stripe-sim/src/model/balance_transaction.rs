use serde::{Deserialize, Serialize};

use super::resource;

/// A balance transaction (`txn_`): one movement of money in an account's balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceTransaction {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub available_on: i64,
    pub created: i64,
    pub currency: String,
    pub description: Option<String>,
    pub exchange_rate: Option<f64>,
    pub fee: i64,
    pub fee_details: Vec<FeeDetail>,
    pub net: i64,
    pub reporting_category: String,
    pub source: Option<String>,
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
}
resource!(BalanceTransaction, "balance_transactions");

/// One fee inside a balance transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeDetail {
    pub amount: i64,
    pub application: Option<String>,
    pub currency: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
}
