//! Create: a connected account at Stripe, its entry, and the first onboarding link, such that
//! Stripe never holds two accounts for one create, whatever fails in between.
//!
//! 1. An intent is recorded (flushed) before Stripe is called. The call is keyed durably by
//!    `onboarding/create/<intent id>` and tags the account with the intent's token in metadata.
//! 2. Stripe's answer is written into the intent, then the entry is saved and the intent closed.
//! 3. An intent still open means an account may exist without an entry. The next create for the
//!    same merchant, or a sync, adopts it: by the account id the intent holds, else by listing
//!    accounts for the token. Only when Stripe has no such account is the intent dropped.

use connectdesk_stripe::accounts::Account;
use serde_json::Value;

use super::access::{StripeAccess, StripeContext};
use super::entry::new_entry;
use super::errors::{is_missing, outcome_unknown, stripe_failure};
use super::intent::CreateIntent;
use super::model::{CreateOnboarding, OnboardingEntry, OnboardingLink};
use super::remote;
use super::service::Onboarding;
use super::validate::{self, ValidCreate};
use crate::query::{FilterInput, ListQuery};
use crate::{CoreError, ErrorCode, Result};

impl Onboarding {
    /// Checks the create form without creating anything, so the wizard can show every problem
    /// before its last step.
    pub fn check_form(&self, input: &CreateOnboarding) -> Result<()> {
        validate::create(input).map(drop)
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
        let valid = validate::create(&input)?;
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
            None => self.create_account(&ctx, &valid).await?,
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

    /// Adopts the accounts of open intents in this Stripe (of one merchant, if given) and
    /// returns their new entries.
    pub(super) async fn adopt_orphans(
        &self,
        ctx: &StripeContext,
        workspace_id: u64,
        merchant_id: Option<&str>,
    ) -> Result<Vec<OnboardingEntry>> {
        let mut adopted = Vec::new();
        for intent in self.intents.open(workspace_id, merchant_id)? {
            if !intent.same_place(ctx.mode_code(), ctx.offline()) {
                continue;
            }
            // A sync leaves alone what a running create is about to save.
            if merchant_id.is_none() && self.in_flight.contains(workspace_id, &intent.merchant_id) {
                continue;
            }
            if let Some(entry) = self.adopt(ctx, &intent).await? {
                adopted.push(entry);
            }
        }
        Ok(adopted)
    }

    /// The entry for an open intent's account; `None` (and the intent closed) when Stripe has
    /// no such account.
    async fn adopt(
        &self,
        ctx: &StripeContext,
        intent: &CreateIntent,
    ) -> Result<Option<OnboardingEntry>> {
        let account_id = match &intent.account_id {
            Some(id) => id.clone(),
            None => {
                let found = remote::find_orphan(ctx, intent).await.map_err(|err| {
                    stripe_failure(
                        "look for the account an earlier create left",
                        &err,
                        &ctx.target,
                    )
                })?;
                let Some(id) = found else {
                    self.intents.close(intent.id)?;
                    return Ok(None);
                };
                id
            }
        };
        let account = match remote::retrieve_account(ctx, &account_id).await {
            Ok(account) => account,
            Err(err) if is_missing(&err) => {
                // Deleted at Stripe since: nothing left to adopt.
                self.intents.close(intent.id)?;
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
        self.save_entry(intent, &account.object, &account.raw)
            .map(Some)
    }

    /// A new account at Stripe, recorded as described in the module docs.
    async fn create_account(
        &self,
        ctx: &StripeContext,
        valid: &ValidCreate,
    ) -> Result<OnboardingEntry> {
        let intent = self.intents.record(valid, ctx.mode_code(), ctx.offline())?;
        let created = match remote::create_account(ctx, valid, &intent).await {
            Ok(created) => created,
            Err(err) => {
                let mut failure = stripe_failure("create the Stripe account", &err, &ctx.target);
                if outcome_unknown(&err) {
                    failure.message.push_str(" If Stripe created the account anyway, the next try for this merchant uses it instead of creating another.");
                } else {
                    // Stripe refused: no account exists, nothing to adopt later.
                    self.intents.close_quietly(intent.id);
                }
                return Err(failure);
            }
        };
        let account_id = &created.object.id;
        let intent = self
            .intents
            .attach_account(intent.id, account_id)
            .map_err(|err| orphaned(&err, account_id))?;
        self.save_entry(&intent, &created.object, &created.raw)
    }

    /// Saves the entry of an intent's account and closes the intent.
    fn save_entry(
        &self,
        intent: &CreateIntent,
        account: &Account,
        raw: &Value,
    ) -> Result<OnboardingEntry> {
        // Saved before, but the intent was not closed: keep that entry.
        if let Some(existing) = self.entry_of_account(&account.id)? {
            self.intents.close_quietly(intent.id);
            return Ok(existing);
        }
        let entry = self
            .faults
            .check()
            .and_then(|()| self.entries.insert(new_entry(intent, account, raw)))
            .map_err(|err| orphaned(&err, &account.id))?;
        self.intents.close_quietly(intent.id);
        Ok(entry)
    }

    fn entry_of_account(&self, account_id: &str) -> Result<Option<OnboardingEntry>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput {
                field: "accountId".into(),
                op: "eq".into(),
                value: account_id.to_string(),
            }],
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
