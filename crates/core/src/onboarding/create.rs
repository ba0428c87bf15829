//! Create: a connected account at Stripe, its entry, and the first onboarding link, such that
//! Stripe never holds two accounts for one create, whatever fails in between.
//!
//! 1. The create goes through the operations journal: recorded (flushed) with its key and the
//!    entry-to-be ([`CreateContext`]) before Stripe is called; the account carries the
//!    operation's reference in `metadata[connectdesk_op]`.
//! 2. Stripe's answer settles the operation; then the entry is saved and the operation marked
//!    applied.
//! 3. A create that is pending, or completed but not applied, means an account may exist
//!    without an entry. The next create for the same merchant, or a sync, adopts it: the
//!    journal resumes it (same key, or reconciled through the metadata), then the entry is saved.

use connectdesk_stripe::accounts::Account;
use serde_json::Value;

use super::entry::new_entry;
use super::errors::{is_missing, stripe_failure};
use super::gate::{entry_diff, CREATE};
use super::model::{CreateOnboarding, OnboardingEntry, OnboardingLink};
use super::pending::{subject, CreateContext};
use super::remote;
use super::service::Onboarding;
use super::validate::{self, ValidCreate};
use crate::journal::{
    NewOperation, Operation, OperationKind, OperationState, Reconcile, WriteError,
};
use crate::operators::{Operator, Permission, Scope};
use crate::query::{FilterInput, ListQuery};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::{CoreError, ErrorCode, Result};

impl Onboarding {
    /// Checks the create form without creating anything, so the wizard can show every problem
    /// before its last step.
    pub fn check_form(&self, input: &CreateOnboarding) -> Result<()> {
        self.allow_create(input)?;
        validate::create(input).map(drop)
    }

    /// The operator, if they may onboard this merchant in this workspace (as typed: a shop
    /// owner's own merchant ids are compared trimmed).
    fn allow_create(&self, input: &CreateOnboarding) -> Result<Operator> {
        let merchant = input.merchant_id.trim();
        self.guard.allow(
            Permission::CreateOnboarding,
            Scope::merchant(input.workspace_id, merchant),
            CREATE,
            merchant,
        )
    }

    /// Creates the account at Stripe (or adopts one an earlier, failed create left behind for
    /// this merchant), stores its entry and returns its onboarding link.
    ///
    /// Errors: field errors of the form, before anything is created; `notFound` on
    /// `workspaceId`; `serviceUnavailable` when Stripe fails (no entry is stored);
    /// `internalError` when saving fails after Stripe created the account (the next create
    /// or sync adopts that account); `conflict` while a create for the merchant is running.
    pub async fn create(
        &self,
        access: &dyn StripeAccess,
        input: CreateOnboarding,
    ) -> Result<OnboardingLink> {
        let by = self.allow_create(&input)?;
        let result = self.create_for(access, &by, &input).await;
        let created = match &result {
            Ok(link) => self.entries.get(link.entry_id).ok(),
            Err(_) => None,
        };
        self.guard.record(
            &by,
            Some(input.workspace_id),
            CREATE,
            &created.as_ref().map_or_else(
                || input.merchant_id.trim().to_string(),
                |e| e.id.to_string(),
            ),
            &result,
            |_| entry_diff(None, created.as_ref()),
        );
        result
    }

    async fn create_for(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        input: &CreateOnboarding,
    ) -> Result<OnboardingLink> {
        let valid = validate::create(input)?;
        self.workspaces
            .get(valid.workspace_id)
            .map_err(|err| on_field(err, "workspaceId"))?;
        let ctx = access.context(valid.workspace_id)?;
        require_return_urls(&valid, &ctx)?;
        let _claim = self
            .in_flight
            .claim(valid.workspace_id, &valid.merchant_id)?;

        let adopted = self
            .adopt_orphans(&ctx, valid.workspace_id, Some(&valid.merchant_id))
            .await?;
        let entry = match adopted.into_iter().next() {
            Some(entry) => entry,
            None => self.create_account(&ctx, &valid, by).await?,
        };
        let link_type = remote::link_type(entry.account_type, entry.details_submitted);
        self.issue_link(&ctx, &entry, link_type, None)
            .await
            .map_err(|mut err| {
                err.message = format!(
                    "The account {} was created and saved, but it has no onboarding link yet. Use Refresh to get one. {}",
                    entry.account_id, err.message
                );
                err
            })
    }

    /// Adopts the accounts earlier creates left without an entry in this Stripe (of one
    /// merchant, if given) and returns their new entries. A create still pending in the
    /// journal is resumed first (same key: Stripe replays its account, or it is reconciled).
    pub(super) async fn adopt_orphans(
        &self,
        ctx: &StripeContext,
        workspace_id: u64,
        merchant_id: Option<&str>,
    ) -> Result<Vec<OnboardingEntry>> {
        let subject = merchant_id.map(|merchant| subject(workspace_id, merchant));
        let mut adopted = Vec::new();
        for operation in self
            .journal
            .unapplied(OperationKind::AccountCreate, subject.as_deref())?
        {
            let Some(context) = CreateContext::of(&operation) else {
                continue;
            };
            if context.workspace_id != workspace_id
                || !context.same_place(ctx.mode_code(), ctx.offline())
            {
                continue;
            }
            // A sync leaves alone what a running create is about to save.
            if merchant_id.is_none() && self.in_flight.contains(workspace_id, &context.merchant_id)
            {
                continue;
            }
            if let Some(entry) = self.adopt(ctx, &context, operation).await? {
                adopted.push(entry);
            }
        }
        Ok(adopted)
    }

    /// The entry for an unapplied create's account; `None` when it did not (or not yet)
    /// produce one.
    async fn adopt(
        &self,
        ctx: &StripeContext,
        context: &CreateContext,
        operation: Operation,
    ) -> Result<Option<OnboardingEntry>> {
        let operation = if operation.state == OperationState::Pending {
            match self.journal.retry(ctx, operation.id).await {
                Ok(settled) => settled,
                // Being sent right now by another call: it saves its own entry.
                Err(err) if err.code == ErrorCode::Conflict => return Ok(None),
                Err(err) => return Err(err),
            }
        } else {
            operation
        };
        let (OperationState::Completed, Some(account_id)) =
            (operation.state, operation.object_id.as_deref())
        else {
            return Ok(None);
        };
        let account = match remote::retrieve_account(ctx, account_id).await {
            Ok(account) => account,
            Err(err) if is_missing(&err) => {
                // Deleted at Stripe since: nothing left to adopt.
                self.journal.mark_applied(operation.id)?;
                return Ok(None);
            }
            Err(err) => {
                return Err(stripe_failure(
                    "load the account an earlier create left",
                    &err,
                    &ctx.target,
                ))
            }
        };
        self.save_entry(operation.id, context, &account.object, &account.raw)
            .map(Some)
    }

    /// A new account at Stripe, through the journal as described in the module docs.
    async fn create_account(
        &self,
        ctx: &StripeContext,
        valid: &ValidCreate,
        by: &Operator,
    ) -> Result<OnboardingEntry> {
        let context = CreateContext::new(valid, ctx.mode_code(), ctx.offline());
        let new = NewOperation {
            kind: OperationKind::AccountCreate,
            summary: format!("Account for merchant {}", valid.merchant_id),
            subject: Some(subject(valid.workspace_id, &valid.merchant_id)),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::Created {
                list_path: "/v1/accounts".into(),
            },
            apply_locally: true,
            context: serde_json::to_value(&context)
                .map_err(|err| CoreError::internal(err.to_string()))?,
        };
        let created = self
            .journal
            .execute(ctx, valid.workspace_id, new, |operation| {
                remote::create_account_request(valid, operation)
            })
            .await;
        match created {
            Ok(done) => {
                let account = &done.result;
                self.save_entry(done.operation.id, &context, &account.object, &account.raw)
            }
            Err(WriteError::NotSent(err)) => Err(err),
            Err(WriteError::Stripe { operation, error }) => {
                let mut failure = stripe_failure("create the Stripe account", &error, &ctx.target);
                if operation.state.is_open() {
                    failure.message.push_str(" If Stripe created the account anyway, ConnectDesk finds it (Pending operations) and the next try for this merchant uses it instead of creating another.");
                }
                Err(failure)
            }
        }
    }

    /// Saves the entry of a create's account and marks the operation applied.
    fn save_entry(
        &self,
        operation_id: u64,
        context: &CreateContext,
        account: &Account,
        raw: &Value,
    ) -> Result<OnboardingEntry> {
        // Saved before, but the operation was not marked: keep that entry.
        if let Some(existing) = self.entry_of_account(&account.id)? {
            self.mark_applied_quietly(operation_id);
            return Ok(existing);
        }
        let entry = self
            .faults
            .check()
            .and_then(|()| self.entries.insert(new_entry(context, account, raw)))
            .map_err(|err| orphaned(&err, &account.id))?;
        self.mark_applied_quietly(operation_id);
        Ok(entry)
    }

    /// Marking can fail after the real work is done; an unmarked create is only looked at
    /// again (and finds its entry).
    fn mark_applied_quietly(&self, operation_id: u64) {
        if let Err(err) = self.journal.mark_applied(operation_id) {
            tracing::warn!(
                operation = operation_id,
                "could not mark an account create applied: {err}"
            );
        }
    }

    fn entry_of_account(&self, account_id: &str) -> Result<Option<OnboardingEntry>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("accountId", account_id.to_string())],
            ..ListQuery::default()
        };
        Ok(self.entries.list(&query)?.items.into_iter().next())
    }
}

/// Stripe needs somewhere to send the merchant; the offline sandbox has its own pages.
fn require_return_urls(valid: &ValidCreate, ctx: &StripeContext) -> Result<()> {
    if ctx.offline() {
        return Ok(());
    }
    for (field, value) in [
        ("returnUrl", &valid.return_url),
        ("refreshUrl", &valid.refresh_url),
    ] {
        if value.is_none() {
            return Err(CoreError::on_field(
                ErrorCode::Required,
                field,
                "Stripe needs a return and a refresh address for its onboarding pages.",
            ));
        }
    }
    Ok(())
}

fn orphaned(err: &CoreError, account_id: &str) -> CoreError {
    CoreError::internal(format!(
        "Stripe created the account {account_id}, but ConnectDesk could not save it ({}). Create it again for this merchant, or sync: ConnectDesk then takes over this account instead of creating a second one.",
        err.message.trim_end_matches('.')
    ))
}

fn on_field(mut err: CoreError, field: &str) -> CoreError {
    err.field = Some(field.to_string());
    err
}
