//! Transfers to connected accounts and their reversals.
//!
//! A transfer debits the platform (`transfer`) and credits the destination through a `py_`
//! payment (`payment`). A reversal refunds that payment (`pyr_`, `payment_refund` on the
//! connected account) and credits the platform (`transfer_refund`).

use serde_json::json;

use crate::domain::events::previous_attributes;
use crate::domain::ledger::{self, Entry};
use crate::domain::payments::{check_can_receive_transfers, connected_account};
use crate::domain::{settlement, Ctx};
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::wire::ApiError;

/// A transfer to book.
#[derive(Debug, Clone)]
pub struct TransferSpec {
    pub destination: String,
    pub amount: i64,
    pub currency: String,
    /// 0 = available now.
    pub available_on: i64,
    pub source_transaction: Option<String>,
    pub description: Option<String>,
    pub metadata: Metadata,
    pub transfer_group: Option<String>,
    /// Fees taken from the destination's payment (the application fee of a destination charge).
    pub payment_fees: Vec<FeeDetail>,
}

/// Validated `POST /v1/transfers` parameters.
#[derive(Debug, Clone)]
pub struct NewTransfer {
    pub amount: i64,
    pub currency: String,
    pub destination: String,
    pub description: Option<String>,
    pub metadata: Metadata,
    pub source_transaction: Option<String>,
    pub transfer_group: Option<String>,
}

/// Books a transfer; returns the `tr_` and `py_` ids.
pub fn create_internal(ctx: &mut Ctx<'_>, spec: TransferSpec) -> (String, String) {
    let platform = ctx.platform();
    let transfer_id = ctx.next_id("tr");
    let payment_id = ctx.next_id("py");
    let now = ctx.now();
    let platform_txn = ctx.post(
        Entry::new(
            &platform,
            -spec.amount,
            &spec.currency,
            "transfer",
            "transfer",
        )
        .source(&transfer_id)
        .available_on(spec.available_on),
    );
    let payment_txn = ctx.post(
        Entry::new(
            &spec.destination,
            spec.amount,
            &spec.currency,
            "payment",
            "charge",
        )
        .source(&payment_id)
        .fees(spec.payment_fees)
        .available_on(spec.available_on),
    );
    let payment = Charge {
        id: payment_id.clone(),
        object: "charge".into(),
        amount: spec.amount,
        amount_captured: spec.amount,
        amount_refunded: 0,
        application: Some(settlement::application_id(&platform)),
        application_fee: None,
        application_fee_amount: None,
        balance_transaction: Some(payment_txn),
        billing_details: json!({
            "address": { "city": null, "country": null, "line1": null, "line2": null, "postal_code": null, "state": null },
            "email": null, "name": null, "phone": null,
        }),
        calculated_statement_descriptor: None,
        captured: true,
        created: now,
        currency: spec.currency.clone(),
        customer: None,
        description: None,
        disputed: false,
        failure_balance_transaction: None,
        failure_code: None,
        failure_message: None,
        fraud_details: json!({}),
        livemode: false,
        metadata: Metadata::new(),
        on_behalf_of: None,
        outcome: None,
        paid: true,
        payment_intent: None,
        payment_method: None,
        payment_method_details: Some(json!({ "stripe_account": {}, "type": "stripe_account" })),
        receipt_email: None,
        receipt_number: None,
        receipt_url: None,
        refunded: false,
        review: None,
        shipping: None,
        source_transfer: Some(transfer_id.clone()),
        statement_descriptor: None,
        statement_descriptor_suffix: None,
        status: "succeeded".into(),
        transfer: None,
        transfer_data: None,
        transfer_group: None,
    };
    ctx.db.charges.insert(&spec.destination, payment);
    let transfer = Transfer {
        id: transfer_id.clone(),
        object: "transfer".into(),
        amount: spec.amount,
        amount_reversed: 0,
        balance_transaction: Some(platform_txn),
        created: now,
        currency: spec.currency,
        description: spec.description,
        destination: spec.destination,
        destination_payment: Some(payment_id.clone()),
        livemode: false,
        metadata: spec.metadata,
        reversed: false,
        source_transaction: spec.source_transaction,
        source_type: "card".into(),
        transfer_group: spec.transfer_group,
    };
    let rendered = transfer.render(ctx.db);
    ctx.db.transfers.insert(&platform, transfer);
    ctx.emit(&platform, "transfer.created", rendered, None);
    (transfer_id, payment_id)
}

/// `POST /v1/transfers`: from the platform's available balance, or tied to a charge with
/// `source_transaction` (then the funds follow that charge's availability).
pub fn create(ctx: &mut Ctx<'_>, new: NewTransfer) -> Result<String, ApiError> {
    if !ctx.is_platform() {
        return Err(ApiError::invalid(
            "Transfers can only be created by the platform; remove the Stripe-Account header.",
        ));
    }
    if new.amount <= 0 {
        return Err(ApiError::invalid_param(
            "amount",
            "Invalid positive integer",
        ));
    }
    let destination = connected_account(ctx, &new.destination, "destination")?;
    check_can_receive_transfers(destination, "destination")?;
    let platform = ctx.platform();
    let available_on = match &new.source_transaction {
        Some(charge_id) => {
            let charge = ctx
                .db
                .charges
                .get_in(&platform, charge_id)
                .filter(|c| c.captured)
                .ok_or_else(|| {
                    ApiError::no_such("charge", charge_id, "source_transaction").with_status(400)
                })?;
            if charge.currency != new.currency {
                return Err(ApiError::invalid_param(
                    "currency",
                    format!("The currency of source_transaction's balance transaction ({}) must be the same as the transfer currency ({}).", charge.currency, new.currency),
                ));
            }
            let already: i64 = ctx
                .db
                .transfers
                .in_account(&platform)
                .filter(|t| t.source_transaction.as_deref() == Some(charge_id.as_str()))
                .map(|t| t.amount - t.amount_reversed)
                .sum();
            if new.amount > charge.amount_captured - already {
                return Err(ApiError::invalid_param(
                    "amount",
                    format!(
                        "Transfer amount exceeds the remaining amount of source_transaction {charge_id} ({}).",
                        money::display(charge.amount_captured - already, &charge.currency)
                    ),
                ));
            }
            charge
                .balance_transaction
                .as_deref()
                .and_then(|t| ctx.db.balance_transactions.row(t))
                .map(|t| t.value.available_on)
                .unwrap_or(0)
        }
        None => {
            if ledger::available(ctx.db, &platform, &new.currency) < new.amount {
                return Err(ApiError::balance_insufficient(
                    "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance",
                ));
            }
            0
        }
    };
    let spec = TransferSpec {
        destination: new.destination,
        amount: new.amount,
        currency: new.currency,
        available_on,
        source_transaction: new.source_transaction,
        description: new.description,
        metadata: new.metadata,
        transfer_group: new.transfer_group,
        payment_fees: Vec::new(),
    };
    Ok(create_internal(ctx, spec).0)
}

/// What to reverse.
#[derive(Debug, Clone, Default)]
pub struct NewReversal {
    pub amount: Option<i64>,
    pub metadata: Metadata,
    pub refund_application_fee: bool,
    pub source_refund: Option<String>,
}

/// Reverses (part of) a transfer; returns the `trr_` id.
pub fn reverse(ctx: &mut Ctx<'_>, transfer_id: &str, new: NewReversal) -> Result<String, ApiError> {
    let platform = ctx.platform();
    let transfer = ctx
        .db
        .transfers
        .get_in(&platform, transfer_id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("transfer", transfer_id, "id"))?;
    let remaining = transfer.amount - transfer.amount_reversed;
    if remaining <= 0 {
        return Err(ApiError::invalid(format!(
            "Transfer {transfer_id} has already been fully reversed."
        ))
        .with_code("transfer_already_reversed"));
    }
    let amount = new.amount.unwrap_or(remaining);
    if amount <= 0 || amount > remaining {
        return Err(ApiError::invalid_param(
            "amount",
            format!(
                "Reversal amount must be a positive integer no greater than the transfer's unreversed amount ({}).",
                money::display(remaining, &transfer.currency)
            ),
        ));
    }
    // Stripe: a destination charge's transfer may be reversed up to the charge (the platform
    // answers for the account's balance); any other transfer only if the destination account
    // has the funds to cover the reversal.
    let for_destination_charge = transfer
        .source_transaction
        .as_deref()
        .and_then(|charge| ctx.db.charges.row(charge))
        .is_some_and(|row| row.value.transfer.as_deref() == Some(transfer_id));
    if !for_destination_charge {
        let held = ledger::available(ctx.db, &transfer.destination, &transfer.currency);
        if held < amount {
            return Err(ApiError::balance_insufficient(format!(
                "The destination account {} does not have enough available funds to cover this reversal ({} available).",
                transfer.destination,
                money::display(held, &transfer.currency)
            )));
        }
    }
    let before = transfer.render(ctx.db);
    let reversal_id = ctx.next_id("trr");
    let currency = transfer.currency.clone();

    let payment_refund = transfer.destination_payment.clone().map(|payment| {
        let refund_id = ctx.next_id("pyr");
        let txn = ctx.post(
            Entry::new(
                &transfer.destination,
                -amount,
                &currency,
                "payment_refund",
                "refund",
            )
            .source(&refund_id),
        );
        let refund = Refund {
            id: refund_id.clone(),
            object: "refund".into(),
            amount,
            balance_transaction: Some(txn),
            charge: payment.clone(),
            created: ctx.now(),
            currency: currency.clone(),
            destination_details: json!({ "type": "stripe_account", "stripe_account": {} }),
            metadata: Metadata::new(),
            payment_intent: None,
            reason: None,
            receipt_number: None,
            source_transfer_reversal: Some(reversal_id.clone()),
            status: "succeeded".into(),
            transfer_reversal: None,
        };
        ctx.db.refunds.insert(&transfer.destination, refund);
        if let Some(py) = ctx.db.charges.get_mut(&payment) {
            py.amount_refunded += amount;
            py.refunded = py.amount_refunded >= py.amount;
        }
        refund_id
    });
    let platform_txn = ctx.post(
        Entry::new(
            &platform,
            amount,
            &currency,
            "transfer_refund",
            "transfer_reversal",
        )
        .source(&reversal_id),
    );
    let reversal = TransferReversal {
        id: reversal_id.clone(),
        object: "transfer_reversal".into(),
        amount,
        balance_transaction: Some(platform_txn),
        created: ctx.now(),
        currency,
        destination_payment_refund: payment_refund,
        metadata: new.metadata,
        source_refund: new.source_refund,
        transfer: transfer_id.to_owned(),
    };
    ctx.db.reversals.insert(&platform, reversal);
    if let Some(stored) = ctx.db.transfers.get_mut(transfer_id) {
        stored.amount_reversed += amount;
        stored.reversed = stored.amount_reversed >= stored.amount;
    }
    if new.refund_application_fee {
        let fee = transfer
            .source_transaction
            .as_deref()
            .and_then(|c| ctx.db.charges.row(c))
            .and_then(|r| r.value.application_fee.clone());
        if let Some(fee_id) = fee {
            let fee_amount = ctx
                .db
                .application_fees
                .row(&fee_id)
                .map(|r| r.value.amount)
                .unwrap_or(0);
            settlement::refund_application_fee(
                ctx,
                &fee_id,
                money::prorate(fee_amount, amount, transfer.amount),
            );
        }
    }
    if let Some(row) = ctx.db.transfers.row(transfer_id) {
        let after = row.value.render(ctx.db);
        let previous = previous_attributes(&before, &after);
        ctx.emit(&platform, "transfer.reversed", after, previous);
    }
    Ok(reversal_id)
}
