//! The create form's choices, as data: the countries a connected account can be created in for
//! each account type, and the business types. The UI offers exactly these (through the
//! `onboarding_choices` command) and the core refuses anything else, so the two never disagree.

use serde::Serialize;
use specta::Type;

use super::model::AccountKind;

/// A country a connected account can be created in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CountryChoice {
    /// ISO 3166-1 alpha-2, as Stripe takes it.
    pub code: &'static str,
    /// The country's English name.
    pub name: &'static str,
    /// The account types Stripe supports there.
    pub account_types: Vec<AccountKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BusinessTypeChoice {
    /// Stripe's value (`individual`, `company`, `non_profit`, `government_entity`).
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingChoices {
    /// Sorted by name.
    pub countries: Vec<CountryChoice>,
    pub business_types: Vec<BusinessTypeChoice>,
}

const ALL_TYPES: &[AccountKind] = &[
    AccountKind::Standard,
    AccountKind::Express,
    AccountKind::Custom,
];

/// The countries where Stripe offers accounts, from Stripe's Connect documentation ("Connect
/// availability": the countries a connected account can be based in, https://stripe.com/global),
/// where Standard, Express and Custom accounts are all supported. Left out on purpose: countries
/// reachable only through cross-border payouts (Express or Custom *recipient* accounts of a US
/// platform, which need the `recipient` service agreement ConnectDesk does not request yet) and
/// invite-only markets (India).
const COUNTRIES: &[(&str, &str, &[AccountKind])] = &[
    ("AE", "United Arab Emirates", ALL_TYPES),
    ("AT", "Austria", ALL_TYPES),
    ("AU", "Australia", ALL_TYPES),
    ("BE", "Belgium", ALL_TYPES),
    ("BG", "Bulgaria", ALL_TYPES),
    ("BR", "Brazil", ALL_TYPES),
    ("CA", "Canada", ALL_TYPES),
    ("CH", "Switzerland", ALL_TYPES),
    ("CY", "Cyprus", ALL_TYPES),
    ("CZ", "Czech Republic", ALL_TYPES),
    ("DE", "Germany", ALL_TYPES),
    ("DK", "Denmark", ALL_TYPES),
    ("EE", "Estonia", ALL_TYPES),
    ("ES", "Spain", ALL_TYPES),
    ("FI", "Finland", ALL_TYPES),
    ("FR", "France", ALL_TYPES),
    ("GB", "United Kingdom", ALL_TYPES),
    ("GI", "Gibraltar", ALL_TYPES),
    ("GR", "Greece", ALL_TYPES),
    ("HK", "Hong Kong", ALL_TYPES),
    ("HR", "Croatia", ALL_TYPES),
    ("HU", "Hungary", ALL_TYPES),
    ("IE", "Ireland", ALL_TYPES),
    ("IT", "Italy", ALL_TYPES),
    ("JP", "Japan", ALL_TYPES),
    ("LI", "Liechtenstein", ALL_TYPES),
    ("LT", "Lithuania", ALL_TYPES),
    ("LU", "Luxembourg", ALL_TYPES),
    ("LV", "Latvia", ALL_TYPES),
    ("MT", "Malta", ALL_TYPES),
    ("MX", "Mexico", ALL_TYPES),
    ("MY", "Malaysia", ALL_TYPES),
    ("NL", "Netherlands", ALL_TYPES),
    ("NO", "Norway", ALL_TYPES),
    ("NZ", "New Zealand", ALL_TYPES),
    ("PL", "Poland", ALL_TYPES),
    ("PT", "Portugal", ALL_TYPES),
    ("RO", "Romania", ALL_TYPES),
    ("SE", "Sweden", ALL_TYPES),
    ("SG", "Singapore", ALL_TYPES),
    ("SI", "Slovenia", ALL_TYPES),
    ("SK", "Slovakia", ALL_TYPES),
    ("TH", "Thailand", ALL_TYPES),
    ("US", "United States", ALL_TYPES),
];

const BUSINESS_TYPES: &[(&str, &str)] = &[
    ("individual", "Individual"),
    ("company", "Company"),
    ("non_profit", "Non-profit"),
    ("government_entity", "Government entity"),
];

pub fn onboarding_choices() -> OnboardingChoices {
    let mut countries: Vec<CountryChoice> = COUNTRIES
        .iter()
        .map(|(code, name, types)| CountryChoice {
            code,
            name,
            account_types: types.to_vec(),
        })
        .collect();
    countries.sort_by(|a, b| a.name.cmp(b.name));
    OnboardingChoices {
        countries,
        business_types: BUSINESS_TYPES
            .iter()
            .map(|(value, label)| BusinessTypeChoice { value, label })
            .collect(),
    }
}

/// The country's entry when accounts of `kind` can be created there.
pub(crate) fn supported_country(code: &str, kind: AccountKind) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(known, _, types)| *known == code && types.contains(&kind))
        .map(|(_, name, _)| *name)
}

pub(crate) fn known_country(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(known, _, _)| *known == code)
        .map(|(_, name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_is_listed_once_with_a_two_letter_code() {
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|(code, _, _)| *code).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase())));
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count);
        let choices = onboarding_choices();
        assert_eq!(choices.countries.len(), count);
        assert_eq!(choices.countries[0].name, "Australia", "sorted by name");
        assert_eq!(
            supported_country("DE", AccountKind::Express),
            Some("Germany")
        );
        assert_eq!(supported_country("XX", AccountKind::Express), None);
    }
}
