//! The PaymentIntent lifecycle: create, confirm (with a test card), capture, cancel. A
//! successful capture hands the charge to `settlement` for the money movements.

mod capture;
mod confirm;

use serde_json::{json, Value};

use crate::domain::test_cards;
use crate::domain::Ctx;
use crate::ids;
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::wire::ApiError;
pub use capture::{cancel, capture};
pub use confirm::confirm;

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
pub fn connected_account<'a>(
    ctx: &'a Ctx<'_>,
    id: &str,
    param: &str,
) -> Result<&'a Account, ApiError> {
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
        confirmation_method: new
            .confirmation_method
            .unwrap_or_else(|| "automatic".into()),
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

/// The acting account's PaymentIntent `id`.
pub(super) fn intent(ctx: &Ctx<'_>, id: &str) -> Result<PaymentIntent, ApiError> {
    ctx.db
        .payment_intents
        .get_in(&ctx.account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_intent", id, "intent"))
}

/// Stripe's error for an action the PaymentIntent's status does not allow.
pub(super) fn unexpected_state(
    pi: &PaymentIntent,
    action: &str,
    done: &str,
    allowed: &[&str],
) -> ApiError {
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

/// Emits `kind` about a charge, on the account the charge belongs to.
pub(super) fn emit_charge(ctx: &mut Ctx<'_>, charge_id: &str, kind: &str) {
    if let Some(row) = ctx.db.charges.row(charge_id) {
        let owner = row.account.clone();
        let rendered = row.value.render(ctx.db);
        ctx.emit(&owner, kind, rendered, None);
    }
}
