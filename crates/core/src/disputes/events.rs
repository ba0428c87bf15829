//! Stripe's `charge.dispute.*` events, applied to the stored dispute.

use super::model::Dispute;
use super::service::{retrieve, Disputes};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Disputes {
    /// Stores dispute `dispute_id` as `platform` (the Stripe the event came from) has it now,
    /// read again so a late event never moves it back. A new dispute goes to the workspace of
    /// the payment it disputes; one of a payment no workspace holds is left alone (`None`).
    pub(crate) async fn apply_dispute_event(
        &self,
        platform: &StripeContext,
        dispute_id: &str,
    ) -> Result<Option<Dispute>> {
        let fresh = retrieve(platform, dispute_id).await?;
        let workspace_id = match self.by_dispute_id(dispute_id)? {
            Some(stored) => stored.workspace_id,
            None => match self.payment_of(&fresh)? {
                Some(payment) => payment.workspace_id,
                None => return Ok(None),
            },
        };
        self.store(workspace_id, &fresh, platform, None)
            .await
            .map(Some)
    }
}
