//! The `Balances` service: read the platform's or one connected account's balance from Stripe.
//! Reads are gated (`viewMoney`; a shop owner only their own merchants' accounts) and, as every
//! read here, audited only when refused.

use connectdesk_stripe::balance;

use super::model::Balance;
use crate::form_fields;
use crate::guard::{Action, Guard};
use crate::onboarding::{entry_of_account, OnboardingEntry};
use crate::operators::{Operator, Permission, Scope};
use crate::store::{Collection, Store};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::refusal;
use crate::{CoreError, ErrorCode, Result};

const VIEW: Action = Action::new("balance.view", "balance");

/// Balances of the platform and its connected accounts. Cheap to clone.
#[derive(Clone)]
pub struct Balances {
    entries: Collection<OnboardingEntry>,
    guard: Guard,
}

impl Balances {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            entries: store.collection()?,
            guard: Guard::open(store)?,
        })
    }

    /// The platform's balance (`account_id` empty), or the connected account's.
    pub async fn get(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        account_id: Option<&str>,
    ) -> Result<Balance> {
        let account_id = account_id.map(str::trim).filter(|id| !id.is_empty());
        let entry = match account_id {
            Some(id) => entry_of_account(&self.entries, workspace_id, id)?,
            None => None,
        };
        self.allow(workspace_id, account_id, entry.as_ref())?;
        let account_id = account_id
            .map(|id| form_fields::account_id("accountId", id, "Choose a connected account."))
            .transpose()?;
        let ctx = access.context(workspace_id)?;
        let stripe = read(&ctx, account_id.as_deref()).await?;
        Ok(Balance::from_stripe(
            workspace_id,
            account_id,
            entry.map(|entry| entry.merchant_id),
            &stripe,
        ))
    }

    /// Everyone with `viewMoney` sees their merchants' accounts; the platform's balance and
    /// accounts of no known merchant need it for every merchant of the workspace.
    fn allow(
        &self,
        workspace_id: u64,
        account_id: Option<&str>,
        entry: Option<&OnboardingEntry>,
    ) -> Result<Operator> {
        let target = account_id.unwrap_or("platform");
        match (account_id, entry) {
            (_, Some(entry)) => self.guard.allow(
                Permission::ViewMoney,
                Scope::merchant(workspace_id, &entry.merchant_id),
                VIEW,
                target,
            ),
            (None, None) => self.guard.allow_every_merchant(
                Permission::ViewMoney,
                workspace_id,
                VIEW,
                target,
                "The platform's balance is for Support, Payments admins and Admins; your role shows the balances of your own merchants' accounts.",
            ),
            (Some(_), None) => self.guard.allow_every_merchant(
                Permission::ViewMoney,
                workspace_id,
                VIEW,
                target,
                "This account is not one of your merchants' accounts, so your role does not show its balance.",
            ),
        }
    }
}

/// `GET /v1/balance` of the platform, or of `account` through `Stripe-Account`.
async fn read(
    ctx: &StripeContext,
    account: Option<&str>,
) -> Result<connectdesk_stripe::balance::Balance> {
    let client = match account {
        Some(id) => ctx.client.on_account(id).map_err(|err| {
            CoreError::on_field(ErrorCode::InvalidValue, "accountId", err.to_string())
        })?,
        None => ctx.client.clone(),
    };
    client.send(balance::retrieve()).await.map_err(|err| {
        // Stripe answers 403 for a `Stripe-Account` the platform has no access to.
        if account.is_some() && err.status() == Some(403) {
            return CoreError::on_field(
                ErrorCode::AccountNotFound,
                "accountId",
                format!(
                    "{} is not a connected account of this platform.",
                    account.unwrap_or_default()
                ),
            );
        }
        refusal("read the balance from Stripe", &err, &ctx.target)
    })
}

/// What the platform has available in `currency` now, read from Stripe (for checks before
/// money leaves it).
pub(crate) async fn available_in(ctx: &StripeContext, currency: &str) -> Result<i64> {
    let stripe = read(ctx, None).await?;
    Ok(Balance::from_stripe(0, None, None, &stripe).available(currency))
}
