//! The seed's account status (pending, active, restricted, disabled), derived from the Stripe
//! account alone, so a sync always agrees with Stripe. Onboarding's finer progress
//! ([`crate::onboarding::derive_status`]) answers another question (which onboarding step is
//! next) from the same account; both read it through `connectdesk_stripe::accounts::Account`.

use connectdesk_stripe::accounts::Account;

use super::model::AccountStatus;

/// An account's status and why, in one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: AccountStatus,
    pub detail: &'static str,
}

/// The first of these that holds:
///
/// 1. **disabled**: Stripe or the platform turned the account off for a reason no information
///    cures: `disabled_reason` is `rejected.*`, `listed`, `platform_paused` or `other`;
/// 2. **pending**: onboarding is not complete (`details_submitted` is false);
/// 3. **active**: charges and payouts are enabled and nothing is past due (requirements
///    currently due with a deadline are on the to-do list; the account works until then);
/// 4. **pending**: nothing works yet, nothing is due, and Stripe is verifying what was sent
///    (`disabled_reason` empty or `requirements.pending_verification`);
/// 5. **restricted**: the rest: charges or payouts are off (information missing, or Stripe is
///    reviewing the account), or requirements are past due.
pub fn account_status(account: &Account) -> Standing {
    let requirements = account.requirements.clone().unwrap_or_default();
    let reason = requirements.disabled_reason.as_deref().unwrap_or("");
    let nothing_due = requirements.currently_due.is_empty() && requirements.past_due.is_empty();
    let standing = |status, detail| Standing { status, detail };
    if turned_off(reason) {
        standing(
            AccountStatus::Disabled,
            "Stripe or the platform disabled the account; providing information does not enable it again.",
        )
    } else if !account.details_submitted {
        standing(
            AccountStatus::Pending,
            "Onboarding is not complete: the account's details have not been submitted to Stripe yet.",
        )
    } else if account.charges_enabled && account.payouts_enabled && requirements.past_due.is_empty()
    {
        standing(AccountStatus::Active, "Charges and payouts are enabled.")
    } else if !account.charges_enabled
        && !account.payouts_enabled
        && nothing_due
        && matches!(reason, "" | "requirements.pending_verification")
    {
        standing(
            AccountStatus::Pending,
            "Onboarding is not complete: Stripe is verifying the information the account sent.",
        )
    } else if !requirements.past_due.is_empty() {
        standing(
            AccountStatus::Restricted,
            "Limited: required information is overdue, so Stripe has paused charges or payouts until it is provided.",
        )
    } else {
        standing(
            AccountStatus::Restricted,
            "Limited: charges or payouts are not enabled until Stripe has what it needs.",
        )
    }
}

/// Reasons that are a decision, not a missing piece of information.
fn turned_off(reason: &str) -> bool {
    reason.starts_with("rejected.") || matches!(reason, "listed" | "platform_paused" | "other")
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// Stripe's own fixture (`fixtures3.json`, resource `account`).
    const STRIPE_FIXTURE: &str = include_str!("../onboarding/testdata/stripe_fixture_account.json");
    /// Captured from the simulator at each step of its hosted onboarding (Express, US).
    const SIM_FRESH: &str = include_str!("../onboarding/testdata/sim_fresh.json");
    const SIM_AFTER_DETAILS: &str = include_str!("../onboarding/testdata/sim_after_details.json");
    const SIM_AFTER_TOS: &str = include_str!("../onboarding/testdata/sim_after_tos.json");
    const SIM_AFTER_BANK: &str = include_str!("../onboarding/testdata/sim_after_bank.json");
    const SIM_VERIFICATION_HELD: &str =
        include_str!("../onboarding/testdata/sim_verification_held.json");

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("the fixture is JSON")
    }

    /// `base` with `changes` merged in at the top level, and `requirements` merged into its own.
    fn with(base: &str, changes: Value) -> Value {
        let mut raw = parse(base);
        let Value::Object(changes) = changes else {
            return raw;
        };
        for (key, value) in changes {
            match (raw.get_mut(&key), value) {
                (Some(Value::Object(target)), Value::Object(inner)) if key == "requirements" => {
                    target.extend(inner)
                }
                (_, value) => {
                    raw[key] = value;
                }
            }
        }
        raw
    }

    fn status_of(raw: &Value) -> AccountStatus {
        let account: Account = serde_json::from_value(raw.clone()).expect("an account");
        account_status(&account).status
    }

    #[test]
    fn status_follows_the_account_in_order() {
        use AccountStatus::*;
        // Stripe's answer to `POST /v1/accounts/{id}/reject` (reason fraud): both turned off.
        let rejected = with(
            SIM_AFTER_BANK,
            json!({"charges_enabled": false, "payouts_enabled": false,
                   "requirements": {"disabled_reason": "rejected.fraud"}}),
        );
        let rejected_early = with(
            SIM_FRESH,
            json!({"requirements": {"disabled_reason": "rejected.terms_of_service"}}),
        );
        let listed = with(
            SIM_AFTER_BANK,
            json!({"charges_enabled": false, "payouts_enabled": false,
                   "requirements": {"disabled_reason": "listed"}}),
        );
        let paused = with(
            SIM_AFTER_BANK,
            json!({"payouts_enabled": false, "requirements": {"disabled_reason": "platform_paused"}}),
        );
        // Active with information due by a deadline (Stripe's "restricted soon"): still works.
        let due_by_deadline = with(
            SIM_AFTER_BANK,
            json!({"requirements": {"currently_due": ["individual.id_number"],
                   "eventually_due": ["individual.id_number"], "current_deadline": 1_767_225_600}}),
        );
        let overdue_but_enabled = with(
            SIM_AFTER_BANK,
            json!({"requirements": {"currently_due": ["individual.id_number"],
                   "past_due": ["individual.id_number"]}}),
        );
        let payouts_paused_for_data = with(
            SIM_AFTER_BANK,
            json!({"payouts_enabled": false,
                   "requirements": {"currently_due": ["external_account"], "past_due": ["external_account"],
                   "disabled_reason": "requirements.past_due"}}),
        );
        let payouts_off_nothing_due = with(SIM_AFTER_BANK, json!({"payouts_enabled": false}));
        let under_review = with(
            SIM_AFTER_BANK,
            json!({"charges_enabled": false, "payouts_enabled": false,
                   "requirements": {"disabled_reason": "under_review"}}),
        );
        let hidden_requirements = with(SIM_AFTER_BANK, json!({"requirements": null}));
        #[rustfmt::skip]
        let cases = [
            ("Stripe fixture: nothing submitted", parse(STRIPE_FIXTURE), Pending),
            ("simulator: fresh Express account", parse(SIM_FRESH), Pending),
            ("simulator: details in, terms and bank overdue", parse(SIM_AFTER_DETAILS), Restricted),
            ("simulator: charges on, bank account overdue", parse(SIM_AFTER_TOS), Restricted),
            ("simulator: onboarding done", parse(SIM_AFTER_BANK), Active),
            ("simulator: Stripe verifying", parse(SIM_VERIFICATION_HELD), Pending),
            ("rejected for fraud", rejected, Disabled),
            ("rejected before onboarding", rejected_early, Disabled),
            ("on a prohibited list", listed, Disabled),
            ("paused by the platform", paused, Disabled),
            ("information due by a deadline", due_by_deadline, Active),
            ("overdue while still enabled", overdue_but_enabled, Restricted),
            ("payouts paused for the bank account", payouts_paused_for_data, Restricted),
            ("payouts off, nothing due", payouts_off_nothing_due, Restricted),
            ("under review", under_review, Restricted),
            ("requirements left out by Stripe", hidden_requirements, Active),
        ];
        for (name, raw, status) in cases {
            assert_eq!(status_of(&raw), status, "{name}");
        }
    }
}
