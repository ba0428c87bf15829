//! The passage of (simulated) time, applied before every request and once a second: pending
//! funds become available (`balance.available`), payouts arrive or fail, disputes run past due,
//! idempotency keys expire after 24 hours.

use std::collections::BTreeSet;

use crate::domain::{ledger, payouts, Ctx};

/// Applies everything that is due at the current simulated time.
pub fn run(ctx: &mut Ctx<'_>) {
    let now = ctx.now();
    release_funds(ctx, now);
    arrive_payouts(ctx, now);
    for id in ctx.db.disputes.ids_where(|r| {
        r.value.is_open()
            && !r.value.evidence_details.past_due
            && r.value.evidence_details.due_by.is_some_and(|d| d < now)
    }) {
        if let Some(dispute) = ctx.db.disputes.get_mut(&id) {
            dispute.evidence_details.past_due = true;
        }
    }
    for id in ctx.db.idempotency.ids_where(|r| r.value.expired(now)) {
        ctx.db.idempotency.remove(&id);
    }
}

fn release_funds(ctx: &mut Ctx<'_>, now: i64) {
    let due = ctx
        .db
        .balance_transactions
        .ids_where(|r| r.value.status == "pending" && r.value.available_on <= now);
    let mut accounts = BTreeSet::new();
    for id in due {
        if let Some(row) = ctx.db.balance_transactions.row(&id) {
            accounts.insert(row.account.clone());
        }
        if let Some(txn) = ctx.db.balance_transactions.get_mut(&id) {
            txn.status = "available".into();
        }
    }
    for account in accounts {
        let balance = ledger::balance(ctx.db, &account);
        ctx.emit(&account, "balance.available", balance, None);
    }
}

/// Pending payouts whose submission time came are `in_transit`; those whose arrival date came
/// are paid or failed, in that order, so a payout walks every status even when one advance of
/// the clock passes both times.
fn arrive_payouts(ctx: &mut Ctx<'_>, now: i64) {
    let submitted = ctx
        .db
        .payouts
        .ids_where(|r| r.value.status == "pending" && payouts::submitted_at(&r.value) <= now);
    for id in submitted {
        if let Err(err) = payouts::submit(ctx, &id) {
            tracing::warn!(payout = %id, error = %err.message, "payout could not be submitted");
        }
    }
    let arrived = ctx
        .db
        .payouts
        .ids_where(|r| r.value.status == "in_transit" && r.value.arrival_date <= now);
    for id in arrived {
        let outcome = match ctx.db.payouts.row(&id) {
            Some(row) => payouts::natural_outcome(ctx.db, &row.value),
            None => continue,
        };
        if let Err(err) = payouts::finish(ctx, &id, outcome) {
            tracing::warn!(payout = %id, error = %err.message, "payout could not arrive");
        }
    }
}
