//! A merchant's volume for the fee tiers: its succeeded payments in the current calendar month
//! (UTC), in whole major units of the currency.

use std::ops::ControlFlow;

use time::{Date, OffsetDateTime, Time};

use super::model::Payment;
use crate::money;
use crate::query::{for_each_page, FilterInput, ListQuery};
use crate::store::Collection;
use crate::time::iso_millis;
use crate::Result;

pub(super) fn month_volume(
    payments: &Collection<Payment>,
    workspace_id: u64,
    merchant_id: &str,
    currency: &str,
    now: OffsetDateTime,
) -> Result<i64> {
    let utc = now.to_offset(time::UtcOffset::UTC);
    let first = Date::from_calendar_date(utc.year(), utc.month(), 1)
        .map(|day| day.with_time(Time::MIDNIGHT).assume_utc())
        .unwrap_or(utc);
    let query = ListQuery {
        filters: vec![
            FilterInput::eq("workspaceId", workspace_id.to_string()),
            FilterInput::eq("merchantId", merchant_id.to_string()),
            FilterInput::eq("currency", currency.to_string()),
            FilterInput::eq("status", "succeeded"),
            FilterInput {
                field: "created".into(),
                op: "gte".into(),
                value: iso_millis(first),
            },
        ],
        ..ListQuery::default()
    };
    let mut minor: i64 = 0;
    for_each_page(
        &query,
        |page| payments.list(page),
        |items| {
            minor += items
                .iter()
                .map(|p| p.amount_received - p.amount_refunded)
                .sum::<i64>();
            ControlFlow::Continue(())
        },
    )?;
    Ok(minor / 10_i64.pow(money::exponent(currency)))
}

/// The fee preview finds each merchant's volume in the payments recorded here.
impl crate::fees::VolumeSource for super::Payments {
    fn month_volume(&self, workspace_id: u64, merchant_id: &str, currency: &str) -> Result<i64> {
        month_volume(
            &self.payments,
            workspace_id,
            merchant_id,
            currency,
            OffsetDateTime::now_utc(),
        )
    }
}
