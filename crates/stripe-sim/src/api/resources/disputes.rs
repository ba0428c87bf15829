//! `/v1/disputes`.

use serde_json::{Map, Value};

use crate::api::resources::{list, no_params, render_in};
use crate::domain::disputes::{self, DisputeUpdate};
use crate::domain::Ctx;
use crate::model::EVIDENCE_TEXT_FIELDS;
use crate::wire::params::{opt, validate, validate_list, Field, Kind};
use crate::wire::ApiError;

const EVIDENCE: &[Field] = &[
    opt("access_activity_log", Kind::String),
    opt("billing_address", Kind::String),
    opt("cancellation_policy", Kind::String),
    opt("cancellation_policy_disclosure", Kind::String),
    opt("cancellation_rebuttal", Kind::String),
    opt("customer_communication", Kind::String),
    opt("customer_email_address", Kind::String),
    opt("customer_name", Kind::String),
    opt("customer_purchase_ip", Kind::String),
    opt("customer_signature", Kind::String),
    opt("duplicate_charge_documentation", Kind::String),
    opt("duplicate_charge_explanation", Kind::String),
    opt("duplicate_charge_id", Kind::String),
    opt("product_description", Kind::String),
    opt("receipt", Kind::String),
    opt("refund_policy", Kind::String),
    opt("refund_policy_disclosure", Kind::String),
    opt("refund_refusal_explanation", Kind::String),
    opt("service_date", Kind::String),
    opt("service_documentation", Kind::String),
    opt("shipping_address", Kind::String),
    opt("shipping_carrier", Kind::String),
    opt("shipping_date", Kind::String),
    opt("shipping_documentation", Kind::String),
    opt("shipping_tracking_number", Kind::String),
    opt("uncategorized_file", Kind::String),
    opt("uncategorized_text", Kind::String),
];
const UPDATE: &[Field] = &[
    opt("evidence", Kind::Object(EVIDENCE)),
    opt("metadata", Kind::Metadata),
    opt("submit", Kind::Boolean),
];
const LIST: &[Field] = &[
    opt("charge", Kind::String),
    opt("payment_intent", Kind::String),
];

/// The combined character count of all evidence fields is limited to 150,000, like Stripe.
const MAX_TOTAL: usize = 150_000;

/// Stripe's limit of one text evidence field (its spec's `maxLength`): 20,000 characters for
/// explanations and logs, 5,000 for names, addresses, dates and ids.
pub fn max_text_len(field: &str) -> usize {
    match field {
        "access_activity_log"
        | "cancellation_policy_disclosure"
        | "cancellation_rebuttal"
        | "duplicate_charge_explanation"
        | "product_description"
        | "refund_policy_disclosure"
        | "refund_refusal_explanation"
        | "uncategorized_text" => 20_000,
        _ => 5_000,
    }
}

/// `GET /v1/disputes`.
pub fn list_disputes(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (charge, intent) = (p.string("charge"), p.string("payment_intent"));
    list(
        ctx.db,
        &ctx.db.disputes,
        &ctx.account,
        &p,
        "/v1/disputes",
        "dispute",
        |d| {
            charge.as_ref().map_or(true, |c| &d.charge == c)
                && (intent.is_none() || d.payment_intent == intent)
        },
    )
}

/// `GET /v1/disputes/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.disputes,
        &ctx.account,
        id,
        "dispute",
        "dispute",
    )
}

/// `POST /v1/disputes/{id}`: `evidence[...]`, `metadata`, `submit`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let evidence: Map<String, Value> = p.object("evidence").cloned().unwrap_or_default();
    let mut total = 0;
    for (field, value) in &evidence {
        let Some(text) = value.as_str() else { continue };
        let len = text.chars().count();
        total += len;
        if EVIDENCE_TEXT_FIELDS.contains(&field.as_str()) && len > max_text_len(field) {
            return Err(ApiError::invalid_param(
                &format!("evidence[{field}]"),
                format!(
                    "Invalid string: {}...; must be at most {} characters",
                    text.chars().take(10).collect::<String>(),
                    max_text_len(field)
                ),
            ));
        }
    }
    if total > MAX_TOTAL {
        return Err(ApiError::invalid_param(
            "evidence",
            format!(
                "The combined character count of all evidence fields is limited to {MAX_TOTAL}."
            ),
        ));
    }
    let update = DisputeUpdate {
        evidence,
        metadata: match p.get("metadata") {
            Some(Value::Object(m)) => Some(m.clone()),
            Some(_) => Some(Map::new()),
            None => None,
        },
        submit: p.bool("submit").unwrap_or(false),
    };
    disputes::update(ctx, id, update)?;
    render_in(
        ctx.db,
        &ctx.db.disputes,
        &ctx.account,
        id,
        "dispute",
        "dispute",
    )
}

/// `POST /v1/disputes/{id}/close`: accept the dispute (it is lost).
pub fn close(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    if ctx.db.disputes.get_in(&ctx.account, id).is_none() {
        return Err(ApiError::no_such("dispute", id, "dispute"));
    }
    disputes::close(ctx, id, false)?;
    render_in(
        ctx.db,
        &ctx.db.disputes,
        &ctx.account,
        id,
        "dispute",
        "dispute",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EVIDENCE_FILE_FIELDS;

    #[test]
    fn schema_covers_every_evidence_field() {
        let mut model: Vec<&str> = EVIDENCE_TEXT_FIELDS
            .iter()
            .chain(EVIDENCE_FILE_FIELDS)
            .copied()
            .collect();
        model.sort_unstable();
        let schema: Vec<&str> = EVIDENCE.iter().map(|f| f.name).collect();
        assert_eq!(schema, model);
    }
}
