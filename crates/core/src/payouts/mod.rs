//! Payouts of connected accounts and their payout schedules: the schedule and its next payout
//! date, payouts synced from Stripe (statuses, bank, failure reasons in words), manual payouts
//! and cancelling them, and the balance history the charts draw.

mod events;
mod history;
mod model;
mod remote;
pub mod schedule;
mod service;
mod words;

pub use history::{
    daily_balances, date_text, payouts_per_day, BalancePoint, CurrencySeries, Movement, PayoutDay,
    PayoutMark,
};
pub use model::*;
pub use schedule::{next_payout_date, PayoutInterval, PayoutSchedule, PayoutWeekday};
pub use service::Payouts;
pub use words::{failure_reason, payout_choices, status_words, PayoutChoice, PayoutChoices};
