//! Confirming a PaymentIntent with a test card: success (captured now or authorized for
//! later), or a decline recorded on a failed charge.

use serde_json::{json, Value};

use super::capture::capture_charge;
use super::{emit_charge, intent, resolve_payment_method, unexpected_state};
use crate::domain::events::previous_attributes;
use crate::domain::test_cards::{self, Behavior, Decline};
use crate::domain::{disputes, Ctx};
use crate::model::*;
use crate::store::render::Render;
use crate::wire::{ApiError, ErrorType};

/// Statuses from which a PaymentIntent can be confirmed.
const CONFIRMABLE: &[&str] = &[
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
];

/// Confirms a PaymentIntent, optionally with a new payment method. Declines change state (a
/// failed charge, `payment_intent.payment_failed`) and return a 402 `card_error`.
pub fn confirm(ctx: &mut Ctx<'_>, id: &str, payment_method: Option<&str>) -> Result<(), ApiError> {
    let mut pi = intent(ctx, id)?;
    if !CONFIRMABLE.contains(&pi.status.as_str()) {
        return Err(unexpected_state(&pi, "confirm", "confirmed", CONFIRMABLE));
    }
    if let Some(raw) = payment_method {
        pi.payment_method = Some(resolve_payment_method(ctx, raw)?);
    }
    let Some(pm_id) = pi.payment_method.clone() else {
        return Err(ApiError::unexpected_state(
            "payment_intent_unexpected_state",
            "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        ));
    };
    if !ctx.is_platform() {
        let enabled = ctx
            .db
            .accounts
            .row(&ctx.account)
            .map(|r| r.value.charges_enabled)
            .unwrap_or(false);
        if !enabled {
            return Err(ApiError::invalid(format!(
                "Your account cannot currently make charges. To find out why charge creation is currently disabled, look at the `requirements.disabled_reason` property on this account (/v1/accounts/{}).",
                ctx.account
            )));
        }
    }
    let pm = ctx
        .db
        .payment_methods
        .get_in(&ctx.account, &pm_id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_method", &pm_id, "payment_method"))?;
    let behavior = test_cards::behavior(pm.last4());
    let before = pi.render(ctx.db);
    match behavior {
        Behavior::Decline(decline) => Err(decline_payment(ctx, pi, &pm, decline)),
        Behavior::RequireAuthentication => {
            // Stripe asks the customer's bank first: nothing is charged until they authenticate.
            pi.status = "requires_action".into();
            pi.next_action = Some(json!({
                "type": "use_stripe_sdk",
                "use_stripe_sdk": { "type": "three_d_secure_redirect", "stripe_js": "" },
            }));
            pi.last_payment_error = None;
            let account = ctx.account.clone();
            ctx.db.payment_intents.insert(&account, pi.clone());
            let rendered = pi.render(ctx.db);
            let previous = previous_attributes(&before, &rendered);
            ctx.emit(
                &account,
                "payment_intent.requires_action",
                rendered,
                previous,
            );
            Ok(())
        }
        _ => {
            let charge_id = new_charge(ctx, &pi, &pm, None);
            pi.latest_charge = Some(charge_id.clone());
            pi.last_payment_error = None;
            let account = ctx.account.clone();
            if pi.capture_method == "manual" {
                pi.status = "requires_capture".into();
                pi.amount_capturable = pi.amount;
                ctx.db.payment_intents.insert(&account, pi.clone());
                emit_charge(ctx, &charge_id, "charge.succeeded");
                let rendered = pi.render(ctx.db);
                let previous = previous_attributes(&before, &rendered);
                ctx.emit(
                    &account,
                    "payment_intent.amount_capturable_updated",
                    rendered,
                    previous,
                );
            } else {
                capture_charge(
                    ctx,
                    &charge_id,
                    pi.amount,
                    behavior == Behavior::SucceedAvailable,
                )?;
                pi.status = "succeeded".into();
                pi.amount_received = pi.amount;
                ctx.db.payment_intents.insert(&account, pi.clone());
                emit_charge(ctx, &charge_id, "charge.succeeded");
                let rendered = pi.render(ctx.db);
                ctx.emit(&account, "payment_intent.succeeded", rendered, None);
            }
            if behavior == Behavior::SucceedThenDispute {
                disputes::open(ctx, &charge_id, "fraudulent", None)?;
            }
            Ok(())
        }
    }
}

/// Records a declined confirmation and returns the 402 `card_error` for it.
fn decline_payment(
    ctx: &mut Ctx<'_>,
    mut pi: PaymentIntent,
    pm: &PaymentMethod,
    decline: Decline,
) -> ApiError {
    let charge_id = new_charge(ctx, &pi, pm, Some(decline));
    let pm_json = pm.render(ctx.db);
    let error = json!({
        "charge": charge_id,
        "code": decline.code,
        "decline_code": decline.decline_code,
        "doc_url": format!("https://stripe.com/docs/error-codes/{}", decline.code.replace('_', "-")),
        "message": decline.message,
        "payment_method": pm_json,
        "type": "card_error",
    });
    pi.status = "requires_payment_method".into();
    pi.latest_charge = Some(charge_id.clone());
    pi.last_payment_error = Some(error);
    pi.payment_method = None;
    let account = ctx.account.clone();
    ctx.db.payment_intents.insert(&account, pi.clone());
    emit_charge(ctx, &charge_id, "charge.failed");
    let rendered = pi.render(ctx.db);
    ctx.emit(
        &account,
        "payment_intent.payment_failed",
        rendered.clone(),
        None,
    );

    ApiError::new(402, ErrorType::CardError, decline.message)
        .with_code(decline.code)
        .with_extra("decline_code", json!(decline.decline_code))
        .with_extra("charge", json!(charge_id))
        .with_extra("payment_intent", rendered)
        .with_extra("payment_method", pm_json)
}

/// A new authorized (or, with `decline`, failed) charge for `pi`; returns its id.
fn new_charge(
    ctx: &mut Ctx<'_>,
    pi: &PaymentIntent,
    pm: &PaymentMethod,
    decline: Option<Decline>,
) -> String {
    let id = ctx.next_id("ch");
    let descriptor = pi.statement_descriptor.clone().or_else(|| {
        ctx.db.accounts.row(&ctx.account).and_then(|r| {
            r.value
                .settings
                .payments
                .statement_descriptor
                .clone()
                .or_else(|| {
                    r.value
                        .business_profile
                        .name
                        .as_ref()
                        .map(|n| n.to_uppercase())
                })
        })
    });
    let outcome = match decline {
        None => json!({
            "network_status": "approved_by_network", "reason": null, "risk_level": "normal",
            "risk_score": 32, "seller_message": "Payment complete.", "type": "authorized",
        }),
        Some(d) => json!({
            "network_status": "declined_by_network", "reason": d.decline_code, "risk_level": "normal",
            "risk_score": 40, "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined",
        }),
    };
    let mut card = pm.card.clone();
    if let Value::Object(map) = &mut card {
        map.remove("display_brand");
        map.remove("generated_from");
        map.remove("networks");
        map.remove("three_d_secure_usage");
        map.insert(
            "network".into(),
            map.get("brand").cloned().unwrap_or(Value::Null),
        );
        map.insert("three_d_secure".into(), Value::Null);
        map.insert("checks".into(), json!({ "address_line1_check": null, "address_postal_code_check": null, "cvc_check": "pass" }));
    }
    let charge = Charge {
        id: id.clone(),
        object: "charge".into(),
        amount: pi.amount,
        amount_captured: 0,
        amount_refunded: 0,
        application: None,
        application_fee: None,
        application_fee_amount: pi.application_fee_amount,
        balance_transaction: None,
        billing_details: pm.billing_details.clone(),
        calculated_statement_descriptor: Some(
            descriptor
                .map(|d| d.chars().take(22).collect())
                .unwrap_or_else(|| "STRIPE SIM".into()),
        ),
        captured: false,
        created: ctx.now(),
        currency: pi.currency.clone(),
        customer: pi.customer.clone(),
        description: pi.description.clone(),
        disputed: false,
        failure_balance_transaction: None,
        failure_code: decline.map(|d| d.code.to_owned()),
        failure_message: decline.map(|d| d.message.to_owned()),
        fraud_details: json!({}),
        livemode: false,
        metadata: pi.metadata.clone(),
        on_behalf_of: pi.on_behalf_of.clone(),
        outcome: Some(outcome),
        paid: decline.is_none(),
        payment_intent: Some(pi.id.clone()),
        payment_method: Some(pm.id.clone()),
        payment_method_details: Some(json!({ "card": card, "type": "card" })),
        receipt_email: pi.receipt_email.clone(),
        receipt_number: None,
        receipt_url: None,
        refunded: false,
        review: None,
        shipping: pi.shipping.clone(),
        source_transfer: None,
        statement_descriptor: pi.statement_descriptor.clone(),
        statement_descriptor_suffix: pi.statement_descriptor_suffix.clone(),
        status: if decline.is_some() {
            "failed"
        } else {
            "succeeded"
        }
        .into(),
        transfer: None,
        transfer_data: pi.transfer_data.clone(),
        transfer_group: pi.transfer_group.clone(),
    };
    let account = ctx.account.clone();
    ctx.db.charges.insert(&account, charge);
    id
}
