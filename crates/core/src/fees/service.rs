//! The fee schedules of the store: read with `viewFees`, changed with `manageFees`, in the
//! schedule's workspace; every change audited with its field diff.

use super::model::{
    audit_view, schedule_key, FeePreviewInput, FeeQuote, FeeRules, FeeSchedule, FeeScheduleRecord,
    SaveFeeSchedule,
};
use super::quote::quote;
use super::validate;
use super::volume::VolumeSource;
use crate::audit::diff;
use crate::guard::{Action, Guard};
use crate::money;
use crate::onboarding::OnboardingEntry;
use crate::operators::{Permission, Scope};
use crate::query::{FilterInput, ListQuery};
use crate::store::{Collection, Store};
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

const VIEW: Action = Action::new("fees.view", "fees");
const SAVE: Action = Action::new("fees.save", "fees");
const DELETE: Action = Action::new("fees.delete", "fees");
const PREVIEW: Action = Action::new("fees.preview", "fees");

/// Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Fees {
    collection: Collection<FeeScheduleRecord>,
    onboarding: Collection<OnboardingEntry>,
    workspaces: Collection<Workspace>,
    guard: Guard,
}

impl Fees {
    pub fn new(store: &Store) -> Result<Fees> {
        Ok(Fees {
            collection: store.collection()?,
            onboarding: store.collection()?,
            workspaces: store.collection()?,
            guard: Guard::open(store)?,
        })
    }

    /// The workspace's schedules, one per currency, by currency.
    pub fn list(&self, workspace_id: u64) -> Result<Vec<FeeSchedule>> {
        self.guard.allow(
            Permission::ViewFees,
            Scope::workspace(workspace_id),
            VIEW,
            &workspace_id.to_string(),
        )?;
        let query = ListQuery {
            size: Some("300".into()),
            sort: Some("currency:asc".into()),
            filters: vec![FilterInput::eq("workspaceId", workspace_id.to_string())],
            ..ListQuery::default()
        };
        let page = self.collection.list(&query)?;
        Ok(page.items.iter().map(FeeSchedule::from).collect())
    }

    /// `notFound` on `currency` when the workspace has no schedule for it.
    pub fn get(&self, workspace_id: u64, currency: &str) -> Result<FeeSchedule> {
        self.guard.allow(
            Permission::ViewFees,
            Scope::workspace(workspace_id),
            VIEW,
            &target(workspace_id, currency),
        )?;
        let currency = money::currency("currency", currency)?;
        self.existing(workspace_id, &currency)
            .map(|record| FeeSchedule::from(&record))
    }

    /// Replaces the workspace's schedule for the input's currency (or creates it) in one write;
    /// a schedule with any problem is refused whole (every problem in `fieldErrors`) and
    /// nothing changes.
    pub fn save(&self, input: SaveFeeSchedule) -> Result<FeeSchedule> {
        let workspace_id = input.workspace_id;
        let currency = money::currency("currency", &input.currency).ok();
        let before = currency
            .as_deref()
            .and_then(|c| self.find(workspace_id, c).ok().flatten());
        let saved = self.guard.change(
            Permission::ManageFees,
            Scope::workspace(workspace_id),
            SAVE,
            &target(workspace_id, &input.currency),
            |_| self.save_unchecked(&input),
            |saved| {
                (
                    saved.schedule_key.clone(),
                    diff(
                        &audit_view(before.as_ref().map(|b| &b.rules)),
                        &audit_view(Some(&saved.rules)),
                    ),
                )
            },
        )?;
        Ok(FeeSchedule::from(&saved))
    }

    fn save_unchecked(&self, input: &SaveFeeSchedule) -> Result<FeeScheduleRecord> {
        let workspace_id = input.workspace_id;
        self.workspaces
            .get(workspace_id)
            .map_err(|err| CoreError::on_field(err.code, "workspaceId", err.message))?;
        let rules = validate::fee_rules(input, &mut |merchant| {
            self.knows_merchant(workspace_id, merchant)
        })?;
        let key = schedule_key(workspace_id, &rules.currency);
        match self.find_key(&key)? {
            Some(existing) => self.collection.update(existing.id, |record| {
                record.rules = rules.clone();
                Ok(())
            }),
            None => self
                .collection
                .insert(FeeScheduleRecord {
                    id: 0,
                    workspace_id,
                    schedule_key: key,
                    rules,
                    created_at: String::new(),
                    updated_at: String::new(),
                    deleted_at: String::new(),
                })
                .map_err(|err| match err.code {
                    ErrorCode::Conflict => CoreError::on_field(
                        ErrorCode::Conflict,
                        "currency",
                        "This schedule was saved elsewhere meanwhile; reload it and try again.",
                    ),
                    _ => err,
                }),
        }
    }

    /// Deletes the workspace's schedule for `currency`; `notFound` on `currency` if none.
    pub fn delete(&self, workspace_id: u64, currency: &str) -> Result<()> {
        self.guard
            .change(
                Permission::ManageFees,
                Scope::workspace(workspace_id),
                DELETE,
                &target(workspace_id, currency),
                |_| {
                    let currency = money::currency("currency", currency)?;
                    let record = self.existing(workspace_id, &currency)?;
                    self.collection.soft_delete(record.id)
                },
                |deleted| {
                    (
                        deleted.schedule_key.clone(),
                        diff(&audit_view(Some(&deleted.rules)), &serde_json::Value::Null),
                    )
                },
            )
            .map(drop)
    }

    /// The fee a payment of `amount` (major units as typed) would carry for the merchant, with
    /// its volume this month from `volumes`. `notFound` on `currency` when the workspace has no
    /// schedule for it.
    pub fn preview(&self, input: &FeePreviewInput, volumes: &dyn VolumeSource) -> Result<FeeQuote> {
        let workspace_id = input.workspace_id;
        self.guard.allow(
            Permission::ViewFees,
            Scope::workspace(workspace_id),
            PREVIEW,
            &target(workspace_id, &input.currency),
        )?;
        let mut checks = FieldChecks::default();
        let currency = checks.check(money::currency("currency", &input.currency));
        let merchant = input.merchant_id.trim().to_string();
        if merchant.is_empty() {
            checks.check::<()>(Err(CoreError::on_field(
                ErrorCode::Required,
                "merchantId",
                "Choose a merchant.",
            )));
        }
        // An amount's decimals depend on the currency, so it is read once the currency is.
        let amount = if currency.is_empty() {
            0
        } else {
            checks.check(money::parse_amount("amount", &input.amount, &currency))
        };
        checks.finish()?;
        let record = self.existing(workspace_id, &currency)?;
        let volume = volumes.month_volume(workspace_id, &merchant, &currency)?;
        Ok(quote(&record.rules, &merchant, volume, amount))
    }

    /// The rules a payment in `currency` follows, for the payments service (whose own command
    /// is gated); `None` when the workspace has no schedule for the currency.
    pub fn rules_for(&self, workspace_id: u64, currency: &str) -> Result<Option<FeeRules>> {
        let currency = money::currency("currency", currency)?;
        Ok(self
            .find(workspace_id, &currency)?
            .map(|record| record.rules))
    }

    fn existing(&self, workspace_id: u64, currency: &str) -> Result<FeeScheduleRecord> {
        self.find(workspace_id, currency)?.ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::NotFound,
                "currency",
                format!(
                    "This workspace has no fee schedule for {} yet.",
                    currency.to_uppercase()
                ),
            )
        })
    }

    fn find(&self, workspace_id: u64, currency: &str) -> Result<Option<FeeScheduleRecord>> {
        self.find_key(&schedule_key(workspace_id, currency))
    }

    fn find_key(&self, key: &str) -> Result<Option<FeeScheduleRecord>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("scheduleKey", key.to_string())],
            ..ListQuery::default()
        };
        Ok(self.collection.list(&query)?.items.into_iter().next())
    }

    /// A merchant id of a live onboarding entry in the workspace, compared exactly.
    fn knows_merchant(&self, workspace_id: u64, merchant_id: &str) -> Result<bool> {
        let query = ListQuery {
            size: Some("300".into()),
            filters: vec![
                FilterInput::eq("workspaceId", workspace_id.to_string()),
                FilterInput::eq("merchantId", merchant_id.to_string()),
            ],
            ..ListQuery::default()
        };
        let page = self.onboarding.list(&query)?;
        Ok(page
            .items
            .iter()
            .any(|entry| entry.merchant_id == merchant_id))
    }
}

/// The audit target of a schedule: `<workspaceId>/<currency>`.
fn target(workspace_id: u64, currency: &str) -> String {
    schedule_key(workspace_id, &currency.trim().to_ascii_lowercase())
}
