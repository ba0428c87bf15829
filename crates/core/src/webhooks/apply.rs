//! Applies a stored Stripe event to the records it concerns. Each applier reads the object
//! again from the Stripe the event came from, so events that arrive late or twice never move a
//! record backwards, and a refresh costs requests in proportion to the changes.

use serde::Serialize;
use serde_json::Value;
use specta::Type;

use super::inbox::InboxEvent;
use crate::accounts::Accounts;
use crate::disputes::Disputes;
use crate::onboarding::Onboarding;
use crate::payments::Payments;
use crate::payouts::Payouts;
use crate::stripe_access::StripeContext;
use crate::stripe_errors::stripe_failure;
use crate::transfers::Transfers;
use crate::{CoreError, ErrorCode, Result};

/// What an applied event changed, sent to the window so open screens reload what they show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecordsChanged {
    /// The sections whose records changed: `onboarding`, `accounts`, `payments`, `payouts`,
    /// `disputes`, or `events` alone for the Events section's list.
    pub sections: Vec<String>,
    pub workspace_ids: Vec<u64>,
    pub event_type: String,
    /// The Stripe object the event is about (`acct_…`, `po_…`, `dp_…`, `pi_…`).
    pub object_id: String,
}

impl RecordsChanged {
    /// The Events section's own list changed: events arrived or were settled, forwards went out.
    pub fn events_section() -> Self {
        Self {
            sections: vec!["events".into()],
            workspace_ids: Vec::new(),
            event_type: String::new(),
            object_id: String::new(),
        }
    }
}

/// What applying an event came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Changed(RecordsChanged),
    /// Nothing ConnectDesk keeps is about this event; why, in words.
    Ignored(String),
}

/// The services events are applied to.
#[derive(Clone)]
pub struct EventAppliers {
    pub onboarding: Onboarding,
    pub accounts: Accounts,
    pub payments: Payments,
    pub payouts: Payouts,
    pub disputes: Disputes,
    pub transfers: Transfers,
}

impl EventAppliers {
    /// Applies `event`, read from `platform` (the Stripe it came from).
    pub async fn apply(&self, platform: &StripeContext, event: &InboxEvent) -> Result<Applied> {
        let payload: Value = serde_json::from_str(&event.payload).map_err(|_| {
            CoreError::new(ErrorCode::StoreCorrupt, "A stored event is not valid JSON.")
        })?;
        let object_id = payload
            .pointer("/data/object/id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let kind = event.event_type.as_str();
        let mut changed = RecordsChanged {
            sections: Vec::new(),
            workspace_ids: Vec::new(),
            event_type: event.event_type.clone(),
            object_id: object_id.clone(),
        };
        let mut touch = |section: &str, workspace_id: u64| {
            if !changed.sections.iter().any(|s| s == section) {
                changed.sections.push(section.to_string());
            }
            if !changed.workspace_ids.contains(&workspace_id) {
                changed.workspace_ids.push(workspace_id);
            }
        };
        if kind == "account.updated" {
            let account = platform
                .client
                .retrieve_account(&object_id)
                .await
                .map_err(|err| stripe_failure("read the Stripe account", &err, &platform.target))?;
            if let Some(entry) = self
                .onboarding
                .apply_account_event(platform, &account)
                .await?
            {
                touch("onboarding", entry.workspace_id);
            }
            for stored in self.accounts.apply_account_event(platform, &account)? {
                touch("accounts", stored.workspace_id);
            }
        } else if kind.starts_with("payout.") {
            let Some(account) = event.account.as_deref() else {
                return Ok(Applied::Ignored(
                    "A payout of the platform itself; ConnectDesk lists connected accounts' payouts."
                        .into(),
                ));
            };
            if let Some(payout) = self
                .payouts
                .apply_payout_event(platform, account, &object_id)
                .await?
            {
                touch("payouts", payout.workspace_id);
            }
        } else if kind.starts_with("charge.dispute.") {
            if let Some(dispute) = self
                .disputes
                .apply_dispute_event(platform, &object_id)
                .await?
            {
                touch("disputes", dispute.workspace_id);
            }
        } else if kind.starts_with("payment_intent.") {
            if let Some(payment) = self
                .payments
                .apply_intent_event(platform, &object_id)
                .await?
            {
                touch("payments", payment.workspace_id);
            }
        } else if is_refund_event(kind) {
            // A refund changes its payment: the charge's or refund's PaymentIntent, read again.
            let intent = payload
                .pointer("/data/object/payment_intent")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if intent.is_empty() {
                return Ok(Applied::Ignored(
                    "A refund of a charge without a PaymentIntent; ConnectDesk lists PaymentIntents."
                        .into(),
                ));
            }
            if let Some(payment) = self.payments.apply_intent_event(platform, intent).await? {
                touch("payments", payment.workspace_id);
            }
        } else if kind.starts_with("transfer.") {
            for transfer in self
                .transfers
                .apply_transfer_event(platform, &object_id)
                .await?
            {
                touch("transfers", transfer.workspace_id);
            }
        } else {
            return Ok(Applied::Ignored(format!(
                "ConnectDesk does not show {kind} events."
            )));
        }
        if changed.sections.is_empty() {
            return Ok(Applied::Ignored(format!(
                "No workspace keeps {object_id}; a sync brings it in when needed."
            )));
        }
        Ok(Applied::Changed(changed))
    }
}

/// `charge.refunded`, `charge.refund.updated` and `refund.*`.
fn is_refund_event(kind: &str) -> bool {
    kind == "charge.refunded" || kind.starts_with("charge.refund.") || kind.starts_with("refund.")
}
