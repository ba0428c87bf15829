//! Payments take their application fee from the workspace's fee schedule.

use super::quote::quote;
use super::service::Fees;
use crate::payments::{FeeSource, Priced};
use crate::Result;

impl FeeSource for Fees {
    fn quote(
        &self,
        workspace_id: u64,
        currency: &str,
        merchant_id: Option<&str>,
        amount: i64,
        volume: i64,
    ) -> Result<Option<Priced>> {
        Ok(self.rules_for(workspace_id, currency)?.map(|rules| {
            let quoted = quote(&rules, merchant_id.unwrap_or_default(), volume, amount);
            Priced {
                fee: quoted.fee,
                explanation: quoted.explanation,
            }
        }))
    }
}
