//! Hosted onboarding (what an Account Link's URL opens) and the Express dashboard of login
//! links: server-rendered pages under `/connect/...`.
//!
//! * `GET /connect/onboarding/{token}`: opens the link (once) → 303 to the first step.
//! * `GET|POST /connect/session/{session}/{details|tos|bank}`: the steps; a successful POST
//!   answers 303 to the next step, and after the last to the link's `return_url`.
//! * Expired or used links and ended sessions → 303 to `refresh_url`.
//! * `GET /connect/express/{token}`: the Express dashboard page of a login link.

mod express;
pub mod flow;
mod html;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::model::EventRequest;
use crate::server::ConnInfo;
use crate::sim::Sim;
use flow::{Exit, FieldError};
use html::Values;

/// The onboarding and Express dashboard routes.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/connect/onboarding/{token}", get(open))
        .route("/connect/session/{session}/{step}", get(show).post(submit))
        .route("/connect/express/{token}", get(express::dashboard))
}

fn step_url(session: &str, step: &str) -> String {
    format!("/connect/session/{session}/{step}")
}

fn exit(exit: Exit) -> Response {
    match exit {
        Exit::Refresh(Some(url)) => Redirect::to(&url).into_response(),
        Exit::Refresh(None) => (
            StatusCode::GONE,
            Html(html::message(
                "Link expired",
                "This onboarding link has expired or was already used. Ask the platform for a new link.",
            )),
        )
            .into_response(),
        Exit::NotFound => (
            StatusCode::NOT_FOUND,
            Html(html::message("Link not found", "This onboarding link does not exist.")),
        )
            .into_response(),
    }
}

/// `GET /connect/onboarding/{token}`.
async fn open(State(sim): State<Arc<Sim>>, Path(token): Path<String>) -> Response {
    let result = sim.with_ctx(None, EventRequest::default(), |ctx| {
        flow::open_link(ctx, &token)
    });
    match result {
        Ok(session) => {
            let first = session.next_step().unwrap_or("details");
            Redirect::to(&step_url(&session.id, first)).into_response()
        }
        Err(e) => exit(e),
    }
}

/// `GET /connect/session/{session}/{step}`: the step's form (or a redirect to the step due).
async fn show(
    State(sim): State<Arc<Sim>>,
    Path((session_id, step)): Path<(String, String)>,
) -> Response {
    sim.with_ctx(None, EventRequest::default(), |ctx| {
        let session = match flow::session(ctx, &session_id) {
            Ok(s) => s,
            Err(e) => return exit(e),
        };
        let Some(due) = session.next_step().map(str::to_owned) else {
            return exit(Exit::Refresh(session.refresh_url));
        };
        if due != step {
            return Redirect::to(&step_url(&session.id, &due)).into_response();
        }
        let Some(account) = flow::account(ctx, &session.account) else {
            return exit(Exit::NotFound);
        };
        render_step(&session, &account, &step, None, &[], StatusCode::OK)
    })
}

/// `POST /connect/session/{session}/{step}`.
async fn submit(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    Path((session_id, step)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let ip = conn.remote.ip().to_string();
    sim.with_ctx(None, EventRequest::default(), |ctx| {
        let session = match flow::session(ctx, &session_id) {
            Ok(s) => s,
            Err(e) => return exit(e),
        };
        let Some(due) = session.next_step().map(str::to_owned) else {
            return exit(Exit::Refresh(session.refresh_url));
        };
        if due != step {
            return Redirect::to(&step_url(&session.id, &due)).into_response();
        }
        let result = match step.as_str() {
            "details" => flow::submit_details(ctx, &session, &form),
            "tos" => flow::accept_tos(ctx, &session, &form, &ip, user_agent.as_deref()),
            _ => flow::add_bank(ctx, &session, &form),
        };
        if let Err(errors) = result {
            let Some(account) = flow::account(ctx, &session.account) else {
                return exit(Exit::NotFound);
            };
            return render_step(
                &session,
                &account,
                &step,
                Some(&form),
                &errors,
                StatusCode::BAD_REQUEST,
            );
        }
        let updated = match ctx.db.sessions.row(&session.id) {
            Some(row) => row.value.clone(),
            None => return exit(Exit::NotFound),
        };
        match updated.next_step() {
            Some(next) => Redirect::to(&step_url(&updated.id, next)).into_response(),
            None => match &updated.return_url {
                Some(url) => Redirect::to(url).into_response(),
                None => Html(html::message(
                    "Onboarding complete",
                    "Your account details were submitted. You can close this window.",
                ))
                .into_response(),
            },
        }
    })
}

fn render_step(
    session: &crate::model::OnboardingSession,
    account: &crate::model::Account,
    step: &str,
    submitted: Option<&HashMap<String, String>>,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let action = step_url(&session.id, step);
    let values = Values { submitted, errors };
    let form = match step {
        "details" => html::details_form(&action, account, &values),
        "tos" => html::tos_form(&action, &values),
        _ => html::bank_form(&action, account, &values),
    };
    let name = account
        .business_profile
        .name
        .clone()
        .unwrap_or_else(|| account.id.clone());
    let body = format!(
        "{}<p class=\"hint\" id=\"account\">{} · {}</p>{form}",
        html::progress(&session.steps, step),
        html::escape(&name),
        html::escape(&account.id)
    );
    (status, Html(html::page(html::step_title(step), &body))).into_response()
}
