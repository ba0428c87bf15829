//! The PaymentIntent lifecycle: create, confirm (with a test card), capture, cancel. A
//! successful capture hands the charge to `settlement` for the money movements.

use serde_json::{json, Value};

use crate::domain::test_cards::{self, Behavior, Decline};
use crate::domain::{disputes, settlement, Ctx};
use crate::ids;
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::wire::{ApiError, ErrorType};

/// Statuses from which a PaymentIntent can be confirmed.
const CONFIRMABLE: &[&str] = &["requires_payment_method", "requires_confirmation", "requires_action"];
/// Statuses from which a PaymentIntent can be canceled.
const CANCELABLE: &[&str] = &[
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "requires_capture",
    "processing",
];

/// Validated creation parameters.
#[derive(Debug, Clone, Default)]
pub struct NewPaymentIntent {
    pub amount: i64,
    pub currency: String,
    pub application_fee_amount: Option<i64>,
    pub automatic_payment_methods: Option<Value>,
    pub capture_method: Option<String>,
    pub confirmation_method: Option<String>,
    pub customer: Option<String>,
    pub description: Option<String>,
    pub metadata: Metadata,
    pub on_behalf_of: Option<String>,
    pub payment_method: Option<String>,
    pub payment_method_types: Vec<String>,
    pub receipt_email: Option<String>,
    pub setup_future_usage: Option<String>,
    pub shipping: Option<Value>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub transfer_data: Option<TransferData>,
    pub transfer_group: Option<String>,
}

/// Checks an amount against Stripe's minimum and maximum.
pub fn check_amount(amount: i64, currency: &str, param: &str) -> Result<(), ApiError> {
    let minimum = money::minimum_charge(currency);
    if amount < minimum {
        return Err(ApiError::invalid(format!(
            "Amount must be at least {}",
            money::display(minimum, currency)
        ))
        .with_code("amount_too_small")
        .with_param(param));
    }
    if amount > money::MAX_AMOUNT {
        return Err(ApiError::invalid(format!(
            "Amount must be no more than {}",
            money::display(money::MAX_AMOUNT, currency)
        ))
        .with_code("amount_too_large")
        .with_param(param));
    }
    Ok(())
}

/// A connected account that exists, for `param`.
pub fn connected_account<'a>(ctx: &'a Ctx<'_>, id: &str, param: &str) -> Result<&'a Account, ApiError> {
    ctx.db
        .accounts
        .row(id)
        .map(|r| &r.value)
        .filter(|a| a.id != ctx.db.platform())
        .ok_or_else(|| ApiError::no_such("account", id, param).with_status(400))
}

/// Whether `account` can receive transfers.
pub fn check_can_receive_transfers(account: &Account, param: &str) -> Result<(), ApiError> {
    let active = ["transfers", "legacy_payments"]
        .iter()
        .any(|c| account.capabilities.get(*c).map(String::as_str) == Some("active"));
    if active {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "Your destination account needs to have at least one of the following capabilities enabled: transfers, legacy_payments",
        )
        .with_code("insufficient_capabilities_for_transfer")
        .with_param(param))
    }
}

/// Creates a PaymentIntent on the acting account; returns its id.
pub fn create(ctx: &mut Ctx<'_>, new: NewPaymentIntent) -> Result<String, ApiError> {
    check_amount(new.amount, &new.currency, "amount")?;
    if let Some(fee) = new.application_fee_amount {
        if ctx.is_platform() && new.transfer_data.is_none() {
            return Err(ApiError::invalid(
                "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
            )
            .with_param("application_fee_amount"));
        }
        if !(0..=new.amount).contains(&fee) {
            return Err(ApiError::invalid_param(
                "application_fee_amount",
                "The application fee amount must be between 0 and the amount of the PaymentIntent.",
            ));
        }
    }
    if let Some(data) = &new.transfer_data {
        if !ctx.is_platform() {
            return Err(ApiError::invalid(
                "Destination charges (transfer_data[destination]) cannot be created on a connected account.",
            )
            .with_param("transfer_data[destination]"));
        }
        let destination = connected_account(ctx, &data.destination, "transfer_data[destination]")?;
        check_can_receive_transfers(destination, "transfer_data[destination]")?;
        if let Some(amount) = data.amount {
            if new.application_fee_amount.is_some() {
                return Err(ApiError::invalid(
                    "You cannot specify both application_fee_amount and transfer_data[amount].",
                )
                .with_param("transfer_data[amount]"));
            }
            if !(0..=new.amount).contains(&amount) {
                return Err(ApiError::invalid_param(
                    "transfer_data[amount]",
                    "The transfer amount must be between 0 and the amount of the PaymentIntent.",
                ));
            }
        }
    }
    if let Some(obo) = &new.on_behalf_of {
        let account = connected_account(ctx, obo, "on_behalf_of")?;
        if !account.charges_enabled {
            return Err(ApiError::invalid(format!(
                "The account {obo} cannot accept card payments yet: its card_payments capability is not active."
            ))
            .with_param("on_behalf_of"));
        }
    }
    for (i, kind) in new.payment_method_types.iter().enumerate() {
        if kind != "card" {
            return Err(ApiError::invalid_param(
                &format!("payment_method_types[{i}]"),
                format!("The payment method type provided: {kind} is invalid. This simulator supports card payments only."),
            ));
        }
    }
    let payment_method = match &new.payment_method {
        Some(raw) => Some(resolve_payment_method(ctx, raw)?),
        None => None,
    };

    let id = ctx.next_id("pi");
    let automatic = new
        .automatic_payment_methods
        .clone()
        .filter(|a| a.get("enabled").and_then(Value::as_bool) == Some(true));
    let pmc_details = automatic.as_ref().map(|_| {
        let pmc = ctx
            .db
            .accounts
            .row(&ctx.account)
            .map(|r| r.value.payment_method_configuration_id())
            .unwrap_or_default();
        json!({ "id": pmc, "parent": null })
    });
    let pi = PaymentIntent {
        id: id.clone(),
        object: "payment_intent".into(),
        amount: new.amount,
        amount_capturable: 0,
        amount_details: json!({ "tip": {} }),
        amount_received: 0,
        application: None,
        application_fee_amount: new.application_fee_amount,
        automatic_payment_methods: automatic,
        canceled_at: None,
        cancellation_reason: None,
        capture_method: new.capture_method.unwrap_or_else(|| "automatic".into()),
        client_secret: format!("{id}_secret_{}", ids::random_token(25)),
        confirmation_method: new.confirmation_method.unwrap_or_else(|| "automatic".into()),
        created: ctx.now(),
        currency: new.currency,
        customer: new.customer,
        description: new.description,
        last_payment_error: None,
        latest_charge: None,
        livemode: false,
        metadata: new.metadata,
        next_action: None,
        on_behalf_of: new.on_behalf_of,
        status: if payment_method.is_some() {
            "requires_confirmation"
        } else {
            "requires_payment_method"
        }
        .into(),
        payment_method,
        payment_method_configuration_details: pmc_details,
        payment_method_options: json!({ "card": { "installments": null, "mandate_options": null, "network": null, "request_three_d_secure": "automatic" } }),
        payment_method_types: if new.payment_method_types.is_empty() {
            vec!["card".into()]
        } else {
            new.payment_method_types
        },
        processing: None,
        receipt_email: new.receipt_email,
        review: None,
        setup_future_usage: new.setup_future_usage,
        shipping: new.shipping,
        statement_descriptor: new.statement_descriptor,
        statement_descriptor_suffix: new.statement_descriptor_suffix,
        transfer_data: new.transfer_data,
        transfer_group: new.transfer_group,
    };
    let account = ctx.account.clone();
    let rendered = pi.render(ctx.db);
    ctx.db.payment_intents.insert(&account, pi);
    ctx.emit(&account, "payment_intent.created", rendered, None);
    Ok(id)
}

/// A test token (`pm_card_visa`) becomes a new PaymentMethod; a `pm_` id must exist on the
/// acting account.
pub fn resolve_payment_method(ctx: &mut Ctx<'_>, raw: &str) -> Result<String, ApiError> {
    if let Some(card) = test_cards::by_token(raw) {
        let id = ctx.next_id("pm");
        let pm = PaymentMethod {
            id: id.clone(),
            object: "payment_method".into(),
            billing_details: json!({
                "address": { "city": null, "country": null, "line1": null, "line2": null, "postal_code": null, "state": null },
                "email": null, "name": null, "phone": null,
            }),
            card: json!({
                "brand": card.brand,
                "checks": { "address_line1_check": null, "address_postal_code_check": null, "cvc_check": "unchecked" },
                "country": "US",
                "display_brand": card.brand,
                "exp_month": 12,
                "exp_year": 2034,
                "fingerprint": ids::random_token(16),
                "funding": card.funding,
                "generated_from": null,
                "last4": card.last4,
                "networks": { "available": [card.brand], "preferred": null },
                "three_d_secure_usage": { "supported": true },
                "wallet": null,
            }),
            created: ctx.now(),
            customer: None,
            livemode: false,
            metadata: Metadata::new(),
            kind: "card".into(),
        };
        let account = ctx.account.clone();
        ctx.db.payment_methods.insert(&account, pm);
        return Ok(id);
    }
    if ctx.db.payment_methods.get_in(&ctx.account, raw).is_some() {
        return Ok(raw.to_owned());
    }
    Err(ApiError::invalid(format!("No such PaymentMethod: '{raw}'"))
        .with_code("resource_missing")
        .with_param("payment_method"))
}

fn intent(ctx: &Ctx<'_>, id: &str) -> Result<PaymentIntent, ApiError> {
    ctx.db
        .payment_intents
        .get_in(&ctx.account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_intent", id, "intent"))
}

fn unexpected_state(pi: &PaymentIntent, action: &str, done: &str, allowed: &[&str]) -> ApiError {
    ApiError::unexpected_state(
        "payment_intent_unexpected_state",
        format!(
            "This PaymentIntent's {action} could not be performed because it has a status of {}. Only a PaymentIntent with one of the following statuses may be {done}: {}.",
            pi.status,
            allowed.join(", ")
        ),
    )
    .with_extra("payment_intent", json!({ "id": pi.id, "object": "payment_intent", "status": pi.status }))
}

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
                let previous = super::events::previous_attributes(&before, &rendered);
                ctx.emit(&account, "payment_intent.amount_capturable_updated", rendered, previous);
            } else {
                capture_charge(ctx, &charge_id, pi.amount, behavior == Behavior::SucceedAvailable)?;
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

fn emit_charge(ctx: &mut Ctx<'_>, charge_id: &str, kind: &str) {
    if let Some(row) = ctx.db.charges.row(charge_id) {
        let owner = row.account.clone();
        let rendered = row.value.render(ctx.db);
        ctx.emit(&owner, kind, rendered, None);
    }
}

fn decline_payment(ctx: &mut Ctx<'_>, mut pi: PaymentIntent, pm: &PaymentMethod, decline: Decline) -> ApiError {
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
    ctx.emit(&account, "payment_intent.payment_failed", rendered.clone(), None);

    let mut err = ApiError::new(402, ErrorType::CardError, decline.message)
        .with_code(decline.code)
        .with_extra("charge", json!(charge_id))
        .with_extra("payment_intent", rendered)
        .with_extra("payment_method", pm_json);
    err.decline_code = Some(decline.decline_code.to_owned());
    err
}

/// A new authorized (or, with `decline`, failed) charge for `pi`; returns its id.
fn new_charge(ctx: &mut Ctx<'_>, pi: &PaymentIntent, pm: &PaymentMethod, decline: Option<Decline>) -> String {
    let id = ctx.next_id("ch");
    let descriptor = pi.statement_descriptor.clone().or_else(|| {
        ctx.db.accounts.row(&ctx.account).and_then(|r| {
            r.value
                .settings
                .payments
                .statement_descriptor
                .clone()
                .or_else(|| r.value.business_profile.name.as_ref().map(|n| n.to_uppercase()))
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
        map.insert("network".into(), map.get("brand").cloned().unwrap_or(Value::Null));
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
            descriptor.map(|d| d.chars().take(22).collect()).unwrap_or_else(|| "STRIPE SIM".into()),
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
        status: if decline.is_some() { "failed" } else { "succeeded" }.into(),
        transfer: None,
        transfer_data: pi.transfer_data.clone(),
        transfer_group: pi.transfer_group.clone(),
    };
    let account = ctx.account.clone();
    ctx.db.charges.insert(&account, charge);
    id
}

/// Captures `amount` of an authorized charge (the rest is released) and settles it.
fn capture_charge(ctx: &mut Ctx<'_>, charge_id: &str, amount: i64, available_now: bool) -> Result<(), ApiError> {
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
        return Err(unexpected_state(&pi, "capture", "captured", &["requires_capture"]));
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
        .and_then(|pm| ctx.db.payment_methods.row(&pm).map(|r| test_cards::behavior(r.value.last4())))
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
        if let Some(charge) = pi.latest_charge.as_deref().and_then(|c| ctx.db.charges.get_mut(c)) {
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
