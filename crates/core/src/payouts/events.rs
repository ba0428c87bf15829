//! Stripe's `payout.*` events, applied to the stored payout.

use super::model::Payout;
use super::remote::banks_of;
use super::service::{on_account, read_failure, retrieve_account, Payouts};
use crate::query::{FilterInput, ListQuery};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Payouts {
    /// Stores payout `payout_id` of connected account `account_id` as `platform` (the Stripe the
    /// event came from) has it now, read
    /// again so an event that arrives late never moves it back. A payout ConnectDesk did not
    /// know is stored in the workspace of its account's onboarding entry; one of an account no
    /// workspace holds is left alone (`None`).
    pub(crate) async fn apply_payout_event(
        &self,
        platform: &StripeContext,
        account_id: &str,
        payout_id: &str,
    ) -> Result<Option<Payout>> {
        let stored = self.by_payout_id(payout_id)?;
        let (workspace_id, merchant) = match &stored {
            Some(payout) => (payout.workspace_id, payout.merchant_id.clone()),
            None => {
                let query = ListQuery {
                    size: Some("1".into()),
                    filters: vec![FilterInput::eq("accountId", account_id)],
                    ..ListQuery::default()
                };
                match self.entries.list(&query)?.items.into_iter().next() {
                    Some(entry) => (entry.workspace_id, Some(entry.merchant_id)),
                    None => return Ok(None),
                }
            }
        };
        // A payout's bank is named from its account's external accounts; known ones keep theirs.
        let banks = match stored {
            Some(_) => Vec::new(),
            None => banks_of(&retrieve_account(platform, account_id).await?),
        };
        let ctx = on_account(platform, account_id)?;
        let fresh = ctx
            .client
            .retrieve_payout(payout_id)
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?;
        self.store(workspace_id, merchant, &fresh, account_id, &banks, &ctx)
            .map(Some)
    }
}
