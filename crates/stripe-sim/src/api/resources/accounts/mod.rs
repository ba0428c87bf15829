//! `/v1/accounts`, `/v1/account`, login links, external accounts and capabilities.

mod apply;
mod schema;

use serde_json::{json, Value};

use crate::api::resources::{list, no_params, require_platform};
use crate::domain::accounts::capability_object;
use crate::domain::{accounts, Ctx};
use crate::ids;
use crate::model::{Account, LoginLinkRecord};
use crate::store::render::Render;
use crate::wire::list::list_object;
use crate::wire::params::{opt, validate, validate_list, Kind};
use crate::wire::{ApiError, Params};
use apply::apply;
use schema::{CREATE, LOGIN_LINK, UPDATE};

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
        let requested = p.object("capabilities").is_some_and(|caps| {
            caps.values()
                .any(|c| c.get("requested").and_then(Value::as_bool) == Some(true))
        });
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
    list(
        ctx.db,
        &ctx.db.accounts,
        &platform,
        &p,
        "/v1/accounts",
        "account",
        |a| a.id != platform,
    )
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
        return Err(ApiError::invalid(
            "You cannot delete the platform's own account.",
        ));
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
    Ok(list_object(
        &format!("/v1/accounts/{id}/capabilities"),
        data,
        false,
    ))
}
