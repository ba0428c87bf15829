//! The onboarding status, derived from the Stripe account alone: a sync always agrees with
//! Stripe, and tests pin it on real account shapes.

use connectdesk_stripe::accounts::Account;
use serde_json::Value;

use super::model::OnboardingStatus;

/// The first of these that holds:
///
/// 0. `MissingData`: details not submitted, or a requirement other than the terms of service is
///    currently due or past due (including `external_account`: the bank account is data too);
/// 1. `MissingTos`: the terms of service are not accepted (or their fields are due);
/// 2. `ChargesDisabled`; 3. `PayoutDisabled`; 4. `PayoutEnabled`.
///
/// Unaccepted terms always show up as due `tos_acceptance.*` requirements, so counting those as
/// "missing data" would make `MissingTos` unreachable; they get their own status instead.
pub fn derive_status(account: &Account, tos_accepted: bool) -> OnboardingStatus {
    let mut due = due_now(account);
    let other_data_due = due.clone().any(|requirement| !is_tos(requirement));
    if !account.details_submitted || other_data_due {
        OnboardingStatus::MissingData
    } else if !tos_accepted || due.any(is_tos) {
        OnboardingStatus::MissingTos
    } else if !account.charges_enabled {
        OnboardingStatus::ChargesDisabled
    } else if !account.payouts_enabled {
        OnboardingStatus::PayoutDisabled
    } else {
        OnboardingStatus::PayoutEnabled
    }
}

/// Accepted when Stripe recorded an acceptance date. Where Stripe leaves the acceptance out of
/// the account (it collects it itself), accepted once details are in and nothing about it is due.
pub fn tos_accepted(account: &Account, raw: &Value) -> bool {
    match raw.pointer("/tos_acceptance/date") {
        Some(Value::Null) => false,
        Some(_) => true,
        None => {
            let eventually = account
                .requirements
                .iter()
                .flat_map(|requirements| &requirements.eventually_due);
            account.details_submitted
                && !due_now(account)
                    .chain(eventually.map(String::as_str))
                    .any(is_tos)
        }
    }
}

/// Requirements Stripe needs now: currently due and past due.
fn due_now(account: &Account) -> impl Iterator<Item = &str> + Clone {
    account
        .requirements
        .iter()
        .flat_map(|requirements| {
            requirements
                .currently_due
                .iter()
                .chain(&requirements.past_due)
        })
        .map(String::as_str)
}

fn is_tos(requirement: &str) -> bool {
    requirement.starts_with("tos_acceptance.")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Stripe's own fixture (`fixtures3.json`, resource `account`).
    const STRIPE_FIXTURE: &str = include_str!("testdata/stripe_fixture_account.json");
    /// Captured from the simulator at each step of its hosted onboarding (Express, US).
    const SIM_FRESH: &str = include_str!("testdata/sim_fresh.json");
    const SIM_AFTER_DETAILS: &str = include_str!("testdata/sim_after_details.json");
    const SIM_AFTER_TOS: &str = include_str!("testdata/sim_after_tos.json");
    const SIM_AFTER_BANK: &str = include_str!("testdata/sim_after_bank.json");
    /// After the bank step, with `/_sim/accounts/{id}/verification {"hold": true}`.
    const SIM_VERIFICATION_HELD: &str = include_str!("testdata/sim_verification_held.json");

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("the fixture is JSON")
    }

    fn derive(raw: &Value) -> (OnboardingStatus, bool) {
        let account: Account = serde_json::from_value(raw.clone()).expect("an account");
        let accepted = tos_accepted(&account, raw);
        (derive_status(&account, accepted), accepted)
    }

    /// `base` with `changes` merged in at the top level.
    fn with(base: &str, changes: Value) -> Value {
        let mut raw = parse(base);
        if let (Value::Object(target), Value::Object(changes)) = (&mut raw, changes) {
            target.extend(changes);
        }
        raw
    }

    fn nothing_due() -> Value {
        json!({"currently_due": [], "eventually_due": [], "past_due": [],
               "pending_verification": [], "disabled_reason": null})
    }

    #[test]
    fn status_follows_the_account_in_order() {
        use OnboardingStatus::*;
        let only_terms_due = with(
            SIM_AFTER_BANK,
            json!({
                "tos_acceptance": {"date": null, "ip": null, "user_agent": null},
                "charges_enabled": false,
                "payouts_enabled": false,
                "requirements": {
                    "currently_due": ["tos_acceptance.date", "tos_acceptance.ip"],
                    "past_due": ["tos_acceptance.date", "tos_acceptance.ip"],
                    "disabled_reason": "requirements.past_due",
                },
            }),
        );
        let terms_asked_again = with(
            SIM_AFTER_BANK,
            json!({"requirements": {"currently_due": ["tos_acceptance.ip"]}}),
        );
        let past_due_only = with(
            SIM_AFTER_BANK,
            json!({"requirements": {"currently_due": [], "past_due": ["individual.id_number"]}}),
        );
        let payouts_paused = with(SIM_AFTER_BANK, json!({"payouts_enabled": false}));
        let acceptance_hidden = with(
            SIM_AFTER_BANK,
            json!({"tos_acceptance": null, "requirements": nothing_due()}),
        );
        // After details and after the terms the bank account is still due: data is missing.
        #[rustfmt::skip]
        let cases = [
            ("Stripe fixture: nothing submitted", parse(STRIPE_FIXTURE), MissingData, false),
            ("simulator: fresh account", parse(SIM_FRESH), MissingData, false),
            ("simulator: after details", parse(SIM_AFTER_DETAILS), MissingData, false),
            ("simulator: after terms", parse(SIM_AFTER_TOS), MissingData, true),
            ("simulator: after bank", parse(SIM_AFTER_BANK), PayoutEnabled, true),
            ("simulator: verification held", parse(SIM_VERIFICATION_HELD), ChargesDisabled, true),
            ("only the terms due (bank added through the API)", only_terms_due, MissingTos, false),
            ("accepted, but Stripe asks for the acceptance again", terms_asked_again, MissingTos, true),
            ("past due only", past_due_only, MissingData, true),
            ("payouts paused by Stripe, nothing due", payouts_paused, PayoutDisabled, true),
            ("acceptance not shown by Stripe, nothing due", acceptance_hidden, PayoutEnabled, true),
        ];
        for (name, raw, status, accepted) in cases {
            assert_eq!(derive(&raw), (status, accepted), "{name}");
        }
    }

    #[test]
    fn codes_are_the_apis() {
        let codes: Vec<u8> = [
            OnboardingStatus::MissingData,
            OnboardingStatus::MissingTos,
            OnboardingStatus::ChargesDisabled,
            OnboardingStatus::PayoutDisabled,
            OnboardingStatus::PayoutEnabled,
        ]
        .into_iter()
        .map(OnboardingStatus::code)
        .collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
    }
}
