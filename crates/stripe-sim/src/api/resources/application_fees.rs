//! `/v1/application_fees` (the platform's collected fees).

use serde_json::Value;

use crate::api::resources::{list, no_params, render_in};
use crate::domain::Ctx;
use crate::wire::params::{opt, validate_list, validate_page, Field, Kind};
use crate::wire::ApiError;

const LIST: &[Field] = &[opt("charge", Kind::String)];

/// `GET /v1/application_fees`.
pub fn list_fees(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let charge = p.string("charge");
    list(
        ctx.db,
        &ctx.db.application_fees,
        &ctx.account,
        &p,
        "/v1/application_fees",
        "application_fee",
        |f| {
            charge.as_ref().map_or(true, |c| {
                &f.charge == c || f.originating_transaction.as_ref() == Some(c)
            })
        },
    )
}

/// `GET /v1/application_fees/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.application_fees,
        &ctx.account,
        id,
        "application fee",
        "id",
    )
}

/// `GET /v1/application_fees/{id}/refunds`.
pub fn list_refunds(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate_page(raw, &[])?;
    if ctx.db.application_fees.get_in(&ctx.account, id).is_none() {
        return Err(ApiError::no_such("application fee", id, "id"));
    }
    let url = format!("/v1/application_fees/{id}/refunds");
    list(
        ctx.db,
        &ctx.db.fee_refunds,
        &ctx.account,
        &p,
        &url,
        "fee_refund",
        |r| r.fee == id,
    )
}
