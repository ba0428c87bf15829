//! A merchant's volume for the fee tiers: its succeeded payments in the current calendar month
//! (UTC), in whole major units of the currency.

use time::{Date, OffsetDateTime, Time};

use super::model::Payment;
use crate::money;
use crate::query::{FilterInput, ListQuery};
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
    let eq = |field: &str, value: String| FilterInput {
        field: field.into(),
        op: "eq".into(),
        value,
    };
    let mut query = ListQuery {
        size: Some("300".into()),
        filters: vec![
            eq("workspaceId", workspace_id.to_string()),
            eq("merchantId", merchant_id.to_string()),
            eq("currency", currency.to_string()),
            eq("status", "succeeded".into()),
            FilterInput {
                field: "created".into(),
                op: "gte".into(),
                value: iso_millis(first),
            },
        ],
        ..ListQuery::default()
    };
    let mut minor: i64 = 0;
    loop {
        let page = payments.list(&query)?;
        minor += page
            .items
            .iter()
            .map(|p| p.amount_received - p.amount_refunded)
            .sum::<i64>();
        match page.next_page_token {
            Some(token) if !page.end_reached => query.page_token = Some(token),
            _ => break,
        }
    }
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
