//! Transfer reversals: pull (part of) a transfer back from the connected account.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::de::{expandable_id, null_as_default};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::{List, Page};
use crate::request::{segment, Request, RequestSpec};
use crate::resources::{impl_object, Metadata};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TransferReversal {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default, deserialize_with = "expandable_id")]
    pub transfer: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub balance_transaction: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub destination_payment_refund: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub source_refund: Option<String>,
    /// Unix seconds.
    pub created: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// `POST /v1/transfers/{id}/reversals`; without `amount` the whole remainder is reversed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateTransferReversal {
    pub amount: Option<i64>,
    pub description: Option<String>,
    pub metadata: Metadata,
    pub refund_application_fee: Option<bool>,
}

/// `GET /v1/transfers/{id}/reversals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListTransferReversals {
    #[serde(flatten)]
    pub page: Page,
}

fn path(transfer_id: &str) -> String {
    format!("/v1/transfers/{}/reversals", segment(transfer_id))
}

/// `POST /v1/transfers/{id}/reversals` (moves money: keyed by `operation`).
pub fn create(
    transfer_id: &str,
    params: &CreateTransferReversal,
    operation: &OperationRef,
) -> Result<Request<TransferReversal>> {
    Ok(Request::new(
        RequestSpec::post_durable(path(transfer_id), operation).with_params(params)?,
    ))
}

/// `GET /v1/transfers/{id}/reversals`.
pub fn list(
    transfer_id: &str,
    params: &ListTransferReversals,
) -> Result<Request<List<TransferReversal>>> {
    Ok(Request::new(
        RequestSpec::get(path(transfer_id)).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_transfer_reversal(
        &self,
        transfer_id: &str,
        params: &CreateTransferReversal,
        operation: &OperationRef,
    ) -> Result<TransferReversal> {
        self.send(create(transfer_id, params, operation)?).await
    }

    pub async fn list_transfer_reversals(
        &self,
        transfer_id: &str,
        params: &ListTransferReversals,
    ) -> Result<List<TransferReversal>> {
        self.send(list(transfer_id, params)?).await
    }
}

impl_object!(TransferReversal);
