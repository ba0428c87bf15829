//! Capturing an authorized PaymentIntent (fully or partly) and canceling one.

use super::{emit_charge, intent, unexpected_state};
use crate::domain::test_cards::{self, Behavior};
use crate::domain::{settlement, Ctx};
use crate::store::render::Render;
use crate::wire::ApiError;

/// Statuses from which a PaymentIntent can be canceled.
const CANCELABLE: &[&str] = &[
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "requires_capture",
    "processing",
];

/// Captures `amount` of an authorized charge (the rest is released) and settles it.
pub(super) fn capture_charge(
    ctx: &mut Ctx<'_>,
    charge_id: &str,
    amount: i64,
    available_now: bool,
) -> Result<(), ApiError> {
    let charge = ctx
        .db
        .charges
        .get_mut(charge_id)
        .ok_or_else(|| ApiError::internal(format!("charge {charge_id} vanished")))?;
    charge.captured = true;
    charge.amount_captured = amount;
    charge.amount_refunded = charge.amount - amount;
    settlement::settle_charge(ctx, charge_id, available_now);
    Ok(())
}

/// Captures a `requires_capture` PaymentIntent.
pub fn capture(
    ctx: &mut Ctx<'_>,
    id: &str,
    amount_to_capture: Option<i64>,
    application_fee_amount: Option<i64>,
) -> Result<(), ApiError> {
    let mut pi = intent(ctx, id)?;
    if pi.status != "requires_capture" {
        return Err(unexpected_state(
            &pi,
            "capture",
            "captured",
            &["requires_capture"],
        ));
    }
    let amount = amount_to_capture.unwrap_or(pi.amount_capturable);
    if amount <= 0 || amount > pi.amount_capturable {
        return Err(ApiError::invalid_param(
            "amount_to_capture",
            format!(
                "The amount to capture must be a positive integer no greater than the amount capturable ({}).",
                pi.amount_capturable
            ),
        ));
    }
    if let Some(fee) = application_fee_amount {
        if !(0..=amount).contains(&fee) {
            return Err(ApiError::invalid_param(
                "application_fee_amount",
                "The application fee amount must be between 0 and the amount captured.",
            ));
        }
        pi.application_fee_amount = Some(fee);
    }
    let charge_id = pi
        .latest_charge
        .clone()
        .ok_or_else(|| ApiError::internal("requires_capture PaymentIntent without a charge"))?;
    if let Some(charge) = ctx.db.charges.get_mut(&charge_id) {
        charge.application_fee_amount = pi.application_fee_amount;
    }
    let available_now = ctx
        .db
        .charges
        .row(&charge_id)
        .and_then(|r| r.value.payment_method.clone())
        .and_then(|pm| {
            ctx.db
                .payment_methods
                .row(&pm)
                .map(|r| test_cards::behavior(r.value.last4()))
        })
        == Some(Behavior::SucceedAvailable);
    capture_charge(ctx, &charge_id, amount, available_now)?;
    pi.status = "succeeded".into();
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    let account = ctx.account.clone();
    ctx.db.payment_intents.insert(&account, pi.clone());
    emit_charge(ctx, &charge_id, "charge.captured");
    let rendered = pi.render(ctx.db);
    ctx.emit(&account, "payment_intent.succeeded", rendered, None);
    Ok(())
}

/// Cancels a PaymentIntent; an authorized charge is released.
pub fn cancel(ctx: &mut Ctx<'_>, id: &str, reason: Option<String>) -> Result<(), ApiError> {
    let mut pi = intent(ctx, id)?;
    if !CANCELABLE.contains(&pi.status.as_str()) {
        return Err(unexpected_state(&pi, "cancel", "canceled", CANCELABLE));
    }
    if pi.status == "requires_capture" {
        if let Some(charge) = pi
            .latest_charge
            .as_deref()
            .and_then(|c| ctx.db.charges.get_mut(c))
        {
            charge.amount_refunded = charge.amount;
            charge.refunded = true;
        }
    }
    pi.status = "canceled".into();
    pi.amount_capturable = 0;
    pi.canceled_at = Some(ctx.now());
    pi.cancellation_reason = reason;
    let account = ctx.account.clone();
    ctx.db.payment_intents.insert(&account, pi.clone());
    let rendered = pi.render(ctx.db);
    ctx.emit(&account, "payment_intent.canceled", rendered, None);
    Ok(())
}
