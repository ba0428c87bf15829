//! Money movements of a captured charge, and application fees.
//!
//! * Platform charge: the platform gets `amount` minus Stripe's fee.
//! * Destination charge (`transfer_data[destination]`): the platform gets the charge (minus
//!   Stripe's fee) and transfers `transfer_data[amount]` (default: the whole amount) to the
//!   connected account, which receives it as a `py_` payment. An `application_fee_amount` is
//!   then taken from that payment into an application fee (`fee_`) for the platform.
//! * Direct charge (`Stripe-Account`): the connected account gets the charge minus Stripe's fee
//!   and the application fee; the platform gets the application fee.
//!
//! All credits share the charge's `available_on`.

use crate::domain::events::previous_attributes;
use crate::domain::ledger::{fee, Entry};
use crate::domain::transfers::{self, TransferSpec};
use crate::domain::Ctx;
use crate::model::*;
use crate::money;
use crate::store::render::Render;

/// The platform's Connect application id (`application` on fees).
pub fn application_id(platform: &str) -> String {
    format!("ca_{}", platform.trim_start_matches("acct_"))
}

/// Books a freshly captured charge.
pub fn settle_charge(ctx: &mut Ctx<'_>, charge_id: &str, available_now: bool) {
    let Some(row) = ctx.db.charges.row(charge_id).cloned() else {
        return;
    };
    let (owner, charge) = (row.account, row.value);
    let platform = ctx.platform();
    let application = application_id(&platform);
    let amount = charge.amount_captured;
    let currency = charge.currency.clone();
    let available_on = if available_now {
        0
    } else {
        ctx.funds_available_on(&owner)
    };
    let app_fee = charge.application_fee_amount.filter(|f| *f > 0);
    let direct = owner != platform;

    let mut fees = Vec::new();
    let stripe_fee = money::processing_fee(ctx.env.stripe_fee, amount, &currency);
    if stripe_fee > 0 {
        fees.push(fee(
            "stripe_fee",
            stripe_fee,
            &currency,
            "Stripe processing fees",
            None,
        ));
    }
    if let (true, Some(f)) = (direct, app_fee) {
        fees.push(fee(
            "application_fee",
            f,
            &currency,
            "Application fee",
            Some(&application),
        ));
    }
    let mut entry = Entry::new(&owner, amount, &currency, "charge", "charge")
        .source(charge_id)
        .fees(fees)
        .available_on(available_on);
    entry.description = charge.description.clone();
    let txn = ctx.post(entry);

    let mut application_fee = None;
    let mut transfer = None;
    if direct {
        if let Some(f) = app_fee {
            application_fee = Some(collect_application_fee(
                ctx,
                &owner,
                charge_id,
                None,
                f,
                &currency,
                available_on,
            ));
        }
    } else if let Some(data) = &charge.transfer_data {
        let payment_fees = app_fee
            .filter(|_| data.amount.is_none())
            .map(|f| {
                vec![fee(
                    "application_fee",
                    f,
                    &currency,
                    "Application fee",
                    Some(&application),
                )]
            })
            .unwrap_or_default();
        let spec = TransferSpec {
            destination: data.destination.clone(),
            amount: data.amount.unwrap_or(amount),
            currency: currency.clone(),
            available_on,
            source_transaction: Some(charge_id.to_owned()),
            description: None,
            metadata: Metadata::new(),
            transfer_group: charge.transfer_group.clone(),
            payment_fees,
        };
        let (transfer_id, payment_id) = transfers::create_internal(ctx, spec);
        if let (Some(f), None) = (app_fee, data.amount) {
            application_fee = Some(collect_application_fee(
                ctx,
                &data.destination,
                &payment_id,
                Some(charge_id),
                f,
                &currency,
                available_on,
            ));
        }
        transfer = Some(transfer_id);
    }
    if let Some(charge) = ctx.db.charges.get_mut(charge_id) {
        charge.balance_transaction = Some(txn);
        charge.application_fee = application_fee;
        charge.transfer = transfer;
    }
}

/// Creates an application fee paid by `payer` and credits the platform; returns the `fee_` id.
fn collect_application_fee(
    ctx: &mut Ctx<'_>,
    payer: &str,
    charge: &str,
    originating: Option<&str>,
    amount: i64,
    currency: &str,
    available_on: i64,
) -> String {
    let platform = ctx.platform();
    let id = ctx.next_id("fee");
    let txn = ctx.post(
        Entry::new(
            &platform,
            amount,
            currency,
            "application_fee",
            "platform_earning",
        )
        .source(&id)
        .description("Application fee")
        .available_on(available_on),
    );
    let fee = ApplicationFee {
        id: id.clone(),
        object: "application_fee".into(),
        account: payer.to_owned(),
        amount,
        amount_refunded: 0,
        application: application_id(&platform),
        balance_transaction: Some(txn),
        charge: charge.to_owned(),
        created: ctx.now(),
        currency: currency.to_owned(),
        livemode: false,
        originating_transaction: originating.map(str::to_owned),
        refunded: false,
    };
    let rendered = fee.render(ctx.db);
    ctx.db.application_fees.insert(&platform, fee);
    ctx.emit(&platform, "application_fee.created", rendered, None);
    id
}

/// Refunds up to `amount` of an application fee to the account that paid it; returns the
/// `fr_` id, or `None` when nothing is left to refund.
pub fn refund_application_fee(ctx: &mut Ctx<'_>, fee_id: &str, amount: i64) -> Option<String> {
    let platform = ctx.platform();
    let fee = ctx.db.application_fees.row(fee_id)?.value.clone();
    let refundable = fee.amount - fee.amount_refunded;
    let amount = amount.min(refundable);
    if amount <= 0 {
        return None;
    }
    let id = ctx.next_id("fr");
    let txn = ctx.post(
        Entry::new(
            &platform,
            -amount,
            &fee.currency,
            "application_fee_refund",
            "platform_earning_refund",
        )
        .source(&id)
        .description("Application fee refund"),
    );
    ctx.post(
        Entry::new(
            &fee.account,
            amount,
            &fee.currency,
            "application_fee_refund",
            "fee",
        )
        .source(&id)
        .description("Application fee refund"),
    );
    let refund = FeeRefund {
        id: id.clone(),
        object: "fee_refund".into(),
        amount,
        balance_transaction: Some(txn),
        created: ctx.now(),
        currency: fee.currency.clone(),
        fee: fee_id.to_owned(),
        metadata: Metadata::new(),
    };
    ctx.db.fee_refunds.insert(&platform, refund);
    let before = fee.render(ctx.db);
    if let Some(stored) = ctx.db.application_fees.get_mut(fee_id) {
        stored.amount_refunded += amount;
        stored.refunded = stored.amount_refunded >= stored.amount;
    }
    if let Some(row) = ctx.db.application_fees.row(fee_id) {
        let after = row.value.render(ctx.db);
        let previous = previous_attributes(&before, &after);
        ctx.emit(&platform, "application_fee.refunded", after, previous);
    }
    Some(id)
}
