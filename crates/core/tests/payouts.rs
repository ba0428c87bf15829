//! Payouts and payout schedules against the real simulator over HTTP and a real sled store:
//! a manual payout walks pending → in transit → paid as the simulated clock advances, a
//! failing test bank account gives a failed payout with its reason, a second payout while one
//! is pending is refused (`payoutInProgress`) with nothing sent, schedules change through the
//! operations journal (weekly on Friday and its next payout date), and the balance history
//! adds up to the balance Stripe reports. Also the next-payout-date function over real
//! calendars.

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use connectdesk_core::journal::Journal;
use connectdesk_core::payouts::{
    next_payout_date, AccountRef, BalanceHistoryQuery, CreatePayout, Payout, PayoutInterval,
    PayoutSchedule, PayoutWeekday, Payouts, SyncPayouts, UpdatePayoutSchedule,
};
use connectdesk_core::progress::Progress;
use connectdesk_core::query::ListQuery;
use connectdesk_core::ErrorCode;
use connectdesk_stripe::balance;
use serde_json::Value;
use support::{assert_code, Harness};
use time::macros::date;
use time::{Date, OffsetDateTime};

struct World {
    h: Harness,
    payouts: Payouts,
    journal: Journal,
}

/// A Custom account that finished onboarding with `account_number` as its bank account, and
/// `funds` (cents) transferred to it from the platform, available at once.
async fn onboarded(h: &Harness, merchant: &str, account_number: &str, funds: i64) -> String {
    let link = h
        .onboarding
        .create(&h.ctx, h.input_of(merchant, "custom"))
        .await
        .expect("onboarding create");
    let entry = h.onboarding.get(&link.entry_id.to_string()).expect("entry");
    h.complete_at_stripe_with_bank(&entry.account_id, account_number)
        .await;
    let finished = h
        .onboarding
        .finish(&h.ctx, link.entry_id)
        .await
        .expect("finish");
    assert!(finished.payouts_enabled, "{finished:?}");
    // Platform funds available at once (twice as much: Stripe keeps its fee), then moved to
    // the account.
    h.sim_post(
        "/v1/payment_intents",
        &[
            ("amount", &(2 * funds).to_string()),
            ("currency", "usd"),
            ("confirm", "true"),
            ("payment_method", "pm_card_bypassPending"),
        ],
    )
    .await;
    h.sim_post(
        "/v1/transfers",
        &[
            ("amount", &funds.to_string()),
            ("currency", "usd"),
            ("destination", &entry.account_id),
        ],
    )
    .await;
    entry.account_id
}

async fn world() -> World {
    let h = Harness::start().await;
    let journal = Journal::open(&h.store).expect("journal");
    let payouts = Payouts::new(&h.store, journal.clone()).expect("payouts");
    World {
        h,
        payouts,
        journal,
    }
}

impl World {
    fn today(&self) -> Date {
        OffsetDateTime::from_unix_timestamp(self.h.sim.clock().now())
            .expect("the clock")
            .date()
    }

    fn account(&self, account_id: &str) -> AccountRef {
        AccountRef {
            workspace_id: self.h.workspace_id,
            account_id: account_id.into(),
        }
    }

    fn schedule_form(&self, account_id: &str, interval: &str) -> UpdatePayoutSchedule {
        UpdatePayoutSchedule {
            workspace_id: self.h.workspace_id,
            account_id: account_id.into(),
            interval: interval.into(),
            ..UpdatePayoutSchedule::default()
        }
    }

    async fn manual(&self, account_id: &str) {
        let view = self
            .payouts
            .update_schedule(
                &self.h.ctx,
                self.schedule_form(account_id, "manual"),
                self.today(),
            )
            .await
            .expect("manual schedule");
        assert!(view.manual && view.next_payout_date.is_none(), "{view:?}");
    }

    fn payout_form(&self, account_id: &str, amount: Option<&str>) -> CreatePayout {
        CreatePayout {
            workspace_id: self.h.workspace_id,
            account_id: account_id.into(),
            amount: amount.map(str::to_string),
            currency: "usd".into(),
            description: Some("Weekly tip payout".into()),
        }
    }

    async fn sync(&self, account_id: &str) -> Payout {
        self.payouts
            .sync(
                &self.h.ctx,
                &SyncPayouts {
                    workspace_id: self.h.workspace_id,
                    account_id: Some(account_id.into()),
                },
                &Progress::silent("payouts"),
            )
            .await
            .expect("sync");
        let page = self.payouts.list(&ListQuery::default()).expect("list");
        page.items
            .into_iter()
            .filter(|payout| payout.account_id == account_id)
            .max_by_key(|payout| payout.id)
            .expect("a payout of the account")
    }

    /// Moves the simulator's clock to `unix` (never back).
    fn advance_to(&self, unix: i64) {
        let now = self.h.sim.clock().now();
        if unix > now {
            self.h.sim.clock().advance(unix - now);
        }
    }

    fn operations(&self) -> u64 {
        self.journal
            .list(&ListQuery::default())
            .expect("journal")
            .total_count
    }

    async fn sim_payouts(&self, account_id: &str) -> Vec<Value> {
        let on = self.h.ctx.client.on_account(account_id).expect("handle");
        let list = on
            .list_payouts(&Default::default())
            .await
            .expect("list payouts");
        list.data
            .into_iter()
            .map(|p| serde_json::json!({ "id": p.id, "status": p.status.as_str() }))
            .collect()
    }

    async fn available(&self, account_id: &str) -> i64 {
        let balance: balance::Balance = self
            .h
            .ctx
            .client
            .retrieve_account_balance(account_id)
            .await
            .expect("balance");
        balance
            .available
            .iter()
            .filter(|line| line.currency == "usd")
            .map(|line| line.amount)
            .sum()
    }
}

fn unix(iso: &str) -> i64 {
    connectdesk_core::time::parse_iso(iso)
        .expect("an ISO timestamp")
        .unix_timestamp()
}

#[tokio::test]
async fn a_manual_payout_walks_pending_in_transit_paid_as_the_clock_advances() {
    let w = world().await;
    let account = onboarded(&w.h, "merchant_grill", "000123456789", 10_000).await;
    // On Stripe's default (daily) schedule ConnectDesk does not make payouts by hand.
    let sent = w.operations();
    assert_code(
        w.payouts
            .create(&w.h.ctx, w.payout_form(&account, Some("20.00")))
            .await,
        ErrorCode::InvalidValue,
        Some("accountId"),
    );
    assert_eq!(w.operations(), sent, "nothing was sent");
    w.manual(&account).await;

    let payout = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, Some("20.00")))
        .await
        .expect("payout");
    assert_eq!(
        (
            payout.amount,
            payout.status.as_str(),
            payout.status_words.as_str()
        ),
        (2000, "pending", "Pending")
    );
    assert!(payout.cancelable && !payout.automatic);
    let bank = payout.bank.clone().expect("bank");
    assert_eq!(
        (bank.name.as_deref(), bank.last4.as_deref()),
        (Some("STRIPE TEST BANK"), Some("6789"))
    );
    assert_eq!(w.available(&account).await, 8_000);

    // A second payout while the first is pending: refused before anything is sent.
    let sent = w.operations();
    let err = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, Some("5.00")))
        .await
        .expect_err("payout in progress");
    assert_eq!(err.code, ErrorCode::PayoutInProgress, "{err:?}");
    assert!(err.message.contains(&payout.payout_id), "{}", err.message);
    assert_eq!(w.operations(), sent, "nothing was sent");
    assert_eq!(w.sim_payouts(&account).await.len(), 1);

    let arrival = unix(&payout.arrival_date);
    // Submitted to the bank the next business day: in transit until it arrives.
    w.advance_to(arrival - 3_600);
    let on_the_way = w.sync(&account).await;
    assert_eq!(
        (
            on_the_way.id,
            on_the_way.status.as_str(),
            on_the_way.status_words.as_str()
        ),
        (payout.id, "in_transit", "In transit")
    );
    assert!(!on_the_way.cancelable);
    w.advance_to(arrival + 60);
    let paid = w.sync(&account).await;
    assert_eq!((paid.id, paid.status.as_str()), (payout.id, "paid"));
    assert_eq!(paid.bank, payout.bank, "the bank is kept");
    assert_eq!(w.available(&account).await, 8_000);

    // With nothing pending another payout goes; more than available is refused first.
    assert_code(
        w.payouts
            .create(&w.h.ctx, w.payout_form(&account, Some("80.01")))
            .await,
        ErrorCode::InsufficientBalance,
        Some("amount"),
    );
    let all = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, None))
        .await
        .expect("all of the balance");
    assert_eq!(all.amount, 8_000);
}

#[tokio::test]
async fn a_failing_test_bank_account_gives_a_failed_payout_with_its_reason() {
    let w = world().await;
    // Stripe's test number: "Payout fails with a no_account code."
    let account = onboarded(&w.h, "merchant_closed", "000111111116", 5_000).await;
    w.manual(&account).await;
    let payout = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, Some("50.00")))
        .await
        .expect("payout");
    assert_eq!(w.available(&account).await, 0);
    w.advance_to(unix(&payout.arrival_date) + 60);
    let failed = w.sync(&account).await;
    assert_eq!(
        (
            failed.status.as_str(),
            failed.status_words.as_str(),
            failed.failure_code.as_deref()
        ),
        ("failed", "Failed", Some("no_account"))
    );
    let reason = failed.failure_reason.expect("a reason in words");
    assert!(reason.starts_with("No bank account exists"), "{reason}");
    assert!(failed
        .failure_message
        .is_some_and(|m| m.contains("No bank account could be located")));
    // The money went back to the balance.
    assert_eq!(w.available(&account).await, 5_000);
}

#[tokio::test]
async fn a_pending_payout_is_canceled_and_the_money_returns() {
    let w = world().await;
    let account = onboarded(&w.h, "merchant_grill", "000123456789", 3_000).await;
    w.manual(&account).await;
    let payout = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, Some("10.00")))
        .await
        .expect("payout");
    let canceled = w.payouts.cancel(&w.h.ctx, payout.id).await.expect("cancel");
    assert_eq!(
        (canceled.status.as_str(), canceled.cancelable),
        ("canceled", false)
    );
    assert_eq!(w.available(&account).await, 3_000);
    let err = w
        .payouts
        .cancel(&w.h.ctx, payout.id)
        .await
        .expect_err("only pending");
    assert_eq!(err.code, ErrorCode::InvalidValue, "{err:?}");
    assert!(err.message.contains("canceled"), "{}", err.message);
}

#[tokio::test]
async fn the_schedule_becomes_weekly_on_friday_with_its_next_payout_date() {
    let w = world().await;
    let account = onboarded(&w.h, "merchant_grill", "000123456789", 1_000).await;
    let today = w.today();
    let before = w
        .payouts
        .schedule(&w.h.ctx, &w.account(&account), today)
        .await
        .expect("schedule");
    assert_eq!(
        (
            before.schedule.interval,
            before.schedule.delay_days,
            before.minimum_delay_days
        ),
        (PayoutInterval::Daily, 2, Some(2))
    );
    assert_eq!(before.country.as_deref(), Some("US"));

    let weekly = UpdatePayoutSchedule {
        weekly_anchor: Some("friday".into()),
        delay_days: Some("2".into()),
        ..w.schedule_form(&account, "weekly")
    };
    let view = w
        .payouts
        .update_schedule(&w.h.ctx, weekly, today)
        .await
        .expect("weekly");
    let expected = PayoutSchedule {
        interval: PayoutInterval::Weekly,
        delay_days: 2,
        weekly_anchor: Some(PayoutWeekday::Friday),
        monthly_anchor: None,
    };
    assert_eq!(view.schedule, expected);
    let next = next_payout_date(&expected, today).expect("a date");
    assert_eq!(next.weekday(), time::Weekday::Friday);
    assert!(next >= today + time::Duration::days(2) && next < today + time::Duration::days(9));
    assert_eq!(
        view.next_payout_date.as_deref(),
        Some(connectdesk_core::payouts::date_text(next).as_str())
    );
    assert_eq!(
        view.summary,
        "Every Friday; a payment's funds are held 2 days."
    );
    // Stripe has it, read back fresh.
    let again = w
        .payouts
        .schedule(&w.h.ctx, &w.account(&account), today)
        .await
        .expect("schedule");
    assert_eq!(again.schedule, expected);

    // Every problem of the form at once, nothing sent.
    let sent = w.operations();
    let err = w
        .payouts
        .update_schedule(
            &w.h.ctx,
            UpdatePayoutSchedule {
                monthly_anchor: Some("32".into()),
                delay_days: Some("1".into()),
                ..w.schedule_form(&account, "monthly")
            },
            today,
        )
        .await
        .expect_err("refused");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["monthlyAnchor", "delayDays"]);
    assert_eq!(w.operations(), sent);

    // What only Stripe knows (the longest delay) comes back next to its field.
    let err = w
        .payouts
        .update_schedule(
            &w.h.ctx,
            UpdatePayoutSchedule {
                delay_days: Some("40".into()),
                ..w.schedule_form(&account, "daily")
            },
            today,
        )
        .await
        .expect_err("Stripe refuses");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::StripeError, Some("delayDays")),
        "{err:?}"
    );
    assert!(err.message.contains("delay_days"), "{}", err.message);
    assert_eq!(
        w.payouts
            .schedule(&w.h.ctx, &w.account(&account), today)
            .await
            .expect("schedule")
            .schedule,
        expected,
        "unchanged"
    );
}

#[tokio::test]
async fn the_balance_history_adds_up_to_the_balance_and_counts_payouts_per_day() {
    let w = world().await;
    let account = onboarded(&w.h, "merchant_grill", "000123456789", 6_000).await;
    w.manual(&account).await;
    let payout = w
        .payouts
        .create(&w.h.ctx, w.payout_form(&account, Some("15.00")))
        .await
        .expect("payout");
    w.advance_to(unix(&payout.arrival_date) + 60);
    let history = w
        .payouts
        .balance_history(
            &w.h.ctx,
            &BalanceHistoryQuery {
                workspace_id: w.h.workspace_id,
                account_id: Some(account.clone()),
                days: Some(10),
            },
            w.today(),
        )
        .await
        .expect("history");
    assert!(history.complete);
    let usd = history
        .balances
        .iter()
        .find(|series| series.currency == "usd")
        .expect("usd");
    assert_eq!(usd.points.len(), 10);
    let last = usd.points.last().expect("a point");
    assert_eq!(last.balance, 4_500, "today's balance is Stripe's");
    assert_eq!(usd.points.first().map(|p| p.balance), Some(0));
    let moved: i64 = usd.points.iter().map(|p| p.change).sum();
    assert_eq!(moved, 4_500, "+60.00 transferred, −15.00 paid out");
    let paid: Vec<(&str, i64, u32)> = history
        .payouts
        .iter()
        .map(|day| (day.status.as_str(), day.amount, day.count))
        .collect();
    assert_eq!(paid, [("paid", 1_500, 1)]);
    assert_eq!(
        history.payouts[0].date,
        payout.arrival_date.get(..10).unwrap_or_default()
    );

    // The platform's history: what it took in and moved out.
    let platform = w
        .payouts
        .balance_history(
            &w.h.ctx,
            &BalanceHistoryQuery {
                workspace_id: w.h.workspace_id,
                account_id: None,
                days: None,
            },
            w.today(),
        )
        .await
        .expect("platform history");
    assert_eq!(platform.balances[0].points.len(), 30);
    assert_code(
        w.payouts
            .balance_history(
                &w.h.ctx,
                &BalanceHistoryQuery {
                    days: Some(400),
                    ..BalanceHistoryQuery::default()
                },
                w.today(),
            )
            .await,
        ErrorCode::InvalidValue,
        Some("days"),
    );
}

/// The next payout date over real calendars: month ends, `monthly_anchor` 31 in February,
/// weekly anchors and delay days (2026-01-24 is a Saturday).
#[test]
fn next_payout_dates_over_real_calendars() {
    use PayoutInterval::*;
    use PayoutWeekday::*;
    let at = |interval, delay_days, weekly_anchor, monthly_anchor| PayoutSchedule {
        interval,
        delay_days,
        weekly_anchor,
        monthly_anchor,
    };
    let cases: &[(PayoutSchedule, Date, Option<Date>)] = &[
        // Manual: nothing is paid out on its own.
        (at(Manual, 2, None, None), date!(2026 - 01 - 24), None),
        // The seed's example: daily with 2 days' delay.
        (
            at(Daily, 2, None, None),
            date!(2026 - 01 - 24),
            Some(date!(2026 - 01 - 26)),
        ),
        // Delay days over a month end, a year end and a leap day.
        (
            at(Daily, 7, None, None),
            date!(2026 - 01 - 28),
            Some(date!(2026 - 02 - 04)),
        ),
        (
            at(Daily, 2, None, None),
            date!(2025 - 12 - 31),
            Some(date!(2026 - 01 - 02)),
        ),
        (
            at(Daily, 1, None, None),
            date!(2028 - 02 - 28),
            Some(date!(2028 - 02 - 29)),
        ),
        // Weekly on Friday: the Friday on or after the delay.
        (
            at(Weekly, 2, Some(Friday), None),
            date!(2026 - 01 - 24),
            Some(date!(2026 - 01 - 30)),
        ),
        (
            at(Weekly, 2, Some(Friday), None),
            date!(2026 - 01 - 28),
            Some(date!(2026 - 01 - 30)),
        ),
        (
            at(Weekly, 2, Some(Friday), None),
            date!(2026 - 01 - 29),
            Some(date!(2026 - 02 - 06)),
        ),
        (
            at(Weekly, 0, Some(Friday), None),
            date!(2026 - 01 - 30),
            Some(date!(2026 - 01 - 30)),
        ),
        (
            at(Weekly, 2, Some(Monday), None),
            date!(2026 - 01 - 24),
            Some(date!(2026 - 01 - 26)),
        ),
        (
            at(Weekly, 2, Some(Sunday), None),
            date!(2026 - 01 - 24),
            Some(date!(2026 - 02 - 01)),
        ),
        (
            at(Weekly, 14, Some(Wednesday), None),
            date!(2026 - 12 - 24),
            Some(date!(2027 - 01 - 13)),
        ),
        // A missing weekly anchor is Stripe's default, Monday.
        (
            at(Weekly, 2, None, None),
            date!(2026 - 01 - 24),
            Some(date!(2026 - 01 - 26)),
        ),
        // Monthly: this month's anchor if the delay has passed by then, else next month's.
        (
            at(Monthly, 2, None, Some(15)),
            date!(2026 - 01 - 10),
            Some(date!(2026 - 01 - 15)),
        ),
        (
            at(Monthly, 2, None, Some(15)),
            date!(2026 - 01 - 13),
            Some(date!(2026 - 01 - 15)),
        ),
        (
            at(Monthly, 2, None, Some(15)),
            date!(2026 - 01 - 14),
            Some(date!(2026 - 02 - 15)),
        ),
        // Anchor 31 in February: its last day, 28 or (leap year) 29; April has 30.
        (
            at(Monthly, 2, None, Some(31)),
            date!(2026 - 02 - 01),
            Some(date!(2026 - 02 - 28)),
        ),
        (
            at(Monthly, 2, None, Some(31)),
            date!(2028 - 02 - 01),
            Some(date!(2028 - 02 - 29)),
        ),
        (
            at(Monthly, 2, None, Some(31)),
            date!(2026 - 01 - 30),
            Some(date!(2026 - 02 - 28)),
        ),
        (
            at(Monthly, 2, None, Some(31)),
            date!(2026 - 04 - 10),
            Some(date!(2026 - 04 - 30)),
        ),
        (
            at(Monthly, 0, None, Some(31)),
            date!(2026 - 01 - 31),
            Some(date!(2026 - 01 - 31)),
        ),
        (
            at(Monthly, 2, None, Some(30)),
            date!(2026 - 02 - 27),
            Some(date!(2026 - 03 - 30)),
        ),
        (
            at(Monthly, 2, None, Some(29)),
            date!(2026 - 02 - 27),
            Some(date!(2026 - 03 - 29)),
        ),
        // Over the year end, and a delay longer than a month.
        (
            at(Monthly, 2, None, Some(1)),
            date!(2026 - 12 - 15),
            Some(date!(2027 - 01 - 01)),
        ),
        (
            at(Monthly, 40, None, Some(5)),
            date!(2026 - 01 - 01),
            Some(date!(2026 - 03 - 05)),
        ),
        // A missing monthly anchor is Stripe's default, the 1st.
        (
            at(Monthly, 2, None, None),
            date!(2026 - 01 - 10),
            Some(date!(2026 - 02 - 01)),
        ),
    ];
    for (schedule, today, expected) in cases {
        assert_eq!(
            next_payout_date(schedule, *today),
            *expected,
            "{schedule:?} from {today}"
        );
    }
}
