//! Stripe's `payment_intent.*` events, applied to the stored payment.

use connectdesk_stripe::payment_intents;

use super::model::Payment;
use super::remote::{destination, new_payment};
use super::service::{read_failure, Payments};
use crate::query::{FilterInput, ListQuery};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Payments {
    /// Stores payment intent `intent_id` as `platform` (the Stripe the event came from) has it
    /// now, read again so a late event never moves it back. A destination charge ConnectDesk
    /// did not make is stored in the workspace of its destination's onboarding entry; other
    /// intents are left alone (`None`).
    pub(crate) async fn apply_intent_event(
        &self,
        platform: &StripeContext,
        intent_id: &str,
    ) -> Result<Option<Payment>> {
        let intent = platform
            .client
            .send(payment_intents::retrieve(intent_id))
            .await
            .map_err(|err| read_failure(&err, &platform.target))?;
        let stored = match self.by_intent(intent_id)? {
            Some(payment) => payment,
            None => {
                let Some(account) = destination(&intent) else {
                    return Ok(None);
                };
                let query = ListQuery {
                    size: Some("1".into()),
                    filters: vec![FilterInput::eq("accountId", account)],
                    ..ListQuery::default()
                };
                let Some(entry) = self.entries.list(&query)?.items.into_iter().next() else {
                    return Ok(None);
                };
                self.payments.insert(new_payment(
                    entry.workspace_id,
                    &intent,
                    Some(entry.merchant_id),
                    platform,
                ))?
            }
        };
        self.refreshed(platform, stored, &intent, "", "")
            .await
            .map(Some)
    }
}
