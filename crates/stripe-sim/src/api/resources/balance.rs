//! `GET /v1/balance` and `/v1/balance_transactions`.

use serde_json::Value;

use crate::api::resources::{list, no_params, render_in};
use crate::domain::{ledger, Ctx};
use crate::wire::params::{opt, validate_list, Field, Kind};
use crate::wire::ApiError;

const LIST: &[Field] = &[
    opt("currency", Kind::Currency),
    opt("payout", Kind::String),
    opt("source", Kind::String),
    opt("type", Kind::String),
];

/// `GET /v1/balance` (of the acting account).
pub fn retrieve(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    Ok(ledger::balance(ctx.db, &ctx.account))
}

/// `GET /v1/balance_transactions` (and the legacy `/v1/balance/history`).
pub fn list_transactions(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (currency, payout, source, kind) = (
        p.string("currency"),
        p.string("payout"),
        p.string("source"),
        p.string("type"),
    );
    list(
        ctx.db,
        &ctx.db.balance_transactions,
        &ctx.account,
        &p,
        "/v1/balance_transactions",
        "balance_transaction",
        |t| {
            currency.as_ref().map_or(true, |c| &t.currency == c)
                && kind.as_ref().map_or(true, |k| &t.kind == k)
                && (source.is_none() || t.source == source)
                && (payout.is_none() || (t.kind == "payout" && t.source == payout))
        },
    )
}

/// `GET /v1/balance_transactions/{id}`.
pub fn retrieve_transaction(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.balance_transactions,
        &ctx.account,
        id,
        "balance_transaction",
        "id",
    )
}
