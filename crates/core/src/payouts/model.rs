//! Payouts as ConnectDesk keeps and shows them, and what the UI sends to act on them.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::history::{CurrencySeries, PayoutDay};
use super::schedule::PayoutSchedule;
use crate::store::{Field, Record};

/// One payout of a connected account, synced from Stripe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    pub id: u64,
    pub workspace_id: u64,
    /// `po_…`.
    pub payout_id: String,
    /// The connected account it pays out (`Stripe-Account`).
    pub account_id: String,
    /// The merchant of that account's onboarding entry, when ConnectDesk knows it.
    pub merchant_id: Option<String>,
    /// Minor units of `currency`.
    pub amount: i64,
    /// Lower case, e.g. `usd`.
    pub currency: String,
    /// Stripe's status: `pending`, `in_transit`, `paid`, `failed` or `canceled`.
    pub status: String,
    /// The status in the seed's words ("In transit").
    pub status_words: String,
    /// What the status means for the money.
    pub status_meaning: String,
    /// `standard` or `instant`.
    pub method: String,
    /// Made by the payout schedule rather than by a person.
    pub automatic: bool,
    pub description: Option<String>,
    /// Where the money goes.
    pub bank: Option<PayoutBank>,
    /// When it arrives (or arrived) in the bank, ISO 8601.
    pub arrival_date: String,
    /// Stripe's failure code, for failed payouts.
    pub failure_code: Option<String>,
    /// Stripe's own message for the failure.
    pub failure_message: Option<String>,
    /// Why it failed in plain words, and what to do.
    pub failure_reason: Option<String>,
    /// Only a pending payout can be canceled (and only one a person created).
    pub cancelable: bool,
    /// 0 test mode, 1 live.
    pub mode: u8,
    /// Made in the offline sandbox.
    pub offline: bool,
    /// When Stripe created it (ISO 8601).
    pub created: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

/// The bank account (or debit card) a payout goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBank {
    /// `ba_…` or `card_…`.
    pub id: String,
    /// The bank's name, or the card's brand.
    pub name: Option<String>,
    pub last4: Option<String>,
}

impl Record for Payout {
    const COLLECTION: &'static str = "payouts";
    const LABEL: &'static str = "payout";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("accountId").key(),
        Field::text("status").key(),
        Field::text("currency").key(),
        Field::text("payoutId").filterable().unique(),
        Field::text("merchantId").filterable(),
        Field::int("amount").sortable().filterable(),
        Field::timestamp("arrivalDate").sortable().filterable(),
        Field::timestamp("created").sortable().filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

/// A connected account's payout schedule, with the next payout date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutScheduleView {
    pub workspace_id: u64,
    pub account_id: String,
    pub merchant_id: Option<String>,
    /// The account's country (ISO 3166-1 alpha-2), which sets the shortest delay.
    pub country: Option<String>,
    pub schedule: PayoutSchedule,
    /// The schedule in a sentence.
    pub summary: String,
    /// The shortest delay Stripe allows in that country, where ConnectDesk knows it.
    pub minimum_delay_days: Option<u32>,
    /// `yyyy-mm-dd` of the next payout holding today's payments; `None` for a manual schedule.
    pub next_payout_date: Option<String>,
    /// The day the next date was counted from (`yyyy-mm-dd`, UTC; the sandbox's clock there).
    pub today: String,
    /// Payouts are created by hand (interval `manual`), so ConnectDesk may create them.
    pub manual: bool,
}

/// Which account's schedule (and payouts).
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountRef {
    pub workspace_id: u64,
    /// `acct_…`.
    pub account_id: String,
}

/// The schedule editor's form; numbers are text, checked by the core.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePayoutSchedule {
    pub workspace_id: u64,
    pub account_id: String,
    /// `manual`, `daily`, `weekly` or `monthly`.
    pub interval: String,
    /// With `weekly`: `monday` … `sunday`.
    #[serde(default)]
    pub weekly_anchor: Option<String>,
    /// With `monthly`: 1 to 31.
    #[serde(default)]
    pub monthly_anchor: Option<String>,
    /// Whole days; empty: the shortest Stripe allows for the account's country.
    #[serde(default)]
    pub delay_days: Option<String>,
}

/// A manual payout from the account's available balance.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayout {
    pub workspace_id: u64,
    pub account_id: String,
    /// Major units with at most the currency's decimals; empty: everything available.
    #[serde(default)]
    pub amount: Option<String>,
    pub currency: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Sync one account's payouts, or those of every account of the workspace.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncPayouts {
    pub workspace_id: u64,
    /// Empty: every connected account of the workspace's onboarding entries.
    #[serde(default)]
    pub account_id: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutSync {
    pub accounts: u32,
    pub payouts: u32,
    /// Stopped by Cancel; what was synced until then is kept.
    pub cancelled: bool,
}

/// The balance of the platform (no account) or of a connected account over the last days.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BalanceHistoryQuery {
    pub workspace_id: u64,
    #[serde(default)]
    pub account_id: Option<String>,
    /// How many days back from today (1 to 366); 30 when absent.
    #[serde(default)]
    pub days: Option<u32>,
}

/// What the Balances charts draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BalanceHistory {
    pub workspace_id: u64,
    /// `None`: the platform.
    pub account_id: Option<String>,
    /// The first and last day of the series (`yyyy-mm-dd`, UTC).
    pub from: String,
    pub to: String,
    /// One series per currency: the balance at the end of each day.
    pub balances: Vec<CurrencySeries>,
    /// Payouts arriving from `from` on, per day, currency and status.
    pub payouts: Vec<PayoutDay>,
    /// False when there were more transactions than ConnectDesk reads at once; `from` is then
    /// the first day fully covered.
    pub complete: bool,
}
