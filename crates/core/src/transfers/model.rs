//! Transfers as ConnectDesk keeps them: money moved from the platform's balance to a connected
//! account (`tr_…`), synced from Stripe, with its reversals and a status derived from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::store::{Field, Record};

/// Where a transfer stands, derived from what was reversed of it ([`TransferStatus::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum TransferStatus {
    /// The whole amount is with the account.
    Paid,
    /// Some of it was taken back.
    PartiallyReversed,
    /// All of it was taken back.
    Reversed,
}

impl TransferStatus {
    /// The one rule: nothing reversed is paid, everything reversed is reversed, the rest is
    /// partly reversed.
    pub fn of(amount: i64, amount_reversed: i64) -> Self {
        if amount_reversed <= 0 {
            Self::Paid
        } else if amount_reversed >= amount {
            Self::Reversed
        } else {
            Self::PartiallyReversed
        }
    }

    /// As the list language filters it (`status eq partiallyReversed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::PartiallyReversed => "partiallyReversed",
            Self::Reversed => "reversed",
        }
    }
}

/// One transfer, as stored and as the UI sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    pub id: u64,
    pub workspace_id: u64,
    /// `tr_…`.
    pub transfer_id: String,
    /// The connected account it went to (`destination`).
    pub account_id: String,
    /// The merchant of that account's onboarding entry, when ConnectDesk knows it.
    pub merchant_id: Option<String>,
    /// Minor units of `currency`, as every amount here.
    pub amount: i64,
    pub amount_reversed: i64,
    /// Lower case, e.g. `usd`.
    pub currency: String,
    pub status: TransferStatus,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
    /// Newest first, as Stripe lists them.
    pub reversals: Vec<Reversal>,
    /// The charge whose funds it follows (a destination charge's transfer), if any.
    pub source_transaction: Option<String>,
    pub transfer_group: Option<String>,
    /// The `py_…` payment it made on the connected account.
    pub destination_payment: Option<String>,
    /// Made through ConnectDesk (it carries an operation reference).
    pub made_here: bool,
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

/// One reversal of a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Reversal {
    /// `trr_…`.
    pub id: String,
    pub amount: i64,
    /// What the operator wrote when reversing through ConnectDesk (Stripe does not return a
    /// reversal's description, so one made elsewhere has none here).
    pub description: Option<String>,
    /// The refund that reversed it, when a refund with `reverse_transfer` did.
    pub source_refund: Option<String>,
    pub created: String,
}

impl Record for Transfer {
    const COLLECTION: &'static str = "transfers";
    const LABEL: &'static str = "transfer";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("accountId").key(),
        Field::text("status").key(),
        Field::text("currency").key(),
        // A key, so finding a transfer by its Stripe id seeks an index. Not unique: workspaces
        // on one platform (the sandbox's) each keep their own record of it.
        Field::text("transferId").key(),
        Field::text("merchantId").filterable(),
        Field::text("description").filterable(),
        Field::int("amount").sortable().filterable(),
        Field::int("amountReversed").filterable(),
        Field::timestamp("created").sortable().filterable(),
        Field::timestamp("createdAt").filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

/// What the create form sends; every number is text, checked by the core.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransfer {
    pub workspace_id: u64,
    /// `acct_…` of a connected account that can receive transfers.
    pub account_id: String,
    /// In major units, with at most the currency's decimals ("100.00", "500" for JPY).
    pub amount: String,
    pub currency: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// A reversal: all that is not reversed yet, or `amount` (major units) of it.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReverseTransfer {
    pub id: u64,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// What a reversal answers: the reversal and the transfer after it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReversalOutcome {
    pub reversal: Reversal,
    pub transfer: Transfer,
}

/// What a sync did: how many transfers it stored, and whether it was cancelled part way (what
/// it stored until then stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TransferSync {
    pub synced: u32,
    pub cancelled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_follows_what_was_reversed() {
        for (amount, reversed, status) in [
            (10_000, 0, TransferStatus::Paid),
            (10_000, 1, TransferStatus::PartiallyReversed),
            (10_000, 5_000, TransferStatus::PartiallyReversed),
            (10_000, 9_999, TransferStatus::PartiallyReversed),
            (10_000, 10_000, TransferStatus::Reversed),
            // A zero-amount transfer (Stripe allows none, but sync must not panic) is paid.
            (0, 0, TransferStatus::Paid),
        ] {
            assert_eq!(
                TransferStatus::of(amount, reversed),
                status,
                "{amount} {reversed}"
            );
        }
        assert_eq!(
            serde_json::to_value(TransferStatus::PartiallyReversed).expect("json"),
            serde_json::json!(TransferStatus::PartiallyReversed.as_str())
        );
    }
}
