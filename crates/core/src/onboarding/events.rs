//! Stripe's `account.updated`, applied to the account's onboarding entry.

use connectdesk_stripe::accounts::Account;
use connectdesk_stripe::WithRaw;

use super::errors::stripe_failure;
use super::service::Onboarding;
use super::{remote, OnboardingEntry};
use crate::query::{every_page, FilterInput, ListQuery};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Onboarding {
    /// The connected accounts of the entries made in one Stripe (`mode`, sandbox or not),
    /// whose events the poller reads with `Stripe-Account`.
    pub(crate) fn account_ids(&self, mode: u8, offline: bool) -> Result<Vec<String>> {
        let query = ListQuery {
            filters: vec![FilterInput::eq("mode", u64::from(mode))],
            ..ListQuery::default()
        };
        Ok(every_page(&query, |page| self.entries.list(page))?
            .into_iter()
            .filter(|entry| entry.offline == offline && !entry.account_id.is_empty())
            .map(|entry| entry.account_id)
            .collect())
    }

    /// Applies `account` (as `ctx`, the Stripe the event came from, has it now) and its payment
    /// methods to its onboarding entry, if ConnectDesk has one made in that Stripe.
    pub(crate) async fn apply_account_event(
        &self,
        ctx: &StripeContext,
        account: &WithRaw<Account>,
    ) -> Result<Option<OnboardingEntry>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("accountId", account.object.id.clone())],
            ..ListQuery::default()
        };
        let Some(entry) = self.entries.list(&query)?.items.into_iter().next() else {
            return Ok(None);
        };
        // An entry made in another Stripe (the sandbox, the other mode) is not this account.
        if entry.mode != ctx.mode_code() || entry.offline != ctx.offline() {
            return Ok(None);
        }
        let methods = remote::payment_methods(ctx, &account.object.id)
            .await
            .map_err(|err| stripe_failure("read the payment methods", &err, &ctx.target))?;
        self.record_sync(entry.id, account, &methods).map(Some)
    }
}
