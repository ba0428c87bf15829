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

/// Text evidence is limited to 20,000 characters in total, like Stripe.
const MAX_TEXT: usize = 20_000;

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
    let text_len: usize = evidence
        .iter()
        .filter(|(k, _)| EVIDENCE_TEXT_FIELDS.contains(&k.as_str()))
        .filter_map(|(_, v)| v.as_str())
        .map(|s| s.chars().count())
        .sum();
    if text_len > MAX_TEXT {
        return Err(ApiError::invalid_param(
            "evidence",
            format!("The combined text evidence is limited to {MAX_TEXT} characters."),
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
