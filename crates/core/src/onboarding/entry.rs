//! Filling an entry from a Stripe account. Pure, so create, adoption, finish and refresh all
//! record an account the same way.

use connectdesk_stripe::accounts::Account;
use serde_json::Value;

use super::model::{AccountKind, OnboardingEntry, PaymentMethod};
use super::pending::CreateContext;
use super::status::{derive_status, tos_accepted};
use crate::accounts::{capabilities, disabled_reason_words, to_do_list};

/// A new entry for the account a create made; the store assigns id and timestamps.
pub(crate) fn new_entry(intent: &CreateContext, account: &Account, raw: &Value) -> OnboardingEntry {
    let mut entry = OnboardingEntry {
        id: 0,
        workspace_id: intent.workspace_id,
        merchant_id: intent.merchant_id.clone(),
        account_id: account.id.clone(),
        account_type: intent.account_type,
        status: 0,
        status_name: super::model::OnboardingStatus::MissingData,
        mode: intent.mode,
        offline: intent.offline,
        email: String::new(),
        country: String::new(),
        tos_accepted: false,
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
        capabilities: Default::default(),
        capability_list: Vec::new(),
        to_do: Vec::new(),
        disabled_reason_words: None,
        payment_methods: Vec::new(),
        business_type: String::new(),
        return_url: intent.return_url.clone(),
        refresh_url: intent.refresh_url.clone(),
        link_expires_at: None,
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
        raw_response: Value::Null,
    };
    apply_account(&mut entry, account, raw);
    entry
}

/// Copies everything the entry mirrors from the account, derives the status and keeps the raw
/// answer. Idempotent (store updates may run it more than once).
pub(crate) fn apply_account(entry: &mut OnboardingEntry, account: &Account, raw: &Value) {
    let accepted = tos_accepted(account, raw);
    let status = derive_status(account, accepted);
    entry.status = status.code();
    entry.status_name = status;
    entry.email = account.email.clone().unwrap_or_default();
    if let Some(country) = &account.country {
        entry.country = country.clone();
    }
    if let Some(kind) = account
        .account_type
        .as_ref()
        .and_then(AccountKind::from_stripe)
    {
        entry.account_type = kind;
    }
    entry.tos_accepted = accepted;
    entry.details_submitted = account.details_submitted;
    entry.charges_enabled = account.charges_enabled;
    entry.payouts_enabled = account.payouts_enabled;
    entry.capabilities = account
        .capabilities
        .iter()
        .map(|(name, status)| (name.clone(), status.as_str().to_string()))
        .collect();
    entry.capability_list = capabilities(account);
    let requirements = account.requirements.as_ref();
    entry.to_do = to_do_list(
        requirements,
        raw.get("requirements").unwrap_or(&Value::Null),
    );
    entry.disabled_reason_words = requirements
        .and_then(|r| r.disabled_reason.as_deref())
        .map(disabled_reason_words);
    entry.business_type = account
        .business_type
        .as_ref()
        .map(|kind| kind.as_str().to_string())
        .unwrap_or_default();
    entry.raw_response = raw.clone();
}

pub(crate) fn apply_payment_methods(entry: &mut OnboardingEntry, methods: &[PaymentMethod]) {
    entry.payment_methods = methods.to_vec();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onboarding::model::OnboardingStatus;
    use crate::time::iso_from_unix;

    const SIM_AFTER_BANK: &str = include_str!("testdata/sim_after_bank.json");

    fn intent() -> CreateContext {
        CreateContext {
            workspace_id: 3,
            merchant_id: "merchant_123".into(),
            mode: 0,
            offline: true,
            account_type: AccountKind::Express,
            return_url: Some("https://app.example.com/return".into()),
            refresh_url: None,
        }
    }

    #[test]
    fn an_entry_mirrors_the_account() {
        let raw: Value = serde_json::from_str(SIM_AFTER_BANK).expect("json");
        let account: Account = serde_json::from_value(raw.clone()).expect("account");
        let entry = new_entry(&intent(), &account, &raw);
        assert_eq!(entry.account_id, account.id);
        assert_eq!(
            (entry.workspace_id, entry.merchant_id.as_str()),
            (3, "merchant_123")
        );
        assert_eq!(
            (entry.status, entry.status_name),
            (4, OnboardingStatus::PayoutEnabled)
        );
        assert_eq!(entry.email, "owner@restaurant.com");
        assert_eq!(
            (entry.country.as_str(), entry.business_type.as_str()),
            ("US", "company")
        );
        assert!(entry.tos_accepted && entry.details_submitted);
        assert!(entry.charges_enabled && entry.payouts_enabled);
        assert_eq!(
            entry.capabilities.get("card_payments").map(String::as_str),
            Some("active")
        );
        assert_eq!(entry.raw_response, raw);
        assert_eq!(
            entry.return_url.as_deref(),
            Some("https://app.example.com/return")
        );
    }

    #[test]
    fn unix_times_become_iso() {
        assert_eq!(
            iso_from_unix(1_757_660_057).as_deref(),
            Some("2025-09-12T06:54:17.000Z")
        );
        assert_eq!(iso_from_unix(i64::MAX), None);
    }
}
