//! `POST /v1/account_links`: a single-use URL to the simulator's hosted onboarding.

use serde_json::{json, Value};

use crate::domain::Ctx;
use crate::ids;
use crate::model::AccountLinkRecord;
use crate::wire::params::{opt, req, validate, Field, Kind};
use crate::wire::{is_web_url, ApiError};

/// How long a link stays valid unless the test control set another lifetime.
pub const LINK_TTL_SECS: i64 = 300;

const COLLECT: &[&str] = &["currently_due", "eventually_due"];
const CREATE: &[Field] = &[
    req("account", Kind::String),
    opt("collect", Kind::Enum(COLLECT)),
    opt(
        "collection_options",
        Kind::Object(&[
            opt("fields", Kind::Enum(COLLECT)),
            opt("future_requirements", Kind::Enum(&["include", "omit"])),
        ]),
    ),
    opt("refresh_url", Kind::String),
    opt("return_url", Kind::String),
    req(
        "type",
        Kind::Enum(&["account_onboarding", "account_update"]),
    ),
];

/// `POST /v1/account_links`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CREATE)?;
    let account_id = p.str("account").unwrap_or_default().to_owned();
    let kind = p.str("type").unwrap_or("account_onboarding").to_owned();
    let account = ctx
        .db
        .accounts
        .row(&account_id)
        .map(|r| r.value.clone())
        .filter(|a| a.id != ctx.db.platform())
        .ok_or_else(|| ApiError::no_such("account", &account_id, "account").with_status(400))?;
    if !ctx.is_platform() && ctx.account != account.id {
        return Err(ApiError::no_such("account", &account_id, "account").with_status(400));
    }
    if kind == "account_update" && account.kind == "standard" {
        return Err(ApiError::invalid(
            "You cannot create `account_update` type Account Links for Standard accounts.",
        )
        .with_param("type"));
    }
    for field in ["refresh_url", "return_url"] {
        if let Some(url) = p.str(field) {
            if !url.contains("://") || !is_web_url(url) {
                return Err(ApiError::invalid_param(field, "Not a valid URL"));
            }
        }
    }
    let token = ids::random_token(24);
    let now = ctx.now();
    let expires_at = now + ctx.db.meta.link_ttl_secs.unwrap_or(LINK_TTL_SECS);
    let record = AccountLinkRecord {
        id: token.clone(),
        account: account.id.clone(),
        kind,
        refresh_url: p.string("refresh_url"),
        return_url: p.string("return_url"),
        created: now,
        expires_at,
        session: None,
    };
    let platform = ctx.platform();
    ctx.db.account_links.insert(&platform, record);
    Ok(json!({
        "object": "account_link",
        "created": now,
        "expires_at": expires_at,
        "url": format!("{}/connect/onboarding/{token}", ctx.env.base_url),
    }))
}
