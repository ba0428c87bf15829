//! Payouts: leave the available balance at once and walk Stripe's statuses by the simulated
//! clock. A payout is `pending` until it is submitted to the bank, then `in_transit`, then `paid`
//! on its `arrival_date`, or `failed` with the funds returned (API reference, payout `status`).
//! Standard payouts are submitted at the start of the next business day and arrive one business
//! day later (so `arrival_date` skips weekends, as Stripe's does); instant ones are submitted and
//! arrive at once. Payouts to Stripe's failing test bank numbers (see [`super::bank`]) fail on
//! arrival with their failure code.

use serde_json::json;

use crate::clock::{start_of_day, DAY};
use crate::domain::events::previous_attributes;
use crate::domain::ledger::{self, Entry};
use crate::domain::Ctx;
use crate::model::*;
use crate::store::render::Render;
use crate::wire::ApiError;

/// Validated `POST /v1/payouts` parameters.
#[derive(Debug, Clone, Default)]
pub struct NewPayout {
    pub amount: i64,
    pub currency: String,
    pub description: Option<String>,
    pub destination: Option<String>,
    pub metadata: Metadata,
    pub method: Option<String>,
    pub statement_descriptor: Option<String>,
}

/// How a payout ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    Failed { code: String },
}

/// Stripe's payout failure codes with Stripe's message for each
/// (<https://docs.stripe.com/api/payouts/failures>).
pub const FAILURES: &[(&str, &str)] = &[
    ("account_closed", "The bank account has been closed."),
    ("account_frozen", "The bank account has been frozen."),
    ("bank_account_restricted", "The bank account has restrictions on either the type, or the number, of payouts allowed. This normally indicates that the bank account is a savings or other non-checking account."),
    ("bank_ownership_changed", "The destination bank account is no longer valid because its branch has changed ownership."),
    ("could_not_process", "The bank could not process this payout."),
    ("debit_not_authorized", "Debit transactions are not approved on the bank account. (Stripe requires bank accounts to be set up for both credit and debit payouts.)"),
    ("declined", "The bank has declined this transfer. Please contact the bank before retrying."),
    ("incorrect_account_holder_address", "Your bank notified us that the bank account holder address on file is incorrect."),
    ("incorrect_account_holder_name", "Your bank notified us that the bank account holder name on file is incorrect."),
    ("incorrect_account_holder_tax_id", "Your bank notified us that the bank account holder tax ID on file is incorrect."),
    ("insufficient_funds", "Your Stripe account has insufficient funds to cover the payout."),
    ("invalid_account_number", "The routing number seems correct, but the account number is invalid."),
    ("invalid_currency", "The bank was unable to process this payout because of its currency. This is probably because the bank account cannot accept payments in that currency."),
    ("no_account", "The bank account details on file are probably incorrect. No bank account could be located with those details."),
    ("unsupported_card", "The bank no longer supports payouts to this card."),
];

/// Stripe's message for a payout failure code.
pub fn failure_message(code: &str) -> &'static str {
    FAILURES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("The payout failed.", |(_, message)| message)
}

/// Whether `code` is one of Stripe's payout failure codes (the test control accepts these).
pub fn is_failure_code(code: &str) -> bool {
    FAILURES.iter().any(|(known, _)| *known == code)
}

/// Midnight UTC `days` business days (Monday to Friday) after the day containing `ts`.
pub fn business_days_after(ts: i64, days: u32) -> i64 {
    let mut day = start_of_day(ts);
    let mut left = days;
    while left > 0 {
        day += DAY;
        if !is_weekend(day) {
            left -= 1;
        }
    }
    day
}

/// 1970-01-01 was a Thursday: days since then, mod 7, give the weekday (0 = Thursday).
fn is_weekend(day_start: i64) -> bool {
    matches!((day_start / DAY).rem_euclid(7), 2 | 3)
}

/// When the payout is submitted to the bank (and becomes `in_transit`).
pub fn submitted_at(payout: &Payout) -> i64 {
    if payout.method == "instant" {
        payout.created
    } else {
        business_days_after(payout.created, 1).min(payout.arrival_date)
    }
}

/// Creates a payout from the acting account's available balance; returns the `po_` id.
pub fn create(ctx: &mut Ctx<'_>, new: NewPayout) -> Result<String, ApiError> {
    let account_id = ctx.account.clone();
    let account = ctx
        .db
        .accounts
        .row(&account_id)
        .map(|r| r.value.clone())
        .ok_or_else(|| ApiError::no_such("account", &account_id, "account"))?;
    if new.amount <= 0 {
        return Err(ApiError::invalid_param(
            "amount",
            "Invalid positive integer",
        ));
    }
    if !account.payouts_enabled {
        return Err(ApiError::invalid(
            "Payouts are not enabled for this account: it has requirements due (see requirements.currently_due).",
        )
        .with_code("payouts_not_allowed"));
    }
    let bank = match &new.destination {
        Some(id) => account
            .external_accounts
            .data
            .iter()
            .find(|b| &b.id == id)
            .ok_or_else(|| ApiError::no_such("external account", id, "destination"))?,
        None => account.bank_account_for(&new.currency).ok_or_else(|| {
            ApiError::invalid(format!(
                "You don't have any external accounts in that currency ({}).",
                new.currency
            ))
            .with_param("currency")
        })?,
    };
    if bank.currency != new.currency {
        return Err(ApiError::invalid_param(
            "destination",
            format!(
                "The bank account {} cannot receive payouts in {}.",
                bank.id, new.currency
            ),
        ));
    }
    if ledger::available(ctx.db, &account_id, &new.currency) < new.amount {
        return Err(ApiError::balance_insufficient(
            "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).",
        ));
    }
    let method = new.method.unwrap_or_else(|| "standard".into());
    let now = ctx.now();
    let arrival_date = if method == "instant" {
        now
    } else {
        business_days_after(now, 2)
    };
    let id = ctx.next_id("po");
    let txn = ctx.post(
        Entry::new(&account_id, -new.amount, &new.currency, "payout", "payout")
            .source(&id)
            .description(
                new.description
                    .clone()
                    .unwrap_or_else(|| "STRIPE PAYOUT".into()),
            ),
    );
    let payout = Payout {
        id: id.clone(),
        object: "payout".into(),
        amount: new.amount,
        application_fee: None,
        application_fee_amount: None,
        arrival_date,
        automatic: false,
        balance_transaction: Some(txn),
        created: now,
        currency: new.currency,
        description: new.description.or_else(|| Some("STRIPE PAYOUT".into())),
        destination: Some(bank.id.clone()),
        failure_balance_transaction: None,
        failure_code: None,
        failure_message: None,
        livemode: false,
        metadata: new.metadata,
        method,
        original_payout: None,
        reconciliation_status: "not_applicable".into(),
        reversed_by: None,
        source_type: "card".into(),
        statement_descriptor: new.statement_descriptor,
        status: "pending".into(),
        trace_id: json!({ "status": "pending", "value": null }),
        kind: "bank_account".into(),
    };
    let rendered = payout.render(ctx.db);
    ctx.db.payouts.insert(&account_id, payout);
    ctx.emit(&account_id, "payout.created", rendered, None);
    Ok(id)
}

/// The outcome a payout reaches on its own at arrival: failure for Stripe's failing test bank
/// numbers, paid otherwise.
pub fn natural_outcome(db: &crate::store::Db, payout: &Payout) -> Outcome {
    match payout
        .destination
        .as_ref()
        .and_then(|bank| db.meta.payout_failures.get(bank))
    {
        Some(code) => Outcome::Failed { code: code.clone() },
        None => Outcome::Paid,
    }
}

/// A pending payout is submitted to the bank: `in_transit` (`payout.updated`).
pub fn submit(ctx: &mut Ctx<'_>, id: &str) -> Result<(), ApiError> {
    let row = ctx
        .db
        .payouts
        .row(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payout", id, "payout"))?;
    let (owner, mut payout) = (row.account, row.value);
    if payout.status != "pending" {
        return Err(ApiError::invalid(format!(
            "Payout {id} has status {} and cannot be submitted to the bank.",
            payout.status
        )));
    }
    let before = payout.render(ctx.db);
    payout.status = "in_transit".into();
    ctx.db.payouts.insert(&owner, payout.clone());
    let after = payout.render(ctx.db);
    let previous = previous_attributes(&before, &after);
    ctx.emit(&owner, "payout.updated", after, previous);
    Ok(())
}

/// Ends an open payout: `payout.paid`, or `payout.failed` with the funds returned
/// (`payout_failure`). A payout still `pending` is submitted to the bank first, so every payout
/// passes through `in_transit`.
pub fn finish(ctx: &mut Ctx<'_>, id: &str, outcome: Outcome) -> Result<(), ApiError> {
    if ctx
        .db
        .payouts
        .row(id)
        .is_some_and(|r| r.value.status == "pending")
    {
        submit(ctx, id)?;
    }
    let row = ctx
        .db
        .payouts
        .row(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payout", id, "payout"))?;
    let (owner, mut payout) = (row.account, row.value);
    if !payout.is_open() {
        return Err(ApiError::invalid(format!(
            "Payout {id} has status {} and can no longer be paid or failed.",
            payout.status
        )));
    }
    let before = payout.render(ctx.db);
    let kind = match outcome {
        Outcome::Paid => {
            payout.status = "paid".into();
            payout.reconciliation_status = "completed".into();
            payout.trace_id = json!({ "status": "supported", "value": format!("SIMTRACE{}", id.get(3..13).unwrap_or(id)) });
            "payout.paid"
        }
        Outcome::Failed { code } => {
            let txn = ctx.post(
                Entry::new(
                    &owner,
                    payout.amount,
                    &payout.currency,
                    "payout_failure",
                    "payout_reversal",
                )
                .source(id)
                .description(format!("Payout failure ({code})")),
            );
            payout.status = "failed".into();
            payout.failure_balance_transaction = Some(txn);
            payout.failure_message = Some(failure_message(&code).into());
            payout.failure_code = Some(code);
            payout.trace_id = json!({ "status": "unsupported", "value": null });
            "payout.failed"
        }
    };
    ctx.db.payouts.insert(&owner, payout.clone());
    let after = payout.render(ctx.db);
    let previous = previous_attributes(&before, &after);
    ctx.emit(&owner, "payout.updated", after.clone(), previous);
    ctx.emit(&owner, kind, after, None);
    Ok(())
}

/// Cancels a pending payout of the acting account; the funds return (`payout_cancel`).
pub fn cancel(ctx: &mut Ctx<'_>, id: &str) -> Result<(), ApiError> {
    let account = ctx.account.clone();
    let mut payout = ctx
        .db
        .payouts
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payout", id, "payout"))?;
    if payout.status != "pending" {
        return Err(ApiError::invalid(format!(
            "Payouts can only be canceled while they are pending; {id} is {}.",
            payout.status
        )));
    }
    let before = payout.render(ctx.db);
    ctx.post(
        Entry::new(
            &account,
            payout.amount,
            &payout.currency,
            "payout_cancel",
            "payout_reversal",
        )
        .source(id)
        .description("Payout canceled"),
    );
    payout.status = "canceled".into();
    ctx.db.payouts.insert(&account, payout.clone());
    let after = payout.render(ctx.db);
    let previous = previous_attributes(&before, &after);
    ctx.emit(&account, "payout.canceled", after, previous);
    Ok(())
}
