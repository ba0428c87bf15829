//! `/v1/events`.

use serde_json::Value;

use crate::api::resources::{list, no_params, render_in};
use crate::domain::Ctx;
use crate::wire::params::{opt, validate_list, Field, Kind};
use crate::wire::ApiError;

const LIST: &[Field] = &[
    opt("delivery_success", Kind::Boolean),
    opt("type", Kind::String),
    opt("types", Kind::Array(&Kind::String)),
];

/// Whether an event type matches a filter; `payment_intent.*` matches by prefix, like Stripe.
fn type_matches(kind: &str, filter: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => kind.starts_with(prefix),
        None => kind == filter,
    }
}

/// `GET /v1/events` (`type`, `types[]`).
pub fn list_events(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let single = p.string("type");
    let many = p.strings("types");
    if single.is_some() && !many.is_empty() {
        return Err(ApiError::invalid(
            "You may only specify one of these parameters: type, types.",
        )
        .with_param("types"));
    }
    list(
        ctx.db,
        &ctx.db.events,
        &ctx.account,
        &p,
        "/v1/events",
        "event",
        |e| {
            single.as_ref().map_or(true, |f| type_matches(&e.kind, f))
                && (many.is_empty() || many.iter().any(|f| type_matches(&e.kind, f)))
        },
    )
}

/// `GET /v1/events/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(ctx.db, &ctx.db.events, &ctx.account, id, "event", "id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_types() {
        assert!(type_matches("payment_intent.succeeded", "payment_intent.*"));
        assert!(type_matches("payout.paid", "payout.paid"));
        assert!(!type_matches("payout.paid", "payout.failed"));
    }
}
