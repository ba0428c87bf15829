//! Sync of a workspace's connected accounts: every account `GET /v1/accounts` lists for the
//! workspace's Stripe platform, a page of 100 at a time through the client's rate limiter, stored
//! as each page arrives. Cancel stops before the next page and keeps what was stored; only a
//! complete sync removes accounts Stripe no longer lists.

use std::collections::{HashMap, HashSet};

use connectdesk_stripe::accounts::{self, Account, ListAccounts};
use connectdesk_stripe::{List, Page as StripePage, WithRaw};
use serde_json::Value;

use super::model::AccountSyncReport;
use super::remote::{apply_account, new_account, Owner, Place};
use super::service::{place_of, Accounts, SYNC};
use crate::audit::diff;
use crate::operators::{Permission, Scope};
use crate::progress::Progress;
use crate::query::{every_page, FilterInput, ListQuery};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::stripe_failure;
use crate::{CoreError, ErrorCode, Result};

/// Stripe's largest page.
const PAGE_SIZE: u8 = 100;

impl Accounts {
    /// Reads every connected account of the workspace's Stripe platform into the store,
    /// reporting counts to `progress` as pages arrive. Stripe's list says how many there are
    /// only at its end, so updates carry no total until the last. Allowed to whoever sees the
    /// workspace's accounts, as a payments sync is; lists still show each operator their own.
    pub async fn sync(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        progress: &Progress,
    ) -> Result<AccountSyncReport> {
        let by = self.guard.allow(
            Permission::ViewOnboarding,
            Scope::workspace(workspace_id),
            SYNC,
            &workspace_id.to_string(),
        )?;
        let mut report = AccountSyncReport::default();
        let result = self
            .sync_workspace(access, workspace_id, progress, &mut report)
            .await
            .map(|()| report.clone());
        // Pages stored before a failure stay stored, and the count says so.
        let complete = result.as_ref().is_ok_and(|report| !report.cancelled);
        progress.finish(report.synced, complete.then_some(report.synced));
        self.guard.record(
            &by,
            Some(workspace_id),
            SYNC,
            &workspace_id.to_string(),
            &result,
            |report| {
                diff(
                    &Value::Null,
                    &serde_json::json!({
                        "synced": report.synced,
                        "added": report.added,
                        "removed": report.removed,
                        "cancelled": report.cancelled,
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
        progress: &Progress,
        report: &mut AccountSyncReport,
    ) -> Result<()> {
        self.workspaces.get(workspace_id).map_err(|mut err| {
            err.field = Some("workspaceId".into());
            err
        })?;
        let _running = self
            .syncing
            .try_claim(workspace_id, "sync")
            .ok_or_else(|| {
                CoreError::new(
                    ErrorCode::Conflict,
                    "The accounts of this workspace are being synced right now; wait for it to finish or cancel it.",
                )
            })?;
        let ctx = access.context(workspace_id)?;
        let mut run = Run {
            workspace_id,
            place: place_of(&ctx),
            owners: self.owners()?,
            stored: self.stored_in(workspace_id)?,
            kept: HashSet::new(),
            report,
        };
        progress.advance(0, None);
        let mut params = ListAccounts {
            page: StripePage::limit(PAGE_SIZE),
            ..ListAccounts::default()
        };
        loop {
            if progress.is_cancelled() {
                run.report.cancelled = true;
                break;
            }
            let page = read_page(&ctx, &params).await?;
            run.report.requests += 1;
            self.store_page(&mut run, &page)?;
            progress.advance(run.report.synced, None);
            match page.object.data.last() {
                Some(last) if page.object.has_more => {
                    params.page = StripePage::limit(PAGE_SIZE).starting_after(&last.id);
                }
                _ => break,
            }
        }
        if !run.report.cancelled {
            for (account_id, id) in &run.stored {
                if !run.kept.contains(account_id) {
                    self.accounts.soft_delete(*id)?;
                    run.report.removed += 1;
                }
            }
        }
        Ok(())
    }

    /// Updates the accounts already stored and adds the new ones in one bulk write.
    fn store_page(&self, run: &mut Run<'_>, page: &WithRaw<List<Account>>) -> Result<()> {
        let raws = page.raw.get("data").and_then(Value::as_array);
        let mut fresh = Vec::new();
        for (index, account) in page.object.data.iter().enumerate() {
            let owner = match run.owners.get(&account.id) {
                // Onboarded in another workspace that shares this platform (the sandbox is one
                // platform for all): it is that workspace's.
                Some((workspace, _)) if *workspace != run.workspace_id => continue,
                Some((_, owner)) => owner.clone(),
                None => Owner::default(),
            };
            if !run.kept.insert(account.id.clone()) {
                continue;
            }
            let raw = raws
                .and_then(|items| items.get(index))
                .unwrap_or(&Value::Null);
            match run.stored.get(&account.id) {
                Some(&id) => {
                    self.accounts.update(id, |stored| {
                        apply_account(stored, account, raw, &owner, run.place);
                        Ok(())
                    })?;
                }
                None => fresh.push(new_account(
                    run.workspace_id,
                    account,
                    raw,
                    &owner,
                    run.place,
                )),
            }
            run.report.synced += 1;
        }
        let accounts: Vec<String> = fresh.iter().map(|a| a.account_id.clone()).collect();
        let ids = self.accounts.insert_many(fresh)?;
        run.report.added += u32::try_from(ids.len()).unwrap_or(u32::MAX);
        run.stored.extend(accounts.into_iter().zip(ids));
        Ok(())
    }

    /// Who owns each account ConnectDesk onboarded: account id → (workspace, owner).
    fn owners(&self) -> Result<HashMap<String, (u64, Owner)>> {
        let entries = every_page(&ListQuery::default(), |page| self.entries.list(page))?;
        Ok(entries
            .into_iter()
            .map(|entry| {
                let owner = Owner {
                    merchant_id: Some(entry.merchant_id),
                    entry_id: Some(entry.id),
                };
                (entry.account_id, (entry.workspace_id, owner))
            })
            .collect())
    }

    /// The workspace's stored accounts: account id → record id.
    fn stored_in(&self, workspace_id: u64) -> Result<HashMap<String, u64>> {
        let query = ListQuery {
            filters: vec![FilterInput::eq("workspaceId", workspace_id)],
            ..ListQuery::default()
        };
        let accounts = every_page(&query, |page| self.accounts.list(page))?;
        Ok(accounts
            .into_iter()
            .map(|account| (account.account_id, account.id))
            .collect())
    }
}

/// One sync's state.
struct Run<'a> {
    workspace_id: u64,
    place: Place,
    owners: HashMap<String, (u64, Owner)>,
    stored: HashMap<String, u64>,
    /// Accounts of this workspace Stripe listed in this sync.
    kept: HashSet<String>,
    report: &'a mut AccountSyncReport,
}

async fn read_page(ctx: &StripeContext, params: &ListAccounts) -> Result<WithRaw<List<Account>>> {
    let failed = |err: connectdesk_stripe::Error| {
        stripe_failure("read the connected accounts", &err, &ctx.target)
    };
    ctx.client
        .send_with_raw(accounts::list(params).map_err(failed)?)
        .await
        .map_err(failed)
}
