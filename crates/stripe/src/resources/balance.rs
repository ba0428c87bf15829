//! Balances: the platform's, or a connected account's through `Stripe-Account`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::client::Client;
use crate::de::null_as_default;
use crate::error::Result;
use crate::request::{Request, RequestSpec};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Balance {
    #[serde(deserialize_with = "null_as_default")]
    pub available: Vec<BalanceAmount>,
    #[serde(deserialize_with = "null_as_default")]
    pub pending: Vec<BalanceAmount>,
    /// Held back to cover connected accounts' negative balances (platforms only).
    #[serde(default, deserialize_with = "null_as_default")]
    pub connect_reserved: Vec<BalanceAmount>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub instant_available: Vec<BalanceAmount>,
    pub livemode: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BalanceAmount {
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// Breakdown by source (`card`, `bank_account`, `fpx`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub source_types: BTreeMap<String, i64>,
}

/// `GET /v1/balance`; on a handle from `Client::on_account`, that account's balance.
pub fn retrieve() -> Request<Balance> {
    Request::new(RequestSpec::get("/v1/balance".into()))
}

impl Client {
    /// The balance of the platform, or of the account this handle acts on.
    pub async fn retrieve_balance(&self) -> Result<Balance> {
        self.send(retrieve()).await
    }

    /// The balance of a connected account (`Stripe-Account: account_id`).
    pub async fn retrieve_account_balance(&self, account_id: &str) -> Result<Balance> {
        self.on_account(account_id)?.send(retrieve()).await
    }
}
