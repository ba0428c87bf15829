//! The `Accounts` service: list, get and export the connected accounts a sync stored, and the
//! Express dashboard login link. The sync itself lives in `sync.rs`.

use std::path::Path;

use connectdesk_stripe::accounts::Account;
use connectdesk_stripe::WithRaw;

use super::export::ACCOUNTS_CSV;
use super::model::{AccountLoginLink, ConnectedAccount};
use super::remote::{apply_account, Owner, Place};
use crate::guard::{Action, Guard, Reach};
use crate::onboarding::{
    entry_of_account, login_link, AccountKind, InFlight, OnboardingEntry, CUSTOM_HAS_NO_DASHBOARD,
    EXPRESS_NOT_ONBOARDED,
};
use crate::operators::{Operator, Permission};
use crate::query::{ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::store::{Collection, Store};
use crate::stripe_access::{describe, StripeAccess, StripeContext};
use crate::stripe_errors::stripe_failure;
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, Result};

pub(super) const VIEW: Action = Action::new("account.view", "account");
pub(super) const SYNC: Action = Action::new("account.sync", "workspace");
const EXPORT: Action = Action::new("account.export", "account");
const LOGIN_LINK: Action = Action::new("account.loginLink", "account");

/// Seeing accounts is seeing onboarding: their status, requirements and capabilities (a shop
/// owner sees its own merchants' accounts only).
const SEE: Permission = Permission::ViewOnboarding;

/// Where lists find an account's workspace and merchant.
const REACH: Reach = Reach {
    workspace: "workspaceId",
    merchant: Some("merchantId"),
};

/// Connected accounts of each workspace's Stripe platform. Cheap to clone; safe to share
/// between threads.
#[derive(Debug, Clone)]
pub struct Accounts {
    pub(super) accounts: Collection<ConnectedAccount>,
    pub(super) entries: Collection<OnboardingEntry>,
    pub(super) workspaces: Collection<Workspace>,
    pub(super) guard: Guard,
    /// Syncs running now, one per workspace.
    pub(super) syncing: InFlight,
}

impl Accounts {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            accounts: store.collection()?,
            entries: store.collection()?,
            workspaces: store.collection()?,
            guard: Guard::open(store)?,
            syncing: InFlight::default(),
        })
    }

    /// What the operator may see: their workspaces, and a shop owner's own merchants' accounts.
    /// Filterable: workspaceId, status, accountType, country (keys), accountId, merchantId,
    /// businessName, email, chargesEnabled, payoutsEnabled, created, createdAt, updatedAt;
    /// sortable: id, country, businessName, created.
    pub fn list(&self, query: &ListQuery) -> Result<Page<ConnectedAccount>> {
        let query = self.guard.narrow(SEE, VIEW, query, REACH)?;
        self.accounts.list(&query)
    }

    pub fn get(&self, id: u64) -> Result<ConnectedAccount> {
        let account = self.accounts.get(id)?;
        self.allow(SEE, VIEW, &account)?;
        Ok(account)
    }

    /// Saves every account of the current filter (all pages, as narrowed for the operator) as a
    /// new CSV file in `dir`; audited.
    pub fn export_to(&self, query: &ListQuery, dir: &Path) -> Result<ExportedFile> {
        self.guard.export_list(
            SEE,
            EXPORT,
            query,
            REACH,
            |page| self.accounts.list(page),
            &ACCOUNTS_CSV,
            dir,
        )
    }

    /// A single-use link into an Express account's dashboard (Stripe makes them for Express
    /// accounts that finished onboarding only). Needs what onboarding's dashboard link needs.
    pub async fn login_link(&self, access: &dyn StripeAccess, id: u64) -> Result<AccountLoginLink> {
        let account = self.accounts.get(id)?;
        let by = self.allow(Permission::EditOnboarding, LOGIN_LINK, &account)?;
        let result = self.login_link_for(access, account.clone()).await;
        self.guard.record(
            &by,
            Some(account.workspace_id),
            LOGIN_LINK,
            &account.account_id,
            &result,
            |_| Vec::new(),
        );
        result
    }

    async fn login_link_for(
        &self,
        access: &dyn StripeAccess,
        mut account: ConnectedAccount,
    ) -> Result<AccountLoginLink> {
        match account.account_type {
            Some(AccountKind::Express) => {}
            Some(AccountKind::Custom) => {
                return Err(CoreError::new(ErrorCode::InvalidValue, CUSTOM_HAS_NO_DASHBOARD))
            }
            Some(AccountKind::Standard) | None => {
                return Err(CoreError::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "Login links open the Express Dashboard, so only Express accounts have them. {} is a Standard account: its holder logs in to the Stripe Dashboard themselves, and you see it with Open in Stripe Dashboard.",
                        account.account_id
                    ),
                ))
            }
        }
        let ctx = context_for(access, &account)?;
        // Stripe makes login links only once onboarding is done; the merchant may have finished
        // since the last sync, so ask before saying no.
        if !account.details_submitted {
            account = self.refresh(&ctx, account).await?;
        }
        if !account.details_submitted {
            return Err(CoreError::new(
                ErrorCode::AccountNotOnboarded,
                EXPRESS_NOT_ONBOARDED,
            ));
        }
        let url = login_link(&ctx, &account.account_id)
            .await
            .map_err(|err| stripe_failure("create the dashboard login link", &err, &ctx.target))?;
        Ok(AccountLoginLink {
            account_id: account.account_id,
            url,
        })
    }

    /// Reads one account from Stripe again and stores it.
    async fn refresh(
        &self,
        ctx: &StripeContext,
        account: ConnectedAccount,
    ) -> Result<ConnectedAccount> {
        let fresh: WithRaw<Account> = ctx
            .client
            .retrieve_account(&account.account_id)
            .await
            .map_err(|err| stripe_failure("read the account from Stripe", &err, &ctx.target))?;
        let owner = self.owner_in(account.workspace_id, &account.account_id)?;
        let place = place_of(ctx);
        self.accounts.update(account.id, |stored| {
            apply_account(stored, &fresh.object, &fresh.raw, &owner, place);
            Ok(())
        })
    }

    /// The operator, if they may do `permission` with this account (refusals are audited).
    fn allow(
        &self,
        permission: Permission,
        action: Action,
        account: &ConnectedAccount,
    ) -> Result<Operator> {
        self.guard.allow_owned(
            permission,
            account.workspace_id,
            account.merchant_id.as_deref(),
            action,
            &account.account_id,
        )
    }

    /// The workspace's onboarding entry of the account, as its owner.
    fn owner_in(&self, workspace_id: u64, account_id: &str) -> Result<Owner> {
        Ok(entry_of_account(&self.entries, workspace_id, account_id)?
            .map(|entry| Owner {
                merchant_id: Some(entry.merchant_id),
                entry_id: Some(entry.id),
            })
            .unwrap_or_default())
    }
}

pub(super) fn place_of(ctx: &StripeContext) -> Place {
    Place {
        mode: ctx.mode_code(),
        offline: ctx.offline(),
    }
}

/// The context of the account's workspace, which must reach the Stripe the account was read
/// from.
fn context_for(access: &dyn StripeAccess, account: &ConnectedAccount) -> Result<StripeContext> {
    let ctx = access.context(account.workspace_id)?;
    if account.mode == ctx.mode_code() && account.offline == ctx.offline() {
        return Ok(ctx);
    }
    let home = describe(account.offline, account.mode);
    Err(CoreError::new(
        ErrorCode::InvalidValue,
        format!(
            "This account was read from {home}, but ConnectDesk is using {}. Switch to {home}, or sync the accounts again.",
            ctx.describe()
        ),
    ))
}
