//! Connect OAuth as `connect.stripe.com` serves it: `POST /oauth/token` (refresh-token grant)
//! and `POST /oauth/deauthorize`. The client secret is the platform's secret key, sent as the
//! `client_secret` parameter or in `Authorization`. Errors use OAuth's shape:
//! `{"error": "invalid_grant", "error_description": "..."}`.
//!
//! Grants come from the test control `POST /_sim/oauth/grants` (the simulator has no consent
//! page); each grant's access token then authenticates `/v1` requests as its connected account.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::api::auth::{check_key, presented_key, redact};
use crate::domain::Ctx;
use crate::ids;
use crate::model::{EventRequest, OAuthGrant};
use crate::sim::Sim;
use crate::wire::form;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/oauth/deauthorize", post(deauthorize))
}

/// An OAuth error answer.
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error, "error_description": self.description });
        with_request_id((self.status, Json(body)).into_response())
    }
}

fn with_request_id(mut response: Response) -> Response {
    if let Ok(value) = format!("req_{}", ids::random_token(14)).parse() {
        response.headers_mut().insert("request-id", value);
    }
    response
}

/// The form parameters and the platform's secret key, checked.
fn read(sim: &Sim, headers: &HeaderMap, body: &Bytes) -> Result<Value, OAuthError> {
    let params = form::parse(body)
        .map_err(|err| OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", err.message))?;
    let secret = match params.get("client_secret").and_then(Value::as_str) {
        Some(secret) => secret.to_owned(),
        None => presented_key(headers).map_err(|err| {
            OAuthError::new(StatusCode::UNAUTHORIZED, "invalid_client", err.message)
        })?,
    };
    check_key(&secret, &sim.api_keys)
        .map_err(|err| OAuthError::new(StatusCode::UNAUTHORIZED, "invalid_client", err.message))?;
    Ok(params)
}

fn text<'a>(params: &'a Value, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .and_then(Value::as_str)
        .filter(|value| !value.is_empty())
}

async fn token(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let outcome = read(&sim, &headers, &body).and_then(|params| {
        match text(&params, "grant_type") {
            Some("refresh_token") => {}
            Some("authorization_code") => {
                return Err(OAuthError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The simulator has no OAuth consent page, so it issues no authorization codes. Create a grant with POST /_sim/oauth/grants and use its refresh token.",
                ))
            }
            Some(other) => {
                return Err(OAuthError::new(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    format!("Unsupported grant type: {other}"),
                ))
            }
            None => {
                return Err(OAuthError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "No grant type specified",
                ))
            }
        }
        let refresh_token = text(&params, "refresh_token").ok_or_else(|| {
            OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "No refresh token provided",
            )
        })?;
        sim.with_ctx(None, EventRequest::default(), |ctx| {
            let mut grant = ctx
                .db
                .oauth_grants
                .row(&token_digest(refresh_token))
                .map(|row| row.value.clone())
                .ok_or_else(|| {
                    OAuthError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        format!(
                            "Refresh token does not exist: {}",
                            redact(refresh_token)
                        ),
                    )
                })?;
            // Each exchange issues a new access token; a rotating grant a new refresh token too.
            let access_token = new_access_token();
            let refresh_token = if grant.rotate {
                new_refresh_token()
            } else {
                refresh_token.to_owned()
            };
            ctx.db.oauth_grants.remove(&grant.id);
            grant.id = token_digest(&refresh_token);
            grant.access_token = token_digest(&access_token);
            let platform = ctx.platform();
            ctx.db.oauth_grants.insert(&platform, grant.clone());
            Ok(token_json(&grant, &access_token, &refresh_token))
        })
    });
    match outcome {
        Ok(body) => with_request_id(Json(body).into_response()),
        Err(err) => err.into_response(),
    }
}

async fn deauthorize(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let outcome = read(&sim, &headers, &body).and_then(|params| {
        let (Some(client_id), Some(account)) =
            (text(&params, "client_id"), text(&params, "stripe_user_id"))
        else {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "client_id and stripe_user_id are required",
            ));
        };
        sim.with_ctx(None, EventRequest::default(), |ctx| {
            let revoked = ctx.db.oauth_grants.ids_where(|row| {
                row.value.account == account && row.value.client_id == client_id
            });
            if revoked.is_empty() {
                return Err(OAuthError::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    format!("This application is not connected to stripe account {account}, or that account does not exist."),
                ));
            }
            for id in revoked {
                ctx.db.oauth_grants.remove(&id);
            }
            Ok(json!({ "stripe_user_id": account }))
        })
    });
    match outcome {
        Ok(body) => with_request_id(Json(body).into_response()),
        Err(err) => err.into_response(),
    }
}

fn token_json(grant: &OAuthGrant, access_token: &str, refresh_token: &str) -> Value {
    json!({
        "access_token": access_token,
        "livemode": false,
        "refresh_token": refresh_token,
        "token_type": "bearer",
        "stripe_publishable_key": format!("pk_test_{}", &grant.access_token[..24]),
        "stripe_user_id": grant.account,
        "scope": grant.scope,
    })
}

/// The platform's OAuth client id (`ca_...`), derived from its account id.
pub fn client_id(ctx: &Ctx<'_>) -> String {
    format!("ca_{}", ctx.platform().trim_start_matches("acct_"))
}

fn new_refresh_token() -> String {
    format!("rt_{}", ids::random_token(32))
}

fn new_access_token() -> String {
    format!("sk_test_{}", ids::random_token(32))
}

/// How tokens are stored and looked up: hex SHA-256.
pub fn token_digest(token: &str) -> String {
    ring::digest::digest(&ring::digest::SHA256, token.as_bytes())
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Grants the platform access to `account` (test control); returns the token answer plus the
/// client id.
pub fn grant(ctx: &mut Ctx<'_>, account: &str, scope: &str, rotate: bool) -> Value {
    let refresh_token = new_refresh_token();
    let access_token = new_access_token();
    let grant = OAuthGrant {
        id: token_digest(&refresh_token),
        account: account.to_owned(),
        client_id: client_id(ctx),
        access_token: token_digest(&access_token),
        scope: scope.to_owned(),
        created: ctx.now(),
        rotate,
    };
    let platform = ctx.platform();
    ctx.db.oauth_grants.insert(&platform, grant.clone());
    let mut answer = token_json(&grant, &access_token, &refresh_token);
    answer["client_id"] = json!(grant.client_id);
    answer
}
