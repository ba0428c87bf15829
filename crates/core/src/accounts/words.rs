//! Stripe's requirement, capability and disabled-reason names in plain words, and the
//! requirements as a to-do list. One table for every screen: the account detail and the
//! onboarding detail both show these words.

use connectdesk_stripe::accounts::{Account, Requirements};
use serde_json::Value;

use super::model::{Capability, Due, ToDo};
use crate::onboarding::payment_method_name;
use crate::time::iso_from_unix;

/// Whole requirement names whose words are known.
const REQUIREMENTS: &[(&str, &str)] = &[
    ("external_account", "Bank account for payouts"),
    ("tos_acceptance.date", "Accept Stripe’s terms of service"),
    ("tos_acceptance.ip", "Accept Stripe’s terms of service"),
    (
        "tos_acceptance.user_agent",
        "Accept Stripe’s terms of service",
    ),
    ("business_type", "Business type (individual, company, …)"),
    ("business_profile.name", "Business name"),
    (
        "business_profile.mcc",
        "Merchant category (what the business sells)",
    ),
    (
        "business_profile.url",
        "Business website (or a product description)",
    ),
    (
        "business_profile.product_description",
        "Product description",
    ),
    ("business_profile.support_phone", "Support phone number"),
    ("business_profile.support_email", "Support email"),
    ("business_profile.support_url", "Support website"),
    (
        "settings.payments.statement_descriptor",
        "Statement descriptor (what customers see on their statements)",
    ),
    ("company.name", "Company name"),
    ("company.tax_id", "Company tax ID"),
    ("company.phone", "Company phone number"),
    ("company.owners_provided", "Confirm the company’s owners"),
    (
        "company.directors_provided",
        "Confirm the company’s directors",
    ),
    (
        "company.executives_provided",
        "Confirm the company’s executives",
    ),
    (
        "company.verification.document",
        "Company verification document",
    ),
    ("company.structure", "Company structure"),
];

/// Requirement names that start with these are one line each, whatever follows.
const REQUIREMENT_PREFIXES: &[(&str, &str)] = &[
    ("company.address.", "Company address"),
    ("company.registration_number", "Company registration number"),
];

/// Fields of a person (the individual, the representative, owners …).
const PERSON_FIELDS: &[(&str, &str)] = &[
    ("first_name", "Legal name"),
    ("last_name", "Legal name"),
    ("email", "Email"),
    ("phone", "Phone number"),
    ("id_number", "ID number"),
    ("ssn_last_4", "Last 4 digits of the Social Security number"),
    ("verification.document", "Identity document"),
    (
        "verification.additional_document",
        "Additional identity document",
    ),
    ("relationship.title", "Job title"),
    ("relationship.owner", "Ownership"),
    ("relationship.percent_ownership", "Ownership percentage"),
];

const PERSON_PREFIXES: &[(&str, &str)] = &[("address.", "Home address"), ("dob.", "Date of birth")];

/// Whose person fields these are: `individual.` (the account holder), `representative.`,
/// `person_…` (one of the company's people), `owners.`, `directors.`, `executives.`.
fn person_role(field: &str) -> Option<(&'static str, &str)> {
    let (head, rest) = field.split_once('.')?;
    let role = match head {
        "individual" => "",
        "representative" => "Representative",
        "owners" => "Owner",
        "directors" => "Director",
        "executives" => "Executive",
        _ if head.starts_with("person_") => "Person",
        _ => return None,
    };
    Some((role, rest))
}

/// A Stripe requirement (`external_account`, `individual.address.city`, …) in words. A name
/// this table does not know is spelled out from its parts.
pub fn requirement_words(field: &str) -> String {
    if let Some((_, words)) = REQUIREMENTS.iter().find(|(name, _)| *name == field) {
        return (*words).to_string();
    }
    if let Some((_, words)) = REQUIREMENT_PREFIXES
        .iter()
        .find(|(prefix, _)| field.starts_with(prefix))
    {
        return (*words).to_string();
    }
    if let Some((role, rest)) = person_role(field) {
        let words = PERSON_FIELDS
            .iter()
            .find(|(name, _)| *name == rest)
            .or_else(|| {
                PERSON_PREFIXES
                    .iter()
                    .find(|(prefix, _)| rest.starts_with(prefix))
            })
            .map(|(_, words)| (*words).to_string())
            .unwrap_or_else(|| spelled_out(rest));
        return if role.is_empty() {
            words
        } else {
            format!("{role}: {}", lower_first(&words))
        };
    }
    spelled_out(field)
}

/// `individual.address_city` → "Individual address city".
fn spelled_out(field: &str) -> String {
    let words = field
        .split(['_', '.'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => field.to_string(),
    }
}

fn lower_first(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        // "ID number" stays as it is.
        Some(first) if !chars.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => words.to_string(),
    }
}

/// The requirements as a to-do list: one line per thing to provide (Stripe's fields that say
/// the same are one line), most urgent first, each with its deadline and Stripe's objection.
pub fn to_do_list(requirements: Option<&Requirements>, raw_requirements: &Value) -> Vec<ToDo> {
    let Some(requirements) = requirements else {
        return Vec::new();
    };
    let deadline = requirements.current_deadline.and_then(iso_from_unix);
    let listed = [
        (Due::PastDue, &requirements.past_due),
        (Due::CurrentlyDue, &requirements.currently_due),
        (Due::EventuallyDue, &requirements.eventually_due),
        (Due::PendingVerification, &requirements.pending_verification),
    ];
    let mut list: Vec<ToDo> = Vec::new();
    for (due, fields) in listed {
        for field in fields {
            let words = requirement_words(field);
            match list.iter_mut().find(|line| line.words == words) {
                // Stripe lists a past-due field again as currently and eventually due.
                Some(line) => {
                    if !line.fields.contains(field) {
                        line.fields.push(field.clone());
                    }
                }
                None => list.push(ToDo {
                    words,
                    fields: vec![field.clone()],
                    due,
                    deadline: (due == Due::CurrentlyDue)
                        .then(|| deadline.clone())
                        .flatten(),
                    problem: None,
                }),
            }
        }
    }
    for (requirement, reason) in requirement_errors(raw_requirements) {
        if let Some(line) = list
            .iter_mut()
            .find(|line| line.fields.contains(&requirement))
        {
            line.problem.get_or_insert(reason);
        }
    }
    list.sort_by_key(|line| line.due);
    list
}

/// `requirements.errors[]` as (requirement, Stripe's reason).
fn requirement_errors(raw_requirements: &Value) -> Vec<(String, String)> {
    raw_requirements
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|error| {
            Some((
                error.get("requirement")?.as_str()?.to_string(),
                error.get("reason")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

/// Stripe's `requirements.disabled_reason` in words.
pub fn disabled_reason_words(reason: &str) -> String {
    match reason {
        "requirements.past_due" => "Required information is overdue.",
        "requirements.pending_verification" => "Stripe is verifying the information provided.",
        "action_required.requested_capabilities" => {
            "A requested capability needs information before Stripe enables it."
        }
        "listed" => "The account is on a list of prohibited persons or companies.",
        "platform_paused" => "Your platform paused the account.",
        "under_review" => "Stripe is reviewing the account.",
        "rejected.fraud" => "Rejected: suspected fraud.",
        "rejected.terms_of_service" => "Rejected: it breaks Stripe’s terms of service.",
        "rejected.listed" => "Rejected: on a list of prohibited persons or companies.",
        "rejected.incomplete_verification" => "Rejected: verification was not completed in time.",
        "rejected.platform_fraud" => "Rejected by your platform: suspected fraud.",
        "rejected.platform_terms_of_service" => {
            "Rejected by your platform: it breaks the platform’s terms."
        }
        "rejected.platform_other" => "Rejected by your platform.",
        "rejected.other" => "Rejected by Stripe.",
        "other" => "Stripe disabled the account.",
        other => return spelled_out(other),
    }
    .to_string()
}

const CAPABILITIES: &[(&str, &str)] = &[
    ("card_payments", "Card payments"),
    ("transfers", "Transfers"),
    ("legacy_payments", "Legacy payments"),
    ("card_issuing", "Card issuing"),
    ("treasury", "Treasury"),
    ("tax_reporting_us_1099_k", "US 1099-K tax reporting"),
    ("tax_reporting_us_1099_misc", "US 1099-MISC tax reporting"),
];

/// A capability's name in words: "Card payments", "iDEAL payments".
pub fn capability_label(name: &str) -> String {
    if let Some((_, label)) = CAPABILITIES.iter().find(|(known, _)| *known == name) {
        return (*label).to_string();
    }
    match name.strip_suffix("_payments") {
        Some(method) => format!("{} payments", payment_method_name(method)),
        None => spelled_out(name),
    }
}

/// The account's capabilities with their status, by name.
pub fn capabilities(account: &Account) -> Vec<Capability> {
    account
        .capabilities
        .iter()
        .map(|(name, status)| Capability {
            name: name.clone(),
            label: capability_label(name),
            status: status.as_str().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn requirements_read_as_things_to_provide() {
        for (field, words) in [
            ("external_account", "Bank account for payouts"),
            ("tos_acceptance.ip", "Accept Stripe’s terms of service"),
            ("individual.address.postal_code", "Home address"),
            ("individual.dob.year", "Date of birth"),
            ("individual.id_number", "ID number"),
            ("representative.first_name", "Representative: legal name"),
            ("representative.id_number", "Representative: ID number"),
            (
                "person_1Nv0FGQ9RKHgCVdK.verification.document",
                "Person: identity document",
            ),
            ("company.address.line1", "Company address"),
            ("individual.address_kana.town", "Address kana town"),
            ("some_new.requirement", "Some new requirement"),
        ] {
            assert_eq!(requirement_words(field), words, "{field}");
        }
    }

    #[test]
    fn the_to_do_list_merges_lines_and_puts_the_most_urgent_first() {
        let raw = json!({
            "current_deadline": 1_767_225_600,
            "currently_due": ["individual.address.city", "individual.address.line1", "individual.id_number", "tos_acceptance.date"],
            "eventually_due": ["individual.address.city", "individual.address.line1", "individual.id_number", "tos_acceptance.date", "individual.verification.document"],
            "past_due": ["tos_acceptance.date"],
            "pending_verification": ["individual.dob.day"],
            "errors": [{"code": "invalid_value_other", "reason": "The ID number does not match the name.", "requirement": "individual.id_number"}],
            "disabled_reason": null,
        });
        let requirements: Requirements = serde_json::from_value(raw.clone()).expect("requirements");
        let list = to_do_list(Some(&requirements), &raw);
        let lines: Vec<(&str, Due, Option<&str>, Option<&str>)> = list
            .iter()
            .map(|l| {
                (
                    l.words.as_str(),
                    l.due,
                    l.deadline.as_deref(),
                    l.problem.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("Accept Stripe’s terms of service", Due::PastDue, None, None),
                (
                    "Home address",
                    Due::CurrentlyDue,
                    Some("2026-01-01T00:00:00.000Z"),
                    None
                ),
                (
                    "ID number",
                    Due::CurrentlyDue,
                    Some("2026-01-01T00:00:00.000Z"),
                    Some("The ID number does not match the name.")
                ),
                ("Identity document", Due::EventuallyDue, None, None),
                ("Date of birth", Due::PendingVerification, None, None),
            ]
        );
        assert_eq!(
            list[1].fields,
            ["individual.address.city", "individual.address.line1"]
        );
    }

    #[test]
    fn capabilities_and_reasons_read_in_words() {
        assert_eq!(capability_label("card_payments"), "Card payments");
        assert_eq!(capability_label("ideal_payments"), "iDEAL payments");
        assert_eq!(
            capability_label("us_bank_account_ach_payments"),
            "us_bank_account_ach payments"
        );
        assert_eq!(
            disabled_reason_words("rejected.fraud"),
            "Rejected: suspected fraud."
        );
        assert_eq!(disabled_reason_words("new.reason"), "New reason");
    }
}
