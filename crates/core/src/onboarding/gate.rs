//! Who may do what with onboarding entries: every operation names its permission and is
//! checked against the entry's workspace and merchant (shop owners reach their own merchants
//! only), then audited with what it changed.

use std::future::Future;

use super::model::OnboardingEntry;
use super::service::Onboarding;
use crate::audit::{diff, FieldChange};
use crate::guard::Action;
use crate::operators::{Operator, Permission, Scope};
use crate::Result;

pub(super) const VIEW: Action = Action::new("onboarding.view", "onboarding");
pub(super) const CREATE: Action = Action::new("onboarding.create", "onboarding");
pub(super) const FINISH: Action = Action::new("onboarding.finish", "onboarding");
pub(super) const REFRESH: Action = Action::new("onboarding.refresh", "onboarding");
pub(super) const DASHBOARD: Action = Action::new("onboarding.dashboard", "onboarding");
pub(super) const RENEW: Action = Action::new("onboarding.renewLink", "onboarding");
pub(super) const SYNC: Action = Action::new("onboarding.sync", "workspace");
pub(super) const DELETE: Action = Action::new("onboarding.delete", "onboarding");

pub(super) fn entry_scope(entry: &OnboardingEntry) -> Scope<'_> {
    Scope::merchant(entry.workspace_id, &entry.merchant_id)
}

impl Onboarding {
    /// The operator, if they may do `permission` with this entry (refusals are audited).
    pub(super) fn allow_entry(
        &self,
        permission: Permission,
        action: Action,
        entry: &OnboardingEntry,
    ) -> Result<Operator> {
        self.guard.allow(
            permission,
            entry_scope(entry),
            action,
            &entry.id.to_string(),
        )
    }

    /// Runs `work` on the entry if the operator may edit it, and audits the outcome with the
    /// fields it changed.
    pub(super) async fn edit<T, F>(
        &self,
        action: Action,
        id: u64,
        work: impl FnOnce(OnboardingEntry) -> F,
        changes: impl FnOnce(&OnboardingEntry, &T) -> Vec<FieldChange>,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        let entry = self.entries.get(id)?;
        let by = self.allow_entry(Permission::EditOnboarding, action, &entry)?;
        let result = work(entry.clone()).await;
        let after = self.entries.get(id).ok();
        self.guard.record(
            &by,
            Some(entry.workspace_id),
            action,
            &id.to_string(),
            &result,
            |value| {
                let mut all = entry_diff(Some(&entry), after.as_ref());
                all.extend(changes(&entry, value));
                all
            },
        );
        result
    }
}

/// The audit view of an entry: what the merchant and Stripe say about it.
pub(super) fn entry_diff(
    before: Option<&OnboardingEntry>,
    after: Option<&OnboardingEntry>,
) -> Vec<FieldChange> {
    let view = |entry: Option<&OnboardingEntry>| {
        entry.map_or(serde_json::Value::Null, |e| {
            serde_json::json!({
                "workspaceId": e.workspace_id,
                "merchantId": e.merchant_id,
                "accountId": e.account_id,
                "accountType": e.account_type,
                "status": e.status_name,
                "detailsSubmitted": e.details_submitted,
                "linkExpiresAt": e.link_expires_at,
            })
        })
    };
    diff(&view(before), &view(after))
}
