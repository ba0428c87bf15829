//! The accounts of a filter as CSV, one line each, as the table shows them plus what is due.

use super::model::{AccountStatus, ConnectedAccount, Due};
use crate::guard::CsvTable;

pub(super) const ACCOUNTS_CSV: CsvTable<ConnectedAccount> = CsvTable {
    what: "accounts",
    header: &HEADER,
    row,
};

const HEADER: [&str; 16] = [
    "accountId",
    "businessName",
    "type",
    "country",
    "status",
    "chargesEnabled",
    "payoutsEnabled",
    "detailsSubmitted",
    "merchantId",
    "email",
    "defaultCurrency",
    "created",
    "disabledReason",
    "pastDue",
    "currentlyDue",
    "currentDeadline",
];

fn row(account: &ConnectedAccount) -> Vec<String> {
    let due = |account: &ConnectedAccount, when: Due| {
        account
            .to_do
            .iter()
            .filter(|line| line.due == when)
            .map(|line| line.words.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        account.account_id.clone(),
        account.business_name.clone(),
        account
            .account_type
            .and_then(|kind| serde_json::to_value(kind).ok())
            .and_then(|kind| kind.as_str().map(str::to_string))
            .unwrap_or_default(),
        account.country.clone(),
        status_word(account.status).to_string(),
        account.charges_enabled.to_string(),
        account.payouts_enabled.to_string(),
        account.details_submitted.to_string(),
        account.merchant_id.clone().unwrap_or_default(),
        account.email.clone(),
        account.default_currency.clone(),
        account.created.clone().unwrap_or_default(),
        account.disabled_reason.clone().unwrap_or_default(),
        due(account, Due::PastDue),
        due(account, Due::CurrentlyDue),
        account.current_deadline.clone().unwrap_or_default(),
    ]
}

/// The seed's word for the status.
fn status_word(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::Pending => "pending",
        AccountStatus::Active => "active",
        AccountStatus::Restricted => "restricted",
        AccountStatus::Disabled => "disabled",
    }
}
