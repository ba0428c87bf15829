//! Disputes: opened by the test control (or the `pm_card_createDispute` card), answered with
//! evidence through the API, closed won or lost by the test control.
//!
//! Opening debits the charge's account by the amount plus Stripe's dispute fee
//! (`adjustment`, category `dispute`); winning returns the amount (`dispute_reversal`).
//!
//! Stripe's test-mode rule decides submitted evidence: `uncategorized_text` of
//! `winning_evidence` closes the dispute won (funds reinstated), `losing_evidence` closes it
//! lost; any other evidence stays `under_review` until the control closes it. Evidence is
//! refused once the dispute is past its due date (`evidence_details.due_by`).

use serde_json::{json, Map, Value};

use crate::clock::{start_of_day, DAY};
use crate::domain::events::previous_attributes;
use crate::domain::ledger::{fee, Entry};
use crate::domain::{apply_metadata, Ctx};
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::wire::ApiError;

/// Days the account has to respond.
pub const RESPONSE_DAYS: i64 = 7;

/// Dispute reasons (Stripe's list).
pub const REASONS: &[&str] = &[
    "bank_cannot_process",
    "check_returned",
    "credit_not_processed",
    "customer_initiated",
    "debit_not_authorized",
    "duplicate",
    "fraudulent",
    "general",
    "incorrect_account_details",
    "insufficient_funds",
    "product_not_received",
    "product_unacceptable",
    "subscription_canceled",
    "unrecognized",
];

/// Opens a dispute on a captured charge (any account's); returns the `dp_` id.
pub fn open(
    ctx: &mut Ctx<'_>,
    charge_id: &str,
    reason: &str,
    amount: Option<i64>,
) -> Result<String, ApiError> {
    let row = ctx
        .db
        .charges
        .row(charge_id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("charge", charge_id, "charge"))?;
    let (owner, charge) = (row.account, row.value);
    if !charge.captured || charge.status != "succeeded" {
        return Err(ApiError::invalid(format!(
            "Charge {charge_id} is not captured and cannot be disputed."
        )));
    }
    if charge.disputed {
        return Err(ApiError::invalid(format!(
            "Charge {charge_id} is already disputed."
        )));
    }
    let amount = amount.unwrap_or(charge.amount_captured);
    if amount <= 0 || amount > charge.amount_captured {
        return Err(ApiError::invalid_param(
            "amount",
            format!(
                "The disputed amount must be between 1 and {}.",
                charge.amount_captured
            ),
        ));
    }
    let id = ctx.next_id("dp");
    let txn = ctx.post(
        Entry::new(&owner, -amount, &charge.currency, "adjustment", "dispute")
            .source(&id)
            .description(format!("Chargeback withdrawal for {charge_id}"))
            .fees(vec![fee(
                "stripe_fee",
                money::DISPUTE_FEE,
                &charge.currency,
                "Dispute fee",
                None,
            )]),
    );
    let now = ctx.now();
    let evidence: Map<String, Value> = EVIDENCE_TEXT_FIELDS
        .iter()
        .chain(EVIDENCE_FILE_FIELDS)
        .map(|f| ((*f).to_owned(), Value::Null))
        .collect();
    let network_reason = match reason {
        "fraudulent" => "10.4",
        "product_not_received" => "13.1",
        "duplicate" => "12.6.1",
        _ => "13.7",
    };
    let dispute = Dispute {
        id: id.clone(),
        object: "dispute".into(),
        amount,
        balance_transactions: vec![txn],
        charge: charge_id.to_owned(),
        created: now,
        currency: charge.currency.clone(),
        evidence,
        evidence_details: EvidenceDetails {
            due_by: Some(start_of_day(now + (RESPONSE_DAYS + 1) * DAY) - 1),
            has_evidence: false,
            past_due: false,
            submission_count: 0,
        },
        is_charge_refundable: false,
        livemode: false,
        metadata: Metadata::new(),
        payment_intent: charge.payment_intent.clone(),
        payment_method_details: json!({
            "card": { "brand": "visa", "case_type": "chargeback", "network_reason_code": network_reason },
            "type": "card",
        }),
        reason: reason.to_owned(),
        status: "needs_response".into(),
    };
    let rendered = dispute.render(ctx.db);
    ctx.db.disputes.insert(&owner, dispute);
    if let Some(stored) = ctx.db.charges.get_mut(charge_id) {
        stored.disputed = true;
    }
    ctx.emit(&owner, "charge.dispute.created", rendered.clone(), None);
    ctx.emit(&owner, "charge.dispute.funds_withdrawn", rendered, None);
    Ok(id)
}

/// Validated `POST /v1/disputes/{id}` parameters.
#[derive(Debug, Clone, Default)]
pub struct DisputeUpdate {
    /// Evidence fields to set (`None` clears a field).
    pub evidence: Map<String, Value>,
    pub metadata: Option<Map<String, Value>>,
    pub submit: bool,
}

/// Updates evidence/metadata; `submit` sends the evidence (status `under_review`).
pub fn update(ctx: &mut Ctx<'_>, id: &str, update: DisputeUpdate) -> Result<(), ApiError> {
    let account = ctx.account.clone();
    let mut dispute = ctx
        .db
        .disputes
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("dispute", id, "dispute"))?;
    let touches_evidence = !update.evidence.is_empty() || update.submit;
    if touches_evidence && !dispute.is_open() {
        return Err(ApiError::invalid(format!(
            "This dispute has status {} and its evidence can no longer be updated or submitted.",
            dispute.status
        ))
        .with_param("evidence"));
    }
    let now = ctx.now();
    let past_due = dispute.evidence_details.past_due
        || dispute.evidence_details.due_by.is_some_and(|due| due < now);
    if touches_evidence && past_due {
        return Err(ApiError::invalid(format!(
            "The evidence for dispute {id} was due by {}; it can no longer be updated or submitted.",
            dispute.evidence_details.due_by.unwrap_or_default()
        ))
        .with_param("evidence"));
    }
    for (field, value) in &update.evidence {
        if let (true, Some(file)) = (
            EVIDENCE_FILE_FIELDS.contains(&field.as_str()),
            value.as_str(),
        ) {
            if ctx.db.files.get_in(&account, file).is_none() {
                return Err(ApiError::invalid(format!("No such file upload: '{file}'"))
                    .with_code("resource_missing")
                    .with_param(format!("evidence[{field}]")));
            }
        }
    }
    let before = dispute.render(ctx.db);
    for (field, value) in update.evidence {
        dispute.evidence.insert(field, value);
    }
    if let Some(metadata) = update.metadata {
        apply_metadata(&mut dispute.metadata, &metadata);
    }
    dispute.evidence_details.has_evidence = dispute.evidence.values().any(|v| !v.is_null());
    if update.submit {
        dispute.status = "under_review".into();
        dispute.evidence_details.submission_count += 1;
    }
    ctx.db.disputes.insert(&account, dispute.clone());
    let after = dispute.render(ctx.db);
    if let Some(previous) = previous_attributes(&before, &after) {
        ctx.emit(&account, "charge.dispute.updated", after, Some(previous));
    }
    if update.submit {
        if let Some(won) = test_mode_outcome(&dispute.evidence) {
            close(ctx, id, won)?;
        }
    }
    Ok(())
}

/// Stripe's test-mode rule for submitted evidence: `Some(true)` (won) for
/// `uncategorized_text` = `winning_evidence`, `Some(false)` (lost) for `losing_evidence`,
/// else `None` (it stays under review).
pub fn test_mode_outcome(evidence: &Map<String, Value>) -> Option<bool> {
    match evidence.get("uncategorized_text").and_then(Value::as_str) {
        Some("winning_evidence") => Some(true),
        Some("losing_evidence") => Some(false),
        _ => None,
    }
}

/// Closes a dispute as `won` (funds reinstated) or `lost`.
pub fn close(ctx: &mut Ctx<'_>, id: &str, won: bool) -> Result<(), ApiError> {
    let row = ctx
        .db
        .disputes
        .row(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("dispute", id, "dispute"))?;
    let (owner, mut dispute) = (row.account, row.value);
    if matches!(dispute.status.as_str(), "won" | "lost") {
        return Err(ApiError::invalid(format!(
            "Dispute {id} is already closed ({}).",
            dispute.status
        )));
    }
    let before = dispute.render(ctx.db);
    if won {
        let txn = ctx.post(
            Entry::new(
                &owner,
                dispute.amount,
                &dispute.currency,
                "adjustment",
                "dispute_reversal",
            )
            .source(id)
            .description(format!("Chargeback reversal for {}", dispute.charge)),
        );
        dispute.balance_transactions.push(txn);
        dispute.status = "won".into();
    } else {
        dispute.status = "lost".into();
    }
    ctx.db.disputes.insert(&owner, dispute.clone());
    let after = dispute.render(ctx.db);
    let previous = previous_attributes(&before, &after);
    if won {
        ctx.emit(
            &owner,
            "charge.dispute.funds_reinstated",
            after.clone(),
            None,
        );
    }
    ctx.emit(&owner, "charge.dispute.closed", after, previous);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_text(text: Option<&str>) -> Map<String, Value> {
        let mut evidence = Map::new();
        evidence.insert("customer_name".into(), json!("Jenny Rosen"));
        evidence.insert(
            "uncategorized_text".into(),
            text.map_or(Value::Null, |t| json!(t)),
        );
        evidence
    }

    #[test]
    fn the_test_mode_rule_decides_by_the_uncategorized_text() {
        let cases = [
            (Some("winning_evidence"), Some(true)),
            (Some("losing_evidence"), Some(false)),
            (Some("Winning_Evidence"), None),
            (Some("winning_evidence "), None),
            (Some("The customer signed for the parcel."), None),
            (None, None),
        ];
        for (text, outcome) in cases {
            assert_eq!(test_mode_outcome(&with_text(text)), outcome, "{text:?}");
        }
        assert_eq!(test_mode_outcome(&Map::new()), None);
    }
}
