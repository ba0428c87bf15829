//! What Stripe says about a connected account, written into the stored [`ConnectedAccount`].
//! Pure, so a sync and a single refresh record an account the same way.

use connectdesk_stripe::accounts::{Account, AccountType};
use serde_json::Value;

use super::model::{BusinessProfileView, ConnectedAccount};
use super::status::account_status;
use super::words::{capabilities, disabled_reason_words, to_do_list};
use crate::links::platform_dashboard_url;
use crate::onboarding::AccountKind;
use crate::time::{iso_from_unix, now_iso};

/// Who the account belongs to in ConnectDesk, from the workspace's onboarding entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Owner {
    pub merchant_id: Option<String>,
    pub entry_id: Option<u64>,
}

/// Where the account was read: the offline sandbox, or Stripe in test (0) or live (1) mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub mode: u8,
    pub offline: bool,
}

/// A new record for an account ConnectDesk has not stored yet; the store assigns id and times.
pub(super) fn new_account(
    workspace_id: u64,
    account: &Account,
    raw: &Value,
    owner: &Owner,
    place: Place,
) -> ConnectedAccount {
    let mut record = ConnectedAccount {
        id: 0,
        workspace_id,
        account_id: account.id.clone(),
        merchant_id: None,
        onboarding_entry_id: None,
        business_name: String::new(),
        account_type: None,
        business_type: String::new(),
        country: String::new(),
        default_currency: String::new(),
        email: String::new(),
        status: super::AccountStatus::Pending,
        status_detail: String::new(),
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        disabled_reason: None,
        disabled_reason_words: None,
        to_do: Vec::new(),
        current_deadline: None,
        capabilities: Vec::new(),
        business_profile: BusinessProfileView::default(),
        dashboard_url: None,
        mode: place.mode,
        offline: place.offline,
        created: None,
        synced_at: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    };
    apply_account(&mut record, account, raw, owner, place);
    record
}

/// Copies everything the record mirrors from the account and derives its status and to-do
/// list. Idempotent (store updates may run it more than once).
pub(super) fn apply_account(
    record: &mut ConnectedAccount,
    account: &Account,
    raw: &Value,
    owner: &Owner,
    place: Place,
) {
    let standing = account_status(account);
    let requirements = account.requirements.as_ref();
    let profile = account.business_profile.clone().unwrap_or_default();
    record.merchant_id = owner.merchant_id.clone();
    record.onboarding_entry_id = owner.entry_id;
    record.business_name = business_name(account, raw);
    record.account_type = account_kind(account, raw);
    record.business_type = account
        .business_type
        .as_ref()
        .map(|kind| kind.as_str().to_string())
        .unwrap_or_default();
    record.country = account.country.clone().unwrap_or_default();
    record.default_currency = account.default_currency.clone().unwrap_or_default();
    record.email = account.email.clone().unwrap_or_default();
    record.status = standing.status;
    record.status_detail = standing.detail.to_string();
    record.charges_enabled = account.charges_enabled;
    record.payouts_enabled = account.payouts_enabled;
    record.details_submitted = account.details_submitted;
    record.disabled_reason = requirements.and_then(|r| r.disabled_reason.clone());
    record.disabled_reason_words = record.disabled_reason.as_deref().map(disabled_reason_words);
    record.to_do = to_do_list(
        requirements,
        raw.get("requirements").unwrap_or(&Value::Null),
    );
    record.current_deadline = requirements
        .and_then(|r| r.current_deadline)
        .and_then(iso_from_unix);
    record.capabilities = capabilities(account);
    record.business_profile = BusinessProfileView {
        name: profile.name,
        mcc: profile.mcc,
        url: profile.url,
        product_description: profile.product_description,
        support_email: profile.support_email,
        support_phone: profile.support_phone,
        support_url: profile.support_url,
    };
    record.dashboard_url =
        (!place.offline).then(|| platform_dashboard_url(&account.id, place.mode == 1));
    record.mode = place.mode;
    record.offline = place.offline;
    record.created = account.created.and_then(iso_from_unix);
    record.synced_at = now_iso();
}

/// The type Stripe names, or for accounts created with `controller` properties (no `type`),
/// the one their dashboard implies.
fn account_kind(account: &Account, raw: &Value) -> Option<AccountKind> {
    match &account.account_type {
        Some(AccountType::Other(_)) | None => {
            match raw.pointer("/controller/stripe_dashboard/type")?.as_str()? {
                "express" => Some(AccountKind::Express),
                "full" => Some(AccountKind::Standard),
                "none" => Some(AccountKind::Custom),
                _ => None,
            }
        }
        Some(kind) => AccountKind::from_stripe(kind),
    }
}

/// The name a person knows the account by: its public business name, else the dashboard's
/// display name, the company's or the person's name, else its email.
fn business_name(account: &Account, raw: &Value) -> String {
    let text = |pointer: &str| {
        raw.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    let person = || {
        let first = text("/individual/first_name")?;
        Some(match text("/individual/last_name") {
            Some(last) => format!("{first} {last}"),
            None => first,
        })
    };
    text("/business_profile/name")
        .or_else(|| text("/settings/dashboard/display_name"))
        .or_else(|| text("/company/name"))
        .or_else(person)
        .or_else(|| account.email.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{AccountStatus, Due};

    const SIM_AFTER_DETAILS: &str = include_str!("../onboarding/testdata/sim_after_details.json");
    const STRIPE_FIXTURE: &str = include_str!("../onboarding/testdata/stripe_fixture_account.json");

    fn record(text: &str, place: Place) -> ConnectedAccount {
        let raw: Value = serde_json::from_str(text).expect("json");
        let account: Account = serde_json::from_value(raw.clone()).expect("account");
        let owner = Owner {
            merchant_id: Some("merchant_123".into()),
            entry_id: Some(7),
        };
        new_account(3, &account, &raw, &owner, place)
    }

    #[test]
    fn a_record_mirrors_the_account() {
        let sandbox = Place {
            mode: 0,
            offline: true,
        };
        let account = record(SIM_AFTER_DETAILS, sandbox);
        assert_eq!(account.business_name, "Downtown Grill");
        assert_eq!(account.account_type, Some(AccountKind::Express));
        assert_eq!(
            (account.country.as_str(), account.business_type.as_str()),
            ("US", "company")
        );
        assert_eq!(account.status, AccountStatus::Restricted);
        assert_eq!(
            account.disabled_reason_words.as_deref(),
            Some("Required information is overdue.")
        );
        let lines: Vec<(&str, Due)> = account
            .to_do
            .iter()
            .map(|l| (l.words.as_str(), l.due))
            .collect();
        assert_eq!(
            lines,
            [
                ("Bank account for payouts", Due::PastDue),
                ("Accept Stripe’s terms of service", Due::PastDue)
            ]
        );
        assert_eq!(account.capabilities[0].label, "Card payments");
        assert_eq!(account.dashboard_url, None, "the sandbox has no Dashboard");
        assert_eq!(
            (account.merchant_id.as_deref(), account.onboarding_entry_id),
            (Some("merchant_123"), Some(7))
        );
        assert_eq!(account.created.as_deref(), Some("2026-11-23T11:00:34.000Z"));
    }

    #[test]
    fn accounts_at_stripe_open_in_the_dashboard() {
        let test_mode = Place {
            mode: 0,
            offline: false,
        };
        let account = record(STRIPE_FIXTURE, test_mode);
        assert_eq!(
            account.dashboard_url.as_deref(),
            Some("https://dashboard.stripe.com/test/connect/accounts/acct_1PgafTB7WZ01zgkW")
        );
        assert_eq!(account.account_type, Some(AccountKind::Standard));
        assert_eq!(account.status, AccountStatus::Pending);
    }
}
