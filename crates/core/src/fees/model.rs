//! A workspace's fee schedule for one currency: what is stored, what the editor sends, and what
//! the UI reads back. Percentages are integer basis points (290 = 2.9 %), fixed fees integer
//! minor units of the schedule's currency (30 = $0.30, or ¥30 for JPY), volumes whole major
//! units (10000 = $10,000.00).

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::money::percent_text;
use crate::store::{Field, Record};

/// One volume tier: applies while the merchant's volume this month is within
/// `volume_min..=volume_max` (`None` = "and above").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeTier {
    pub volume_min: i64,
    pub volume_max: Option<i64>,
    pub fee_percent_bps: u32,
    pub fee_fixed: i64,
}

/// The rate one merchant pays instead of the tiers and the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MerchantOverride {
    pub merchant_id: String,
    pub fee_percent_bps: u32,
    pub fee_fixed: i64,
    pub reason: String,
}

/// Checked fee rules of one currency, tiers sorted by `volume_min`: what the quote reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeRules {
    /// Lower-case ISO code, e.g. `usd`.
    pub currency: String,
    pub default_fee_percent_bps: u32,
    pub default_fee_fixed: i64,
    pub fee_tiers: Vec<FeeTier>,
    pub per_merchant_overrides: Vec<MerchantOverride>,
}

/// The stored schedule: one live record per (workspace, currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeScheduleRecord {
    pub id: u64,
    pub workspace_id: u64,
    /// `<workspaceId>/<currency>`: unique among live schedules, so there is never a second one.
    pub schedule_key: String,
    #[serde(flatten)]
    pub rules: FeeRules,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for FeeScheduleRecord {
    const COLLECTION: &'static str = "fee_schedules";
    const LABEL: &'static str = "fee schedule";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("scheduleKey").filterable().unique(),
        Field::text("currency").sortable().filterable(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

pub(crate) fn schedule_key(workspace_id: u64, currency: &str) -> String {
    format!("{workspace_id}/{currency}")
}

/// What the fee editor saves. Every number is text as typed, so the core (not serde) decides
/// what is wrong with it and says so next to the field.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SaveFeeSchedule {
    pub workspace_id: u64,
    /// e.g. `usd`; any case.
    pub currency: String,
    /// Percent with at most two decimals, e.g. `2.9`.
    pub default_fee_percent: String,
    /// Whole minor units, e.g. `30` for $0.30.
    pub default_fee_fixed: String,
    /// In any order; they are stored sorted by `volumeMin`. Errors name a row by its index here.
    #[serde(default)]
    pub fee_tiers: Vec<FeeTierInput>,
    #[serde(default)]
    pub per_merchant_overrides: Vec<MerchantOverrideInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeTierInput {
    /// Whole major units, e.g. `10001`.
    pub volume_min: String,
    /// Whole major units; empty or absent for "and above" (only the last tier).
    #[serde(default)]
    pub volume_max: Option<String>,
    pub fee_percent: String,
    pub fee_fixed: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MerchantOverrideInput {
    /// An onboarding entry's `merchantId` in the workspace.
    pub merchant_id: String,
    pub fee_percent: String,
    pub fee_fixed: String,
    /// Why this merchant pays differently (required, at most 200 characters).
    pub reason: String,
}

/// A schedule as the UI shows it: every percentage both as basis points and as text ("2.95").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeSchedule {
    pub id: u64,
    pub workspace_id: u64,
    pub currency: String,
    /// Decimals of the currency's minor unit (2 for usd, 0 for jpy), for showing fixed fees.
    pub currency_exponent: u32,
    pub default_fee_percent: String,
    pub default_fee_percent_bps: u32,
    pub default_fee_fixed: i64,
    /// Sorted by `volumeMin`; a quote's `tierIndex` counts in this list.
    pub fee_tiers: Vec<FeeTierView>,
    pub per_merchant_overrides: Vec<MerchantOverrideView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeTierView {
    pub volume_min: i64,
    /// `None`: and above.
    pub volume_max: Option<i64>,
    pub fee_percent: String,
    pub fee_percent_bps: u32,
    pub fee_fixed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MerchantOverrideView {
    pub merchant_id: String,
    pub fee_percent: String,
    pub fee_percent_bps: u32,
    pub fee_fixed: i64,
    pub reason: String,
}

impl From<&FeeScheduleRecord> for FeeSchedule {
    fn from(record: &FeeScheduleRecord) -> Self {
        let rules = &record.rules;
        Self {
            id: record.id,
            workspace_id: record.workspace_id,
            currency: rules.currency.clone(),
            currency_exponent: crate::money::exponent(&rules.currency),
            default_fee_percent: percent_text(rules.default_fee_percent_bps),
            default_fee_percent_bps: rules.default_fee_percent_bps,
            default_fee_fixed: rules.default_fee_fixed,
            fee_tiers: rules
                .fee_tiers
                .iter()
                .map(|tier| FeeTierView {
                    volume_min: tier.volume_min,
                    volume_max: tier.volume_max,
                    fee_percent: percent_text(tier.fee_percent_bps),
                    fee_percent_bps: tier.fee_percent_bps,
                    fee_fixed: tier.fee_fixed,
                })
                .collect(),
            per_merchant_overrides: rules
                .per_merchant_overrides
                .iter()
                .map(|o| MerchantOverrideView {
                    merchant_id: o.merchant_id.clone(),
                    fee_percent: percent_text(o.fee_percent_bps),
                    fee_percent_bps: o.fee_percent_bps,
                    fee_fixed: o.fee_fixed,
                    reason: o.reason.clone(),
                })
                .collect(),
            created_at: record.created_at.clone(),
            updated_at: record.updated_at.clone(),
        }
    }
}

/// What the fee preview sends: the amount as typed, in major units of `currency`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeePreviewInput {
    pub workspace_id: u64,
    pub currency: String,
    pub merchant_id: String,
    /// e.g. `25.00` (usd) or `2500` (jpy).
    pub amount: String,
}

/// Which rule produced a fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum FeeRule {
    Override,
    Tier,
    Default,
}

/// A fee and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeQuote {
    /// Minor units, `0..=amount`.
    pub fee: i64,
    pub rule: FeeRule,
    /// Index in the schedule's sorted `feeTiers`; `None` unless `rule` is `tier`.
    pub tier_index: Option<u32>,
    /// The rule gave more than the amount, so the fee is the amount.
    pub capped: bool,
    /// The rule's percentage, in basis points.
    pub percent_bps: u32,
    /// The rule's fixed part, in minor units.
    pub fixed: i64,
    /// The merchant's volume this month, whole major units.
    pub volume: i64,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    /// e.g. "Tier 10,001–50,000: 2.5 % + $0.25, volume this month $12,400".
    pub explanation: String,
}

/// The fee-rules' stand-in for the audit diff: tiers by position, overrides by merchant, so a
/// change shows as the fields that changed.
pub(crate) fn audit_view(rules: Option<&FeeRules>) -> serde_json::Value {
    let Some(rules) = rules else {
        return serde_json::Value::Null;
    };
    let tiers: serde_json::Map<String, serde_json::Value> = rules
        .fee_tiers
        .iter()
        .enumerate()
        .map(|(index, tier)| {
            (
                index.to_string(),
                serde_json::json!({
                    "volumeMin": tier.volume_min,
                    "volumeMax": tier.volume_max,
                    "feePercent": percent_text(tier.fee_percent_bps),
                    "feeFixed": tier.fee_fixed,
                }),
            )
        })
        .collect();
    let overrides: serde_json::Map<String, serde_json::Value> = rules
        .per_merchant_overrides
        .iter()
        .map(|o| {
            (
                o.merchant_id.clone(),
                serde_json::json!({
                    "feePercent": percent_text(o.fee_percent_bps),
                    "feeFixed": o.fee_fixed,
                    "reason": o.reason,
                }),
            )
        })
        .collect();
    serde_json::json!({
        "currency": rules.currency,
        "defaultFeePercent": percent_text(rules.default_fee_percent_bps),
        "defaultFeeFixed": rules.default_fee_fixed,
        "feeTiers": tiers,
        "perMerchantOverrides": overrides,
    })
}
