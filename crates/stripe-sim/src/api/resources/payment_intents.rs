//! `/v1/payment_intents`.

use serde_json::Value;

use crate::api::resources::{list, new_metadata, no_params, render_in, update_metadata};
use crate::domain::events::previous_attributes;
use crate::domain::payments::{self, NewPaymentIntent};
use crate::domain::Ctx;
use crate::model::TransferData;
use crate::store::render::Render;
use crate::wire::params::{opt, req, validate, validate_list, Field, Kind};
use crate::wire::{ApiError, Params};

const TRANSFER_DATA: &[Field] = &[
    opt("amount", Kind::Integer),
    req("destination", Kind::String),
];
const AUTOMATIC_PAYMENT_METHODS: &[Field] = &[
    opt("allow_redirects", Kind::Enum(&["always", "never"])),
    req("enabled", Kind::Boolean),
];
const CAPTURE_METHODS: &[&str] = &["automatic", "automatic_async", "manual"];
const SETUP_FUTURE_USAGE: &[&str] = &["off_session", "on_session"];

const CREATE: &[Field] = &[
    req("amount", Kind::Integer),
    opt("application_fee_amount", Kind::Integer),
    opt(
        "automatic_payment_methods",
        Kind::Object(AUTOMATIC_PAYMENT_METHODS),
    ),
    opt("capture_method", Kind::Enum(CAPTURE_METHODS)),
    opt("confirm", Kind::Boolean),
    opt("confirmation_method", Kind::Enum(&["automatic", "manual"])),
    req("currency", Kind::Currency),
    opt("customer", Kind::String),
    opt("description", Kind::String),
    opt("error_on_requires_action", Kind::Boolean),
    opt("mandate_data", Kind::AnyObject),
    opt("metadata", Kind::Metadata),
    opt("off_session", Kind::Boolean),
    opt("on_behalf_of", Kind::String),
    opt("payment_method", Kind::String),
    opt("payment_method_configuration", Kind::String),
    opt("payment_method_data", Kind::AnyObject),
    opt("payment_method_options", Kind::AnyObject),
    opt("payment_method_types", Kind::Array(&Kind::String)),
    opt("receipt_email", Kind::String),
    opt("return_url", Kind::String),
    opt("setup_future_usage", Kind::Enum(SETUP_FUTURE_USAGE)),
    opt("shipping", Kind::AnyObject),
    opt("statement_descriptor", Kind::String),
    opt("statement_descriptor_suffix", Kind::String),
    opt("transfer_data", Kind::Object(TRANSFER_DATA)),
    opt("transfer_group", Kind::String),
    opt("use_stripe_sdk", Kind::Boolean),
];

const UPDATE: &[Field] = &[
    opt("amount", Kind::Integer),
    opt("application_fee_amount", Kind::Integer),
    opt("currency", Kind::Currency),
    opt("customer", Kind::String),
    opt("description", Kind::String),
    opt("metadata", Kind::Metadata),
    opt("payment_method", Kind::String),
    opt("payment_method_options", Kind::AnyObject),
    opt("payment_method_types", Kind::Array(&Kind::String)),
    opt("receipt_email", Kind::String),
    opt("setup_future_usage", Kind::Enum(SETUP_FUTURE_USAGE)),
    opt("shipping", Kind::AnyObject),
    opt("statement_descriptor", Kind::String),
    opt("statement_descriptor_suffix", Kind::String),
    opt("transfer_group", Kind::String),
];

const CONFIRM: &[Field] = &[
    opt("client_secret", Kind::String),
    opt("error_on_requires_action", Kind::Boolean),
    opt("mandate_data", Kind::AnyObject),
    opt("off_session", Kind::Boolean),
    opt("payment_method", Kind::String),
    opt("payment_method_data", Kind::AnyObject),
    opt("payment_method_options", Kind::AnyObject),
    opt("payment_method_types", Kind::Array(&Kind::String)),
    opt("receipt_email", Kind::String),
    opt("return_url", Kind::String),
    opt("setup_future_usage", Kind::Enum(SETUP_FUTURE_USAGE)),
    opt("shipping", Kind::AnyObject),
    opt("use_stripe_sdk", Kind::Boolean),
];

const CAPTURE: &[Field] = &[
    opt("amount_to_capture", Kind::Integer),
    opt("application_fee_amount", Kind::Integer),
    opt("final_capture", Kind::Boolean),
    opt("metadata", Kind::Metadata),
    opt("statement_descriptor", Kind::String),
    opt("statement_descriptor_suffix", Kind::String),
];

const CANCEL: &[Field] = &[opt(
    "cancellation_reason",
    Kind::Enum(&[
        "abandoned",
        "duplicate",
        "fraudulent",
        "requested_by_customer",
    ]),
)];

const LIST: &[Field] = &[opt("customer", Kind::String)];

fn render(ctx: &Ctx<'_>, id: &str) -> Result<Value, ApiError> {
    render_in(
        ctx.db,
        &ctx.db.payment_intents,
        &ctx.account,
        id,
        "payment_intent",
        "intent",
    )
}

/// `POST /v1/payment_intents`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CREATE)?;
    let new = NewPaymentIntent {
        amount: p.int("amount").unwrap_or_default(),
        currency: p.string("currency").unwrap_or_default(),
        application_fee_amount: p.int("application_fee_amount"),
        automatic_payment_methods: p.get("automatic_payment_methods").cloned(),
        capture_method: p.string("capture_method"),
        confirmation_method: p.string("confirmation_method"),
        customer: p.string("customer"),
        description: p.string("description"),
        metadata: new_metadata(&p),
        on_behalf_of: p.string("on_behalf_of"),
        payment_method: p.string("payment_method"),
        payment_method_types: p.strings("payment_method_types"),
        receipt_email: p.string("receipt_email"),
        setup_future_usage: p.string("setup_future_usage"),
        shipping: p.get("shipping").cloned().filter(|v| !v.is_null()),
        statement_descriptor: p.string("statement_descriptor"),
        statement_descriptor_suffix: p.string("statement_descriptor_suffix"),
        transfer_data: transfer_data(&p),
        transfer_group: p.string("transfer_group"),
    };
    let id = payments::create(ctx, new)?;
    if p.bool("confirm") == Some(true) {
        payments::confirm(ctx, &id, None)?;
    }
    render(ctx, &id)
}

fn transfer_data(p: &Params) -> Option<TransferData> {
    Some(TransferData {
        destination: p.string("transfer_data.destination")?,
        amount: p.int("transfer_data.amount"),
    })
}

/// `GET /v1/payment_intents`.
pub fn list_intents(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let customer = p.string("customer");
    list(
        ctx.db,
        &ctx.db.payment_intents,
        &ctx.account,
        &p,
        "/v1/payment_intents",
        "payment_intent",
        |pi| customer.is_none() || pi.customer == customer,
    )
}

/// `GET /v1/payment_intents/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let mut raw = raw;
    if let Value::Object(map) = &mut raw {
        map.remove("client_secret");
    }
    no_params(raw)?;
    render(ctx, id)
}

/// `POST /v1/payment_intents/{id}`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let account = ctx.account.clone();
    let mut pi = ctx
        .db
        .payment_intents
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_intent", id, "intent"))?;
    let before = pi.render(ctx.db);
    let editable = matches!(
        pi.status.as_str(),
        "requires_payment_method" | "requires_confirmation"
    );
    let money_fields = [
        "amount",
        "currency",
        "payment_method",
        "application_fee_amount",
    ];
    if !editable && money_fields.iter().any(|f| p.has(f)) {
        return Err(ApiError::unexpected_state(
            "payment_intent_unexpected_state",
            format!(
                "You cannot update the amount, currency, payment method or application fee of a PaymentIntent with status {}.",
                pi.status
            ),
        ));
    }
    if let Some(currency) = p.str("currency") {
        pi.currency = currency.to_owned();
    }
    if let Some(amount) = p.int("amount") {
        payments::check_amount(amount, &pi.currency, "amount")?;
        pi.amount = amount;
    }
    if p.has("application_fee_amount") {
        pi.application_fee_amount = p.int("application_fee_amount");
    }
    if let Some(raw_pm) = p.str("payment_method") {
        pi.payment_method = Some(payments::resolve_payment_method(ctx, raw_pm)?);
        pi.status = "requires_confirmation".into();
    }
    for (field, slot) in [
        ("customer", &mut pi.customer),
        ("description", &mut pi.description),
        ("receipt_email", &mut pi.receipt_email),
        ("setup_future_usage", &mut pi.setup_future_usage),
        ("statement_descriptor", &mut pi.statement_descriptor),
        (
            "statement_descriptor_suffix",
            &mut pi.statement_descriptor_suffix,
        ),
        ("transfer_group", &mut pi.transfer_group),
    ] {
        if p.has(field) {
            *slot = p.string(field);
        }
    }
    if p.has("shipping") {
        pi.shipping = p.get("shipping").cloned().filter(|v| !v.is_null());
    }
    update_metadata(&mut pi.metadata, &p);
    ctx.db.payment_intents.insert(&account, pi.clone());
    let after = pi.render(ctx.db);
    if let Some(previous) = previous_attributes(&before, &after) {
        ctx.emit(
            &account,
            "payment_intent.updated",
            after.clone(),
            Some(previous),
        );
    }
    Ok(after)
}

/// `POST /v1/payment_intents/{id}/confirm`.
pub fn confirm(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CONFIRM)?;
    payments::confirm(ctx, id, p.str("payment_method"))?;
    render(ctx, id)
}

/// `POST /v1/payment_intents/{id}/capture`.
pub fn capture(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CAPTURE)?;
    payments::capture(
        ctx,
        id,
        p.int("amount_to_capture"),
        p.int("application_fee_amount"),
    )?;
    if p.has("metadata") {
        if let Some(pi) = ctx.db.payment_intents.get_mut(id) {
            update_metadata(&mut pi.metadata, &p);
        }
    }
    render(ctx, id)
}

/// `POST /v1/payment_intents/{id}/cancel`.
pub fn cancel(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CANCEL)?;
    payments::cancel(ctx, id, p.string("cancellation_reason"))?;
    render(ctx, id)
}
