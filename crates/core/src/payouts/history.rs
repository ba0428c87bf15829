//! The balance over time and the payouts per day, for the Balances charts: pure functions over
//! what Stripe lists (balance transactions, payouts), so they are tested without Stripe.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use specta::Type;
use time::{Date, Duration, OffsetDateTime};

use super::words::{status_words, STATUSES};

/// One movement of a balance: a balance transaction's net amount and when it was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub currency: String,
    /// Minor units, after fees; negative for money leaving (payouts, refunds, transfers out).
    pub net: i64,
    /// Unix seconds.
    pub created: i64,
}

/// A payout as the chart counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutMark {
    pub currency: String,
    pub amount: i64,
    /// Stripe's status.
    pub status: String,
    /// Unix seconds: the day it arrives (or arrived, or was due to) in the bank.
    pub arrival_date: i64,
}

/// The balance of one currency at the end of each day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CurrencySeries {
    pub currency: String,
    pub points: Vec<BalancePoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BalancePoint {
    /// `yyyy-mm-dd` (UTC).
    pub date: String,
    /// The balance (available and pending together) at the end of the day, minor units.
    pub balance: i64,
    /// What the day's transactions added (net), minor units.
    pub change: i64,
}

/// The payouts of one currency and status arriving on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutDay {
    /// `yyyy-mm-dd` (UTC) of the arrival date.
    pub date: String,
    pub currency: String,
    pub status: String,
    pub status_words: String,
    /// Their sum, minor units.
    pub amount: i64,
    pub count: u32,
}

/// The UTC day of a unix timestamp.
pub fn day_of(unix: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .map(OffsetDateTime::date)
}

/// `yyyy-mm-dd`.
pub fn date_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The balance of each currency at the end of every day from `from` to `to` (inclusive),
/// worked back from the balance now (`current`: available + pending per currency) through the
/// movements since `from`: the balance at the end of a day is today's less everything that moved
/// after that day. Movements must cover every transaction created since `from`; later ones than
/// `to` count as after every day. A currency that appears only in the movements starts at what
/// they leave unexplained (usually zero).
pub fn daily_balances(
    current: &BTreeMap<String, i64>,
    movements: &[Movement],
    from: Date,
    to: Date,
) -> Vec<CurrencySeries> {
    let currencies: BTreeSet<&str> = current
        .keys()
        .map(String::as_str)
        .chain(movements.iter().map(|m| m.currency.as_str()))
        .collect();
    let mut per_day: BTreeMap<(&str, Date), i64> = BTreeMap::new();
    for movement in movements {
        if let Some(day) = day_of(movement.created) {
            *per_day
                .entry((movement.currency.as_str(), day))
                .or_default() += movement.net;
        }
    }
    let days = days_between(from, to);
    currencies
        .into_iter()
        .map(|currency| {
            let after_to: i64 = per_day
                .iter()
                .filter(|((c, day), _)| *c == currency && *day > to)
                .map(|(_, net)| net)
                .sum();
            // Walk back from the end of `to`.
            let mut balance = current.get(currency).copied().unwrap_or(0) - after_to;
            let mut points: Vec<BalancePoint> = days
                .iter()
                .rev()
                .map(|day| {
                    let change = per_day.get(&(currency, *day)).copied().unwrap_or(0);
                    let point = BalancePoint {
                        date: date_text(*day),
                        balance,
                        change,
                    };
                    balance -= change;
                    point
                })
                .collect();
            points.reverse();
            CurrencySeries {
                currency: currency.to_string(),
                points,
            }
        })
        .collect()
}

fn days_between(from: Date, to: Date) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        days.push(day);
        match day.checked_add(Duration::DAY) {
            Some(next) => day = next,
            None => break,
        }
    }
    days
}

/// The payouts summed per arrival day, currency and status; sorted by day, currency and the
/// order a payout moves through its statuses.
pub fn payouts_per_day(payouts: &[PayoutMark]) -> Vec<PayoutDay> {
    let rank = |status: &str| {
        STATUSES
            .iter()
            .position(|(known, _)| *known == status)
            .unwrap_or(STATUSES.len())
    };
    let mut sums: BTreeMap<(Date, &str, usize, &str), (i64, u32)> = BTreeMap::new();
    for payout in payouts {
        let Some(day) = day_of(payout.arrival_date) else {
            continue;
        };
        let key = (
            day,
            payout.currency.as_str(),
            rank(&payout.status),
            payout.status.as_str(),
        );
        let sum = sums.entry(key).or_default();
        sum.0 += payout.amount;
        sum.1 += 1;
    }
    sums.into_iter()
        .map(|((day, currency, _, status), (amount, count))| PayoutDay {
            date: date_text(day),
            currency: currency.to_string(),
            status: status.to_string(),
            status_words: status_words(status),
            amount,
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn at(moment: OffsetDateTime) -> i64 {
        moment.unix_timestamp()
    }

    fn moved(currency: &str, net: i64, created: OffsetDateTime) -> Movement {
        Movement {
            currency: currency.into(),
            net,
            created: at(created),
        }
    }

    #[test]
    fn the_balance_is_worked_back_from_now() {
        // Now: $70.00 and ¥500. Over three days: +$100 on the 1st, −$50 payout and +$20 on the
        // 2nd, ¥500 on the 3rd.
        let current = BTreeMap::from([("usd".to_string(), 7000), ("jpy".to_string(), 500)]);
        let movements = [
            moved("usd", 10000, datetime!(2026-03-01 09:00 UTC)),
            moved("usd", -5000, datetime!(2026-03-02 00:00 UTC)),
            moved("usd", 2000, datetime!(2026-03-02 23:59:59 UTC)),
            moved("jpy", 500, datetime!(2026-03-03 12:00 UTC)),
        ];
        let series = daily_balances(
            &current,
            &movements,
            date!(2026 - 02 - 28),
            date!(2026 - 03 - 03),
        );
        let usd = series.iter().find(|s| s.currency == "usd").expect("usd");
        let points: Vec<(&str, i64, i64)> = usd
            .points
            .iter()
            .map(|p| (p.date.as_str(), p.balance, p.change))
            .collect();
        assert_eq!(
            points,
            [
                ("2026-02-28", 0, 0),
                ("2026-03-01", 10000, 10000),
                ("2026-03-02", 7000, -3000),
                ("2026-03-03", 7000, 0),
            ]
        );
        let jpy = series.iter().find(|s| s.currency == "jpy").expect("jpy");
        let balances: Vec<i64> = jpy.points.iter().map(|p| p.balance).collect();
        assert_eq!(balances, [0, 0, 0, 500]);
    }

    #[test]
    fn movements_after_the_last_day_and_unknown_currencies() {
        let current = BTreeMap::from([("usd".to_string(), 1000)]);
        let movements = [
            moved("usd", 400, datetime!(2026-03-05 10:00 UTC)),
            moved("eur", 250, datetime!(2026-03-01 10:00 UTC)),
        ];
        let series = daily_balances(
            &current,
            &movements,
            date!(2026 - 03 - 01),
            date!(2026 - 03 - 02),
        );
        let usd: Vec<i64> = series[1].points.iter().map(|p| p.balance).collect();
        assert_eq!((series[1].currency.as_str(), usd), ("usd", vec![600, 600]));
        let eur: Vec<i64> = series[0].points.iter().map(|p| p.balance).collect();
        assert_eq!((series[0].currency.as_str(), eur), ("eur", vec![0, 0]));
        assert!(
            daily_balances(&current, &[], date!(2026 - 03 - 02), date!(2026 - 03 - 01))[0]
                .points
                .is_empty()
        );
    }

    #[test]
    fn payouts_are_summed_per_day_currency_and_status() {
        let mark =
            |amount: i64, status: &str, arrival: OffsetDateTime, currency: &str| PayoutMark {
                currency: currency.into(),
                amount,
                status: status.into(),
                arrival_date: at(arrival),
            };
        let days = payouts_per_day(&[
            mark(500, "paid", datetime!(2026-03-02 00:00 UTC), "usd"),
            mark(700, "failed", datetime!(2026-03-02 00:00 UTC), "usd"),
            mark(300, "paid", datetime!(2026-03-02 00:00 UTC), "usd"),
            mark(900, "pending", datetime!(2026-03-04 00:00 UTC), "usd"),
            mark(100, "paid", datetime!(2026-03-01 00:00 UTC), "jpy"),
            mark(50, "in_transit", datetime!(2026-03-02 00:00 UTC), "usd"),
        ]);
        let rows: Vec<(&str, &str, &str, i64, u32)> = days
            .iter()
            .map(|d| {
                (
                    d.date.as_str(),
                    d.currency.as_str(),
                    d.status.as_str(),
                    d.amount,
                    d.count,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-03-01", "jpy", "paid", 100, 1),
                ("2026-03-02", "usd", "in_transit", 50, 1),
                ("2026-03-02", "usd", "paid", 800, 2),
                ("2026-03-02", "usd", "failed", 700, 1),
                ("2026-03-04", "usd", "pending", 900, 1),
            ]
        );
        assert_eq!(days[1].status_words, "In transit");
    }
}
