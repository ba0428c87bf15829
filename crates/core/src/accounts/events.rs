//! Stripe's `account.updated`, applied to the stored connected accounts.

use connectdesk_stripe::accounts::Account;
use connectdesk_stripe::WithRaw;

use super::model::ConnectedAccount;
use super::remote::{apply_account, Owner};
use super::service::{place_of, Accounts};
use crate::query::{every_page, FilterInput, ListQuery};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Accounts {
    /// Applies `account` (as `ctx`, the Stripe the event came from, has it now) to every stored
    /// record of it read from that Stripe; accounts no workspace stored wait for a sync.
    pub(crate) fn apply_account_event(
        &self,
        ctx: &StripeContext,
        account: &WithRaw<Account>,
    ) -> Result<Vec<ConnectedAccount>> {
        let place = place_of(ctx);
        let query = ListQuery {
            filters: vec![FilterInput::eq("accountId", account.object.id.clone())],
            ..ListQuery::default()
        };
        let mut updated = Vec::new();
        for stored in every_page(&query, |page| self.accounts.list(page))? {
            if stored.mode != place.mode || stored.offline != place.offline {
                continue;
            }
            let owner = Owner {
                merchant_id: stored.merchant_id.clone(),
                entry_id: stored.onboarding_entry_id,
            };
            updated.push(self.accounts.update(stored.id, |record| {
                apply_account(record, &account.object, &account.raw, &owner, place);
                Ok(())
            })?);
        }
        Ok(updated)
    }
}
