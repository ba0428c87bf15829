//! `/v1/webhook_endpoints`: platform-level endpoints that receive events (see `webhook`).

use serde_json::{json, Value};

use crate::api::resources::{
    list, new_metadata, no_params, render_in, require_platform, update_metadata,
};
use crate::domain::Ctx;
use crate::ids;
use crate::model::WebhookEndpointRecord;
use crate::store::render::Render;
use crate::webhook::event_types;
use crate::wire::params::{opt, req, validate, validate_page, Field, Kind};
use crate::wire::{ApiError, Params};

const CREATE: &[Field] = &[
    req("url", Kind::String),
    req("enabled_events", Kind::Array(&Kind::String)),
    opt("api_version", Kind::String),
    opt("connect", Kind::Boolean),
    opt("description", Kind::String),
    opt("metadata", Kind::Metadata),
];
const UPDATE: &[Field] = &[
    opt("description", Kind::String),
    opt("disabled", Kind::Boolean),
    opt("enabled_events", Kind::Array(&Kind::String)),
    opt("metadata", Kind::Metadata),
    opt("url", Kind::String),
];
const OBJECT: &str = "webhook_endpoint";
const URL: &str = "/v1/webhook_endpoints";
/// Stripe's `maxLength` for `description`.
const MAX_DESCRIPTION: usize = 5000;

fn check_url(url: Option<&str>) -> Result<String, ApiError> {
    let url = url.unwrap_or_default();
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Ok(url.to_owned())
        }
        _ => Err(ApiError::invalid_param(
            "url",
            format!("Invalid URL: {url}. The URL must be absolute and use http or https."),
        )),
    }
}

/// The `enabled_events` list: non-empty, each `*` or a known type; duplicates dropped.
fn enabled_events(p: &Params) -> Result<Vec<String>, ApiError> {
    let invalid = |message: String| ApiError::invalid_param("enabled_events", message);
    let items = p
        .get("enabled_events")
        .and_then(Value::as_array)
        .filter(|items| !items.is_empty())
        .ok_or_else(|| invalid("enabled_events must list at least one event type.".into()))?;
    let mut events: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Some(kind) = item.as_str() else {
            return Err(invalid(
                "enabled_events must not contain empty values.".into(),
            ));
        };
        if kind != "*" && !event_types::is_known(kind) {
            return Err(invalid(format!(
                "Invalid enabled_events: {kind} is not a valid event type. Use * or event types such as account.updated."
            )));
        }
        if !events.iter().any(|e| e == kind) {
            events.push(kind.to_owned());
        }
    }
    Ok(events)
}

/// `YYYY-MM-DD`, optionally with a release name (`2024-09-30.acacia`), as Stripe's versions are.
fn check_api_version(version: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(version) = version else {
        return Ok(None);
    };
    let (date, release) = version.split_once('.').unwrap_or((version, "a"));
    let date_ok = date.len() == 10
        && date.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    if date_ok && !release.is_empty() && release.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(Some(version.to_owned()))
    } else {
        Err(ApiError::invalid_param(
            "api_version",
            format!("Invalid API version: {version}. API versions look like 2024-06-20."),
        ))
    }
}

fn check_description(p: &Params) -> Result<Option<String>, ApiError> {
    match p.string("description") {
        Some(d) if d.chars().count() > MAX_DESCRIPTION => Err(ApiError::invalid_param(
            "description",
            format!("Invalid description: must be at most {MAX_DESCRIPTION} characters"),
        )),
        other => Ok(other),
    }
}

/// `POST /v1/webhook_endpoints`: the only answer that includes `secret`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    let p = validate(raw, CREATE)?;
    let url = check_url(p.str("url"))?;
    let enabled_events = enabled_events(&p)?;
    let api_version = check_api_version(p.str("api_version"))?;
    let description = check_description(&p)?;
    let record = WebhookEndpointRecord {
        id: ctx.next_id("we"),
        object: OBJECT.into(),
        api_version,
        application: None,
        created: ctx.now(),
        description,
        enabled_events,
        livemode: false,
        metadata: new_metadata(&p),
        status: "enabled".into(),
        url,
        secret: format!("whsec_{}", ids::random_token(32)),
        connect: p.bool("connect").unwrap_or(false),
    };
    let account = ctx.account.clone();
    ctx.db.webhook_endpoints.insert(&account, record.clone());
    let mut rendered = record.render(ctx.db);
    if let Value::Object(map) = &mut rendered {
        map.insert("secret".into(), json!(record.secret));
    }
    Ok(rendered)
}

/// `GET /v1/webhook_endpoints` (paged; Stripe offers no `created` filter here).
pub fn list_endpoints(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    let p = validate_page(raw, &[])?;
    list(
        ctx.db,
        &ctx.db.webhook_endpoints,
        &ctx.account,
        &p,
        URL,
        OBJECT,
        |_| true,
    )
}

/// `GET /v1/webhook_endpoints/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.webhook_endpoints,
        &ctx.account,
        id,
        OBJECT,
        OBJECT,
    )
}

/// `POST /v1/webhook_endpoints/{id}` (`url`, `enabled_events`, `disabled`, `description`,
/// `metadata`).
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    let p = validate(raw, UPDATE)?;
    let account = ctx.account.clone();
    let mut endpoint = ctx
        .db
        .webhook_endpoints
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such(OBJECT, id, OBJECT))?;
    if p.has("url") {
        endpoint.url = check_url(p.str("url"))?;
    }
    if p.has("enabled_events") {
        endpoint.enabled_events = enabled_events(&p)?;
    }
    if let Some(disabled) = p.bool("disabled") {
        endpoint.status = if disabled { "disabled" } else { "enabled" }.into();
    }
    if p.has("description") {
        endpoint.description = check_description(&p)?;
    }
    update_metadata(&mut endpoint.metadata, &p);
    ctx.db.webhook_endpoints.insert(&account, endpoint.clone());
    Ok(endpoint.render(ctx.db))
}

/// `DELETE /v1/webhook_endpoints/{id}`: deliveries to it stop with the next event.
pub fn delete(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    require_platform(ctx)?;
    no_params(raw)?;
    let account = ctx.account.clone();
    if ctx.db.webhook_endpoints.get_in(&account, id).is_none() {
        return Err(ApiError::no_such(OBJECT, id, OBJECT));
    }
    ctx.db.webhook_endpoints.remove(id);
    Ok(json!({ "id": id, "object": OBJECT, "deleted": true }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(check_url(Some("https://example.com/hooks")).is_ok());
        assert!(check_url(Some("http://127.0.0.1:9/x")).is_ok());
        for bad in [
            "",
            "/hooks",
            "ftp://example.com",
            "example.com",
            "mailto:a@b.c",
        ] {
            let err = check_url(Some(bad)).expect_err(bad);
            assert_eq!(err.param.as_deref(), Some("url"));
        }
        assert!(check_url(None).is_err());
    }

    #[test]
    fn api_versions() {
        assert_eq!(
            check_api_version(Some("2024-06-20"))
                .ok()
                .flatten()
                .as_deref(),
            Some("2024-06-20")
        );
        assert!(check_api_version(Some("2024-09-30.acacia")).is_ok());
        assert!(check_api_version(None).is_ok_and(|v| v.is_none()));
        for bad in ["2024-6-20", "latest", "2024-06-20.", "2024-06-20.ACACIA"] {
            assert!(check_api_version(Some(bad)).is_err(), "{bad}");
        }
    }
}
