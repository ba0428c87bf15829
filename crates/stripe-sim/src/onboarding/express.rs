//! The Express dashboard a login link opens: account summary, balance and recent payouts.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::clock::rfc3339;
use crate::domain::ledger;
use crate::model::EventRequest;
use crate::money;
use crate::onboarding::html::{escape, message, page};
use crate::sim::Sim;

/// `GET /connect/express/{token}`.
pub async fn dashboard(State(sim): State<Arc<Sim>>, Path(token): Path<String>) -> Response {
    sim.with_ctx(None, EventRequest::default(), |ctx| {
        let Some(link) = ctx.db.login_links.row(&token).map(|r| r.value.clone()) else {
            return (StatusCode::NOT_FOUND, Html(message("Link not found", "This login link does not exist."))).into_response();
        };
        let Some(account) = ctx.db.accounts.row(&link.account).map(|r| r.value.clone()) else {
            return (StatusCode::NOT_FOUND, Html(message("Account not found", "This account no longer exists."))).into_response();
        };
        let balance = ledger::balance(ctx.db, &account.id);
        let amounts = |key: &str| -> String {
            balance[key]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .map(|b| {
                            let amount = b["amount"].as_i64().unwrap_or(0);
                            let currency = b["currency"].as_str().unwrap_or("");
                            money::display(amount, currency)
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let payouts: String = ctx
            .db
            .payouts
            .in_account(&account.id)
            .rev()
            .take(10)
            .map(|p| {
                format!(
                    "<li>{} · {} · {} (arrives {})</li>",
                    escape(&p.id),
                    escape(&money::display(p.amount, &p.currency)),
                    escape(&p.status),
                    escape(&rfc3339(p.arrival_date))
                )
            })
            .collect();
        let name = account.business_profile.name.clone().unwrap_or_else(|| account.id.clone());
        let body = format!(
            "<dl id=\"summary\"><dt>Account</dt><dd>{}</dd><dt>Name</dt><dd>{}</dd><dt>Email</dt><dd>{}</dd>\
<dt>Available</dt><dd id=\"available\">{}</dd><dt>Pending</dt><dd id=\"pending\">{}</dd>\
<dt>Payouts enabled</dt><dd>{}</dd></dl><h2>Recent payouts</h2><ul id=\"payouts\">{payouts}</ul>",
            escape(&account.id),
            escape(&name),
            escape(account.email.as_deref().unwrap_or("")),
            escape(&amounts("available")),
            escape(&amounts("pending")),
            account.payouts_enabled,
        );
        Html(page("Express dashboard", &body)).into_response()
    })
}
