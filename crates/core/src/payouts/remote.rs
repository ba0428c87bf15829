//! What Stripe says about a payout and an account's schedule, as ConnectDesk keeps it.

use connectdesk_stripe::accounts::{
    Account, ExternalAccount, PayoutInterval as StripeInterval, Weekday,
};
use connectdesk_stripe::payouts::Payout as StripePayout;

use super::model::{Payout, PayoutBank};
use super::schedule::{PayoutInterval, PayoutSchedule, PayoutWeekday};
use super::words::{failure_reason, status_meaning, status_words};
use crate::stripe_access::StripeContext;
use crate::time::{iso_from_unix, now_iso};

/// A new record, or `stored` brought up to date, from Stripe's payout.
pub(super) fn payout_record(
    stored: Option<Payout>,
    workspace_id: u64,
    merchant_id: Option<String>,
    payout: &StripePayout,
    account_id: &str,
    banks: &[ExternalAccount],
    ctx: &StripeContext,
) -> Payout {
    let status = payout.status.as_str().to_string();
    let bank = payout.destination.as_ref().map(|id| {
        let known = banks.iter().find(|bank| &bank.id == id);
        PayoutBank {
            id: id.clone(),
            name: known.and_then(|bank| bank.bank_name.clone().or_else(|| bank.brand.clone())),
            last4: known.and_then(|bank| bank.last4.clone()),
        }
    });
    let base = stored.unwrap_or_else(|| Payout {
        id: 0,
        workspace_id,
        payout_id: payout.id.clone(),
        account_id: account_id.to_string(),
        merchant_id: None,
        amount: 0,
        currency: String::new(),
        status: String::new(),
        status_words: String::new(),
        status_meaning: String::new(),
        method: String::new(),
        automatic: false,
        description: None,
        bank: None,
        arrival_date: String::new(),
        failure_code: None,
        failure_message: None,
        failure_reason: None,
        cancelable: false,
        mode: ctx.mode_code(),
        offline: ctx.offline(),
        created: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    });
    Payout {
        merchant_id: merchant_id.or(base.merchant_id.clone()),
        amount: payout.amount,
        currency: payout.currency.clone(),
        status_words: status_words(&status),
        status_meaning: status_meaning(&status).to_string(),
        cancelable: status == "pending" && !payout.automatic,
        method: payout.method.as_str().to_string(),
        automatic: payout.automatic,
        description: payout.description.clone(),
        // A bank account deleted since keeps what was known of it.
        bank: match (bank, base.bank.clone()) {
            (Some(new), Some(old)) if new.name.is_none() && new.id == old.id => Some(old),
            (new, _) => new,
        },
        arrival_date: iso_from_unix(payout.arrival_date).unwrap_or_else(now_iso),
        failure_code: payout.failure_code.clone(),
        failure_message: payout.failure_message.clone(),
        failure_reason: payout.failure_code.as_deref().map(failure_reason),
        created: iso_from_unix(payout.created).unwrap_or_else(now_iso),
        status,
        ..base
    }
}

/// The bank accounts and cards of an account (empty for accounts the platform does not control).
pub(super) fn banks_of(account: &Account) -> Vec<ExternalAccount> {
    account
        .external_accounts
        .as_ref()
        .map(|list| list.data.clone())
        .unwrap_or_default()
}

/// The account's payout schedule as Stripe has it (Stripe's defaults where it says nothing).
pub(super) fn schedule_of(account: &Account) -> PayoutSchedule {
    let stripe = account
        .settings
        .as_ref()
        .and_then(|settings| settings.payouts.as_ref())
        .and_then(|payouts| payouts.schedule.as_ref());
    let Some(stripe) = stripe else {
        return PayoutSchedule {
            interval: PayoutInterval::Daily,
            delay_days: 2,
            weekly_anchor: None,
            monthly_anchor: None,
        };
    };
    PayoutSchedule {
        interval: PayoutInterval::parse(stripe.interval.as_str()).unwrap_or(PayoutInterval::Daily),
        delay_days: u32::try_from(stripe.delay_days.max(0)).unwrap_or(0),
        weekly_anchor: stripe
            .weekly_anchor
            .as_ref()
            .and_then(|day| PayoutWeekday::parse(day.as_str())),
        monthly_anchor: stripe.monthly_anchor.and_then(|day| u8::try_from(day).ok()),
    }
}

pub(super) fn stripe_interval(interval: PayoutInterval) -> StripeInterval {
    StripeInterval::from(interval.as_str())
}

pub(super) fn stripe_weekday(day: PayoutWeekday) -> Weekday {
    Weekday::from(day.as_str())
}
