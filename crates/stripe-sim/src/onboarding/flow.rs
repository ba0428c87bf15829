//! The hosted onboarding flow, independent of HTML: opening a link, and the three steps.
//!
//! 1. `details`: business type, legal name(s), email, MCC, website or product description →
//!    `details_submitted = true`.
//! 2. `tos`: accepting Stripe's terms → `tos_acceptance {date, ip, user_agent}`; with the
//!    identity complete, `card_payments` becomes active and `charges_enabled` true.
//! 3. `bank`: a bank account → `external_account`; `transfers` becomes active and
//!    `payouts_enabled` true.
//!
//! Steps already satisfied are skipped (`tos` when accepted, `bank` when a bank account exists,
//! except for `account_update` links, which always offer it). Account Links are single-use and
//! expire after 300 s; opening one starts a session valid for one hour.

use std::collections::HashMap;

use crate::domain::{accounts, bank, Ctx};
use crate::model::{Account, AccountLinkRecord, Company, Individual, OnboardingSession};

/// How long an onboarding session lasts after the link was opened.
pub const SESSION_TTL_SECS: i64 = 3_600;

/// Where a request for a link or session leads instead of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The link expired, was used, or the session ended: go to `refresh_url`.
    Refresh(Option<String>),
    /// Unknown link or session.
    NotFound,
}

/// A validation problem on one form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

fn field_error(field: &'static str, message: &str) -> FieldError {
    FieldError {
        field,
        message: message.to_owned(),
    }
}

/// Opens an Account Link (once); returns the new session.
pub fn open_link(ctx: &mut Ctx<'_>, token: &str) -> Result<OnboardingSession, Exit> {
    let link: AccountLinkRecord = ctx
        .db
        .account_links
        .row(token)
        .map(|r| r.value.clone())
        .ok_or(Exit::NotFound)?;
    let now = ctx.now();
    if link.session.is_some() || now > link.expires_at {
        return Err(Exit::Refresh(link.refresh_url));
    }
    let account = account(ctx, &link.account).ok_or(Exit::Refresh(link.refresh_url.clone()))?;
    let mut steps = vec!["details".to_owned()];
    if account.tos_acceptance.date.is_none() {
        steps.push("tos".into());
    }
    if account.external_accounts.data.is_empty() || link.kind == "account_update" {
        steps.push("bank".into());
    }
    let session = OnboardingSession {
        id: format!("obs_{}", crate::ids::random_token(24)),
        link: link.id.clone(),
        account: link.account.clone(),
        kind: link.kind.clone(),
        refresh_url: link.refresh_url.clone(),
        return_url: link.return_url.clone(),
        created: now,
        expires_at: now + SESSION_TTL_SECS,
        steps,
        done: Vec::new(),
        completed: false,
    };
    let platform = ctx.platform();
    ctx.db.sessions.insert(&platform, session.clone());
    if let Some(stored) = ctx.db.account_links.get_mut(token) {
        stored.session = Some(session.id.clone());
    }
    Ok(session)
}

/// A session that can still be used.
pub fn session(ctx: &Ctx<'_>, id: &str) -> Result<OnboardingSession, Exit> {
    let session = ctx
        .db
        .sessions
        .row(id)
        .map(|r| r.value.clone())
        .ok_or(Exit::NotFound)?;
    if session.completed
        || ctx.now() > session.expires_at
        || account(ctx, &session.account).is_none()
    {
        return Err(Exit::Refresh(session.refresh_url));
    }
    Ok(session)
}

/// The account being onboarded.
pub fn account(ctx: &Ctx<'_>, id: &str) -> Option<Account> {
    ctx.db.accounts.row(id).map(|r| r.value.clone())
}

fn value<'a>(form: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Step 1: business details.
pub fn submit_details(
    ctx: &mut Ctx<'_>,
    session: &OnboardingSession,
    form: &HashMap<String, String>,
) -> Result<(), Vec<FieldError>> {
    let before = account(ctx, &session.account).ok_or_else(Vec::new)?;
    let mut errors = Vec::new();
    let business_type = value(form, "business_type");
    match business_type {
        Some("individual") => {
            if value(form, "first_name").is_none() {
                errors.push(field_error("first_name", "Enter the first name."));
            }
            if value(form, "last_name").is_none() {
                errors.push(field_error("last_name", "Enter the last name."));
            }
        }
        Some("company") | Some("non_profit") => {
            if value(form, "company_name").is_none() {
                errors.push(field_error(
                    "company_name",
                    "Enter the legal business name.",
                ));
            }
        }
        _ => errors.push(field_error("business_type", "Choose a business type.")),
    }
    let email = value(form, "email");
    if !email.is_some_and(|e| e.contains('@') && e.contains('.')) {
        errors.push(field_error("email", "Enter a valid email address."));
    }
    let mcc = value(form, "mcc");
    if !mcc.is_some_and(|m| m.len() == 4 && m.chars().all(|c| c.is_ascii_digit())) {
        errors.push(field_error("mcc", "Choose an industry."));
    }
    let url = value(form, "url");
    let description = value(form, "product_description");
    match (url, description) {
        (None, None) => errors.push(field_error(
            "url",
            "Enter your business website, or describe your products instead.",
        )),
        (Some(u), _) if !crate::wire::is_web_url(u) => {
            errors.push(field_error("url", "Enter a valid website address."))
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut account = before.clone();
    let business_type = business_type.unwrap_or("individual").to_owned();
    let display_name = match business_type.as_str() {
        "individual" => {
            let now = ctx.now();
            let person_id = match &account.individual {
                Some(p) => p.id.clone(),
                None => ctx.next_id("person"),
            };
            account.individual = Some(Individual {
                id: person_id,
                object: "person".into(),
                account: account.id.clone(),
                created: account.individual.as_ref().map_or(now, |p| p.created),
                email: email.map(str::to_owned),
                first_name: value(form, "first_name").map(str::to_owned),
                last_name: value(form, "last_name").map(str::to_owned),
            });
            format!(
                "{} {}",
                value(form, "first_name").unwrap_or(""),
                value(form, "last_name").unwrap_or("")
            )
        }
        _ => {
            let company = account.company.get_or_insert_with(Company::default);
            company.name = value(form, "company_name").map(str::to_owned);
            company.phone = value(form, "support_phone").map(str::to_owned);
            value(form, "company_name").unwrap_or("").to_owned()
        }
    };
    account.business_type = Some(business_type);
    account.email = email.map(str::to_owned);
    let profile = &mut account.business_profile;
    profile.name = value(form, "business_name")
        .map(str::to_owned)
        .or(Some(display_name));
    profile.mcc = mcc.map(str::to_owned);
    profile.url = url.map(str::to_owned);
    profile.product_description = description.map(str::to_owned);
    profile.support_phone = value(form, "support_phone").map(str::to_owned);
    profile.support_email = email.map(str::to_owned);
    account.settings.dashboard.display_name = profile.name.clone();
    if account.settings.payments.statement_descriptor.is_none() {
        account.settings.payments.statement_descriptor = profile
            .name
            .as_ref()
            .map(|n| n.to_uppercase().chars().take(22).collect::<String>())
            .filter(|d| d.chars().count() >= 5);
    }
    account.details_submitted = true;
    ctx.save_account(Some(&before), account);
    mark_done(ctx, &session.id, "details");
    Ok(())
}

/// Step 2: terms of service.
pub fn accept_tos(
    ctx: &mut Ctx<'_>,
    session: &OnboardingSession,
    form: &HashMap<String, String>,
    ip: &str,
    user_agent: Option<&str>,
) -> Result<(), Vec<FieldError>> {
    if value(form, "accept") != Some("true") {
        return Err(vec![field_error(
            "accept",
            "Accept the terms of service to continue.",
        )]);
    }
    let before = account(ctx, &session.account).ok_or_else(Vec::new)?;
    let mut account = before.clone();
    account.tos_acceptance.date = Some(ctx.now());
    account.tos_acceptance.ip = Some(ip.to_owned());
    account.tos_acceptance.user_agent = user_agent.map(str::to_owned);
    if account.kind == "express" {
        account
            .tos_acceptance
            .service_agreement
            .get_or_insert_with(|| "full".into());
    }
    ctx.save_account(Some(&before), account);
    mark_done(ctx, &session.id, "tos");
    Ok(())
}

/// Step 3: bank account. For `account_update` links an existing bank account may be kept by
/// leaving the account number empty.
pub fn add_bank(
    ctx: &mut Ctx<'_>,
    session: &OnboardingSession,
    form: &HashMap<String, String>,
) -> Result<(), Vec<FieldError>> {
    let before = account(ctx, &session.account).ok_or_else(Vec::new)?;
    let number = value(form, "account_number");
    if number.is_none() && !before.external_accounts.data.is_empty() {
        mark_done(ctx, &session.id, "bank");
        return Ok(());
    }
    let mut errors = Vec::new();
    let holder = value(form, "account_holder_name");
    if holder.is_none() {
        errors.push(field_error(
            "account_holder_name",
            "Enter the account holder's name.",
        ));
    }
    let details = match bank::validate(
        &before.country,
        value(form, "routing_number"),
        number.unwrap_or(""),
    ) {
        Ok(details) => Some(details),
        Err(e) => {
            let field = if e.field == "routing_number" {
                "routing_number"
            } else {
                "account_number"
            };
            errors.push(FieldError {
                field,
                message: e.message,
            });
            None
        }
    };
    let Some(details) = details.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let mut account = before.clone();
    let id = ctx.next_id("ba");
    let holder_type = if account.business_type.as_deref() == Some("individual") {
        "individual"
    } else {
        "company"
    };
    let bank = accounts::bank_account(
        &account.id,
        id,
        &account.country,
        &account.default_currency,
        holder,
        Some(holder_type),
        details.routing_number.as_deref(),
        &details.last4,
    );
    ctx.attach_bank_account(&mut account, bank, details.payout_failure);
    ctx.save_account(Some(&before), account);
    mark_done(ctx, &session.id, "bank");
    Ok(())
}

fn mark_done(ctx: &mut Ctx<'_>, session: &str, step: &str) {
    if let Some(s) = ctx.db.sessions.get_mut(session) {
        if !s.done.iter().any(|d| d == step) {
            s.done.push(step.to_owned());
        }
        if s.next_step().is_none() {
            s.completed = true;
        }
    }
}
