//! Transfers from the platform to connected accounts: create, retrieve, list.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page, RangeQuery};
use crate::request::{segment, Request, RequestSpec};
use crate::resources::transfer_reversals::TransferReversal;
use crate::resources::{impl_object, Metadata};
use crate::string_enum::string_enum;

string_enum! {
    /// Which balance a transfer draws from.
    pub enum SourceType {
        BankAccount => "bank_account",
        Card => "card",
        Fpx => "fpx",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Transfer {
    pub id: String,
    pub amount: i64,
    #[serde(default)]
    pub amount_reversed: i64,
    pub currency: String,
    #[serde(default, deserialize_with = "expandable_id")]
    pub destination: Option<String>,
    /// The payment created on the destination account.
    #[serde(default, deserialize_with = "expandable_id")]
    pub destination_payment: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub reversed: bool,
    /// Its most recent reversals (Stripe nests ten; `has_more` says the list endpoint has the
    /// rest).
    #[serde(default)]
    pub reversals: Option<List<TransferReversal>>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub source_transaction: Option<String>,
    #[serde(default)]
    pub source_type: Option<SourceType>,
    #[serde(default)]
    pub transfer_group: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub balance_transaction: Option<String>,
    /// Unix seconds.
    pub created: i64,
    #[serde(default)]
    pub livemode: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// `POST /v1/transfers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateTransfer {
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// The connected account, `acct_…`.
    pub destination: String,
    pub description: Option<String>,
    pub metadata: Metadata,
    /// Ties the transfer to a charge, so it waits for that charge's funds.
    pub source_transaction: Option<String>,
    pub source_type: Option<SourceType>,
    pub transfer_group: Option<String>,
}

impl CreateTransfer {
    pub fn new(amount: i64, currency: impl Into<String>, destination: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
            destination: destination.into(),
            ..Self::default()
        }
    }
}

/// `GET /v1/transfers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListTransfers {
    pub created: Option<RangeQuery>,
    pub destination: Option<String>,
    pub transfer_group: Option<String>,
    #[serde(flatten)]
    pub page: Page,
}

/// `POST /v1/transfers` (moves money: keyed by `operation`).
pub fn create(params: &CreateTransfer, operation: &OperationRef) -> Result<Request<Transfer>> {
    Ok(Request::new(
        RequestSpec::post_durable("/v1/transfers".into(), operation).with_params(params)?,
    ))
}

/// `GET /v1/transfers/{transfer}`.
pub fn retrieve(transfer_id: &str) -> Request<Transfer> {
    Request::new(RequestSpec::get(format!(
        "/v1/transfers/{}",
        segment(transfer_id)
    )))
}

/// `GET /v1/transfers`.
pub fn list(params: &ListTransfers) -> Result<Request<List<Transfer>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/transfers".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_transfer(
        &self,
        params: &CreateTransfer,
        operation: &OperationRef,
    ) -> Result<Transfer> {
        self.send(create(params, operation)?).await
    }

    pub async fn retrieve_transfer(&self, transfer_id: &str) -> Result<Transfer> {
        self.send(retrieve(transfer_id)).await
    }

    pub async fn list_transfers(&self, params: &ListTransfers) -> Result<List<Transfer>> {
        self.send(list(params)?).await
    }
}

impl_object!(Transfer);
