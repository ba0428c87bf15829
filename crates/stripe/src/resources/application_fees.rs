//! Application fees the platform collected on destination charges: retrieve.

use serde::Deserialize;

use crate::client::Client;
use crate::de::expandable_id;
use crate::error::Result;
use crate::request::{segment, Request, RequestSpec};
use crate::resources::impl_object;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApplicationFee {
    pub id: String,
    /// Minor units of `currency`.
    pub amount: i64,
    #[serde(default)]
    pub amount_refunded: i64,
    #[serde(default, deserialize_with = "expandable_id")]
    pub charge: Option<String>,
    pub currency: String,
    #[serde(default)]
    pub refunded: bool,
    /// Unix seconds.
    pub created: i64,
}

/// `GET /v1/application_fees/{fee}`.
pub fn retrieve(fee_id: &str) -> Request<ApplicationFee> {
    Request::new(RequestSpec::get(format!(
        "/v1/application_fees/{}",
        segment(fee_id)
    )))
}

impl Client {
    pub async fn retrieve_application_fee(&self, fee_id: &str) -> Result<ApplicationFee> {
        self.send(retrieve(fee_id)).await
    }
}

impl_object!(ApplicationFee);
