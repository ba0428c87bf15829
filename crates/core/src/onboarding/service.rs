//! The `Onboarding` service: list, get and delete entries; finish, refresh and dashboard
//! operations. Create lives in `create.rs`, the bulk sync in `sync.rs`.

use connectdesk_stripe::accounts::Account;
use connectdesk_stripe::WithRaw;
use serde::{Deserialize, Serialize};
use specta::Type;
use time::OffsetDateTime;

use super::entry::{apply_account, apply_payment_methods};
use super::errors::stripe_failure;
use super::faults::SaveFaults;
use super::gate::{entry_diff, entry_scope, DASHBOARD, DELETE, FINISH, REFRESH, RENEW, VIEW};
use super::in_flight::InFlight;
use super::model::*;
use super::remote;
use crate::guard::{Guard, Reach};
use crate::journal::Journal;
use crate::links::platform_dashboard_url;
use crate::operators::Permission;
use crate::query::{ListQuery, Page};
use crate::store::{Collection, Store};
use crate::stripe_access::{describe, StripeAccess, StripeContext};
use crate::time::iso_from_unix;
use crate::time::parse_iso;
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, Result};

pub(crate) const CUSTOM_HAS_NO_DASHBOARD: &str = "Custom accounts have no Stripe dashboard: the platform owns the account holder's whole experience, so they work in your own app, and you manage the account here or in your platform's Stripe Dashboard.";
pub(crate) const EXPRESS_NOT_ONBOARDED: &str = "The Express dashboard opens once the merchant has finished Stripe's onboarding. Send them a new onboarding link with Refresh.";
const SANDBOX_HAS_NO_DASHBOARD: &str = "The offline sandbox has no Stripe Dashboard for Standard accounts. Check the account's state with Finish; at Stripe this opens the account's page in your platform Dashboard.";

/// Onboarding entries of connected accounts. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Onboarding {
    pub(super) entries: Collection<OnboardingEntry>,
    pub(super) journal: Journal,
    pub(super) workspaces: Collection<Workspace>,
    pub(super) faults: SaveFaults,
    pub(super) in_flight: InFlight,
    pub(super) guard: Guard,
}

/// The operations `act` dispatches, by their API `type`. Any other value reaches the core as
/// [`OnboardingAction::Unknown`] and is refused with `invalidValue`, as the API always did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum OnboardingAction {
    /// Sync the entry with its Stripe account.
    Finish,
    /// A new onboarding link.
    Refresh,
    /// Where the account's dashboard is.
    Dashboard,
    #[serde(other)]
    #[specta(skip)]
    Unknown,
}

impl Onboarding {
    /// Account creates go through `journal`, the one the Stripe clients take their keys from.
    pub fn new(store: &Store, journal: Journal) -> Result<Self> {
        Self::with_save_faults(store, journal, SaveFaults::new())
    }

    /// For tests: `faults` can make the local save of new entries fail (see [`SaveFaults`]).
    pub fn with_save_faults(store: &Store, journal: Journal, faults: SaveFaults) -> Result<Self> {
        Ok(Self {
            entries: store.collection()?,
            journal,
            workspaces: store.collection()?,
            faults,
            in_flight: InFlight::default(),
            guard: Guard::open(store)?,
        })
    }

    /// Live entries only. Filterable: status, mode, workspaceId (keys), accountId, merchantId,
    /// email, createdAt, updatedAt; sortable: id, status, email, createdAt, updatedAt.
    /// Only what the operator may see: their workspaces, and a shop owner's own merchants.
    pub fn list(&self, query: &ListQuery) -> Result<Page<OnboardingEntry>> {
        let query = self.guard.narrow(
            Permission::ViewOnboarding,
            VIEW,
            query,
            Reach {
                workspace: "workspaceId",
                merchant: Some("merchantId"),
            },
        )?;
        self.entries.list(&query)
    }

    /// `notFound` for a missing, non-integer, unknown or deleted id.
    pub fn get(&self, id: &str) -> Result<OnboardingEntry> {
        let entry = self.entries.get(parse_id(id)?)?;
        self.allow_entry(Permission::ViewOnboarding, VIEW, &entry)?;
        Ok(entry)
    }

    /// Soft delete: the account stays at Stripe; ConnectDesk no longer uses it.
    pub fn delete(&self, id: &str) -> Result<()> {
        let entry = self.entries.get(parse_id(id)?)?;
        self.guard.change(
            Permission::DeleteOnboarding,
            entry_scope(&entry),
            DELETE,
            &entry.id.to_string(),
            |_| self.entries.soft_delete(entry.id).map(drop),
            |_| (String::new(), entry_diff(Some(&entry), None)),
        )
    }

    /// The update operations by `type`: `finish`, `refresh` or `dashboard`. Any other type is
    /// `invalidValue` (checked first); a missing or non-integer id is `notFound`.
    pub async fn act(
        &self,
        access: &dyn StripeAccess,
        action: OnboardingAction,
        id: &str,
    ) -> Result<ActOutcome> {
        if action == OnboardingAction::Unknown {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "type",
                "The operation type is finish, refresh or dashboard.",
            ));
        }
        let id = parse_id(id)?;
        Ok(match action {
            OnboardingAction::Finish => {
                ActOutcome::Finish(Box::new(self.finish(access, id).await?))
            }
            OnboardingAction::Refresh => ActOutcome::Refresh(self.refresh(access, id).await?),
            OnboardingAction::Dashboard | OnboardingAction::Unknown => {
                ActOutcome::Dashboard(self.dashboard(access, id).await?)
            }
        })
    }

    /// Syncs the entry with its Stripe account and payment method configuration.
    pub async fn finish(&self, access: &dyn StripeAccess, id: u64) -> Result<OnboardingEntry> {
        self.edit(
            FINISH,
            id,
            |entry| self.sync_entry(access, entry),
            |_, _| Vec::new(),
        )
        .await
    }

    async fn sync_entry(
        &self,
        access: &dyn StripeAccess,
        entry: OnboardingEntry,
    ) -> Result<OnboardingEntry> {
        let id = entry.id;
        let ctx = context_for(access, &entry)?;
        let (account, methods) = remote::snapshot(&ctx, &entry.account_id)
            .await
            .map_err(|err| stripe_failure("sync the Stripe account", &err, &ctx.target))?;
        self.record_sync(id, &account, &methods)
    }

    /// A new onboarding link for an interrupted or expired setup.
    pub async fn refresh(&self, access: &dyn StripeAccess, id: u64) -> Result<OnboardingLink> {
        self.edit(
            REFRESH,
            id,
            |entry| self.new_link(access, entry),
            |_, _| Vec::new(),
        )
        .await
    }

    async fn new_link(
        &self,
        access: &dyn StripeAccess,
        entry: OnboardingEntry,
    ) -> Result<OnboardingLink> {
        let ctx = context_for(access, &entry)?;
        let account = remote::retrieve_account(&ctx, &entry.account_id)
            .await
            .map_err(|err| stripe_failure("load the Stripe account", &err, &ctx.target))?;
        let link_type = remote::link_type(entry.account_type, account.object.details_submitted);
        self.issue_link(&ctx, &entry, link_type, Some(&account))
            .await
    }

    /// When the user comes back to the app: if the entry's onboarding link has expired and the
    /// merchant still has steps to do, a new link (as `refresh` makes it). A link still valid at
    /// `now` gives `None` without calling Stripe; a merchant with nothing left to do gives `None`
    /// with the entry synced from the account.
    pub async fn renew_expired_link(
        &self,
        access: &dyn StripeAccess,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<OnboardingLink>> {
        let entry = self.entries.get(parse_id(id)?)?;
        let by = self.allow_entry(Permission::EditOnboarding, RENEW, &entry)?;
        let result = self.renew_if_expired(access, entry.clone(), now).await;
        // A link still valid is no change: only a renewal (or its failure) is recorded.
        if !matches!(result, Ok(None)) {
            let after = self.entries.get(entry.id).ok();
            self.guard.record(
                &by,
                Some(entry.workspace_id),
                RENEW,
                &entry.id.to_string(),
                &result,
                |_| entry_diff(Some(&entry), after.as_ref()),
            );
        }
        result
    }

    async fn renew_if_expired(
        &self,
        access: &dyn StripeAccess,
        entry: OnboardingEntry,
        now: OffsetDateTime,
    ) -> Result<Option<OnboardingLink>> {
        let still_valid = entry
            .link_expires_at
            .as_deref()
            .and_then(parse_iso)
            .is_some_and(|expires_at| expires_at > now);
        if still_valid || !merchant_has_steps(entry.status_name) {
            return Ok(None);
        }
        let ctx = context_for(access, &entry)?;
        let account = remote::retrieve_account(&ctx, &entry.account_id)
            .await
            .map_err(|err| stripe_failure("load the Stripe account", &err, &ctx.target))?;
        let synced = self.entries.update(entry.id, |stored| {
            apply_account(stored, &account.object, &account.raw);
            Ok(())
        })?;
        if !merchant_has_steps(synced.status_name) {
            return Ok(None);
        }
        let link_type = remote::link_type(synced.account_type, synced.details_submitted);
        self.issue_link(&ctx, &synced, link_type, None)
            .await
            .map(Some)
    }

    /// Where the account's dashboard is: an Express login link, the platform's Dashboard page
    /// of a Standard account, or nothing for Custom accounts.
    pub async fn dashboard(&self, access: &dyn StripeAccess, id: u64) -> Result<DashboardLink> {
        self.edit(
            DASHBOARD,
            id,
            |entry| self.dashboard_of(access, entry),
            |_, _| Vec::new(),
        )
        .await
    }

    async fn dashboard_of(
        &self,
        access: &dyn StripeAccess,
        mut entry: OnboardingEntry,
    ) -> Result<DashboardLink> {
        let ctx = context_for(access, &entry)?;
        // Stripe makes login links only once onboarding is done; the merchant may have finished
        // since the last check, so ask before saying no.
        if entry.account_type == AccountKind::Express && !entry.details_submitted {
            entry = self.sync_entry(access, entry).await?;
        }
        let (kind, url, reason) = match entry.account_type {
            AccountKind::Express if !entry.details_submitted => {
                (DashboardKind::None, None, Some(EXPRESS_NOT_ONBOARDED))
            }
            AccountKind::Express => {
                let url = remote::login_link(&ctx, &entry.account_id)
                    .await
                    .map_err(|err| {
                        stripe_failure("create the dashboard link", &err, &ctx.target)
                    })?;
                (DashboardKind::ExpressLoginLink, Some(url), None)
            }
            AccountKind::Standard if ctx.offline() => {
                (DashboardKind::None, None, Some(SANDBOX_HAS_NO_DASHBOARD))
            }
            AccountKind::Standard => (
                DashboardKind::PlatformDashboard,
                Some(platform_dashboard_url(&entry.account_id, entry.mode == 1)),
                None,
            ),
            AccountKind::Custom => (DashboardKind::None, None, Some(CUSTOM_HAS_NO_DASHBOARD)),
        };
        Ok(DashboardLink {
            entry_id: entry.id,
            account_id: entry.account_id,
            kind,
            url,
            reason: reason.map(str::to_string),
        })
    }

    /// Stores what a sync read from Stripe.
    pub(super) fn record_sync(
        &self,
        id: u64,
        account: &WithRaw<Account>,
        methods: &[PaymentMethod],
    ) -> Result<OnboardingEntry> {
        self.entries.update(id, |entry| {
            apply_account(entry, &account.object, &account.raw);
            apply_payment_methods(entry, methods);
            Ok(())
        })
    }

    /// Creates an Account Link and records when it expires (and the account, when given).
    pub(super) async fn issue_link(
        &self,
        ctx: &StripeContext,
        entry: &OnboardingEntry,
        link_type: LinkType,
        account: Option<&WithRaw<Account>>,
    ) -> Result<OnboardingLink> {
        let link = remote::create_link(
            ctx,
            &entry.account_id,
            link_type,
            entry.return_url.as_deref(),
            entry.refresh_url.as_deref(),
        )
        .await
        .map_err(|err| stripe_failure("create the onboarding link", &err, &ctx.target))?;
        let expires_at = iso_from_unix(link.expires_at).unwrap_or_default();
        self.entries.update(entry.id, |stored| {
            if let Some(account) = account {
                apply_account(stored, &account.object, &account.raw);
            }
            stored.link_expires_at = Some(expires_at.clone());
            Ok(())
        })?;
        Ok(OnboardingLink {
            entry_id: entry.id,
            account_id: entry.account_id.clone(),
            url: link.url,
            expires_at,
            link_type,
        })
    }
}

/// The context of the entry's workspace, which must reach the Stripe the account lives in.
fn context_for(access: &dyn StripeAccess, entry: &OnboardingEntry) -> Result<StripeContext> {
    let ctx = access.context(entry.workspace_id)?;
    if entry.mode == ctx.mode_code() && entry.offline == ctx.offline() {
        return Ok(ctx);
    }
    let home = describe(entry.offline, entry.mode);
    Err(CoreError::on_field(
        ErrorCode::InvalidValue,
        "mode",
        format!(
            "This account was created in {home}, but ConnectDesk is using {}. Switch to {home} to work on it.",
            ctx.describe()
        ),
    ))
}

/// Data or terms still due: the merchant has onboarding pages to go through. Later states wait on
/// Stripe (verification, payouts) rather than on the merchant.
fn merchant_has_steps(status: OnboardingStatus) -> bool {
    matches!(
        status,
        OnboardingStatus::MissingData | OnboardingStatus::MissingTos
    )
}

/// Ids arrive as text (from a path or a form): anything but a whole number finds nothing.
fn parse_id(raw: &str) -> Result<u64> {
    let text = raw.trim();
    let digits = !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten().ok_or_else(|| {
        CoreError::on_field(
            ErrorCode::NotFound,
            "id",
            "The onboarding entry id is missing or not a whole number, so no entry was found.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_whole_numbers() {
        assert_eq!(parse_id(" 42 ").expect("valid"), 42);
        for bad in [
            "",
            " ",
            "abc",
            "1.5",
            "-1",
            "+1",
            "1e3",
            "99999999999999999999",
        ] {
            let err = parse_id(bad).expect_err(bad);
            assert_eq!(
                (err.code, err.field.as_deref()),
                (ErrorCode::NotFound, Some("id")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn action_names_read_as_the_api_spells_them() {
        let read = |text: &str| -> OnboardingAction {
            serde_json::from_value(serde_json::Value::String(text.into())).expect("any text reads")
        };
        assert_eq!(read("finish"), OnboardingAction::Finish);
        assert_eq!(read("refresh"), OnboardingAction::Refresh);
        assert_eq!(read("dashboard"), OnboardingAction::Dashboard);
        for bad in ["", "Finish", "delete", "create"] {
            assert_eq!(read(bad), OnboardingAction::Unknown, "{bad:?}");
        }
    }
}
