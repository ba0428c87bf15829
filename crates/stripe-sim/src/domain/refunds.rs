//! Refunds of captured charges, with optional transfer reversal and application-fee refund.

use serde_json::json;

use crate::domain::events::previous_attributes;
use crate::domain::ledger::Entry;
use crate::domain::transfers::{self, NewReversal};
use crate::domain::{settlement, Ctx};
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::wire::ApiError;

/// Validated `POST /v1/refunds` parameters (the charge already resolved).
#[derive(Debug, Clone, Default)]
pub struct NewRefund {
    pub charge: String,
    pub amount: Option<i64>,
    pub reason: Option<String>,
    pub metadata: Metadata,
    pub refund_application_fee: bool,
    pub reverse_transfer: bool,
}

/// Refunds a charge of the acting account; returns the `re_` id.
///
/// The charge's account is debited (`refund`). With `reverse_transfer`, the destination
/// charge's transfer is reversed in proportion (transfer amount × refund / charge amount); with
/// `refund_application_fee`, the application fee is refunded in the same proportion.
pub fn create(ctx: &mut Ctx<'_>, new: NewRefund) -> Result<String, ApiError> {
    let account = ctx.account.clone();
    let charge = ctx
        .db
        .charges
        .get_in(&account, &new.charge)
        .cloned()
        .ok_or_else(|| ApiError::no_such("charge", &new.charge, "charge"))?;
    if charge.status != "succeeded" || !charge.captured {
        return Err(ApiError::invalid(format!(
            "Charge {} has not been captured and cannot be refunded; cancel its PaymentIntent instead.",
            charge.id
        ))
        .with_param("charge"));
    }
    if charge.disputed {
        return Err(ApiError::invalid(format!(
            "Charge {} has been charged back; cannot issue a refund.",
            charge.id
        ))
        .with_code("charge_disputed"));
    }
    let refundable = charge.refundable();
    if refundable <= 0 {
        return Err(
            ApiError::invalid(format!("Charge {} has already been refunded.", charge.id))
                .with_code("charge_already_refunded"),
        );
    }
    let amount = new.amount.unwrap_or(refundable);
    if amount <= 0 {
        return Err(ApiError::invalid_param(
            "amount",
            "Invalid positive integer",
        ));
    }
    if amount > refundable {
        return Err(ApiError::invalid(format!(
            "Refund amount ({}) is greater than unrefunded amount on charge ({})",
            money::display(amount, &charge.currency),
            money::display(refundable, &charge.currency)
        ))
        .with_code("amount_too_large")
        .with_param("amount"));
    }

    let before = charge.render(ctx.db);
    let id = ctx.next_id("re");
    let txn =
        ctx.post(Entry::new(&account, -amount, &charge.currency, "refund", "refund").source(&id));

    let mut reversal = None;
    if new.reverse_transfer {
        if let Some(transfer_id) = &charge.transfer {
            let transfer_amount = ctx
                .db
                .transfers
                .row(transfer_id)
                .map(|r| r.value.amount)
                .unwrap_or(0);
            let share = money::prorate(transfer_amount, amount, charge.amount_captured);
            if share > 0 {
                let spec = NewReversal {
                    amount: Some(share),
                    metadata: Metadata::new(),
                    refund_application_fee: false,
                    source_refund: Some(id.clone()),
                };
                reversal = Some(transfers::reverse(ctx, transfer_id, spec)?);
            }
        }
    }
    if new.refund_application_fee {
        if let Some(fee_id) = &charge.application_fee {
            let fee_amount = ctx
                .db
                .application_fees
                .row(fee_id)
                .map(|r| r.value.amount)
                .unwrap_or(0);
            settlement::refund_application_fee(
                ctx,
                fee_id,
                money::prorate(fee_amount, amount, charge.amount_captured),
            );
        }
    }

    let refund = Refund {
        id: id.clone(),
        object: "refund".into(),
        amount,
        balance_transaction: Some(txn),
        charge: charge.id.clone(),
        created: ctx.now(),
        currency: charge.currency.clone(),
        destination_details: json!({ "card": { "reference_status": "pending", "reference_type": "acquirer_reference_number", "type": "refund" }, "type": "card" }),
        metadata: new.metadata,
        payment_intent: charge.payment_intent.clone(),
        reason: new.reason,
        receipt_number: None,
        source_transfer_reversal: None,
        status: "succeeded".into(),
        transfer_reversal: reversal,
    };
    let rendered_refund = refund.render(ctx.db);
    ctx.db.refunds.insert(&account, refund);
    if let Some(stored) = ctx.db.charges.get_mut(&charge.id) {
        stored.amount_refunded += amount;
        stored.refunded = stored.amount_refunded >= stored.amount;
    }
    ctx.emit(&account, "refund.created", rendered_refund, None);
    if let Some(row) = ctx.db.charges.row(&charge.id) {
        let after = row.value.render(ctx.db);
        let previous = previous_attributes(&before, &after);
        ctx.emit(&account, "charge.refunded", after, previous);
    }
    Ok(id)
}
