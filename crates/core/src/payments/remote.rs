//! What Stripe says about a payment, written into the stored [`Payment`].

use connectdesk_stripe::charges::Charge;
use connectdesk_stripe::payment_intents::PaymentIntent;

use super::model::{Payment, TimelineEvent};
use crate::stripe_access::StripeContext;
use crate::time::{iso_from_unix, now_iso};

/// The connected account a destination charge pays, if it is one.
pub(super) fn destination(intent: &PaymentIntent) -> Option<&str> {
    intent
        .transfer_data
        .as_ref()
        .and_then(|data| data.destination.as_deref())
}

/// A new record for an intent ConnectDesk has not stored yet.
pub(super) fn new_payment(
    workspace_id: u64,
    intent: &PaymentIntent,
    merchant_id: Option<String>,
    ctx: &StripeContext,
) -> Payment {
    let created = iso_from_unix(intent.created).unwrap_or_else(now_iso);
    let mut payment = Payment {
        id: 0,
        workspace_id,
        payment_intent_id: intent.id.clone(),
        account_id: destination(intent).unwrap_or_default().to_string(),
        merchant_id,
        amount: 0,
        amount_capturable: 0,
        amount_received: 0,
        amount_refunded: 0,
        currency: String::new(),
        status: String::new(),
        capture_method: String::new(),
        application_fee_amount: 0,
        application_fee_refunded: 0,
        destination_amount: 0,
        fee_rule: None,
        fee_set_by_admin: false,
        order_id: intent.metadata.get("order_id").cloned(),
        customer_email: intent.receipt_email.clone(),
        card: None,
        charge_id: None,
        transfer_id: None,
        application_fee_id: None,
        disputed: false,
        failure: None,
        metadata: intent.metadata.clone(),
        refunds: Vec::new(),
        timeline: vec![TimelineEvent {
            at: created.clone(),
            event: "created".into(),
            detail: String::new(),
        }],
        mode: ctx.mode_code(),
        offline: ctx.offline(),
        created,
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    };
    apply_intent(&mut payment, intent);
    payment
}

/// The intent's amounts and state.
pub(super) fn apply_intent(payment: &mut Payment, intent: &PaymentIntent) {
    payment.amount = intent.amount;
    payment.amount_capturable = intent.amount_capturable;
    payment.amount_received = intent.amount_received;
    payment.currency = intent.currency.clone();
    payment.status = intent.status.as_str().to_string();
    payment.capture_method = intent.capture_method.as_str().to_string();
    payment.application_fee_amount = intent.application_fee_amount.unwrap_or(0);
    payment.charge_id = intent.latest_charge.clone().or(payment.charge_id.take());
    payment.destination_amount = destination_amount(payment);
    if let Some(at) = intent.canceled_at.and_then(iso_from_unix) {
        note_once(
            payment,
            "canceled",
            &at,
            intent.cancellation_reason.as_deref().unwrap_or(""),
        );
    }
}

/// The charge's card, fee, transfer, refunds so far and dispute.
pub(super) fn apply_charge(payment: &mut Payment, charge: &Charge) {
    payment.charge_id = Some(charge.id.clone());
    payment.amount_refunded = charge.amount_refunded;
    payment.transfer_id = charge.transfer.clone();
    payment.application_fee_id = charge.application_fee.clone();
    if let Some(fee) = charge.application_fee_amount {
        payment.application_fee_amount = fee;
    }
    payment.card = charge
        .payment_method_details
        .as_ref()
        .and_then(|details| details.card.as_ref())
        .map(|card| {
            format!(
                "{} •••• {}",
                card.brand.as_deref().unwrap_or("card"),
                card.last4.as_deref().unwrap_or("????")
            )
        });
    if payment.customer_email.is_none() {
        payment.customer_email = charge
            .receipt_email
            .clone()
            .or_else(|| charge.billing_details.email.clone());
    }
    payment.failure = charge.failure_message.clone();
    if charge.disputed && !payment.disputed {
        payment.disputed = true;
        note(payment, "disputed", "The customer disputed the payment.");
    }
    payment.destination_amount = destination_amount(payment);
}

fn destination_amount(payment: &Payment) -> i64 {
    (payment.amount_received - payment.application_fee_amount).max(0)
}

/// Adds a line to the history, now.
pub(super) fn note(payment: &mut Payment, event: &str, detail: &str) {
    payment.timeline.push(TimelineEvent {
        at: now_iso(),
        event: event.into(),
        detail: detail.into(),
    });
}

fn note_once(payment: &mut Payment, event: &str, at: &str, detail: &str) {
    if !payment.timeline.iter().any(|line| line.event == event) {
        payment.timeline.push(TimelineEvent {
            at: at.into(),
            event: event.into(),
            detail: detail.into(),
        });
    }
}
