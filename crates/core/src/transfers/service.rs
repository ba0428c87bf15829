//! The `Transfers` service: send money from the platform's available balance to a connected
//! account, reverse it wholly or partly, list, sync and export. Every Stripe write goes through
//! the operations journal; every operation is gated (`manageTransfers` to write, `viewMoney` to
//! read) and audited.

use std::collections::HashMap;
use std::path::Path;

use connectdesk_stripe::transfer_reversals::{
    self, CreateTransferReversal, ListTransferReversals, TransferReversal,
};
use connectdesk_stripe::transfers::{
    self as stripe_transfers, ListTransfers, Transfer as StripeTransfer,
};
use connectdesk_stripe::{Metadata, Page as StripePage};
use futures::TryStreamExt;

use super::csv::TRANSFERS_CSV;
use super::model::*;
use super::remote::{apply, new_transfer, reversal_line};
use super::validate::{self, ValidTransfer};
use crate::audit::{diff, FieldChange};
use crate::balances::available_in;
use crate::guard::{Action, Guard, Reach};
use crate::journal::{
    Journal, NewOperation, OperationKind, Reconcile, WriteError, METADATA_OPERATION,
};
use crate::money;
use crate::onboarding::{entry_of_account, OnboardingEntry};
use crate::operators::{Operator, Permission, Scope};
use crate::progress::Progress;
use crate::query::{every_page, FilterInput, ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::store::{Collection, Store};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::{is_missing, refusal, write_failure};
use crate::{CoreError, ErrorCode, FieldChecks, Result};

const VIEW: Action = Action::new("transfer.view", "transfer");
const CREATE: Action = Action::new("transfer.create", "transfer");
const REVERSE: Action = Action::new("transfer.reverse", "transfer");
const SYNC: Action = Action::new("transfer.sync", "workspace");
const EXPORT: Action = Action::new("transfer.export", "transfer");
/// Stripe's largest page.
const SYNC_PAGE: u8 = 100;
const REACH: Reach = Reach {
    workspace: "workspaceId",
    merchant: Some("merchantId"),
};

/// Transfers to connected accounts. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct Transfers {
    pub(super) transfers: Collection<Transfer>,
    entries: Collection<OnboardingEntry>,
    journal: Journal,
    guard: Guard,
}

impl Transfers {
    pub fn new(store: &Store, journal: Journal) -> Result<Self> {
        Ok(Self {
            transfers: store.collection()?,
            entries: store.collection()?,
            journal,
            guard: Guard::open(store)?,
        })
    }

    /// What the operator may see. Filterable: workspaceId, accountId, status (`paid`,
    /// `partiallyReversed`, `reversed`), currency, transferId (keys), merchantId, description,
    /// amount, amountReversed, created; sortable: id, amount, created.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Transfer>> {
        let query = self
            .guard
            .narrow(Permission::ViewMoney, VIEW, query, REACH)?;
        self.transfers.list(&query)
    }

    pub fn get(&self, id: u64) -> Result<Transfer> {
        let transfer = self.transfers.get(id)?;
        self.allow(Permission::ViewMoney, VIEW, &transfer)?;
        Ok(transfer)
    }

    /// Sends `amount` of the platform's available balance to the account, through the
    /// operations journal. Refused before anything is sent when the platform has less
    /// available in the currency (`insufficientBalance`) or the account cannot receive
    /// transfers (`accountNotOnboarded`).
    pub async fn create(
        &self,
        access: &dyn StripeAccess,
        input: CreateTransfer,
    ) -> Result<Transfer> {
        let by = self.guard.allow(
            Permission::ManageTransfers,
            Scope::workspace(input.workspace_id),
            CREATE,
            "",
        )?;
        let result = self.create_for(access, &by, &input).await;
        self.guard.record(
            &by,
            Some(input.workspace_id),
            CREATE,
            &result
                .as_ref()
                .map(|transfer| transfer.transfer_id.clone())
                .unwrap_or_default(),
            &result,
            created_diff,
        );
        result
    }

    async fn create_for(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        input: &CreateTransfer,
    ) -> Result<Transfer> {
        let valid = validate::create(input)?;
        let ctx = access.context(valid.workspace_id)?;
        // Both are Stripe's own rules, checked first so nothing is sent (or journaled) in vain;
        // both problems show at once.
        let mut checks = FieldChecks::default();
        checks.check(receives_transfers(&ctx, &valid.account_id).await);
        checks.check(covered(&ctx, valid.amount, &valid.currency).await);
        checks.finish()?;
        let new = NewOperation {
            kind: OperationKind::Transfer,
            summary: format!(
                "Transfer of {} to {}",
                money::display(valid.amount, &valid.currency),
                valid.account_id
            ),
            subject: Some(format!(
                "transfer:{}:{}",
                valid.workspace_id, valid.account_id
            )),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::Created {
                list_path: "/v1/transfers".into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, valid.workspace_id, new, |op| {
                stripe_transfers::create(&create_params(&valid, op.as_str()), op)
            })
            .await
            .map_err(|err| create_failure(err, &ctx, &valid))?;
        let merchant = self.merchant_of(valid.workspace_id, &valid.account_id)?;
        let created = &done.result.object;
        let reversals = nested_reversals(created);
        // By its Stripe id: a sync may have stored it in between.
        self.store(valid.workspace_id, created, &reversals, merchant, &ctx)
    }

    /// Takes back `amount` (major units) of the transfer, or everything not reversed yet,
    /// through the operations journal. The transfer is read from Stripe first, so what a refund
    /// elsewhere already reversed counts.
    pub async fn reverse(
        &self,
        access: &dyn StripeAccess,
        input: ReverseTransfer,
    ) -> Result<ReversalOutcome> {
        let transfer = self.transfers.get(input.id)?;
        let by = self.allow(Permission::ManageTransfers, REVERSE, &transfer)?;
        let result = async {
            let ctx = access.context(transfer.workspace_id)?;
            same_target(&ctx, &transfer)?;
            let fresh = self.refresh(&ctx, transfer.clone()).await?;
            let remaining = fresh.amount - fresh.amount_reversed;
            if remaining <= 0 {
                return Err(CoreError::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "{} has been reversed in full: nothing of it is left to reverse.",
                        fresh.transfer_id
                    ),
                ));
            }
            let valid = validate::reversal(&input, &fresh.currency, remaining)?;
            self.send_reversal(&by, &ctx, fresh, valid).await
        }
        .await;
        self.guard.record(
            &by,
            Some(transfer.workspace_id),
            REVERSE,
            &transfer.transfer_id,
            &result,
            |outcome| reversal_diff(&transfer, outcome),
        );
        result
    }

    async fn send_reversal(
        &self,
        by: &Operator,
        ctx: &StripeContext,
        transfer: Transfer,
        valid: validate::ValidReversal,
    ) -> Result<ReversalOutcome> {
        let tr = transfer.transfer_id.clone();
        let new = NewOperation {
            kind: OperationKind::TransferReversal,
            summary: format!(
                "Reverse {} of {tr} ({} to {})",
                money::display(valid.amount, &transfer.currency),
                money::display(transfer.amount, &transfer.currency),
                transfer.account_id
            ),
            subject: Some(format!("transfer:{tr}")),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::Created {
                list_path: format!("/v1/transfers/{tr}/reversals"),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(ctx, transfer.workspace_id, new, |op| {
                transfer_reversals::create(
                    &tr,
                    &CreateTransferReversal {
                        amount: Some(valid.amount),
                        description: valid.description.clone(),
                        metadata: tagged(op.as_str()),
                        refund_application_fee: None,
                    },
                    op,
                )
            })
            .await
            .map_err(|err| reversal_failure(err, ctx, &transfer))?;
        let reversal = reversal_line(&done.result.object, valid.description.clone());
        let refreshed = self.refresh(ctx, transfer).await?;
        // Stripe does not give a reversal's description back: keep the one typed here.
        let transfer = self.transfers.update(refreshed.id, |stored| {
            if let Some(line) = stored.reversals.iter_mut().find(|l| l.id == reversal.id) {
                line.description = reversal.description.clone();
            }
            Ok(())
        })?;
        Ok(ReversalOutcome { reversal, transfer })
    }

    /// Reads every transfer of the platform from Stripe into the store (also ones made outside
    /// ConnectDesk), a page at a time, reporting to `progress`. Cancelling stops after the page
    /// in hand; what was stored stays.
    pub async fn sync(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        progress: &Progress,
    ) -> Result<TransferSync> {
        let by = self.guard.allow(
            Permission::ViewMoney,
            Scope::workspace(workspace_id),
            SYNC,
            &workspace_id.to_string(),
        )?;
        let result = self.sync_workspace(access, workspace_id, progress).await;
        self.guard.record(
            &by,
            Some(workspace_id),
            SYNC,
            &workspace_id.to_string(),
            &result,
            |sync| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({ "synced": sync.synced, "cancelled": sync.cancelled }),
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
    ) -> Result<TransferSync> {
        let ctx = access.context(workspace_id)?;
        let mut synced = 0u32;
        let outcome = self
            .sync_pages(&ctx, workspace_id, progress, &mut synced)
            .await;
        // Finished either way, so a progress bar never waits for a sync that failed.
        progress.finish(synced, None);
        outcome.map(|cancelled| TransferSync { synced, cancelled })
    }

    /// Stores the platform's transfers a page at a time until the last page (`false`) or a
    /// cancel (`true`); `synced` counts what was stored, also when a page fails.
    async fn sync_pages(
        &self,
        ctx: &StripeContext,
        workspace_id: u64,
        progress: &Progress,
        synced: &mut u32,
    ) -> Result<bool> {
        let mut merchants: HashMap<String, Option<String>> = HashMap::new();
        let mut after: Option<String> = None;
        loop {
            if progress.is_cancelled() {
                return Ok(true);
            }
            let mut page = StripePage::limit(SYNC_PAGE);
            if let Some(last) = &after {
                page = page.starting_after(last);
            }
            let list = ctx
                .client
                .list_transfers(&ListTransfers {
                    page,
                    ..ListTransfers::default()
                })
                .await
                .map_err(|err| read_failure(&err, ctx))?;
            for transfer in &list.data {
                let account = transfer.destination.clone().unwrap_or_default();
                let merchant = match merchants.get(&account) {
                    Some(known) => known.clone(),
                    None => {
                        let found = self.merchant_of(workspace_id, &account)?;
                        merchants.insert(account, found.clone());
                        found
                    }
                };
                let reversals = all_reversals(ctx, transfer).await?;
                self.store(workspace_id, transfer, &reversals, merchant, ctx)?;
                *synced += 1;
            }
            progress.advance(*synced, None);
            match list.data.last() {
                Some(last) if list.has_more => after = Some(last.id.clone()),
                _ => return Ok(false),
            }
        }
    }

    /// Saves every transfer of the current filter (all pages, as narrowed for the operator) as
    /// a new CSV file in `dir`; audited.
    pub fn export(&self, query: &ListQuery, dir: &Path) -> Result<ExportedFile> {
        self.guard.export_list(
            Permission::ViewMoney,
            EXPORT,
            query,
            REACH,
            |page| self.transfers.list(page),
            &TRANSFERS_CSV,
            dir,
        )
    }

    /// Reads the transfer and its reversals from Stripe and stores them.
    async fn refresh(&self, ctx: &StripeContext, transfer: Transfer) -> Result<Transfer> {
        let stripe = ctx
            .client
            .send(stripe_transfers::retrieve(&transfer.transfer_id))
            .await
            .map_err(|err| read_failure(&err, ctx))?;
        let reversals = all_reversals(ctx, &stripe).await?;
        self.transfers.update(transfer.id, |stored| {
            apply(stored, &stripe, &reversals);
            Ok(())
        })
    }

    /// Inserts or updates this workspace's record of `transfer`.
    fn store(
        &self,
        workspace_id: u64,
        transfer: &StripeTransfer,
        reversals: &[TransferReversal],
        merchant: Option<String>,
        ctx: &StripeContext,
    ) -> Result<Transfer> {
        match self.by_transfer_id(workspace_id, &transfer.id)? {
            Some(known) => self.transfers.update(known.id, |stored| {
                apply(stored, transfer, reversals);
                stored.merchant_id = merchant.clone().or(stored.merchant_id.take());
                Ok(())
            }),
            None => self.transfers.insert(new_transfer(
                workspace_id,
                transfer,
                reversals,
                merchant,
                ctx,
            )),
        }
    }

    fn by_transfer_id(&self, workspace_id: u64, transfer_id: &str) -> Result<Option<Transfer>> {
        let query = ListQuery {
            size: Some("1".into()),
            // The transfer id first: the list seeks its index, then checks the workspace.
            filters: vec![
                FilterInput::eq("transferId", transfer_id),
                FilterInput::eq("workspaceId", workspace_id),
            ],
            ..ListQuery::default()
        };
        Ok(self.transfers.list(&query)?.items.into_iter().next())
    }

    /// The onboarding entry of `account` made in `place` (mode, offline), in any workspace.
    pub(super) fn entry_for_account(
        &self,
        account: &str,
        place: (u8, bool),
    ) -> Result<Option<OnboardingEntry>> {
        let query = ListQuery {
            filters: vec![FilterInput::eq("accountId", account)],
            ..ListQuery::default()
        };
        Ok(every_page(&query, |page| self.entries.list(page))?
            .into_iter()
            .find(|entry| (entry.mode, entry.offline) == place))
    }

    fn merchant_of(&self, workspace_id: u64, account_id: &str) -> Result<Option<String>> {
        Ok(entry_of_account(&self.entries, workspace_id, account_id)?.map(|e| e.merchant_id))
    }

    /// A transfer to one of a shop owner's merchants is theirs to see; one to an account of no
    /// known merchant needs the permission for the whole workspace.
    fn allow(
        &self,
        permission: Permission,
        action: Action,
        transfer: &Transfer,
    ) -> Result<Operator> {
        match &transfer.merchant_id {
            Some(merchant) => self.guard.allow(
                permission,
                Scope::merchant(transfer.workspace_id, merchant),
                action,
                &transfer.transfer_id,
            ),
            None => self.guard.allow_every_merchant(
                permission,
                transfer.workspace_id,
                action,
                &transfer.transfer_id,
                "This transfer went to an account that is not one of your merchants' accounts.",
            ),
        }
    }
}

/// The destination exists at this platform and can receive transfers (its `transfers`
/// capability is active), as Stripe requires.
async fn receives_transfers(ctx: &StripeContext, account_id: &str) -> Result<()> {
    let account = match ctx.client.retrieve_account(account_id).await {
        Ok(found) => found.object,
        Err(err) if is_missing(&err) || err.status() == Some(403) => {
            return Err(not_found(account_id));
        }
        Err(err) => return Err(read_failure(&err, ctx)),
    };
    let active = ["transfers", "legacy_payments"].iter().any(|name| {
        account
            .capabilities
            .get(*name)
            .is_some_and(|status| status.as_str() == "active")
    });
    if active {
        Ok(())
    } else {
        Err(not_onboarded(account_id))
    }
}

/// The platform has at least `amount` available in `currency`.
async fn covered(ctx: &StripeContext, amount: i64, currency: &str) -> Result<()> {
    let available = available_in(ctx, currency).await?;
    if amount <= available {
        return Ok(());
    }
    Err(insufficient(available, currency, None))
}

fn not_found(account_id: &str) -> CoreError {
    CoreError::on_field(
        ErrorCode::AccountNotFound,
        "accountId",
        format!("{account_id} is not a connected account of this platform."),
    )
}

fn not_onboarded(account_id: &str) -> CoreError {
    CoreError::on_field(
        ErrorCode::AccountNotOnboarded,
        "accountId",
        format!(
            "{account_id} cannot receive transfers yet: its transfers capability is not active, because the merchant has not finished Stripe's onboarding. Send them a new link from Onboarding."
        ),
    )
}

fn insufficient(available: i64, currency: &str, stripe_said: Option<&str>) -> CoreError {
    let mut message = if available > 0 {
        format!(
            "The platform has {} available in {}: a transfer can be at most that.",
            money::display(available, currency),
            currency.to_uppercase()
        )
    } else {
        format!(
            "The platform has nothing available in {} to transfer.",
            currency.to_uppercase()
        )
    };
    if let Some(said) = stripe_said {
        message.push_str(&format!(" Stripe said: {said}"));
    }
    CoreError::on_field(ErrorCode::InsufficientBalance, "amount", message)
}

/// Stripe's refusals of a transfer in the words of the form; any other failure as every write's.
fn create_failure(err: WriteError, ctx: &StripeContext, valid: &ValidTransfer) -> CoreError {
    if let WriteError::Stripe { operation, error } = &err {
        if let Some(mapped) = (!operation.state.is_open())
            .then(|| transfer_refusal(error, valid))
            .flatten()
        {
            return mapped;
        }
    }
    write_failure("create the transfer", err, &ctx.target)
}

/// Not enough funds (checked before sending, so only when the balance moved in between) and a
/// destination that cannot receive transfers, as the checks before sending word them.
fn transfer_refusal(error: &connectdesk_stripe::Error, valid: &ValidTransfer) -> Option<CoreError> {
    let api = error.api()?;
    match api.code.as_deref() {
        Some("balance_insufficient") => {
            Some(insufficient(0, &valid.currency, api.message.as_deref()))
        }
        Some("insufficient_capabilities_for_transfer") => Some(not_onboarded(&valid.account_id)),
        _ => None,
    }
}

/// A reversal Stripe refused for its amount (more than remains, or more than the account
/// holds) is shown next to the amount.
fn reversal_failure(err: WriteError, ctx: &StripeContext, transfer: &Transfer) -> CoreError {
    if let WriteError::Stripe { operation, error } = &err {
        if let Some(mapped) = (!operation.state.is_open())
            .then(|| reversal_refusal(error, &transfer.account_id))
            .flatten()
        {
            return mapped;
        }
    }
    write_failure("reverse the transfer", err, &ctx.target)
}

fn reversal_refusal(error: &connectdesk_stripe::Error, account_id: &str) -> Option<CoreError> {
    let api = error.api()?;
    let said = api.message.clone().unwrap_or_default();
    if api.code.as_deref() == Some("balance_insufficient") {
        return Some(CoreError::on_field(
            ErrorCode::InsufficientBalance,
            "amount",
            format!(
                "{account_id} does not hold enough to cover this reversal. Stripe said: {said}"
            ),
        ));
    }
    (api.param.as_deref() == Some("amount")).then(|| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "amount",
            format!("Stripe said: {said}"),
        )
    })
}

pub(super) fn read_failure(err: &connectdesk_stripe::Error, ctx: &StripeContext) -> CoreError {
    refusal("read transfers from Stripe", err, &ctx.target)
}

/// A transfer is reversed where it was made: the sandbox, test mode or live mode.
fn same_target(ctx: &StripeContext, transfer: &Transfer) -> Result<()> {
    if ctx.mode_code() == transfer.mode && ctx.offline() == transfer.offline {
        return Ok(());
    }
    Err(CoreError::new(
        ErrorCode::InvalidValue,
        format!(
            "This transfer was made in {}, but ConnectDesk is using {}. Switch back to work on it.",
            crate::stripe_access::describe(transfer.offline, transfer.mode),
            ctx.describe()
        ),
    ))
}

/// The reversals Stripe nested in the object (its ten newest).
fn nested_reversals(transfer: &StripeTransfer) -> Vec<TransferReversal> {
    transfer
        .reversals
        .as_ref()
        .map(|list| list.data.clone())
        .unwrap_or_default()
}

/// Every reversal of the transfer, newest first: the nested ones, or the whole list when Stripe
/// nested only the newest.
pub(super) async fn all_reversals(
    ctx: &StripeContext,
    transfer: &StripeTransfer,
) -> Result<Vec<TransferReversal>> {
    let more = transfer
        .reversals
        .as_ref()
        .is_some_and(|list| list.has_more);
    if !more {
        return Ok(nested_reversals(transfer));
    }
    let request = transfer_reversals::list(
        &transfer.id,
        &ListTransferReversals {
            page: StripePage::limit(SYNC_PAGE),
        },
    )
    .map_err(|err| read_failure(&err, ctx))?;
    ctx.client
        .paginate(request)
        .try_collect()
        .await
        .map_err(|err| read_failure(&err, ctx))
}

fn tagged(reference: &str) -> Metadata {
    Metadata::from([(METADATA_OPERATION.to_string(), reference.to_string())])
}

fn create_params(valid: &ValidTransfer, reference: &str) -> stripe_transfers::CreateTransfer {
    let mut metadata = valid.metadata.clone();
    metadata.insert(METADATA_OPERATION.into(), reference.into());
    stripe_transfers::CreateTransfer {
        description: valid.description.clone(),
        metadata,
        ..stripe_transfers::CreateTransfer::new(
            valid.amount,
            valid.currency.clone(),
            valid.account_id.clone(),
        )
    }
}

fn created_diff(transfer: &Transfer) -> Vec<FieldChange> {
    diff(
        &serde_json::Value::Null,
        &serde_json::json!({
            "transferId": transfer.transfer_id,
            "accountId": transfer.account_id,
            "amount": transfer.amount,
            "currency": transfer.currency,
            "description": transfer.description,
            "status": transfer.status.as_str(),
        }),
    )
}

fn reversal_diff(before: &Transfer, outcome: &ReversalOutcome) -> Vec<FieldChange> {
    let view = |t: &Transfer, reversal: Option<&Reversal>| {
        serde_json::json!({
            "amountReversed": t.amount_reversed,
            "status": t.status.as_str(),
            "reversal": reversal.map(|r| r.id.clone()),
            "reversalAmount": reversal.map(|r| r.amount),
            "reversalDescription": reversal.and_then(|r| r.description.clone()),
        })
    };
    diff(
        &view(before, None),
        &view(&outcome.transfer, Some(&outcome.reversal)),
    )
}

#[cfg(test)]
mod tests {
    use connectdesk_stripe::{ApiError, Error as StripeError, ErrorType};

    use super::*;

    fn stripe(code: &str, param: Option<&str>, message: &str) -> StripeError {
        StripeError::Api(Box::new(ApiError {
            status: 400,
            request_id: Some("req_1".into()),
            kind: ErrorType::InvalidRequestError,
            code: Some(code.into()),
            decline_code: None,
            param: param.map(str::to_string),
            message: Some(message.into()),
            doc_url: None,
            replayed: false,
        }))
    }

    fn valid() -> ValidTransfer {
        ValidTransfer {
            workspace_id: 1,
            account_id: "acct_1234567890".into(),
            amount: 10_000,
            currency: "usd".into(),
            description: None,
            metadata: Default::default(),
        }
    }

    #[test]
    fn stripes_insufficient_funds_is_the_seeds_insufficient_balance_on_the_amount() {
        let said = "You have insufficient available funds in your Stripe account.";
        let err = transfer_refusal(&stripe("balance_insufficient", None, said), &valid())
            .expect("mapped");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InsufficientBalance, Some("amount"))
        );
        assert!(
            err.message.ends_with(&format!("Stripe said: {said}")),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_destination_without_transfers_is_not_onboarded() {
        let err = transfer_refusal(
            &stripe(
                "insufficient_capabilities_for_transfer",
                Some("destination"),
                "…",
            ),
            &valid(),
        )
        .expect("mapped");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::AccountNotOnboarded, Some("accountId"))
        );
        assert!(transfer_refusal(
            &stripe("parameter_invalid", Some("currency"), "…"),
            &valid()
        )
        .is_none());
    }

    #[test]
    fn a_reversal_stripe_refuses_for_its_amount_shows_at_the_amount() {
        let over = reversal_refusal(
            &stripe(
                "parameter_invalid",
                Some("amount"),
                "Reversal amount must be no greater than 50.00.",
            ),
            "acct_1",
        )
        .expect("mapped");
        assert_eq!(
            (over.code, over.field.as_deref()),
            (ErrorCode::InvalidValue, Some("amount"))
        );
        let held = reversal_refusal(
            &stripe("balance_insufficient", None, "Not enough."),
            "acct_1",
        )
        .expect("mapped");
        assert_eq!(held.code, ErrorCode::InsufficientBalance);
        assert!(reversal_refusal(
            &stripe("resource_missing", Some("id"), "No such transfer"),
            "acct_1"
        )
        .is_none());
    }
}
