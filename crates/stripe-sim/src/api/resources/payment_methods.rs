//! `GET /v1/payment_methods/{id}` (PaymentMethods made from test tokens).

use serde_json::Value;

use crate::api::resources::{no_params, render_in};
use crate::domain::Ctx;
use crate::wire::ApiError;

/// `GET /v1/payment_methods/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.payment_methods,
        &ctx.account,
        id,
        "PaymentMethod",
        "payment_method",
    )
}
