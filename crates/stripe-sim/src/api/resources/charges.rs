//! `GET /v1/charges`, `GET /v1/charges/{id}` (charges are made by PaymentIntents).

use serde_json::Value;

use crate::api::resources::{list, no_params, render_in};
use crate::domain::Ctx;
use crate::wire::params::{opt, validate_list, Field, Kind};
use crate::wire::ApiError;

const LIST: &[Field] = &[
    opt("customer", Kind::String),
    opt("payment_intent", Kind::String),
    opt("transfer_group", Kind::String),
];

/// `GET /v1/charges`.
pub fn list_charges(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (customer, intent, group) = (
        p.string("customer"),
        p.string("payment_intent"),
        p.string("transfer_group"),
    );
    list(
        ctx.db,
        &ctx.db.charges,
        &ctx.account,
        &p,
        "/v1/charges",
        "charge",
        |c| {
            (customer.is_none() || c.customer == customer)
                && (intent.is_none() || c.payment_intent == intent)
                && (group.is_none() || c.transfer_group == group)
        },
    )
}

/// `GET /v1/charges/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.charges,
        &ctx.account,
        id,
        "charge",
        "charge",
    )
}
