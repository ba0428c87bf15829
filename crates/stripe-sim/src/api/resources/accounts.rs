//! `/v1/accounts`, `/v1/account`, login links, external accounts and capabilities.

use serde_json::{json, Value};

use crate::api::resources::{list, no_params, update_metadata};
use crate::domain::accounts::{self, capability_object};
use crate::domain::{bank, Ctx};
use crate::ids;
use crate::model::{Account, Company, Individual, LoginLinkRecord, PayoutSchedule};
use crate::store::render::Render;
use crate::wire::list::list_object;
use crate::wire::params::{opt, req, validate, validate_list, Field, Kind};
use crate::wire::{is_web_url, ApiError, Params};

const REQUESTED: &[Field] = &[opt("requested", Kind::Boolean)];
const CAP: Kind = Kind::Object(REQUESTED);

/// Capabilities that can be requested.
const CAPABILITIES: &[Field] = &[
    opt("acss_debit_payments", CAP),
    opt("affirm_payments", CAP),
    opt("afterpay_clearpay_payments", CAP),
    opt("alipay_payments", CAP),
    opt("amazon_pay_payments", CAP),
    opt("au_becs_debit_payments", CAP),
    opt("bacs_debit_payments", CAP),
    opt("bancontact_payments", CAP),
    opt("bank_transfer_payments", CAP),
    opt("blik_payments", CAP),
    opt("boleto_payments", CAP),
    opt("card_issuing", CAP),
    opt("card_payments", CAP),
    opt("cartes_bancaires_payments", CAP),
    opt("cashapp_payments", CAP),
    opt("eps_payments", CAP),
    opt("fpx_payments", CAP),
    opt("giropay_payments", CAP),
    opt("grabpay_payments", CAP),
    opt("ideal_payments", CAP),
    opt("jcb_payments", CAP),
    opt("klarna_payments", CAP),
    opt("konbini_payments", CAP),
    opt("legacy_payments", CAP),
    opt("link_payments", CAP),
    opt("multibanco_payments", CAP),
    opt("oxxo_payments", CAP),
    opt("p24_payments", CAP),
    opt("paynow_payments", CAP),
    opt("promptpay_payments", CAP),
    opt("revolut_pay_payments", CAP),
    opt("sepa_debit_payments", CAP),
    opt("sofort_payments", CAP),
    opt("tax_reporting_us_1099_k", CAP),
    opt("tax_reporting_us_1099_misc", CAP),
    opt("transfers", CAP),
    opt("twint_payments", CAP),
    opt("us_bank_account_ach_payments", CAP),
    opt("us_bank_transfer_payments", CAP),
    opt("zip_payments", CAP),
];

const BUSINESS_PROFILE: &[Field] = &[
    opt("annual_revenue", Kind::AnyObject),
    opt("estimated_worker_count", Kind::Integer),
    opt("mcc", Kind::String),
    opt("name", Kind::String),
    opt("product_description", Kind::String),
    opt("support_address", Kind::AnyObject),
    opt("support_email", Kind::String),
    opt("support_phone", Kind::String),
    opt("support_url", Kind::String),
    opt("url", Kind::String),
];

const COMPANY: &[Field] = &[
    opt("address", Kind::AnyObject),
    opt("directors_provided", Kind::Boolean),
    opt("executives_provided", Kind::Boolean),
    opt("name", Kind::String),
    opt("owners_provided", Kind::Boolean),
    opt("phone", Kind::String),
    opt("registration_number", Kind::String),
    opt("structure", Kind::String),
    opt("tax_id", Kind::String),
    opt("vat_id", Kind::String),
];

const INDIVIDUAL: &[Field] = &[
    opt("address", Kind::AnyObject),
    opt("dob", Kind::AnyObject),
    opt("email", Kind::String),
    opt("first_name", Kind::String),
    opt("gender", Kind::String),
    opt("id_number", Kind::String),
    opt("last_name", Kind::String),
    opt("maiden_name", Kind::String),
    opt("phone", Kind::String),
    opt("ssn_last_4", Kind::String),
];

const WEEKDAYS: &[&str] = &["friday", "monday", "saturday", "sunday", "thursday", "tuesday", "wednesday"];
const SCHEDULE: &[Field] = &[
    opt("delay_days", Kind::String),
    opt("interval", Kind::Enum(&["daily", "manual", "monthly", "weekly"])),
    opt("monthly_anchor", Kind::Integer),
    opt("weekly_anchor", Kind::Enum(WEEKDAYS)),
];
const PAYOUTS: &[Field] = &[
    opt("debit_negative_balances", Kind::Boolean),
    opt("schedule", Kind::Object(SCHEDULE)),
    opt("statement_descriptor", Kind::String),
];
const PAYMENTS: &[Field] = &[
    opt("statement_descriptor", Kind::String),
    opt("statement_descriptor_kana", Kind::String),
    opt("statement_descriptor_kanji", Kind::String),
];
const DASHBOARD: &[Field] = &[opt("display_name", Kind::String), opt("timezone", Kind::String)];
const SETTINGS: &[Field] = &[
    opt("bacs_debit_payments", Kind::AnyObject),
    opt("branding", Kind::AnyObject),
    opt("card_issuing", Kind::AnyObject),
    opt("card_payments", Kind::AnyObject),
    opt("dashboard", Kind::Object(DASHBOARD)),
    opt("invoices", Kind::AnyObject),
    opt("payments", Kind::Object(PAYMENTS)),
    opt("payouts", Kind::Object(PAYOUTS)),
    opt("sepa_debit_payments", Kind::AnyObject),
    opt("treasury", Kind::AnyObject),
];

const TOS: &[Field] = &[
    opt("date", Kind::Integer),
    opt("ip", Kind::String),
    opt("service_agreement", Kind::Enum(&["full", "recipient"])),
    opt("user_agent", Kind::String),
];

const EXTERNAL_ACCOUNT: &[Field] = &[
    opt("object", Kind::Enum(&["bank_account"])),
    opt("account_holder_name", Kind::String),
    opt("account_holder_type", Kind::Enum(&["company", "individual"])),
    req("account_number", Kind::String),
    opt("country", Kind::String),
    opt("currency", Kind::Currency),
    opt("default_for_currency", Kind::Boolean),
    opt("metadata", Kind::Metadata),
    opt("routing_number", Kind::String),
];

const CONTROLLER: &[Field] = &[
    opt("fees", Kind::Object(&[opt("payer", Kind::Enum(&["account", "application"]))])),
    opt("losses", Kind::Object(&[opt("payments", Kind::Enum(&["application", "stripe"]))])),
    opt("requirement_collection", Kind::Enum(&["application", "stripe"])),
    opt(
        "stripe_dashboard",
        Kind::Object(&[opt("type", Kind::Enum(&["express", "full", "none"]))]),
    ),
];

const BUSINESS_TYPES: &[&str] = &["company", "government_entity", "individual", "non_profit"];

const CREATE: &[Field] = &[
    opt("account_token", Kind::String),
    opt("business_profile", Kind::Object(BUSINESS_PROFILE)),
    opt("business_type", Kind::Enum(BUSINESS_TYPES)),
    opt("capabilities", Kind::Object(CAPABILITIES)),
    opt("company", Kind::Object(COMPANY)),
    opt("controller", Kind::Object(CONTROLLER)),
    opt("country", Kind::String),
    opt("default_currency", Kind::Currency),
    opt("documents", Kind::AnyObject),
    opt("email", Kind::String),
    opt("external_account", Kind::TokenOr(EXTERNAL_ACCOUNT)),
    opt("individual", Kind::Object(INDIVIDUAL)),
    opt("metadata", Kind::Metadata),
    opt("settings", Kind::Object(SETTINGS)),
    opt("tos_acceptance", Kind::Object(TOS)),
    opt("type", Kind::Enum(&["custom", "express", "standard"])),
];

const UPDATE: &[Field] = &[
    opt("account_token", Kind::String),
    opt("business_profile", Kind::Object(BUSINESS_PROFILE)),
    opt("business_type", Kind::Enum(BUSINESS_TYPES)),
    opt("capabilities", Kind::Object(CAPABILITIES)),
    opt("company", Kind::Object(COMPANY)),
    opt("default_currency", Kind::Currency),
    opt("documents", Kind::AnyObject),
    opt("email", Kind::String),
    opt("external_account", Kind::TokenOr(EXTERNAL_ACCOUNT)),
    opt("individual", Kind::Object(INDIVIDUAL)),
    opt("metadata", Kind::Metadata),
    opt("settings", Kind::Object(SETTINGS)),
    opt("tos_acceptance", Kind::Object(TOS)),
];

const LOGIN_LINK: &[Field] = &[opt("redirect_url", Kind::String)];

fn require_platform(ctx: &Ctx<'_>) -> Result<(), ApiError> {
    if ctx.is_platform() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "This request can only be made by the platform; remove the Stripe-Account header.",
        )
        .with_status(403))
    }
}

/// The account type from `type`, or derived from `controller` like Stripe does.
fn account_type(p: &Params) -> Result<&'static str, ApiError> {
    match (p.str("type"), p.str("controller.stripe_dashboard.type")) {
        (Some("custom"), _) => Ok("custom"),
        (Some("express"), _) => Ok("express"),
        (Some(_), _) => Ok("standard"),
        (None, Some("express")) => Ok("express"),
        (None, Some("none")) => Ok("custom"),
        (None, _) if p.has("controller") => Ok("standard"),
        (None, _) => Err(ApiError::missing_param("type")),
    }
}

/// `POST /v1/accounts`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    let p = validate(raw, CREATE)?;
    let kind = account_type(&p)?;
    let country = match p.str("country") {
        Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => c.to_ascii_uppercase(),
        Some(c) => return Err(ApiError::invalid_param("country", format!("Country '{c}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'."))),
        None => "US".to_owned(),
    };
    if kind != "standard" {
        let requested = p
            .object("capabilities")
            .is_some_and(|caps| caps.values().any(|c| c.get("requested").and_then(Value::as_bool) == Some(true)));
        if !requested {
            return Err(ApiError::invalid(format!(
                "You must request at least one capability for {kind} accounts, for example capabilities[transfers][requested]=true."
            ))
            .with_param("capabilities"));
        }
    }
    let id = ctx.next_id("acct");
    let mut account = accounts::blank(&id, kind, &country, ctx.now());
    apply(ctx, &mut account, &p)?;
    let account = ctx.save_account(None, account);
    Ok(account.render(ctx.db))
}

/// `GET /v1/accounts`: the platform's connected accounts.
pub fn list_accounts(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    let p = validate_list(raw, &[])?;
    let platform = ctx.platform();
    list(ctx.db, &ctx.db.accounts, &platform, &p, "/v1/accounts", "account", |a| a.id != platform)
}

/// An account the acting account may see: the platform sees all, a connected account itself.
fn visible(ctx: &Ctx<'_>, id: &str) -> Result<Account, ApiError> {
    let found = ctx.db.accounts.row(id).map(|r| r.value.clone());
    match found {
        Some(account) if ctx.is_platform() || account.id == ctx.account => Ok(account),
        _ => Err(ApiError::no_such("account", id, "account")),
    }
}

/// `GET /v1/accounts/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    Ok(visible(ctx, id)?.render(ctx.db))
}

/// `GET /v1/account`: the acting account itself.
pub fn retrieve_self(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    let id = ctx.account.clone();
    Ok(visible(ctx, &id)?.render(ctx.db))
}

/// `POST /v1/accounts/{id}`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let before = visible(ctx, id)?;
    let mut account = before.clone();
    apply(ctx, &mut account, &p)?;
    let account = ctx.save_account(Some(&before), account);
    Ok(account.render(ctx.db))
}

/// `DELETE /v1/accounts/{id}`.
pub fn delete(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    no_params(raw)?;
    if id == ctx.db.platform() {
        return Err(ApiError::invalid("You cannot delete the platform's own account."));
    }
    if ctx.db.accounts.remove(id).is_none() {
        return Err(ApiError::no_such("account", id, "account"));
    }
    Ok(json!({ "id": id, "object": "account", "deleted": true }))
}

/// `POST /v1/accounts/{id}/login_links`: Express accounts that finished onboarding only.
pub fn login_link(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    validate(raw, LOGIN_LINK)?;
    let account = visible(ctx, id)?;
    if account.kind != "express" {
        return Err(ApiError::invalid(format!(
            "Login links can only be created for Express accounts; {id} is a {} account.",
            account.kind
        ))
        .with_param("account"));
    }
    if !account.details_submitted {
        return Err(ApiError::invalid(format!(
            "Cannot create a login link for {id}: the account has not completed onboarding."
        ))
        .with_param("account"));
    }
    let token = ids::random_token(24);
    let now = ctx.now();
    let platform = ctx.platform();
    ctx.db.login_links.insert(
        &platform,
        LoginLinkRecord {
            id: token.clone(),
            account: id.to_owned(),
            created: now,
        },
    );
    Ok(json!({
        "object": "login_link",
        "created": now,
        "url": format!("{}/connect/express/{token}", ctx.env.base_url),
    }))
}

/// `GET /v1/accounts/{id}/external_accounts`.
pub fn external_accounts(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    validate_list(raw, &[opt("object", Kind::Enum(&["bank_account", "card"]))])?;
    let account = visible(ctx, id)?;
    let data = account
        .external_accounts
        .data
        .iter()
        .rev()
        .map(|b| serde_json::to_value(b).unwrap_or(Value::Null))
        .collect();
    Ok(list_object(&account.external_accounts.url, data, false))
}

/// `GET /v1/accounts/{id}/capabilities`.
pub fn capabilities(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    let account = visible(ctx, id)?;
    let now = ctx.now();
    let data = account
        .capabilities
        .iter()
        .map(|(name, status)| capability_object(&account, name, status, now))
        .collect();
    Ok(list_object(&format!("/v1/accounts/{id}/capabilities"), data, false))
}

/// Applies create/update parameters to `account`.
fn apply(ctx: &mut Ctx<'_>, account: &mut Account, p: &Params) -> Result<(), ApiError> {
    if p.has("email") {
        account.email = p.string("email");
    }
    if let Some(currency) = p.str("default_currency") {
        account.default_currency = currency.to_owned();
    }
    if p.has("business_type") {
        account.business_type = p.string("business_type");
    }
    apply_business_profile(account, p)?;
    apply_capabilities(account, p)?;
    if p.has("company") {
        let company = account.company.get_or_insert_with(Company::default);
        if p.has("company.name") {
            company.name = p.string("company.name");
        }
        if p.has("company.phone") {
            company.phone = p.string("company.phone");
        }
        if p.has("company.tax_id") {
            company.tax_id_provided = p.str("company.tax_id").is_some();
        }
    }
    if p.has("individual") {
        let now = ctx.now();
        let person_id = match &account.individual {
            Some(person) => person.id.clone(),
            None => ctx.next_id("person"),
        };
        let account_id = account.id.clone();
        let person = account.individual.get_or_insert_with(|| Individual {
            id: person_id,
            object: "person".into(),
            account: account_id,
            created: now,
            email: None,
            first_name: None,
            last_name: None,
        });
        if p.has("individual.first_name") {
            person.first_name = p.string("individual.first_name");
        }
        if p.has("individual.last_name") {
            person.last_name = p.string("individual.last_name");
        }
        if p.has("individual.email") {
            person.email = p.string("individual.email");
        }
    }
    apply_settings(account, p)?;
    apply_tos(account, p)?;
    if p.has("external_account") {
        apply_external_account(ctx, account, p)?;
    }
    update_metadata(&mut account.metadata, p);
    Ok(())
}

fn apply_business_profile(account: &mut Account, p: &Params) -> Result<(), ApiError> {
    let profile = &mut account.business_profile;
    if let Some(mcc) = p.str("business_profile.mcc") {
        if mcc.len() != 4 || !mcc.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::invalid_param(
                "business_profile[mcc]",
                format!("Invalid mcc: {mcc}. An MCC is a four-digit merchant category code."),
            ));
        }
    }
    for field in ["url", "support_url"] {
        if let Some(url) = p.str(&format!("business_profile.{field}")) {
            if !is_web_url(url) {
                return Err(ApiError::invalid_param(&format!("business_profile[{field}]"), "Not a valid URL"));
            }
        }
    }
    let set = |field: &str, slot: &mut Option<String>| {
        let path = format!("business_profile.{field}");
        if p.has(&path) {
            *slot = p.string(&path);
        }
    };
    set("mcc", &mut profile.mcc);
    set("name", &mut profile.name);
    set("product_description", &mut profile.product_description);
    set("support_email", &mut profile.support_email);
    set("support_phone", &mut profile.support_phone);
    set("support_url", &mut profile.support_url);
    set("url", &mut profile.url);
    if p.has("business_profile.support_address") {
        profile.support_address = p.get("business_profile.support_address").cloned().filter(|v| !v.is_null());
    }
    if account.settings.dashboard.display_name.is_none() {
        account.settings.dashboard.display_name = account.business_profile.name.clone();
    }
    Ok(())
}

fn apply_capabilities(account: &mut Account, p: &Params) -> Result<(), ApiError> {
    let Some(caps) = p.object("capabilities") else {
        return Ok(());
    };
    for (name, value) in caps {
        match value.get("requested").and_then(Value::as_bool) {
            Some(true) => {
                account.capabilities.entry(name.clone()).or_insert_with(|| "inactive".into());
            }
            Some(false) => {
                if account.kind == "standard" {
                    return Err(ApiError::invalid_param(
                        &format!("capabilities[{name}][requested]"),
                        "Capabilities of Standard accounts cannot be unrequested.",
                    ));
                }
                account.capabilities.remove(name);
            }
            None => {}
        }
    }
    Ok(())
}

fn apply_settings(account: &mut Account, p: &Params) -> Result<(), ApiError> {
    let settings = &mut account.settings;
    if p.has("settings.dashboard.display_name") {
        settings.dashboard.display_name = p.string("settings.dashboard.display_name");
    }
    if let Some(tz) = p.str("settings.dashboard.timezone") {
        settings.dashboard.timezone = tz.to_owned();
    }
    for (field, slot) in [
        ("statement_descriptor", &mut settings.payments.statement_descriptor),
        ("statement_descriptor_kana", &mut settings.payments.statement_descriptor_kana),
        ("statement_descriptor_kanji", &mut settings.payments.statement_descriptor_kanji),
    ] {
        let path = format!("settings.payments.{field}");
        if p.has(&path) {
            let value = p.string(&path);
            if value.as_ref().is_some_and(|v| !(5..=22).contains(&v.chars().count())) {
                return Err(ApiError::invalid_param(
                    &format!("settings[payments][{field}]"),
                    "The statement descriptor must be between 5 and 22 characters long.",
                ));
            }
            *slot = value;
        }
    }
    if let Some(b) = p.bool("settings.payouts.debit_negative_balances") {
        settings.payouts.debit_negative_balances = b;
    }
    if p.has("settings.payouts.statement_descriptor") {
        settings.payouts.statement_descriptor = p.string("settings.payouts.statement_descriptor");
    }
    if p.has("settings.payouts.schedule") {
        let minimum = accounts::default_delay_days(&account.country);
        settings.payouts.schedule = schedule(&settings.payouts.schedule, p, minimum)?;
    }
    Ok(())
}

/// The payout schedule after applying `settings[payouts][schedule][...]`.
fn schedule(current: &PayoutSchedule, p: &Params, minimum: i64) -> Result<PayoutSchedule, ApiError> {
    let mut next = current.clone();
    if let Some(raw) = p.str("settings.payouts.schedule.delay_days") {
        next.delay_days = if raw == "minimum" {
            minimum
        } else {
            match raw.parse::<i64>() {
                Ok(days) if (minimum..=31).contains(&days) => days,
                _ => {
                    return Err(ApiError::invalid_param(
                        "settings[payouts][schedule][delay_days]",
                        format!("Invalid delay_days: must be `minimum` or an integer between {minimum} and 31."),
                    ))
                }
            }
        };
    }
    if let Some(interval) = p.str("settings.payouts.schedule.interval") {
        next.interval = interval.to_owned();
    }
    match next.interval.as_str() {
        "weekly" => {
            next.monthly_anchor = None;
            if let Some(anchor) = p.string("settings.payouts.schedule.weekly_anchor") {
                next.weekly_anchor = Some(anchor);
            }
            next.weekly_anchor.get_or_insert_with(|| "monday".into());
        }
        "monthly" => {
            next.weekly_anchor = None;
            if let Some(anchor) = p.int("settings.payouts.schedule.monthly_anchor") {
                if !(1..=31).contains(&anchor) {
                    return Err(ApiError::invalid_param(
                        "settings[payouts][schedule][monthly_anchor]",
                        "monthly_anchor must be between 1 and 31.",
                    ));
                }
                next.monthly_anchor = Some(anchor);
            }
            next.monthly_anchor.get_or_insert(1);
        }
        _ => {
            next.weekly_anchor = None;
            next.monthly_anchor = None;
        }
    }
    Ok(next)
}

fn apply_tos(account: &mut Account, p: &Params) -> Result<(), ApiError> {
    if !p.has("tos_acceptance") {
        return Ok(());
    }
    let accepts = ["date", "ip", "user_agent"].iter().any(|f| p.has(&format!("tos_acceptance.{f}")));
    if accepts && account.kind != "custom" {
        return Err(ApiError::invalid(
            "You cannot accept the Terms of Service on behalf of Standard and Express connected accounts.",
        )
        .with_param("tos_acceptance"));
    }
    let tos = &mut account.tos_acceptance;
    if p.has("tos_acceptance.date") {
        tos.date = p.int("tos_acceptance.date");
    }
    if p.has("tos_acceptance.ip") {
        tos.ip = p.string("tos_acceptance.ip");
    }
    if p.has("tos_acceptance.user_agent") {
        tos.user_agent = p.string("tos_acceptance.user_agent");
    }
    if p.has("tos_acceptance.service_agreement") {
        tos.service_agreement = p.string("tos_acceptance.service_agreement");
    }
    Ok(())
}

fn apply_external_account(ctx: &mut Ctx<'_>, account: &mut Account, p: &Params) -> Result<(), ApiError> {
    if account.kind == "standard" {
        return Err(ApiError::invalid(
            "You cannot add external accounts to Standard accounts; their owners manage them.",
        )
        .with_param("external_account"));
    }
    let currency = p
        .string("external_account.currency")
        .unwrap_or_else(|| account.default_currency.clone());
    let (routing, last4, holder, holder_type) = match p.str("external_account") {
        Some("btok_us_verified") | Some("btok_us") => (Some("110000000".to_owned()), "6789".to_owned(), None, None),
        Some(token) => {
            return Err(ApiError::invalid(format!("No such token: '{token}'"))
                .with_code("resource_missing")
                .with_param("external_account"))
        }
        None => {
            let number = p.str("external_account.account_number").unwrap_or("");
            let details = bank::validate(&account.country, p.str("external_account.routing_number"), number)
                .map_err(|e| ApiError::invalid_param(&format!("external_account[{}]", e.field), e.message))?;
            (
                details.routing_number,
                details.last4,
                p.string("external_account.account_holder_name"),
                p.string("external_account.account_holder_type"),
            )
        }
    };
    let id = ctx.next_id("ba");
    let bank = accounts::bank_account(
        &account.id,
        id,
        &account.country,
        &currency,
        holder.as_deref(),
        holder_type.as_deref(),
        routing.as_deref(),
        &last4,
    );
    ctx.attach_bank_account(account, bank);
    Ok(())
}
