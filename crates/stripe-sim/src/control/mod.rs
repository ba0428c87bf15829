//! Test controls under `/_sim/...` (JSON in, JSON out; no API key). Never on Stripe's paths.
//!
//! | Method & path | Body | Effect |
//! |---|---|---|
//! | `GET /_sim/health` | | `{ok, base_url, now, platform_account}` |
//! | `POST /_sim/reset` | | delete all state, clear faults |
//! | `GET /_sim/clock` | | `{now, offset_secs}` |
//! | `POST /_sim/clock/advance` | `{seconds}` | move time forward; due changes apply |
//! | `GET /_sim/faults`, `DELETE /_sim/faults` | | show (with counters) / clear faults |
//! | `POST /_sim/faults` | `{fail?, fail_after_commit?, drop?, latency?, rate_limit?, random?}` | set several (null clears one) |
//! | `POST /_sim/faults/fail` | `{count, status, should_retry?, code?, message?}` | fail next requests before executing |
//! | `POST /_sim/faults/fail_after_commit` | `{count, status?}` | carry out, commit, answer a stored 5xx |
//! | `POST /_sim/faults/drop` | `{count}` | drop connections after carrying requests out |
//! | `POST /_sim/faults/latency` | `{ms, count?}` | delay requests |
//! | `POST /_sim/faults/rate_limit` | `{per_second}` (null/0 = off) | 429 over the limit |
//! | `POST /_sim/faults/random` | `{rate, seed?, kinds?, slow_ms?}` (null = off) | one random fault per request |
//! | `POST /_sim/accounts/{id}/verification` | `{hold}` | hold (capabilities `pending`) or release verification |
//! | `POST /_sim/charges/{id}/dispute` | `{reason?, amount?}` | open a dispute |
//! | `POST /_sim/disputes/{id}/close` | `{outcome: "won"\|"lost"}` | close a dispute |
//! | `POST /_sim/payouts/{id}/pay` | | payout paid now (through `in_transit`) |
//! | `POST /_sim/payouts/{id}/fail` | `{failure_code?}` | payout failed now (through `in_transit`) |
//! | `POST /_sim/oauth/grants` | `{account?, scope?, country?, rotate?}` | Connect OAuth grant (a new Standard account when none is named): `{client_id, refresh_token, access_token, stripe_user_id, …}` |
//! | `POST /_sim/account_links/ttl` | `{seconds}` (null = default 300) | lifetime of new Account Links |
//! | `GET/POST/DELETE /_sim/webhook` | `{url, secret?}` | webhook endpoint |
//! | `GET /_sim/webhook/deliveries` | | recent delivery attempts (to it and to `/v1/webhook_endpoints`) |
//! | `GET /_sim/requests`, `GET /_sim/requests/{id}` | | request log |

mod fault_routes;
pub mod faults;
mod random;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::config::WebhookEndpoint;
use crate::domain::{accounts, disputes, payouts, Ctx};
use crate::model::EventRequest;
use crate::sim::Sim;
use crate::store::render::Render;
use crate::wire::ApiError;
use crate::{ids, oauth};

/// The control routes (mounted under `/_sim`).
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/health", get(health))
        .route("/reset", post(reset))
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .merge(fault_routes::routes())
        .route("/accounts/{id}/verification", post(verification))
        .route("/charges/{id}/dispute", post(open_dispute))
        .route("/disputes/{id}/close", post(close_dispute))
        .route("/oauth/grants", post(oauth_grant))
        .route("/account_links/ttl", post(link_ttl))
        .route("/payouts/{id}/pay", post(pay_payout))
        .route("/payouts/{id}/fail", post(fail_payout))
        .route(
            "/webhook",
            get(show_webhook).post(set_webhook).delete(clear_webhook),
        )
        .route("/webhook/deliveries", get(deliveries))
        .route("/requests", get(requests))
        .route("/requests/{id}", get(request))
}

/// A control error: Stripe's error shape, so clients parse one format.
fn error(err: ApiError) -> Response {
    let status = StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(err.body(None))).into_response()
}

/// Parses an optional JSON body (empty = defaults).
fn body<T: DeserializeOwned + Default>(bytes: &Bytes) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::invalid(format!("Invalid JSON body: {e}")))
}

/// Runs a control action as the platform.
fn act(sim: &Sim, f: impl FnOnce(&mut Ctx<'_>) -> Result<Value, ApiError>) -> Response {
    match sim.with_ctx(None, EventRequest::default(), f) {
        Ok(value) => Json(value).into_response(),
        Err(e) => error(e),
    }
}

async fn health(State(sim): State<Arc<Sim>>) -> Response {
    act(&sim, |ctx| {
        Ok(
            json!({ "ok": true, "base_url": ctx.env.base_url, "now": ctx.now(), "platform_account": ctx.platform() }),
        )
    })
}

async fn reset(State(sim): State<Arc<Sim>>) -> Response {
    sim.reset();
    act(&sim, |ctx| {
        Ok(json!({ "reset": true, "platform_account": ctx.platform() }))
    })
}

async fn clock(State(sim): State<Arc<Sim>>) -> Response {
    act(&sim, |ctx| {
        Ok(json!({ "now": ctx.now(), "offset_secs": ctx.db.meta.clock.offset_secs }))
    })
}

#[derive(Debug, Default, Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance(State(sim): State<Arc<Sim>>, bytes: Bytes) -> Response {
    let advance: Advance = match body(&bytes) {
        Ok(a) => a,
        Err(e) => return error(e),
    };
    if advance.seconds <= 0 {
        return error(ApiError::invalid_param(
            "seconds",
            "seconds must be a positive integer",
        ));
    }
    let now = sim.advance_clock(advance.seconds);
    Json(json!({ "now": now })).into_response()
}

#[derive(Debug, Default, Deserialize)]
struct HoldSpec {
    hold: bool,
}

async fn verification(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let spec: HoldSpec = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    act(&sim, |ctx| {
        let before = ctx
            .db
            .accounts
            .row(&id)
            .map(|r| r.value.clone())
            .filter(|a| a.id != ctx.db.platform())
            .ok_or_else(|| ApiError::no_such("account", &id, "account"))?;
        if spec.hold {
            ctx.db.meta.verification_holds.insert(id.clone());
        } else {
            ctx.db.meta.verification_holds.remove(&id);
        }
        ctx.db.meta_dirty = true;
        let account = ctx.save_account(Some(&before), before.clone());
        Ok(account.render(ctx.db))
    })
}

#[derive(Debug, Default, Deserialize)]
struct DisputeSpec {
    reason: Option<String>,
    amount: Option<i64>,
}

async fn open_dispute(
    State(sim): State<Arc<Sim>>,
    Path(charge): Path<String>,
    bytes: Bytes,
) -> Response {
    let spec: DisputeSpec = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let reason = spec.reason.unwrap_or_else(|| "fraudulent".into());
    if !disputes::REASONS.contains(&reason.as_str()) {
        return error(ApiError::invalid_param(
            "reason",
            format!("reason must be one of {}", disputes::REASONS.join(", ")),
        ));
    }
    act(&sim, |ctx| {
        let id = disputes::open(ctx, &charge, &reason, spec.amount)?;
        rendered_dispute(ctx, &id)
    })
}

fn rendered_dispute(ctx: &Ctx<'_>, id: &str) -> Result<Value, ApiError> {
    ctx.db
        .disputes
        .row(id)
        .map(|r| r.value.render(ctx.db))
        .ok_or_else(|| ApiError::no_such("dispute", id, "dispute"))
}

#[derive(Debug, Default, Deserialize)]
struct CloseSpec {
    outcome: Option<String>,
}

async fn close_dispute(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let spec: CloseSpec = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let won = match spec.outcome.as_deref() {
        Some("won") => true,
        Some("lost") => false,
        _ => {
            return error(ApiError::invalid_param(
                "outcome",
                "outcome must be \"won\" or \"lost\"",
            ))
        }
    };
    act(&sim, |ctx| {
        disputes::close(ctx, &id, won)?;
        rendered_dispute(ctx, &id)
    })
}

fn rendered_payout(ctx: &Ctx<'_>, id: &str) -> Result<Value, ApiError> {
    ctx.db
        .payouts
        .row(id)
        .map(|r| r.value.render(ctx.db))
        .ok_or_else(|| ApiError::no_such("payout", id, "payout"))
}

async fn pay_payout(State(sim): State<Arc<Sim>>, Path(id): Path<String>) -> Response {
    act(&sim, |ctx| {
        payouts::finish(ctx, &id, payouts::Outcome::Paid)?;
        rendered_payout(ctx, &id)
    })
}

#[derive(Debug, Default, Deserialize)]
struct FailSpec {
    failure_code: Option<String>,
}

async fn fail_payout(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let spec: FailSpec = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let code = spec.failure_code.unwrap_or_else(|| "account_closed".into());
    if !payouts::is_failure_code(&code) {
        let codes: Vec<&str> = payouts::FAILURES.iter().map(|(code, _)| *code).collect();
        return error(ApiError::invalid_param(
            "failure_code",
            format!("failure_code must be one of {}", codes.join(", ")),
        ));
    }
    act(&sim, |ctx| {
        payouts::finish(ctx, &id, payouts::Outcome::Failed { code })?;
        rendered_payout(ctx, &id)
    })
}

#[derive(Debug, Default, Deserialize)]
struct WebhookSpec {
    url: Option<String>,
    secret: Option<String>,
}

fn webhook_json(endpoint: Option<WebhookEndpoint>) -> Value {
    match endpoint {
        Some(e) => json!({ "url": e.url, "secret": e.secret }),
        None => json!({ "url": null, "secret": null }),
    }
}

async fn show_webhook(State(sim): State<Arc<Sim>>) -> Response {
    Json(webhook_json(sim.webhooks.endpoint())).into_response()
}

async fn set_webhook(State(sim): State<Arc<Sim>>, bytes: Bytes) -> Response {
    let spec: WebhookSpec = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let Some(url) = spec
        .url
        .filter(|u| url::Url::parse(u).is_ok_and(|p| matches!(p.scheme(), "http" | "https")))
    else {
        return error(ApiError::invalid_param("url", "url must be an http(s) URL"));
    };
    let secret = spec
        .secret
        .unwrap_or_else(|| format!("whsec_{}", ids::random_token(32)));
    let endpoint = WebhookEndpoint { url, secret };
    sim.set_webhook(Some(endpoint.clone()));
    Json(webhook_json(Some(endpoint))).into_response()
}

async fn clear_webhook(State(sim): State<Arc<Sim>>) -> Response {
    sim.set_webhook(None);
    Json(webhook_json(None)).into_response()
}

async fn deliveries(State(sim): State<Arc<Sim>>) -> Response {
    Json(json!({ "data": sim.webhooks.deliveries() })).into_response()
}

async fn requests(State(sim): State<Arc<Sim>>) -> Response {
    Json(json!({ "data": sim.requests() })).into_response()
}

async fn request(State(sim): State<Arc<Sim>>, Path(id): Path<String>) -> Response {
    match sim.requests().into_iter().find(|r| r.id == id) {
        Some(r) => Json(r).into_response(),
        None => error(ApiError::no_such("request", &id, "id")),
    }
}

#[derive(Debug, Default, Deserialize)]
struct GrantRequest {
    account: Option<String>,
    scope: Option<String>,
    country: Option<String>,
    #[serde(default)]
    rotate: bool,
}

async fn oauth_grant(State(sim): State<Arc<Sim>>, bytes: Bytes) -> Response {
    let request: GrantRequest = match body(&bytes) {
        Ok(request) => request,
        Err(e) => return error(e),
    };
    act(&sim, |ctx| {
        let scope = request.scope.unwrap_or_else(|| "read_write".into());
        if !matches!(scope.as_str(), "read_write" | "read_only") {
            return Err(ApiError::invalid_param(
                "scope",
                "scope is read_write or read_only",
            ));
        }
        let account = match request.account {
            Some(id) => {
                if id == ctx.platform() || ctx.db.accounts.row(&id).is_none() {
                    return Err(ApiError::no_such("account", &id, "account"));
                }
                id
            }
            None => {
                let country = request.country.unwrap_or_else(|| "US".into());
                let id = ctx.next_id("acct");
                let account = accounts::blank(&id, "standard", &country, ctx.now());
                ctx.save_account(None, account).id
            }
        };
        Ok(oauth::grant(ctx, &account, &scope, request.rotate))
    })
}

#[derive(Debug, Default, Deserialize)]
struct LinkTtl {
    seconds: Option<i64>,
}

async fn link_ttl(State(sim): State<Arc<Sim>>, bytes: Bytes) -> Response {
    let ttl: LinkTtl = match body(&bytes) {
        Ok(ttl) => ttl,
        Err(e) => return error(e),
    };
    if ttl.seconds.is_some_and(|seconds| seconds <= 0) {
        return error(ApiError::invalid_param(
            "seconds",
            "seconds must be a positive integer",
        ));
    }
    act(&sim, |ctx| {
        ctx.db.meta.link_ttl_secs = ttl.seconds;
        ctx.db.meta_dirty = true;
        Ok(json!({ "seconds": ttl.seconds.unwrap_or(crate::api::LINK_TTL_SECS) }))
    })
}
