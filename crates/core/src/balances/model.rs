//! A balance as the UI shows it: one line per currency, integer minor units.

use connectdesk_stripe::balance::Balance as StripeBalance;
use serde::Serialize;
use specta::Type;

/// The platform's balance (`accountId` empty) or a connected account's, as Stripe said it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    pub workspace_id: u64,
    /// `None`: the platform's own balance.
    pub account_id: Option<String>,
    /// The merchant of the account's onboarding entry, when ConnectDesk knows it.
    pub merchant_id: Option<String>,
    /// One line per currency, in the order Stripe lists them.
    pub currencies: Vec<CurrencyBalance>,
    pub livemode: bool,
    /// When ConnectDesk read it (ISO 8601).
    pub read_at: String,
}

/// One currency of a balance, in its minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyBalance {
    /// Lower case, e.g. `usd`.
    pub currency: String,
    /// What can be transferred or paid out now.
    pub available: i64,
    /// Not available yet (charges waiting for the payout delay).
    pub pending: i64,
    /// Held back to cover connected accounts' negative balances; Stripe reports it for
    /// platforms only, so `None` on a connected account.
    pub connect_reserved: Option<i64>,
}

impl Balance {
    pub(super) fn from_stripe(
        workspace_id: u64,
        account_id: Option<String>,
        merchant_id: Option<String>,
        balance: &StripeBalance,
    ) -> Self {
        let platform = account_id.is_none();
        let mut currencies: Vec<CurrencyBalance> = Vec::new();
        for amount in &balance.available {
            line_of(&mut currencies, &amount.currency, platform).available += amount.amount;
        }
        for amount in &balance.pending {
            line_of(&mut currencies, &amount.currency, platform).pending += amount.amount;
        }
        if platform {
            for amount in &balance.connect_reserved {
                let line = line_of(&mut currencies, &amount.currency, platform);
                *line.connect_reserved.get_or_insert(0) += amount.amount;
            }
        }
        Self {
            workspace_id,
            account_id,
            merchant_id,
            currencies,
            livemode: balance.livemode,
            read_at: crate::time::now_iso(),
        }
    }

    /// What is available in `currency` (0 when the balance has no such currency).
    pub fn available(&self, currency: &str) -> i64 {
        self.currencies
            .iter()
            .find(|line| line.currency.eq_ignore_ascii_case(currency))
            .map_or(0, |line| line.available)
    }
}

/// The line of `currency`, added (at zero) when the balance has none yet.
fn line_of<'a>(
    currencies: &'a mut Vec<CurrencyBalance>,
    currency: &str,
    platform: bool,
) -> &'a mut CurrencyBalance {
    let code = currency.to_ascii_lowercase();
    let at = match currencies.iter().position(|line| line.currency == code) {
        Some(at) => at,
        None => {
            currencies.push(CurrencyBalance {
                currency: code,
                available: 0,
                pending: 0,
                connect_reserved: platform.then_some(0),
            });
            currencies.len() - 1
        }
    };
    &mut currencies[at]
}

#[cfg(test)]
mod tests {
    use connectdesk_stripe::balance::BalanceAmount;

    use super::*;

    fn amount(amount: i64, currency: &str) -> BalanceAmount {
        BalanceAmount {
            amount,
            currency: currency.into(),
            source_types: Default::default(),
        }
    }

    fn stripe(reserved: Vec<BalanceAmount>) -> StripeBalance {
        StripeBalance {
            available: vec![amount(150_000, "usd"), amount(0, "jpy")],
            pending: vec![amount(25_000, "usd"), amount(3_000, "eur")],
            connect_reserved: reserved,
            instant_available: Vec::new(),
            livemode: false,
        }
    }

    #[test]
    fn the_seeds_platform_balance_becomes_one_line_per_currency() {
        let balance = Balance::from_stripe(1, None, None, &stripe(vec![amount(5_000, "usd")]));
        let lines: Vec<_> = balance
            .currencies
            .iter()
            .map(|l| {
                (
                    l.currency.as_str(),
                    l.available,
                    l.pending,
                    l.connect_reserved,
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("usd", 150_000, 25_000, Some(5_000)),
                ("jpy", 0, 0, Some(0)),
                ("eur", 0, 3_000, Some(0)),
            ]
        );
        assert_eq!(
            (balance.available("USD"), balance.available("gbp")),
            (150_000, 0)
        );
    }

    #[test]
    fn a_connected_account_has_no_connect_reserve() {
        let balance = Balance::from_stripe(
            1,
            Some("acct_1".into()),
            Some("m1".into()),
            &stripe(Vec::new()),
        );
        assert!(balance
            .currencies
            .iter()
            .all(|l| l.connect_reserved.is_none()));
    }
}
