//! The `Payouts` service: a connected account's payout schedule (read, change), its payouts
//! (sync from Stripe into the store, list, create by hand on a manual schedule, cancel while
//! pending) and the balance history the charts draw. Every Stripe write goes through the
//! operations journal; every operation is gated (`viewMoney` to read, `managePayouts` to write;
//! a shop owner reaches only their own merchants' accounts) and audited.

use std::collections::BTreeMap;

use connectdesk_stripe::accounts::{
    self, Account, AccountSettingsParams, DelayDays, ExternalAccount, PayoutScheduleParams,
    PayoutSettingsParams, UpdateAccount,
};
use connectdesk_stripe::balance_transactions::{self, BalanceTransaction, ListBalanceTransactions};
use connectdesk_stripe::payouts::{
    self as stripe_payouts, ListPayouts, Payout as StripePayout, PayoutStatus,
};
use connectdesk_stripe::{Error as StripeError, Metadata, Page as StripePage, RangeQuery};
use futures::TryStreamExt;
use time::{Date, Duration};

use super::history::{daily_balances, date_text, day_of, payouts_per_day, Movement, PayoutMark};
use super::model::*;
use super::remote::{banks_of, payout_record, schedule_of, stripe_interval, stripe_weekday};
use super::schedule::{self, next_payout_date, PayoutInterval, PayoutSchedule};
use crate::audit::{diff, FieldChange};
use crate::guard::{Action, Guard, Reach};
use crate::journal::{
    Journal, NewOperation, OperationKind, Reconcile, WriteError, METADATA_OPERATION,
};
use crate::money;
use crate::onboarding::{entry_of_account, OnboardingEntry};
use crate::operators::{Operator, Permission, Scope};
use crate::progress::Progress;
use crate::query::{FilterInput, ListQuery, Page};
use crate::store::{Collection, Store};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::refusal;
use crate::stripe_gateway::Target;
use crate::{CoreError, ErrorCode, Result};

const VIEW: Action = Action::new("payout.view", "payout");
const CREATE: Action = Action::new("payout.create", "payout");
const CANCEL: Action = Action::new("payout.cancel", "payout");
const SYNC: Action = Action::new("payout.sync", "workspace");
const VIEW_SCHEDULE: Action = Action::new("payoutSchedule.view", "account");
const UPDATE_SCHEDULE: Action = Action::new("payoutSchedule.update", "account");
const HISTORY: Action = Action::new("balance.history", "balance");
/// How many balance transactions one history reads at most (Stripe pages of 100).
const HISTORY_TRANSACTIONS: usize = 10_000;
/// How often a sync reports its count.
const REPORT_EVERY: u32 = 25;

/// Payouts and payout schedules of connected accounts. Cheap to clone; safe to share.
#[derive(Clone)]
pub struct Payouts {
    payouts: Collection<Payout>,
    pub(super) entries: Collection<OnboardingEntry>,
    journal: Journal,
    guard: Guard,
}

impl Payouts {
    pub fn new(store: &Store, journal: Journal) -> Result<Self> {
        Ok(Self {
            payouts: store.collection()?,
            entries: store.collection()?,
            journal,
            guard: Guard::open(store)?,
        })
    }

    /// What the operator may see. Filterable: workspaceId, accountId, status, currency (keys),
    /// payoutId, merchantId, amount, arrivalDate, created; sortable: id, amount, arrivalDate,
    /// created.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Payout>> {
        let query = self.guard.narrow(
            Permission::ViewMoney,
            VIEW,
            query,
            Reach {
                workspace: "workspaceId",
                merchant: Some("merchantId"),
            },
        )?;
        self.payouts.list(&query)
    }

    pub fn get(&self, id: u64) -> Result<Payout> {
        let payout = self.payouts.get(id)?;
        self.allow(
            Permission::ViewMoney,
            VIEW,
            payout.workspace_id,
            payout.merchant_id.as_deref(),
            &payout.payout_id,
        )?;
        Ok(payout)
    }

    /// The account's payout schedule as Stripe has it, with the next payout date from `today`.
    pub async fn schedule(
        &self,
        access: &dyn StripeAccess,
        account: &AccountRef,
        today: Date,
    ) -> Result<PayoutScheduleView> {
        let account_id = account_id(&account.account_id)?;
        let merchant = self.merchant_of(account.workspace_id, &account_id)?;
        self.allow(
            Permission::ViewMoney,
            VIEW_SCHEDULE,
            account.workspace_id,
            merchant.as_deref(),
            &account_id,
        )?;
        let ctx = access.context(account.workspace_id)?;
        let stripe = retrieve_account(&ctx, &account_id).await?;
        Ok(view(account.workspace_id, merchant, &stripe, today))
    }

    /// Changes the account's payout schedule at Stripe (through the journal). Every problem of
    /// the form is named at once before anything is sent; Stripe's refusal is shown next to
    /// the field it names.
    pub async fn update_schedule(
        &self,
        access: &dyn StripeAccess,
        input: UpdatePayoutSchedule,
        today: Date,
    ) -> Result<PayoutScheduleView> {
        let account_id = account_id(&input.account_id)?;
        let merchant = self.merchant_of(input.workspace_id, &account_id)?;
        let by = self.allow(
            Permission::ManagePayouts,
            UPDATE_SCHEDULE,
            input.workspace_id,
            merchant.as_deref(),
            &account_id,
        )?;
        let mut before = None;
        let result = self
            .change_schedule(
                access,
                &by,
                &input,
                &account_id,
                merchant,
                today,
                &mut before,
            )
            .await;
        self.guard.record(
            &by,
            Some(input.workspace_id),
            UPDATE_SCHEDULE,
            &account_id,
            &result,
            |after| schedule_diff(before.as_ref(), &after.schedule),
        );
        result
    }

    #[allow(clippy::too_many_arguments)]
    async fn change_schedule(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        input: &UpdatePayoutSchedule,
        account_id: &str,
        merchant: Option<String>,
        today: Date,
        before: &mut Option<PayoutSchedule>,
    ) -> Result<PayoutScheduleView> {
        let ctx = access.context(input.workspace_id)?;
        let current = retrieve_account(&ctx, account_id).await?;
        *before = Some(schedule_of(&current));
        let country = current.country.clone().unwrap_or_default();
        let valid = schedule::validate(input, &country)?;
        let params = UpdateAccount {
            settings: Some(AccountSettingsParams {
                payouts: Some(PayoutSettingsParams {
                    schedule: Some(PayoutScheduleParams {
                        interval: Some(stripe_interval(valid.interval)),
                        delay_days: Some(
                            valid.delay_days.map_or(DelayDays::Minimum, DelayDays::Days),
                        ),
                        weekly_anchor: valid.weekly_anchor.map(stripe_weekday),
                        monthly_anchor: valid.monthly_anchor,
                    }),
                    ..PayoutSettingsParams::default()
                }),
            }),
            ..UpdateAccount::default()
        };
        let new = NewOperation {
            kind: OperationKind::PayoutSchedule,
            summary: format!(
                "Payout schedule of {account_id}: {}",
                valid.interval.as_str()
            ),
            subject: Some(format!("account:{account_id}")),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::State {
                path: format!("/v1/accounts/{account_id}"),
                field: "settings.payouts.schedule.interval".into(),
                expected: valid.interval.as_str().into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, input.workspace_id, new, |op| {
                accounts::update_recorded(account_id, &params, op)
            })
            .await
            .map_err(|err| schedule_failure(err, &ctx.target))?;
        Ok(view(
            input.workspace_id,
            merchant,
            &done.result.object,
            today,
        ))
    }

    /// Creates a payout of the account's available balance (all of it when no amount is
    /// given). Only for accounts on a manual schedule, and never while another payout of the
    /// account is still pending (`payoutInProgress`, the seed's 409); both and the balance are
    /// read from Stripe before anything is sent.
    pub async fn create(&self, access: &dyn StripeAccess, input: CreatePayout) -> Result<Payout> {
        let account_id = account_id(&input.account_id)?;
        let merchant = self.merchant_of(input.workspace_id, &account_id)?;
        let by = self.allow(
            Permission::ManagePayouts,
            CREATE,
            input.workspace_id,
            merchant.as_deref(),
            &account_id,
        )?;
        let result = self
            .create_for(access, &by, &input, &account_id, merchant)
            .await;
        self.guard.record(
            &by,
            Some(input.workspace_id),
            CREATE,
            &result
                .as_ref()
                .map(|payout| payout.payout_id.clone())
                .unwrap_or_else(|_| account_id.clone()),
            &result,
            |payout| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({
                        "payoutId": payout.payout_id,
                        "accountId": payout.account_id,
                        "amount": payout.amount,
                        "currency": payout.currency,
                        "status": payout.status,
                    }),
                )
            },
        );
        result
    }

    async fn create_for(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        input: &CreatePayout,
        account_id: &str,
        merchant: Option<String>,
    ) -> Result<Payout> {
        let currency = money::currency("currency", &input.currency)?;
        let typed = input
            .amount
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty());
        let asked = typed
            .map(|text| money::parse_amount("amount", text, &currency))
            .transpose()?;
        if asked == Some(0) {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "amount",
                "The amount must be more than zero.",
            ));
        }
        let description = input
            .description
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_string);
        if description
            .as_ref()
            .is_some_and(|text| text.chars().count() > 350)
        {
            return Err(CoreError::on_field(
                ErrorCode::TooLong,
                "description",
                "The description has at most 350 characters.",
            ));
        }
        let platform = access.context(input.workspace_id)?;
        let account = retrieve_account(&platform, account_id).await?;
        let schedule = schedule_of(&account);
        if schedule.interval != PayoutInterval::Manual {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "accountId",
                format!(
                    "{account_id} is paid out automatically ({}). Set its payout schedule to manual to create payouts by hand.",
                    schedule::describe(&schedule).trim_end_matches('.')
                ),
            ));
        }
        let ctx = on_account(&platform, account_id)?;
        if let Some(pending) = first_pending(&ctx).await? {
            return Err(in_progress(&pending.id));
        }
        let available = available_in(&ctx, &currency).await?;
        let amount = asked.unwrap_or(available);
        if amount > available || amount == 0 {
            return Err(CoreError::on_field(
                ErrorCode::InsufficientBalance,
                "amount",
                format!(
                    "{account_id} has {} available in {}; a payout can take at most that.",
                    money::display(available, &currency),
                    currency.to_uppercase()
                ),
            ));
        }
        let new = NewOperation {
            kind: OperationKind::PayoutCreate,
            summary: format!(
                "Payout of {} from {account_id}",
                money::display(amount, &currency)
            ),
            subject: Some(format!("account:{account_id}")),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::Created {
                list_path: "/v1/payouts".into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, input.workspace_id, new, |op| {
                let mut metadata = Metadata::new();
                metadata.insert(METADATA_OPERATION.into(), op.as_str().into());
                stripe_payouts::create(
                    &stripe_payouts::CreatePayout {
                        description: description.clone(),
                        metadata,
                        ..stripe_payouts::CreatePayout::new(amount, currency.clone())
                    },
                    op,
                )
            })
            .await
            .map_err(|err| payout_failure("create the payout", err, &ctx.target))?;
        self.store(
            input.workspace_id,
            merchant,
            &done.result.object,
            account_id,
            &banks_of(&account),
            &ctx,
        )
    }

    /// Cancels a pending payout a person created; the money returns to the account's balance.
    pub async fn cancel(&self, access: &dyn StripeAccess, id: u64) -> Result<Payout> {
        let payout = self.payouts.get(id)?;
        let by = self.allow(
            Permission::ManagePayouts,
            CANCEL,
            payout.workspace_id,
            payout.merchant_id.as_deref(),
            &payout.payout_id,
        )?;
        let result = self.cancel_payout(access, &by, &payout).await;
        self.guard.record(
            &by,
            Some(payout.workspace_id),
            CANCEL,
            &payout.payout_id,
            &result,
            |after| {
                diff(
                    &serde_json::json!({ "status": payout.status }),
                    &serde_json::json!({ "status": after.status }),
                )
            },
        );
        result
    }

    async fn cancel_payout(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        payout: &Payout,
    ) -> Result<Payout> {
        let platform = access.context(payout.workspace_id)?;
        if platform.mode_code() != payout.mode || platform.offline() != payout.offline {
            return Err(CoreError::new(
                ErrorCode::InvalidValue,
                format!(
                    "This payout was made in {}, but ConnectDesk is using {}. Switch back to cancel it.",
                    crate::stripe_access::describe(payout.offline, payout.mode),
                    platform.describe()
                ),
            ));
        }
        let ctx = on_account(&platform, &payout.account_id)?;
        // Stripe's state decides, not what was synced last.
        let fresh = ctx
            .client
            .retrieve_payout(&payout.payout_id)
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?;
        if fresh.status != PayoutStatus::Pending || fresh.automatic {
            let now = self.refresh(payout, &fresh, &ctx)?;
            return Err(CoreError::new(
                ErrorCode::InvalidValue,
                format!(
                    "Only a pending payout someone created can be canceled; {} is {}.",
                    payout.payout_id,
                    now.status_words.to_lowercase()
                ),
            ));
        }
        let new = NewOperation {
            kind: OperationKind::PayoutCancel,
            summary: format!(
                "Cancel payout {} of {}",
                payout.payout_id,
                money::display(payout.amount, &payout.currency)
            ),
            subject: Some(format!("payout:{}", payout.payout_id)),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::State {
                path: format!("/v1/payouts/{}", payout.payout_id),
                field: "status".into(),
                expected: "canceled".into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, payout.workspace_id, new, |op| {
                stripe_payouts::cancel(&payout.payout_id, op)
            })
            .await
            .map_err(|err| payout_failure("cancel the payout", err, &ctx.target))?;
        self.refresh(payout, &done.result.object, &ctx)
    }

    /// Reads the payouts of one account, or of every account of the workspace's onboarding
    /// entries the operator may see, from Stripe into the store (also ones made elsewhere).
    /// Reports the count as it goes; Cancel stops after the payout in hand and keeps what was
    /// stored.
    pub async fn sync(
        &self,
        access: &dyn StripeAccess,
        input: &SyncPayouts,
        progress: &Progress,
    ) -> Result<PayoutSync> {
        let one = input
            .account_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(account_id)
            .transpose()?;
        let (by, accounts) = match &one {
            Some(id) => {
                let merchant = self.merchant_of(input.workspace_id, id)?;
                let by = self.allow(
                    Permission::ViewMoney,
                    SYNC,
                    input.workspace_id,
                    merchant.as_deref(),
                    id,
                )?;
                (by, vec![(id.clone(), merchant)])
            }
            None => {
                let by = self.guard.allow(
                    Permission::ViewMoney,
                    Scope::workspace(input.workspace_id),
                    SYNC,
                    &input.workspace_id.to_string(),
                )?;
                (by, self.visible_accounts(input.workspace_id)?)
            }
        };
        let result = self
            .sync_accounts(access, input.workspace_id, &accounts, progress)
            .await;
        self.guard.record(
            &by,
            Some(input.workspace_id),
            SYNC,
            one.as_deref().unwrap_or(&input.workspace_id.to_string()),
            &result,
            |sync| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({
                        "accounts": sync.accounts,
                        "payouts": sync.payouts,
                        "cancelled": sync.cancelled,
                    }),
                )
            },
        );
        result
    }

    async fn sync_accounts(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        accounts: &[(String, Option<String>)],
        progress: &Progress,
    ) -> Result<PayoutSync> {
        let platform = access.context(workspace_id)?;
        let mut done = PayoutSync {
            accounts: 0,
            payouts: 0,
            cancelled: false,
        };
        for (account_id, merchant) in accounts {
            if progress.is_cancelled() {
                done.cancelled = true;
                break;
            }
            let account = retrieve_account(&platform, account_id).await?;
            let banks = banks_of(&account);
            let ctx = on_account(&platform, account_id)?;
            let request = stripe_payouts::list(&ListPayouts {
                page: StripePage::limit(100),
                ..ListPayouts::default()
            })
            .map_err(|err| read_failure(&err, &ctx.target))?;
            let mut stream = Box::pin(ctx.client.paginate(request));
            while let Some(payout) = stream
                .try_next()
                .await
                .map_err(|err| read_failure(&err, &ctx.target))?
            {
                self.store(
                    workspace_id,
                    merchant.clone(),
                    &payout,
                    account_id,
                    &banks,
                    &ctx,
                )?;
                done.payouts += 1;
                if done.payouts.is_multiple_of(REPORT_EVERY) {
                    progress.advance(done.payouts, None);
                }
                if progress.is_cancelled() {
                    done.cancelled = true;
                    break;
                }
            }
            done.accounts += 1;
            if done.cancelled {
                break;
            }
        }
        progress.finish(done.payouts, None);
        Ok(done)
    }

    /// The balance of the platform (no account) or of a connected account at the end of each of
    /// the last `days` days up to `today`, and the payouts arriving in that time per day and
    /// status, read from Stripe's balance transactions and payouts.
    pub async fn balance_history(
        &self,
        access: &dyn StripeAccess,
        query: &BalanceHistoryQuery,
        today: Date,
    ) -> Result<BalanceHistory> {
        let account = query
            .account_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(account_id)
            .transpose()?;
        let merchant = match &account {
            Some(id) => self.merchant_of(query.workspace_id, id)?,
            None => None,
        };
        // The platform's balance belongs to no merchant, so no shop owner reaches it.
        self.allow(
            Permission::ViewMoney,
            HISTORY,
            query.workspace_id,
            merchant.as_deref(),
            account.as_deref().unwrap_or("platform"),
        )?;
        let days = query.days.unwrap_or(30);
        if !(1..=366).contains(&days) {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "days",
                "Show between 1 and 366 days.",
            ));
        }
        let platform = access.context(query.workspace_id)?;
        let ctx = match &account {
            Some(id) => on_account(&platform, id)?,
            None => platform,
        };
        let mut from = today - Duration::days(i64::from(days) - 1);
        let since = from.midnight().assume_utc().unix_timestamp();
        let (movements, complete) = movements_since(&ctx, since).await?;
        if !complete {
            // The oldest day read may be missing transactions: start the day after it.
            if let Some(oldest) = movements.iter().map(|m| m.created).min().and_then(day_of) {
                from = from.max(oldest + Duration::DAY);
            }
        }
        let balance = ctx
            .client
            .retrieve_balance()
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?;
        let mut current: BTreeMap<String, i64> = BTreeMap::new();
        for line in balance.available.iter().chain(balance.pending.iter()) {
            *current.entry(line.currency.clone()).or_default() += line.amount;
        }
        let payouts = payouts_arriving_since(&ctx, since).await?;
        Ok(BalanceHistory {
            workspace_id: query.workspace_id,
            account_id: account,
            from: date_text(from),
            to: date_text(today),
            balances: daily_balances(&current, &movements, from, today),
            payouts: payouts_per_day(&payouts),
            complete,
        })
    }

    /// Saves Stripe's payout (new or changed).
    pub(super) fn store(
        &self,
        workspace_id: u64,
        merchant: Option<String>,
        payout: &StripePayout,
        account_id: &str,
        banks: &[ExternalAccount],
        ctx: &StripeContext,
    ) -> Result<Payout> {
        let stored = self.by_payout_id(&payout.id)?;
        let record = payout_record(
            stored.clone(),
            workspace_id,
            merchant,
            payout,
            account_id,
            banks,
            ctx,
        );
        match stored {
            Some(old) if old == record => Ok(old),
            Some(old) => self.payouts.update(old.id, |entry| {
                *entry = Payout {
                    id: entry.id,
                    created_at: entry.created_at.clone(),
                    updated_at: entry.updated_at.clone(),
                    deleted_at: entry.deleted_at.clone(),
                    ..record.clone()
                };
                Ok(())
            }),
            None => self.payouts.insert(record),
        }
    }

    /// Stores what Stripe now says about a stored payout (its bank as known before).
    fn refresh(
        &self,
        payout: &Payout,
        fresh: &StripePayout,
        ctx: &StripeContext,
    ) -> Result<Payout> {
        self.store(
            payout.workspace_id,
            payout.merchant_id.clone(),
            fresh,
            &payout.account_id,
            &[],
            ctx,
        )
    }

    pub(super) fn by_payout_id(&self, payout_id: &str) -> Result<Option<Payout>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("payoutId", payout_id)],
            ..ListQuery::default()
        };
        Ok(self.payouts.list(&query)?.items.into_iter().next())
    }

    /// The merchant of the workspace's onboarding entry of an account, if it has one.
    fn merchant_of(&self, workspace_id: u64, account_id: &str) -> Result<Option<String>> {
        Ok(entry_of_account(&self.entries, workspace_id, account_id)?.map(|e| e.merchant_id))
    }

    /// The workspace's connected accounts (of its onboarding entries) the operator may see.
    fn visible_accounts(&self, workspace_id: u64) -> Result<Vec<(String, Option<String>)>> {
        let mut query = self.guard.narrow(
            Permission::ViewMoney,
            SYNC,
            &ListQuery {
                size: Some("300".into()),
                filters: vec![FilterInput::eq("workspaceId", workspace_id)],
                ..ListQuery::default()
            },
            Reach {
                workspace: "workspaceId",
                merchant: Some("merchantId"),
            },
        )?;
        let mut accounts: Vec<(String, Option<String>)> = Vec::new();
        loop {
            let page = self.entries.list(&query)?;
            for entry in page.items {
                if !entry.account_id.is_empty()
                    && !accounts.iter().any(|(id, _)| *id == entry.account_id)
                {
                    accounts.push((entry.account_id, Some(entry.merchant_id)));
                }
            }
            match page.next_page_token {
                Some(token) if !page.end_reached => query.page_token = Some(token),
                _ => return Ok(accounts),
            }
        }
    }

    /// `permission` on an account of the workspace: its merchant's, where it has one. An
    /// account no merchant owns (and the platform) is beyond every shop owner: they are asked
    /// for as a merchant no shop owner holds.
    fn allow(
        &self,
        permission: Permission,
        action: Action,
        workspace_id: u64,
        merchant: Option<&str>,
        target: &str,
    ) -> Result<Operator> {
        self.guard.allow(
            permission,
            Scope::merchant(workspace_id, merchant.unwrap_or("")),
            action,
            target,
        )
    }
}

/// A trimmed `acct_…` id, or the field error.
fn account_id(raw: &str) -> Result<String> {
    let id = raw.trim();
    let valid = id
        .strip_prefix("acct_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if id.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "accountId",
            "Choose a connected account.",
        ));
    }
    if !valid {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "accountId",
            "A connected account id looks like acct_1Nv0FGQ9RKHgCVdK.",
        ));
    }
    Ok(id.to_string())
}

/// The platform's context acting on a connected account (`Stripe-Account`).
pub(super) fn on_account(platform: &StripeContext, account_id: &str) -> Result<StripeContext> {
    Ok(StripeContext {
        client: platform
            .client
            .on_account(account_id)
            .map_err(|err| read_failure(&err, &platform.target))?,
        ..platform.clone()
    })
}

pub(super) async fn retrieve_account(ctx: &StripeContext, account_id: &str) -> Result<Account> {
    match ctx.client.retrieve_account(account_id).await {
        Ok(account) => Ok(account.object),
        Err(err) if err.status() == Some(404) => Err(CoreError::on_field(
            ErrorCode::AccountNotFound,
            "accountId",
            format!("Stripe has no connected account {account_id} on this platform."),
        )),
        Err(err) => Err(read_failure(&err, &ctx.target)),
    }
}

/// The schedule view of an account Stripe answered with.
fn view(
    workspace_id: u64,
    merchant_id: Option<String>,
    account: &Account,
    today: Date,
) -> PayoutScheduleView {
    let schedule = schedule_of(account);
    let country = account.country.clone();
    PayoutScheduleView {
        workspace_id,
        account_id: account.id.clone(),
        merchant_id,
        minimum_delay_days: country.as_deref().and_then(schedule::minimum_delay_days),
        country,
        summary: schedule::describe(&schedule),
        next_payout_date: next_payout_date(&schedule, today).map(date_text),
        today: date_text(today),
        manual: schedule.interval == PayoutInterval::Manual,
        schedule,
    }
}

/// The first payout of the account still waiting to be sent to the bank, if any.
async fn first_pending(ctx: &StripeContext) -> Result<Option<StripePayout>> {
    let list = ctx
        .client
        .list_payouts(&ListPayouts {
            status: Some(PayoutStatus::Pending),
            page: StripePage::limit(1),
            ..ListPayouts::default()
        })
        .await
        .map_err(|err| read_failure(&err, &ctx.target))?;
    Ok(list.data.into_iter().next())
}

/// What the account (or platform) of `ctx` has available in `currency`.
async fn available_in(ctx: &StripeContext, currency: &str) -> Result<i64> {
    let balance = ctx
        .client
        .retrieve_balance()
        .await
        .map_err(|err| read_failure(&err, &ctx.target))?;
    Ok(balance
        .available
        .iter()
        .filter(|line| line.currency == currency)
        .map(|line| line.amount)
        .sum())
}

/// The balance transactions created since `since`, newest first, up to the read limit; and
/// whether that was all of them.
async fn movements_since(ctx: &StripeContext, since: i64) -> Result<(Vec<Movement>, bool)> {
    let request = balance_transactions::list(&ListBalanceTransactions {
        created: Some(RangeQuery {
            gte: Some(since),
            ..RangeQuery::default()
        }),
        page: StripePage::limit(100),
        ..ListBalanceTransactions::default()
    })
    .map_err(|err| read_failure(&err, &ctx.target))?;
    let mut stream = Box::pin(ctx.client.paginate(request));
    let mut movements = Vec::new();
    while let Some(txn) = stream
        .try_next()
        .await
        .map_err(|err| read_failure(&err, &ctx.target))?
    {
        if movements.len() == HISTORY_TRANSACTIONS {
            return Ok((movements, false));
        }
        let BalanceTransaction {
            currency,
            net,
            created,
            ..
        } = txn;
        movements.push(Movement {
            currency,
            net,
            created,
        });
    }
    Ok((movements, true))
}

async fn payouts_arriving_since(ctx: &StripeContext, since: i64) -> Result<Vec<PayoutMark>> {
    let request = stripe_payouts::list(&ListPayouts {
        arrival_date: Some(RangeQuery {
            gte: Some(since),
            ..RangeQuery::default()
        }),
        page: StripePage::limit(100),
        ..ListPayouts::default()
    })
    .map_err(|err| read_failure(&err, &ctx.target))?;
    ctx.client
        .paginate(request)
        .map_ok(|payout| PayoutMark {
            status: payout.status.as_str().to_string(),
            currency: payout.currency,
            amount: payout.amount,
            arrival_date: payout.arrival_date,
        })
        .try_collect()
        .await
        .map_err(|err| read_failure(&err, &ctx.target))
}

fn in_progress(pending: &str) -> CoreError {
    CoreError::new(
        ErrorCode::PayoutInProgress,
        format!(
            "A payout of this account is still pending ({pending}). Wait until it is on its way to the bank, or cancel it, before creating another."
        ),
    )
}

/// Stripe's refusal of a payout write in words: a 409 (Stripe still processing a request for
/// the account) is `payoutInProgress`, insufficient funds `insufficientBalance`.
fn payout_failure(what: &str, err: WriteError, target: &Target) -> CoreError {
    match err {
        WriteError::NotSent(err) => err,
        WriteError::Stripe { operation, error } => {
            let mut failure = refusal(what, &error, target);
            match &error {
                StripeError::Api(api) if api.status == 409 => {
                    failure.code = ErrorCode::PayoutInProgress;
                }
                StripeError::Api(api)
                    if matches!(
                        api.code.as_deref(),
                        Some("balance_insufficient" | "insufficient_funds")
                    ) =>
                {
                    failure.code = ErrorCode::InsufficientBalance;
                    failure.field = Some("amount".into());
                }
                _ => {}
            }
            if operation.state.is_open() {
                failure.message.push_str(
                    " ConnectDesk keeps trying (Pending operations) and never sends it twice.",
                );
            }
            failure
        }
    }
}

/// Stripe's refusal of a schedule, next to the field it names.
fn schedule_failure(err: WriteError, target: &Target) -> CoreError {
    let param = match &err {
        WriteError::Stripe {
            error: StripeError::Api(api),
            ..
        } => api.param.clone(),
        _ => None,
    };
    let mut failure = payout_failure("change the payout schedule", err, target);
    let field = param.as_deref().and_then(|param| {
        [
            ("delay_days", "delayDays"),
            ("weekly_anchor", "weeklyAnchor"),
            ("monthly_anchor", "monthlyAnchor"),
            ("interval", "interval"),
        ]
        .into_iter()
        .find(|(stripe, _)| param.ends_with(&format!("[{stripe}]")))
        .map(|(_, ours)| ours)
    });
    if let Some(field) = field {
        failure.field = Some(field.into());
        failure.field_errors = vec![crate::FieldError {
            field: field.into(),
            code: failure.code,
            message: failure.message.clone(),
        }];
    }
    failure
}

pub(super) fn read_failure(err: &StripeError, target: &Target) -> CoreError {
    refusal("read the payouts from Stripe", err, target)
}

fn schedule_diff(before: Option<&PayoutSchedule>, after: &PayoutSchedule) -> Vec<FieldChange> {
    let as_json = |schedule: Option<&PayoutSchedule>| {
        schedule
            .and_then(|s| serde_json::to_value(s).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    diff(&as_json(before), &as_json(Some(after)))
}
