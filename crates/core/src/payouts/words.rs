//! Payouts in plain words: the seed's statuses and Stripe's failure codes, and the choices the
//! UI offers (statuses to filter by, the schedule's intervals and days).

use serde::Serialize;
use specta::Type;

use super::schedule::{PayoutInterval, PayoutWeekday};

/// Stripe's payout statuses in the order a payout moves through them, with the seed's words.
pub const STATUSES: &[(&str, &str)] = &[
    ("pending", "Pending"),
    ("in_transit", "In transit"),
    ("paid", "Paid"),
    ("failed", "Failed"),
    ("canceled", "Canceled"),
];

/// "In transit" for `in_transit`; an unknown status as Stripe wrote it, without underscores.
pub fn status_words(status: &str) -> String {
    STATUSES
        .iter()
        .find(|(known, _)| *known == status)
        .map_or_else(
            || status.replace('_', " "),
            |(_, words)| (*words).to_string(),
        )
}

/// What a status means for the money, for the detail view.
pub fn status_meaning(status: &str) -> &'static str {
    match status {
        "pending" => "Created; Stripe has not sent it to the bank yet. It can still be canceled.",
        "in_transit" => "Sent to the bank; the money is on its way.",
        "paid" => "The money arrived in the bank account.",
        "failed" => "The bank did not accept it; the money went back to the Stripe balance.",
        "canceled" => "Canceled before it was sent; the money went back to the Stripe balance.",
        _ => "",
    }
}

/// Why a payout failed, in plain words, for each of Stripe's payout failure codes
/// (<https://docs.stripe.com/api/payouts/failures>).
pub fn failure_reason(code: &str) -> String {
    let words = match code {
        "account_closed" => "The bank account has been closed. Ask the merchant for another bank account.",
        "account_frozen" => "The bank has frozen the account. The merchant needs to sort it out with their bank.",
        "bank_account_restricted" => "The bank account does not accept this kind or number of payouts (often a savings account). Use a checking account.",
        "bank_ownership_changed" => "The bank's branch changed owner, so the account details are no longer valid. Ask the merchant for the new details.",
        "could_not_process" => "The bank could not process the payout. Try again, or ask the merchant to check with their bank.",
        "debit_not_authorized" => "The bank account does not allow debits, which Stripe needs as well as credits. Ask the merchant to allow them or use another account.",
        "declined" => "The bank declined the payout. The merchant should contact their bank before it is tried again.",
        "incorrect_account_holder_address" => "The bank says the account holder's address on file is wrong.",
        "incorrect_account_holder_name" => "The bank says the account holder's name on file is wrong.",
        "incorrect_account_holder_tax_id" => "The bank says the account holder's tax ID on file is wrong.",
        "insufficient_funds" => "The Stripe balance could not cover the payout.",
        "invalid_account_number" => "The routing number is right but the account number is not. Check the account number.",
        "invalid_currency" => "The bank account cannot receive money in this currency.",
        "no_account" => "No bank account exists with these details. Check the account and routing numbers.",
        "unsupported_card" => "The card no longer accepts payouts. Use another card or a bank account.",
        other => return format!("The payout failed ({}).", other.replace('_', " ")),
    };
    words.to_string()
}

/// One option of a list, as the UI offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutChoice {
    pub value: &'static str,
    pub label: &'static str,
}

/// What the payout filters and the schedule editor offer, in the core's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutChoices {
    pub statuses: Vec<PayoutChoice>,
    pub intervals: Vec<PayoutChoice>,
    pub weekdays: Vec<PayoutChoice>,
}

pub fn payout_choices() -> PayoutChoices {
    PayoutChoices {
        statuses: STATUSES
            .iter()
            .map(|(value, label)| PayoutChoice { value, label })
            .collect(),
        intervals: PayoutInterval::ALL
            .into_iter()
            .map(|interval| PayoutChoice {
                value: interval.as_str(),
                label: match interval {
                    PayoutInterval::Manual => "Manual (payouts created by hand)",
                    PayoutInterval::Daily => "Daily",
                    PayoutInterval::Weekly => "Weekly",
                    PayoutInterval::Monthly => "Monthly",
                },
            })
            .collect(),
        weekdays: PayoutWeekday::ALL
            .into_iter()
            .map(|day| PayoutChoice {
                value: day.as_str(),
                label: day.name(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_failures_in_words() {
        assert_eq!(status_words("in_transit"), "In transit");
        assert_eq!(status_words("paid"), "Paid");
        assert_eq!(status_words("on_hold"), "on hold");
        assert!(failure_reason("no_account").starts_with("No bank account exists"));
        assert_eq!(
            failure_reason("new_reason"),
            "The payout failed (new reason)."
        );
        assert!(status_meaning("pending").contains("canceled"));
    }
}
