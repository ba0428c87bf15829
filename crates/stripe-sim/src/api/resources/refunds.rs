//! `/v1/refunds`.

use serde_json::Value;

use crate::api::resources::{list, new_metadata, render_in, update_metadata};
use crate::domain::refunds::{self, NewRefund};
use crate::domain::Ctx;
use crate::store::render::Render;
use crate::wire::params::{opt, validate, validate_list, Field, Kind};
use crate::wire::ApiError;

const CREATE: &[Field] = &[
    opt("amount", Kind::Integer),
    opt("charge", Kind::String),
    opt("metadata", Kind::Metadata),
    opt("payment_intent", Kind::String),
    opt(
        "reason",
        Kind::Enum(&["duplicate", "fraudulent", "requested_by_customer"]),
    ),
    opt("refund_application_fee", Kind::Boolean),
    opt("reverse_transfer", Kind::Boolean),
];
const UPDATE: &[Field] = &[opt("metadata", Kind::Metadata)];
const LIST: &[Field] = &[
    opt("charge", Kind::String),
    opt("payment_intent", Kind::String),
];

/// `POST /v1/refunds` with `charge` or `payment_intent`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CREATE)?;
    let charge = match (p.str("charge"), p.str("payment_intent")) {
        (Some(_), Some(_)) => {
            return Err(
                ApiError::invalid("You can only pass one of `charge` or `payment_intent`.")
                    .with_param("payment_intent"),
            )
        }
        (Some(charge), None) => charge.to_owned(),
        (None, Some(intent)) => {
            let pi = ctx
                .db
                .payment_intents
                .get_in(&ctx.account, intent)
                .ok_or_else(|| ApiError::no_such("payment_intent", intent, "payment_intent"))?;
            match (&pi.latest_charge, pi.status.as_str()) {
                (Some(charge), "succeeded") => charge.clone(),
                _ => {
                    return Err(ApiError::invalid(format!(
                        "This PaymentIntent ({intent}) does not have a successful charge to refund."
                    ))
                    .with_code("charge_not_refundable")
                    .with_param("payment_intent"))
                }
            }
        }
        (None, None) => {
            return Err(
                ApiError::invalid("One of `charge` or `payment_intent` is required.")
                    .with_param("charge"),
            )
        }
    };
    let new = NewRefund {
        charge,
        amount: p.int("amount"),
        reason: p.string("reason"),
        metadata: new_metadata(&p),
        refund_application_fee: p.bool("refund_application_fee").unwrap_or(false),
        reverse_transfer: p.bool("reverse_transfer").unwrap_or(false),
    };
    let id = refunds::create(ctx, new)?;
    render_in(
        ctx.db,
        &ctx.db.refunds,
        &ctx.account,
        &id,
        "refund",
        "refund",
    )
}

/// `GET /v1/refunds`.
pub fn list_refunds(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (charge, intent) = (p.string("charge"), p.string("payment_intent"));
    list(
        ctx.db,
        &ctx.db.refunds,
        &ctx.account,
        &p,
        "/v1/refunds",
        "refund",
        |r| {
            charge.as_ref().map_or(true, |c| &r.charge == c)
                && (intent.is_none() || r.payment_intent == intent)
        },
    )
}

/// `GET /v1/refunds/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    super::no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.refunds,
        &ctx.account,
        id,
        "refund",
        "refund",
    )
}

/// `POST /v1/refunds/{id}` (metadata).
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let account = ctx.account.clone();
    let mut refund = ctx
        .db
        .refunds
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("refund", id, "refund"))?;
    update_metadata(&mut refund.metadata, &p);
    ctx.db.refunds.insert(&account, refund.clone());
    Ok(refund.render(ctx.db))
}
