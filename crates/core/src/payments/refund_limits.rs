//! What Support may refund per payment, per workspace and currency: set by an Admin, 0 (no
//! refunds) until then.

use std::collections::BTreeMap;

use super::model::{RefundLimit, SetRefundLimit};
use super::service::Payments;
use crate::audit::diff;
use crate::guard::Action;
use crate::money;
use crate::operators::{Permission, Scope};
use crate::Result;

const VIEW_LIMITS: Action = Action::new("payment.refundLimits", "workspace");
const SET_LIMIT: Action = Action::new("payment.setRefundLimit", "workspace");

impl Payments {
    /// The workspace's limits, one per currency that has one.
    pub fn refund_limits(&self, workspace_id: u64) -> Result<Vec<RefundLimit>> {
        self.guard.allow(
            Permission::ViewMoney,
            Scope::workspace(workspace_id),
            VIEW_LIMITS,
            &workspace_id.to_string(),
        )?;
        Ok(as_list(&self.settings.support_refund_limits(workspace_id)?))
    }

    /// Sets one currency's limit (0 removes it) and answers all of the workspace's limits.
    pub fn set_refund_limit(&self, input: SetRefundLimit) -> Result<Vec<RefundLimit>> {
        let workspace_id = input.workspace_id;
        self.guard
            .change(
                Permission::ManageWorkspaces,
                Scope::workspace(workspace_id),
                SET_LIMIT,
                &workspace_id.to_string(),
                |_| {
                    let currency = money::currency("currency", &input.currency)?;
                    let amount = match input.amount.trim() {
                        "" => 0,
                        text => money::parse_amount("amount", text, &currency)?,
                    };
                    let mut limits = self.settings.support_refund_limits(workspace_id)?;
                    let before = limits.get(&currency).copied().unwrap_or(0);
                    if amount == 0 {
                        limits.remove(&currency);
                    } else {
                        limits.insert(currency.clone(), amount);
                    }
                    self.settings
                        .set_support_refund_limits(workspace_id, &limits)?;
                    Ok((currency, before, amount, as_list(&limits)))
                },
                |(currency, before, after, _)| {
                    (
                        String::new(),
                        diff(
                            &serde_json::json!({ currency.as_str(): before }),
                            &serde_json::json!({ currency.as_str(): after }),
                        ),
                    )
                },
            )
            .map(|(_, _, _, limits)| limits)
    }

    /// Support's limit for one payment's currency (minor units).
    pub(super) fn support_limit(&self, workspace_id: u64, currency: &str) -> Result<i64> {
        Ok(self
            .settings
            .support_refund_limits(workspace_id)?
            .get(currency)
            .copied()
            .unwrap_or(0))
    }
}

fn as_list(limits: &BTreeMap<String, i64>) -> Vec<RefundLimit> {
    limits
        .iter()
        .map(|(currency, amount)| RefundLimit {
            currency: currency.clone(),
            amount: *amount,
        })
        .collect()
}
