//! Balance transactions: every movement of funds in a balance.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::list::{List, Page, RangeQuery};
use crate::request::{Request, RequestSpec};
use crate::resources::impl_object;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BalanceTransaction {
    pub id: String,
    /// Gross amount, minor units of `currency`.
    pub amount: i64,
    pub fee: i64,
    pub net: i64,
    pub currency: String,
    /// e.g. `charge`, `transfer`, `payout`, `refund`, `application_fee` (many more exist).
    #[serde(rename = "type")]
    pub transaction_type: String,
    /// `available` or `pending`.
    pub status: String,
    pub reporting_category: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub source: Option<String>,
    #[serde(default)]
    pub exchange_rate: Option<f64>,
    #[serde(deserialize_with = "null_as_default")]
    pub fee_details: Vec<FeeDetail>,
    /// Unix seconds: when the funds become available.
    pub available_on: i64,
    /// Unix seconds.
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FeeDetail {
    pub amount: i64,
    pub currency: String,
    /// `application_fee`, `stripe_fee` or `tax`.
    #[serde(rename = "type")]
    pub fee_type: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub application: Option<String>,
}

/// `GET /v1/balance_transactions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListBalanceTransactions {
    pub created: Option<RangeQuery>,
    pub currency: Option<String>,
    /// Only the transactions paid out in this payout.
    pub payout: Option<String>,
    pub source: Option<String>,
    #[serde(rename = "type")]
    pub transaction_type: Option<String>,
    #[serde(flatten)]
    pub page: Page,
}

/// `GET /v1/balance_transactions`.
pub fn list(params: &ListBalanceTransactions) -> Result<Request<List<BalanceTransaction>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/balance_transactions".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn list_balance_transactions(
        &self,
        params: &ListBalanceTransactions,
    ) -> Result<List<BalanceTransaction>> {
        self.send(list(params)?).await
    }
}

impl_object!(BalanceTransaction);
