//! What payments need from the fee rules: the platform's fee for an amount.

use crate::Result;

/// A fee and the words of the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// Minor units of the payment's currency.
    pub fee: i64,
    /// "Tier 10,001–50,000: 2.5 % + $0.25, volume this month $12,400".
    pub explanation: String,
}

/// The workspace's platform fee rules, as payments use them.
pub trait FeeSource: Send + Sync {
    /// The fee for `amount` (minor units) of a merchant whose succeeded payments this month
    /// come to `volume` whole major units; `None` when the workspace has no rules for the
    /// currency.
    fn quote(
        &self,
        workspace_id: u64,
        currency: &str,
        merchant_id: Option<&str>,
        amount: i64,
        volume: i64,
    ) -> Result<Option<Priced>>;
}
