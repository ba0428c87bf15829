//! Payout schedules (`settings.payouts.schedule` of a connected account): what Stripe's fields
//! mean, the next payout date, the schedule in words, and the editor's rules.

use serde::{Deserialize, Serialize};
use specta::Type;
use time::{Date, Duration, Month};

use super::model::UpdatePayoutSchedule;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// How often Stripe pays the available balance out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum PayoutInterval {
    /// Payouts only when someone creates one (through the API or ConnectDesk).
    Manual,
    Daily,
    Weekly,
    Monthly,
}

impl PayoutInterval {
    pub const ALL: [PayoutInterval; 4] = [Self::Manual, Self::Daily, Self::Weekly, Self::Monthly];

    /// Stripe's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|interval| interval.as_str() == text)
    }
}

/// A day of the week, as Stripe names it in `weekly_anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum PayoutWeekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl PayoutWeekday {
    pub const ALL: [PayoutWeekday; 7] = [
        Self::Monday,
        Self::Tuesday,
        Self::Wednesday,
        Self::Thursday,
        Self::Friday,
        Self::Saturday,
        Self::Sunday,
    ];

    /// Stripe's name (`monday` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Monday => "monday",
            Self::Tuesday => "tuesday",
            Self::Wednesday => "wednesday",
            Self::Thursday => "thursday",
            Self::Friday => "friday",
            Self::Saturday => "saturday",
            Self::Sunday => "sunday",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|day| day.as_str() == text)
    }

    fn days_from_monday(self) -> i64 {
        match self {
            Self::Monday => 0,
            Self::Tuesday => 1,
            Self::Wednesday => 2,
            Self::Thursday => 3,
            Self::Friday => 4,
            Self::Saturday => 5,
            Self::Sunday => 6,
        }
    }

    /// "Friday".
    pub fn name(self) -> &'static str {
        match self {
            Self::Monday => "Monday",
            Self::Tuesday => "Tuesday",
            Self::Wednesday => "Wednesday",
            Self::Thursday => "Thursday",
            Self::Friday => "Friday",
            Self::Saturday => "Saturday",
            Self::Sunday => "Sunday",
        }
    }
}

/// A payout schedule as Stripe keeps it. The anchors are set only for their interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutSchedule {
    pub interval: PayoutInterval,
    /// Days a payment's funds are held before they can be paid out.
    pub delay_days: u32,
    /// With `weekly`: the day of the week payouts are sent.
    pub weekly_anchor: Option<PayoutWeekday>,
    /// With `monthly`: the day of the month (1–31) payouts are sent.
    pub monthly_anchor: Option<u8>,
}

/// The date of the next payout that holds the funds of a payment made `today`, or `None` for a
/// manual schedule.
///
/// Stripe's documented meaning of `settings.payouts.schedule` (API reference, Accounts):
/// - `delay_days`: "The number of days charge funds are held before being paid out", so a
///   payment made today can be paid out from `today + delay_days` on (calendar days).
/// - `interval`: "How frequently funds will be paid out. One of `manual` (payouts only created
///   via API call), `daily`, `weekly`, or `monthly`." A daily payout is sent every day, so the
///   next one is on `today + delay_days`.
/// - `weekly_anchor`: "The day of the week funds will be paid out": the first such weekday on
///   or after `today + delay_days`.
/// - `monthly_anchor`: "The day of the month funds will be paid out … Payouts scheduled between
///   the 29th and 31st of the month are sent on the last day of shorter months": the first such
///   day on or after `today + delay_days` (anchor 31 is 28 or 29 February, 30 April …).
///
/// A missing anchor counts as Stripe's default (Monday, the 1st). Dates are the account's
/// calendar days; ConnectDesk passes the UTC date (Stripe processes payouts by UTC outside
/// Asia-Pacific).
pub fn next_payout_date(schedule: &PayoutSchedule, today: Date) -> Option<Date> {
    let earliest = today.checked_add(Duration::days(i64::from(schedule.delay_days)))?;
    match schedule.interval {
        PayoutInterval::Manual => None,
        PayoutInterval::Daily => Some(earliest),
        PayoutInterval::Weekly => {
            let anchor = schedule.weekly_anchor.unwrap_or(PayoutWeekday::Monday);
            let ahead = (anchor.days_from_monday()
                - i64::from(earliest.weekday().number_days_from_monday()))
            .rem_euclid(7);
            earliest.checked_add(Duration::days(ahead))
        }
        PayoutInterval::Monthly => {
            let anchor = schedule.monthly_anchor.unwrap_or(1).clamp(1, 31);
            let this_month = payday_in(earliest.year(), earliest.month(), anchor)?;
            if this_month >= earliest {
                return Some(this_month);
            }
            let (year, month) = match earliest.month() {
                Month::December => (earliest.year() + 1, Month::January),
                month => (earliest.year(), month.next()),
            };
            payday_in(year, month, anchor)
        }
    }
}

/// The anchor day in that month, or its last day when the month is shorter.
fn payday_in(year: i32, month: Month, anchor: u8) -> Option<Date> {
    let last = month.length(year);
    Date::from_calendar_date(year, month, anchor.min(last)).ok()
}

/// The schedule in a sentence: "Every Friday; a payment's funds are held 2 days."
pub fn describe(schedule: &PayoutSchedule) -> String {
    let held = match schedule.delay_days {
        1 => "a payment's funds are held 1 day".to_string(),
        days => format!("a payment's funds are held {days} days"),
    };
    match schedule.interval {
        PayoutInterval::Manual => {
            "Manual: no automatic payouts; money leaves only in payouts someone creates.".into()
        }
        PayoutInterval::Daily => format!("Every day; {held}."),
        PayoutInterval::Weekly => format!(
            "Every {}; {held}.",
            schedule
                .weekly_anchor
                .unwrap_or(PayoutWeekday::Monday)
                .name()
        ),
        PayoutInterval::Monthly => {
            let anchor = schedule.monthly_anchor.unwrap_or(1);
            let shorter = if anchor > 28 {
                " (the last day in shorter months)"
            } else {
                ""
            };
            format!(
                "Every month on the {}{shorter}; {held}.",
                ordinal(u32::from(anchor))
            )
        }
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The shortest payout delay Stripe allows for accounts of `country`, where ConnectDesk knows
/// it (Stripe's standard payout timing: 2 days in the US). Elsewhere Stripe judges, and its
/// answer is shown.
pub fn minimum_delay_days(country: &str) -> Option<u32> {
    match country.to_ascii_uppercase().as_str() {
        "US" => Some(2),
        _ => None,
    }
}

/// A checked schedule change; `delay_days: None` asks Stripe for the country's minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ValidSchedule {
    pub interval: PayoutInterval,
    pub delay_days: Option<u32>,
    pub weekly_anchor: Option<PayoutWeekday>,
    pub monthly_anchor: Option<u8>,
}

/// The editor's rules, every problem at once: the interval, its anchor, and a delay that is a
/// whole number of days not below the country's minimum (where known).
pub(super) fn validate(input: &UpdatePayoutSchedule, country: &str) -> Result<ValidSchedule> {
    let mut checks = FieldChecks::default();
    let interval = checks.check(interval(&input.interval).map(Some));
    let weekly_anchor = match interval {
        Some(PayoutInterval::Weekly) => {
            checks.check(weekly_anchor(input.weekly_anchor.as_deref()).map(Some))
        }
        _ => None,
    };
    let monthly_anchor = match interval {
        Some(PayoutInterval::Monthly) => {
            checks.check(monthly_anchor(input.monthly_anchor.as_deref()).map(Some))
        }
        _ => None,
    };
    let delay_days = checks.check(delay_days(input.delay_days.as_deref(), country));
    checks.finish()?;
    Ok(ValidSchedule {
        interval: interval.ok_or_else(|| CoreError::internal("The schedule was not checked."))?,
        delay_days,
        weekly_anchor,
        monthly_anchor,
    })
}

fn interval(raw: &str) -> Result<PayoutInterval> {
    PayoutInterval::parse(raw.trim()).ok_or_else(|| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "interval",
            "Choose how often payouts are sent: manual, daily, weekly or monthly.",
        )
    })
}

fn weekly_anchor(raw: Option<&str>) -> Result<PayoutWeekday> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Err(CoreError::on_field(
            ErrorCode::Required,
            "weeklyAnchor",
            "Choose the day of the week payouts are sent.",
        )),
        Some(text) => PayoutWeekday::parse(&text.to_ascii_lowercase()).ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::InvalidValue,
                "weeklyAnchor",
                "The day of the week is monday, tuesday, … or sunday.",
            )
        }),
    }
}

fn monthly_anchor(raw: Option<&str>) -> Result<u8> {
    let text = raw.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "monthlyAnchor",
            "Enter the day of the month payouts are sent (1 to 31).",
        ));
    }
    let not_a_day = || {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "monthlyAnchor",
            "The day of the month is a whole number from 1 to 31 (29 to 31 mean the last day in shorter months).",
        )
    };
    let day: u8 = text.parse().map_err(|_| not_a_day())?;
    if (1..=31).contains(&day) {
        Ok(day)
    } else {
        Err(not_a_day())
    }
}

fn delay_days(raw: Option<&str>, country: &str) -> Result<Option<u32>> {
    let text = raw.map(str::trim).unwrap_or("");
    if text.is_empty() || text.eq_ignore_ascii_case("minimum") {
        return Ok(None);
    }
    let days: u32 = text.parse().map_err(|_| {
        CoreError::on_field(
            ErrorCode::InvalidCharacters,
            "delayDays",
            "The delay is a whole number of days (or empty for the shortest Stripe allows).",
        )
    })?;
    if let Some(minimum) = minimum_delay_days(country) {
        if days < minimum {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "delayDays",
                format!(
                    "Stripe holds the funds of accounts in {} at least {minimum} days; enter {minimum} or more.",
                    country.to_ascii_uppercase()
                ),
            ));
        }
    }
    if days == 0 {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "delayDays",
            "The delay is at least 1 day.",
        ));
    }
    Ok(Some(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(
        interval: PayoutInterval,
        delay_days: u32,
        weekly: Option<PayoutWeekday>,
        monthly: Option<u8>,
    ) -> PayoutSchedule {
        PayoutSchedule {
            interval,
            delay_days,
            weekly_anchor: weekly,
            monthly_anchor: monthly,
        }
    }

    #[test]
    fn schedules_in_words() {
        use PayoutInterval::*;
        assert_eq!(
            describe(&schedule(Weekly, 2, Some(PayoutWeekday::Friday), None)),
            "Every Friday; a payment's funds are held 2 days."
        );
        assert_eq!(
            describe(&schedule(Monthly, 7, None, Some(31))),
            "Every month on the 31st (the last day in shorter months); a payment's funds are held 7 days."
        );
        assert_eq!(
            describe(&schedule(Daily, 1, None, None)),
            "Every day; a payment's funds are held 1 day."
        );
        assert!(describe(&schedule(Manual, 2, None, None)).starts_with("Manual"));
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
    }

    fn form(interval: &str, weekly: &str, monthly: &str, delay: &str) -> UpdatePayoutSchedule {
        let some = |text: &str| (!text.is_empty()).then(|| text.to_string());
        UpdatePayoutSchedule {
            workspace_id: 1,
            account_id: "acct_1".into(),
            interval: interval.into(),
            weekly_anchor: some(weekly),
            monthly_anchor: some(monthly),
            delay_days: some(delay),
        }
    }

    #[test]
    fn the_form_is_checked_whole() {
        let valid = validate(&form("weekly", "friday", "", "2"), "US").expect("valid");
        assert_eq!(
            valid,
            ValidSchedule {
                interval: PayoutInterval::Weekly,
                delay_days: Some(2),
                weekly_anchor: Some(PayoutWeekday::Friday),
                monthly_anchor: None,
            }
        );
        // An empty delay asks for the country's minimum; anchors of other intervals are ignored.
        let minimum = validate(&form("daily", "friday", "40", ""), "US").expect("valid");
        assert_eq!(
            (
                minimum.delay_days,
                minimum.weekly_anchor,
                minimum.monthly_anchor
            ),
            (None, None, None)
        );
        let err = validate(&form("monthly", "", "32", "1"), "US").expect_err("two problems");
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["monthlyAnchor", "delayDays"]);
        assert!(err.field_errors[1].message.contains("at least 2 days"));
        let err = validate(&form("weekly", "", "", "two"), "DE").expect_err("two problems");
        let codes: Vec<ErrorCode> = err.field_errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [ErrorCode::Required, ErrorCode::InvalidCharacters]);
        assert_eq!(
            validate(&form("hourly", "", "", ""), "US")
                .expect_err("unknown interval")
                .field
                .as_deref(),
            Some("interval")
        );
        // Where ConnectDesk does not know the minimum, Stripe judges the delay.
        assert_eq!(
            validate(&form("daily", "", "", "1"), "DE")
                .expect("left to Stripe")
                .delay_days,
            Some(1)
        );
        assert!(validate(&form("daily", "", "", "0"), "DE").is_err());
    }
}
