//! What an account still has to provide, and what it may do meanwhile.
//!
//! Requirements follow from the account's data, never from a step counter, so an account
//! completed through the API, through hosted onboarding or through a mix behaves the same:
//!
//! * identity: `business_type`; then `company.name` or `individual.first_name` /
//!   `individual.last_name`; `business_profile.mcc`; `business_profile.url` (or, as the listed
//!   alternative, `business_profile.product_description`);
//! * terms of service: `tos_acceptance.date`, `tos_acceptance.ip`;
//! * `external_account`: a bank account for payouts.
//!
//! `card_payments` (and every other payment-method capability) needs identity + terms;
//! `transfers` additionally needs the external account. A requested capability is `active` once
//! its requirements are met, `inactive` before, and `pending` while the test control holds the
//! account's verification (then the provided identity fields are listed in
//! `pending_verification` and `disabled_reason` is `requirements.pending_verification`).
//! `charges_enabled` is `card_payments` being active; `payouts_enabled` needs identity, terms
//! and a bank account (and no held verification). Everything currently due
//! is also past due (onboarding requirements have no grace period), which sets
//! `disabled_reason` to `requirements.past_due`. Custom accounts count as `details_submitted`
//! once the platform supplied the identity data; Standard and Express accounts get it from the
//! hosted onboarding's details step.

use std::collections::BTreeSet;

use crate::model::{Account, RequirementAlternative, Requirements};

/// Capabilities that need a bank account.
const PAYOUT_CAPABILITIES: &[&str] = &["transfers", "legacy_payments"];

/// Identity fields the account's business type asks for.
fn identity_fields(account: &Account) -> Vec<&'static str> {
    let mut fields = vec!["business_type"];
    match account.business_type.as_deref() {
        None => {}
        Some("individual") => fields.extend(["individual.first_name", "individual.last_name"]),
        Some(_) => fields.push("company.name"),
    }
    fields.extend(["business_profile.mcc", "business_profile.url"]);
    fields
}

/// Identity fields still missing.
fn identity_due(account: &Account) -> Vec<&'static str> {
    let mut due = Vec::new();
    match account.business_type.as_deref() {
        None => due.push("business_type"),
        Some("individual") => {
            let person = account.individual.as_ref();
            if person.and_then(|p| p.first_name.as_ref()).is_none() {
                due.push("individual.first_name");
            }
            if person.and_then(|p| p.last_name.as_ref()).is_none() {
                due.push("individual.last_name");
            }
        }
        Some(_) => {
            if account
                .company
                .as_ref()
                .and_then(|c| c.name.as_ref())
                .is_none()
            {
                due.push("company.name");
            }
        }
    }
    let profile = &account.business_profile;
    if profile.mcc.is_none() {
        due.push("business_profile.mcc");
    }
    if profile.url.is_none() && profile.product_description.is_none() {
        due.push("business_profile.url");
    }
    due
}

fn tos_due(account: &Account) -> Vec<&'static str> {
    let mut due = Vec::new();
    if account.tos_acceptance.date.is_none() {
        due.push("tos_acceptance.date");
    }
    if account.tos_acceptance.ip.is_none() {
        due.push("tos_acceptance.ip");
    }
    due
}

fn bank_due(account: &Account) -> Vec<&'static str> {
    if account.external_accounts.data.is_empty() {
        vec!["external_account"]
    } else {
        Vec::new()
    }
}

/// Recomputes `requirements`, capability statuses, `charges_enabled`, `payouts_enabled` (and
/// `details_submitted` for Custom accounts) from the account's data. `verification_held`
/// keeps satisfied capabilities `pending`.
pub fn apply(account: &mut Account, verification_held: bool) {
    let identity = identity_due(account);
    let tos = tos_due(account);
    let bank = bank_due(account);

    let mut due = BTreeSet::new();
    let names: Vec<String> = account.capabilities.keys().cloned().collect();
    for name in names {
        let mut needs: Vec<&str> = identity.iter().chain(&tos).copied().collect();
        if PAYOUT_CAPABILITIES.contains(&name.as_str()) {
            needs.extend(&bank);
        }
        let status = match (needs.is_empty(), verification_held) {
            (false, _) => "inactive",
            (true, true) => "pending",
            (true, false) => "active",
        };
        due.extend(needs.into_iter().map(str::to_owned));
        account.capabilities.insert(name, status.to_owned());
    }

    let currently_due: Vec<String> = due.into_iter().collect();
    let alternatives = if currently_due.iter().any(|d| d == "business_profile.url") {
        vec![RequirementAlternative {
            alternative_fields_due: vec!["business_profile.product_description".into()],
            original_fields_due: vec!["business_profile.url".into()],
        }]
    } else {
        Vec::new()
    };
    let pending_verification: Vec<String> = if verification_held {
        identity_fields(account)
            .into_iter()
            .filter(|f| !identity.contains(f))
            .map(str::to_owned)
            .collect()
    } else {
        Vec::new()
    };
    let pending = account.capabilities.values().any(|s| s == "pending");
    let disabled_reason = if !currently_due.is_empty() {
        Some("requirements.past_due".to_owned())
    } else if pending {
        Some("requirements.pending_verification".to_owned())
    } else {
        None
    };
    account.requirements = Requirements {
        alternatives,
        current_deadline: None,
        disabled_reason,
        errors: Vec::new(),
        eventually_due: currently_due.clone(),
        past_due: currently_due.clone(),
        pending_verification,
        currently_due,
    };
    account.charges_enabled = account
        .capabilities
        .get("card_payments")
        .map(String::as_str)
        == Some("active");
    account.payouts_enabled = !account.capabilities.is_empty()
        && identity.is_empty()
        && tos.is_empty()
        && bank.is_empty()
        && !verification_held;
    if account.kind == "custom" && identity.is_empty() {
        account.details_submitted = true;
    }
}
