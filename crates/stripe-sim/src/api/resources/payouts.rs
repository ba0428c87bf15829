//! `/v1/payouts`.

use serde_json::Value;

use crate::api::resources::{list, new_metadata, no_params, render_in, update_metadata};
use crate::domain::payouts::{self, NewPayout};
use crate::domain::Ctx;
use crate::store::render::Render;
use crate::wire::list::CreatedRange;
use crate::wire::params::{opt, req, validate, validate_list, Field, Kind};
use crate::wire::ApiError;

const CREATE: &[Field] = &[
    req("amount", Kind::Integer),
    req("currency", Kind::Currency),
    opt("description", Kind::String),
    opt("destination", Kind::String),
    opt("metadata", Kind::Metadata),
    opt("method", Kind::Enum(&["instant", "standard"])),
    opt("source_type", Kind::Enum(&["bank_account", "card", "fpx"])),
    opt("statement_descriptor", Kind::String),
];
const UPDATE: &[Field] = &[opt("metadata", Kind::Metadata)];
const STATUSES: &[&str] = &["canceled", "failed", "in_transit", "paid", "pending"];
const LIST: &[Field] = &[
    opt("arrival_date", Kind::Range),
    opt("destination", Kind::String),
    opt("status", Kind::Enum(STATUSES)),
];

/// `POST /v1/payouts`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CREATE)?;
    let new = NewPayout {
        amount: p.int("amount").unwrap_or_default(),
        currency: p.string("currency").unwrap_or_default(),
        description: p.string("description"),
        destination: p.string("destination"),
        metadata: new_metadata(&p),
        method: p.string("method"),
        statement_descriptor: p.string("statement_descriptor"),
    };
    let id = payouts::create(ctx, new)?;
    render_in(
        ctx.db,
        &ctx.db.payouts,
        &ctx.account,
        &id,
        "payout",
        "payout",
    )
}

/// `GET /v1/payouts`.
pub fn list_payouts(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (status, destination) = (p.string("status"), p.string("destination"));
    let arrival = CreatedRange::from_param(&p, "arrival_date");
    list(
        ctx.db,
        &ctx.db.payouts,
        &ctx.account,
        &p,
        "/v1/payouts",
        "payout",
        |po| {
            status.as_ref().map_or(true, |s| &po.status == s)
                && (destination.is_none() || po.destination == destination)
                && arrival.contains(po.arrival_date)
        },
    )
}

/// `GET /v1/payouts/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.payouts,
        &ctx.account,
        id,
        "payout",
        "payout",
    )
}

/// `POST /v1/payouts/{id}` (metadata).
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let account = ctx.account.clone();
    let mut payout = ctx
        .db
        .payouts
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payout", id, "payout"))?;
    update_metadata(&mut payout.metadata, &p);
    ctx.db.payouts.insert(&account, payout.clone());
    Ok(payout.render(ctx.db))
}

/// `POST /v1/payouts/{id}/cancel`.
pub fn cancel(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    payouts::cancel(ctx, id)?;
    render_in(
        ctx.db,
        &ctx.db.payouts,
        &ctx.account,
        id,
        "payout",
        "payout",
    )
}
