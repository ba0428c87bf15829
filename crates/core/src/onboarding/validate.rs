//! Field rules of the create form. Pure: each returns the cleaned value or the field's error, and
//! everything is checked before anything is created.

use connectdesk_stripe::accounts::BusinessType;

use super::choices::{known_country, supported_country};
use super::model::{AccountKind, CreateOnboarding};
use crate::{CoreError, ErrorCode, FieldChecks, Result};

pub const MERCHANT_ID_MAX_CHARS: usize = 100;
pub const BUSINESS_NAME_MAX_CHARS: usize = 200;
/// RFC 5321's limit for a whole address.
pub const EMAIL_MAX_CHARS: usize = 254;

/// A create request whose every field passed its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValidCreate {
    pub workspace_id: u64,
    pub merchant_id: String,
    pub kind: AccountKind,
    pub country: String,
    pub email: String,
    pub business_type: Option<BusinessType>,
    pub business_name: Option<String>,
    pub mcc: Option<String>,
    pub url: Option<String>,
    pub return_url: Option<String>,
    pub refresh_url: Option<String>,
}

/// Checks every field, so the form shows all of its problems at once.
pub(crate) fn create(input: &CreateOnboarding) -> Result<ValidCreate> {
    let profile = &input.business_profile;
    let mut checks = FieldChecks::default();
    let kind = checks.check(account_kind(&input.account_type).map(Some));
    let merchant_id = checks.check(merchant_id(&input.merchant_id));
    let email = checks.check(email(&input.email));
    let country = checks.check(country(&input.country, kind));
    let business_type = checks.check(optional(input.business_type.as_deref(), business_type));
    let business_name = checks.check(optional(profile.name.as_deref(), business_name));
    let mcc = checks.check(optional(profile.mcc.as_deref(), mcc));
    let url = checks.check(optional(profile.url.as_deref(), |raw| {
        website("businessProfile.url", raw)
    }));
    let returns_to = checks.check(optional(input.return_url.as_deref(), |raw| {
        return_url("returnUrl", raw)
    }));
    let refreshes_to = checks.check(optional(input.refresh_url.as_deref(), |raw| {
        return_url("refreshUrl", raw)
    }));
    checks.finish()?;
    Ok(ValidCreate {
        workspace_id: input.workspace_id,
        merchant_id,
        kind: kind.ok_or_else(|| CoreError::internal("The account type was not checked."))?,
        country,
        email,
        business_type,
        business_name,
        mcc,
        url,
        return_url: returns_to,
        refresh_url: refreshes_to,
    })
}

/// Empty or absent means none; anything else must pass the rule.
fn optional<T>(raw: Option<&str>, rule: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => rule(text).map(Some),
    }
}

fn invalid(field: &str, message: impl Into<String>) -> CoreError {
    CoreError::on_field(ErrorCode::InvalidValue, field, message)
}

fn required(field: &str, raw: &str, message: &str) -> Result<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(CoreError::on_field(ErrorCode::Required, field, message));
    }
    Ok(value.to_string())
}

pub fn merchant_id(raw: &str) -> Result<String> {
    let id = required("merchantId", raw, "Enter the merchant's id.")?;
    if id.chars().count() > MERCHANT_ID_MAX_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "merchantId",
            format!("A merchant id has at most {MERCHANT_ID_MAX_CHARS} characters."),
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(invalid(
            "merchantId",
            "A merchant id cannot contain control characters.",
        ));
    }
    Ok(id)
}

pub fn account_kind(raw: &str) -> Result<AccountKind> {
    let kind = required("accountType", raw, "Choose the account type.")?;
    match kind.as_str() {
        "standard" => Ok(AccountKind::Standard),
        "express" => Ok(AccountKind::Express),
        "custom" => Ok(AccountKind::Custom),
        _ => Err(invalid(
            "accountType",
            "The account type is standard, express or custom.",
        )),
    }
}

/// A country of [`super::choices`] where Stripe offers accounts of `kind` (any listed country
/// while the kind is not known), returned as its two capital letters.
pub fn country(raw: &str, kind: Option<AccountKind>) -> Result<String> {
    let code = required("country", raw, "Choose the account's country.")?.to_ascii_uppercase();
    let Some(name) = known_country(&code) else {
        return Err(invalid(
            "country",
            "Choose the country from the list: Stripe offers connected accounts only in the countries listed.",
        ));
    };
    if let Some(kind) = kind {
        if supported_country(&code, kind).is_none() {
            return Err(invalid(
                "country",
                format!("Stripe does not offer {} accounts in {name}; choose another country or account type.", kind_name(kind)),
            ));
        }
    }
    Ok(code)
}

fn kind_name(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Standard => "Standard",
        AccountKind::Express => "Express",
        AccountKind::Custom => "Custom",
    }
}

/// `local@domain.tld` without spaces; deliverability is Stripe's and the merchant's business.
pub fn email(raw: &str) -> Result<String> {
    let address = required("email", raw, "Enter the merchant's email address.")?;
    if address.chars().count() > EMAIL_MAX_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "email",
            format!("An email address has at most {EMAIL_MAX_CHARS} characters."),
        ));
    }
    let well_formed = address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.split('.').count() >= 2
            && domain.split('.').all(|label| !label.is_empty())
    }) && !address.chars().any(|c| c.is_whitespace() || c.is_control());
    if !well_formed {
        return Err(invalid(
            "email",
            "Enter an email address such as owner@example.com.",
        ));
    }
    Ok(address)
}

pub fn business_type(raw: &str) -> Result<BusinessType> {
    match BusinessType::from(raw) {
        BusinessType::Other(_) => Err(invalid(
            "businessType",
            "Choose the business type: individual, company, non-profit or government entity.",
        )),
        known => Ok(known),
    }
}

pub fn business_name(raw: &str) -> Result<String> {
    if raw.chars().count() > BUSINESS_NAME_MAX_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "businessProfile.name",
            format!("A business name has at most {BUSINESS_NAME_MAX_CHARS} characters."),
        ));
    }
    Ok(raw.to_string())
}

/// Merchant category code: exactly four digits.
pub fn mcc(raw: &str) -> Result<String> {
    if raw.len() != 4 || !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            "businessProfile.mcc",
            "A merchant category code has four digits, such as 5812.",
        ));
    }
    Ok(raw.to_string())
}

/// The merchant's public website: https with a host, no credentials.
pub fn website(field: &str, raw: &str) -> Result<String> {
    let url = parse_url(field, raw)?;
    if url.scheme() != "https" {
        return Err(invalid(field, "Use an https:// address."));
    }
    Ok(raw.to_string())
}

/// Where Stripe sends the merchant back: https, or plain http on this machine (the offline
/// sandbox's pages, or a local landing page of the app).
pub fn return_url(field: &str, raw: &str) -> Result<String> {
    let url = parse_url(field, raw)?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => Ok(raw.to_string()),
        "http" if local => Ok(raw.to_string()),
        _ => Err(invalid(
            field,
            "Use an https:// address (plain http only for localhost).",
        )),
    }
}

fn parse_url(field: &str, raw: &str) -> Result<url::Url> {
    let url = url::Url::parse(raw)
        .map_err(|_| invalid(field, "Enter a full address such as https://example.com."))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(field, "The address has no host."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(field, "Do not put credentials in the address."));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onboarding::model::BusinessProfileInput;

    fn input() -> CreateOnboarding {
        CreateOnboarding {
            workspace_id: 1,
            merchant_id: " merchant_123 ".into(),
            account_type: "express".into(),
            country: "us".into(),
            email: "owner@restaurant.com".into(),
            business_type: Some("company".into()),
            business_profile: BusinessProfileInput {
                name: Some("Downtown Grill".into()),
                mcc: Some("5812".into()),
                url: Some("https://downtowngrill.com".into()),
            },
            return_url: Some("https://app.example.com/settings/payments".into()),
            refresh_url: Some("http://127.0.0.1:4242/refresh".into()),
        }
    }

    fn field_error(input: CreateOnboarding) -> (ErrorCode, String) {
        let err = create(&input).expect_err("should be rejected");
        (err.code, err.field.unwrap_or_default())
    }

    #[test]
    fn a_complete_form_is_cleaned() {
        let valid = create(&input()).expect("valid");
        assert_eq!(valid.merchant_id, "merchant_123");
        assert_eq!(valid.kind, AccountKind::Express);
        assert_eq!(valid.country, "US");
        assert_eq!(valid.business_type, Some(BusinessType::Company));
        assert_eq!(valid.mcc.as_deref(), Some("5812"));
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let valid = create(&CreateOnboarding {
            business_type: Some(" ".into()),
            business_profile: BusinessProfileInput::default(),
            return_url: None,
            refresh_url: Some(String::new()),
            ..input()
        })
        .expect("valid");
        assert_eq!(
            (valid.business_type, valid.mcc, valid.url, valid.refresh_url),
            (None, None, None, None)
        );
    }

    /// The valid form with one change.
    fn with(change: impl FnOnce(&mut CreateOnboarding)) -> CreateOnboarding {
        let mut form = input();
        change(&mut form);
        form
    }

    #[test]
    fn each_rule_reports_its_field() {
        use ErrorCode::*;
        let profile = |mcc: &str, url: &str| BusinessProfileInput {
            name: None,
            mcc: Some(mcc.into()),
            url: Some(url.into()),
        };
        let url = |text: &str| Some(text.to_string());
        #[rustfmt::skip]
        let cases: Vec<(CreateOnboarding, ErrorCode, &str)> = vec![
            (with(|f| f.merchant_id = "".into()), Required, "merchantId"),
            (with(|f| f.merchant_id = "m".repeat(101)), TooLong, "merchantId"),
            (with(|f| f.merchant_id = "m\u{7}".into()), InvalidValue, "merchantId"),
            (with(|f| f.account_type = "".into()), Required, "accountType"),
            (with(|f| f.account_type = "platinum".into()), InvalidValue, "accountType"),
            (with(|f| f.account_type = "Express".into()), InvalidValue, "accountType"),
            (with(|f| f.country = "USA".into()), InvalidValue, "country"),
            (with(|f| f.country = "1A".into()), InvalidValue, "country"),
            // Two letters, but no country Stripe offers accounts in.
            (with(|f| f.country = "XX".into()), InvalidValue, "country"),
            (with(|f| f.country = "KP".into()), InvalidValue, "country"),
            (with(|f| f.email = "".into()), Required, "email"),
            (with(|f| f.email = "owner".into()), InvalidValue, "email"),
            (with(|f| f.email = "owner@localhost".into()), InvalidValue, "email"),
            (with(|f| f.email = "a b@example.com".into()), InvalidValue, "email"),
            (with(|f| f.email = "a@b@example.com".into()), InvalidValue, "email"),
            (with(|f| f.email = "a@example..com".into()), InvalidValue, "email"),
            (with(|f| f.email = format!("{}@example.com", "a".repeat(250))), TooLong, "email"),
            (with(|f| f.business_type = Some("sole_trader".into())), InvalidValue, "businessType"),
            (with(|f| f.business_profile.name = Some("n".repeat(201))), TooLong, "businessProfile.name"),
            (with(|f| f.business_profile = profile("581", "")), InvalidValue, "businessProfile.mcc"),
            (with(|f| f.business_profile = profile("58a2", "")), InvalidValue, "businessProfile.mcc"),
            (with(|f| f.business_profile = profile("", "http://grill.example")), InvalidValue, "businessProfile.url"),
            (with(|f| f.business_profile = profile("", "grill.example")), InvalidValue, "businessProfile.url"),
            (with(|f| f.return_url = url("http://app.example.com/r")), InvalidValue, "returnUrl"),
            (with(|f| f.refresh_url = url("javascript:alert(1)")), InvalidValue, "refreshUrl"),
            (with(|f| f.refresh_url = url("https://u:pw@example.com/")), InvalidValue, "refreshUrl"),
        ];
        for (case, code, field) in cases {
            let label = format!("{case:?}");
            assert_eq!(field_error(case), (code, field.to_string()), "{label}");
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_form_order() {
        let err = create(&with(|f| {
            f.account_type = "platinum".into();
            f.email = "owner".into();
            f.business_profile.mcc = Some("12".into());
        }))
        .expect_err("three bad fields");
        assert_eq!(err.field.as_deref(), Some("accountType"));
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["accountType", "email", "businessProfile.mcc"]);
        assert_eq!(err.field_errors[1].code, ErrorCode::InvalidValue);
        assert_eq!(
            err.field_errors[1].message,
            "Enter an email address such as owner@example.com."
        );
    }
}
