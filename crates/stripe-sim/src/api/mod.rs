//! The Stripe API (`/v1/...`): one pipeline for every request.
//!
//! faults before executing (latency, rate limit, injected failure) → body → authentication →
//! parameters → (under the state lock: `Stripe-Account` check → idempotency lookup → route →
//! expand → fault after committing → store the idempotent result) → request log → faults on
//! delivery (dropped connection, late answer) → response with `Request-Id`.

pub(crate) mod auth;
mod expand;
mod idempotency;
mod input;
mod reply;
mod resources;
mod routes;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::response::Response;

use crate::clock::real_now;
use crate::control::faults::AfterCommit;
use crate::domain::Ctx;
use crate::ids;
use crate::model::EventRequest;
use crate::server::ConnInfo;
use crate::sim::{lock, LoggedRequest, Sim};
use crate::wire::ApiError;
use idempotency::Lookup;
pub use input::MAX_BODY;
use reply::{Payload, Reply};
pub use resources::account_links::LINK_TTL_SECS;

/// Handles one API request.
pub async fn handle(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    request: Request,
) -> Response {
    let request_id = format!("req_{}", ids::random_token(14));
    let log_url = format!("{}/_sim/requests/{request_id}", sim.base_url);
    let plan = lock(&sim.faults).before_request();
    if let Some(delay) = plan.delay {
        tokio::time::sleep(delay).await;
    }
    let (parts, body) = request.into_parts();
    let rejected = plan.reject.is_some();
    let reply = match plan.reject {
        Some(error) => Reply::error(&error, &log_url),
        None => match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(bytes) => execute(&sim, &parts, bytes, &request_id, plan.after)
                .unwrap_or_else(|e| Reply::error(&e, &log_url)),
            Err(_) => Reply::error(
                &ApiError::invalid("The request body is too large.").with_status(413),
                &log_url,
            ),
        },
    };
    sim.log_request(LoggedRequest {
        id: request_id.clone(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        account: header(&parts, "stripe-account"),
        idempotency_key: header(&parts, "idempotency-key"),
        status: reply.status,
        created: real_now(),
    });
    if !rejected {
        let delivery = lock(&sim.faults).delivery(plan.after);
        if delivery.drop {
            // The request was carried out; the response is never delivered.
            conn.kill();
        }
        if let Some(delay) = delivery.delay {
            // The request was carried out; a client with a shorter timeout gives up first.
            tokio::time::sleep(delay).await;
        }
    }
    reply.into_response(&request_id)
}

fn header(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn execute(
    sim: &Sim,
    parts: &Parts,
    body: Bytes,
    request_id: &str,
    fault: Option<AfterCommit>,
) -> Result<Reply, ApiError> {
    let log_url = format!("{}/_sim/requests/{request_id}", sim.base_url);
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let api_key = auth::presented_key(&parts.headers)?;
    // An OAuth access token acts on its connected account; any other key must pass the policy.
    let grant_account = sim.oauth_account(&api_key);
    if grant_account.is_none() {
        auth::check_key(&api_key, &sim.api_keys)?;
    }
    let stripe_account = match (header(parts, "stripe-account"), grant_account) {
        (Some(header), Some(granted)) if header != granted => {
            return Err(no_access(&api_key, &header))
        }
        (header, granted) => header.or(granted),
    };
    let idempotency_key = header(parts, "idempotency-key").filter(|_| method == "POST");
    let input = input::read(parts, &body)?;
    let expand_paths = expand::requested(&input.params);
    let segments: Vec<&str> = path
        .strip_prefix("/v1/")
        .map(|rest| rest.split('/').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();

    let event_request = EventRequest {
        id: Some(request_id.to_owned()),
        idempotency_key: idempotency_key.clone(),
    };
    let reply = sim.with_ctx(stripe_account.as_deref(), event_request, |ctx| {
        if let Some(account) = &stripe_account {
            if ctx.db.accounts.row(account).is_none() {
                return Reply::error(&no_access(&api_key, account), &log_url);
            }
        }
        let idempotency = idempotency_key.as_ref().map(|key| {
            let scope = idempotency::scope(&ctx.account, key);
            let fingerprint = idempotency::fingerprint(&method, &path, &input.params);
            (key, scope, fingerprint)
        });
        if let Some((key, scope, fingerprint)) = &idempotency {
            match idempotency::lookup(ctx.db, scope, fingerprint, ctx.now()) {
                Lookup::Fresh => {}
                Lookup::Replay(record) => return idempotency::replay(record),
                Lookup::Mismatch => {
                    return Reply::error(&ApiError::idempotency_mismatch(key), &log_url)
                }
            }
        }
        let mut reply = run(
            ctx,
            &method,
            &path,
            &segments,
            input,
            &expand_paths,
            &log_url,
        );
        if idempotency::started_executing(reply.status, ctx.db.has_changes()) {
            // The changes stay (they commit when this closure returns); only the answer changes.
            if let Some(error) = lock(&sim.faults).after_commit(fault) {
                reply = Reply::error(&error, &log_url);
            }
            if let Some((_, scope, fingerprint)) = idempotency {
                idempotency::store(ctx, scope, fingerprint, &reply, request_id);
            }
        }
        reply
    });
    Ok(Reply {
        idempotency_key,
        stripe_account,
        ..reply
    })
}

fn run(
    ctx: &mut Ctx<'_>,
    method: &str,
    path: &str,
    segments: &[&str],
    input: input::Input,
    expand_paths: &[String],
    log_url: &str,
) -> Reply {
    let result =
        routes::dispatch(ctx, method, path, segments, input).and_then(|payload| match payload {
            Payload::Json(mut value) => {
                expand::apply(ctx.db, &mut value, expand_paths)?;
                Ok(Payload::Json(value))
            }
            other => Ok(other),
        });
    match result {
        Ok(payload) => Reply::ok(payload),
        Err(error) => Reply::error(&error, log_url),
    }
}

/// Stripe's answer to a `Stripe-Account` the key cannot act on.
fn no_access(api_key: &str, account: &str) -> ApiError {
    ApiError::invalid(format!(
        "The provided key '{}' does not have access to account '{account}' (or that account does not exist). Application access may have been revoked.",
        auth::redact(api_key)
    ))
    .with_status(403)
    .with_code("account_invalid")
}
