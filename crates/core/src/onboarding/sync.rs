//! Sync of a whole workspace: adopt orphaned accounts, then finish every entry. Calls go one
//! after another through the client's rate limiter, which sets the pace (two calls per entry).

use super::errors::stripe_failure;
use super::gate::SYNC;
use super::model::{SyncFailure, SyncReport};
use super::remote;
use super::service::Onboarding;
use crate::audit::diff;
use crate::operators::{merchants, Merchants, Permission, Scope};
use crate::query::{every_page, FilterInput, ListQuery};
use crate::stripe_access::StripeAccess;
use crate::{CoreError, ErrorCode, Result};

impl Onboarding {
    /// Brings every entry of the workspace that lives in the current Stripe up to date.
    /// Failures of single accounts are listed in the report; when Stripe cannot be reached at
    /// all the sync stops with `serviceUnavailable`.
    /// Needs `editOnboarding` for every merchant of the workspace (not a shop owner's few).
    pub async fn sync(&self, access: &dyn StripeAccess, workspace_id: u64) -> Result<SyncReport> {
        let by = self.guard.operator()?;
        let scope = Scope::workspace(workspace_id);
        if merchants(&by, Permission::EditOnboarding, Some(workspace_id)) != Some(Merchants::All) {
            return Err(self.guard.refuse_because(
                &by,
                scope.workspace,
                SYNC,
                &workspace_id.to_string(),
                CoreError::new(
                    ErrorCode::Forbidden,
                    "You need the Admin role to sync every onboarding entry of a workspace.",
                ),
            ));
        }
        let result = self.sync_workspace(access, workspace_id).await;
        self.guard.record(
            &by,
            scope.workspace,
            SYNC,
            &workspace_id.to_string(),
            &result,
            |report| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({
                        "adopted": report.adopted.len(),
                        "synced": report.synced,
                        "failed": report.failed.len(),
                    }),
                )
            },
        );
        result
    }

    async fn sync_workspace(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
    ) -> Result<SyncReport> {
        self.workspaces.get(workspace_id).map_err(|mut err| {
            err.field = Some("workspaceId".into());
            err
        })?;
        let ctx = access.context(workspace_id)?;
        let adopted = self.adopt_orphans(&ctx, workspace_id, None).await?;
        let mut report = SyncReport {
            adopted: adopted.iter().map(|entry| entry.id).collect(),
            ..SyncReport::default()
        };
        for (id, account_id) in self.accounts_in(workspace_id, ctx.mode_code(), ctx.offline())? {
            match remote::snapshot(&ctx, &account_id).await {
                Ok((account, methods)) => match self.record_sync(id, &account, &methods) {
                    Ok(_) => report.synced += 1,
                    // Deleted while the sync ran.
                    Err(err) if err.code == ErrorCode::NotFound => {}
                    Err(err) => return Err(err),
                },
                Err(err) if err.is_transport() => {
                    return Err(stripe_failure("sync the accounts", &err, &ctx.target));
                }
                Err(err) => report.failed.push(SyncFailure {
                    id,
                    message: stripe_failure("sync the account", &err, &ctx.target).message,
                    account_id,
                }),
            }
        }
        Ok(report)
    }

    /// (id, account id) of the workspace's live entries in this Stripe, by id.
    fn accounts_in(
        &self,
        workspace_id: u64,
        mode: u8,
        offline: bool,
    ) -> Result<Vec<(u64, String)>> {
        let query = ListQuery {
            filters: vec![
                FilterInput::eq("workspaceId", workspace_id.to_string()),
                FilterInput::eq("mode", mode.to_string()),
            ],
            ..ListQuery::default()
        };
        Ok(every_page(&query, |page| self.entries.list(page))?
            .into_iter()
            .filter(|entry| entry.offline == offline)
            .map(|entry| (entry.id, entry.account_id))
            .collect())
    }
}
