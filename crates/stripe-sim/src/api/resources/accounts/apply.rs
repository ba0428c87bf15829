//! Applying create/update parameters to an account.

use serde_json::Value;

use crate::api::resources::update_metadata;
use crate::domain::accounts;
use crate::domain::{bank, Ctx};
use crate::model::{Account, Company, Individual, PayoutSchedule};
use crate::wire::{is_web_url, ApiError, Params};

/// Applies create/update parameters to `account`.
pub(super) fn apply(ctx: &mut Ctx<'_>, account: &mut Account, p: &Params) -> Result<(), ApiError> {
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
                return Err(ApiError::invalid_param(
                    &format!("business_profile[{field}]"),
                    "Not a valid URL",
                ));
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
        profile.support_address = p
            .get("business_profile.support_address")
            .cloned()
            .filter(|v| !v.is_null());
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
                account
                    .capabilities
                    .entry(name.clone())
                    .or_insert_with(|| "inactive".into());
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
        (
            "statement_descriptor",
            &mut settings.payments.statement_descriptor,
        ),
        (
            "statement_descriptor_kana",
            &mut settings.payments.statement_descriptor_kana,
        ),
        (
            "statement_descriptor_kanji",
            &mut settings.payments.statement_descriptor_kanji,
        ),
    ] {
        let path = format!("settings.payments.{field}");
        if p.has(&path) {
            let value = p.string(&path);
            if value
                .as_ref()
                .is_some_and(|v| !(5..=22).contains(&v.chars().count()))
            {
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
fn schedule(
    current: &PayoutSchedule,
    p: &Params,
    minimum: i64,
) -> Result<PayoutSchedule, ApiError> {
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
    let accepts = ["date", "ip", "user_agent"]
        .iter()
        .any(|f| p.has(&format!("tos_acceptance.{f}")));
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

fn apply_external_account(
    ctx: &mut Ctx<'_>,
    account: &mut Account,
    p: &Params,
) -> Result<(), ApiError> {
    if account.kind == "standard" {
        return Err(ApiError::invalid(
            "You cannot add external accounts to Standard accounts; their owners manage them.",
        )
        .with_param("external_account"));
    }
    let currency = p
        .string("external_account.currency")
        .unwrap_or_else(|| account.default_currency.clone());
    let token = p
        .str("external_account")
        .map(|token| (token, test_bank_token(token)));
    let (routing, last4, holder, holder_type, failure) = match token {
        Some((_, Some((last4, failure)))) => (
            Some("110000000".to_owned()),
            last4.to_owned(),
            None,
            None,
            failure,
        ),
        Some((token, None)) => {
            return Err(ApiError::invalid(format!("No such token: '{token}'"))
                .with_code("resource_missing")
                .with_param("external_account"))
        }
        None => {
            let number = p.str("external_account.account_number").unwrap_or("");
            let details = bank::validate(
                &account.country,
                p.str("external_account.routing_number"),
                number,
            )
            .map_err(|e| {
                ApiError::invalid_param(&format!("external_account[{}]", e.field), e.message)
            })?;
            (
                details.routing_number,
                details.last4,
                p.string("external_account.account_holder_name"),
                p.string("external_account.account_holder_type"),
                details.payout_failure,
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
    ctx.attach_bank_account(account, bank, failure);
    Ok(())
}

/// Stripe's test bank account tokens (US, routing `110000000`): the last four digits of the
/// test number each stands for, and the failure code of its payouts.
fn test_bank_token(token: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match token {
        "btok_us" | "btok_us_verified" => ("6789", None),
        "btok_us_verified_noAccount" => ("1116", Some("no_account")),
        "btok_us_verified_accountClosed" => ("1113", Some("account_closed")),
        "btok_us_verified_insufficientFunds" => ("2227", Some("insufficient_funds")),
        "btok_us_verified_debitNotAuthorized" => ("3335", Some("debit_not_authorized")),
        "btok_us_verified_invalidCurrency" => ("4440", Some("invalid_currency")),
        _ => return None,
    })
}
