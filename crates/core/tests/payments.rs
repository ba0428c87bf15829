//! Payments against the real simulator over HTTP, through the operations journal: create with the
//! fee from the rules, confirm with a test card, capture (full and partial), refund with and
//! without the application fee and the transfer; the balances of the platform and the account
//! move by exactly what Stripe's rules say (read back from the simulator).

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::sync::Arc;

use connectdesk_core::journal::Journal;
use connectdesk_core::payments::{
    CapturePayment, CreatePayment, FeeOverride, FeeSource, Payment, Payments, Priced,
    RefundPayment, TestCard,
};
use connectdesk_core::query::ListQuery;
use connectdesk_core::{ErrorCode, Result};
use connectdesk_stripe::balance;
use serde_json::Value;
use support::Harness;

/// 3 % and no fixed part: the seed's example (75 on 2,500).
struct ThreePercent;

impl FeeSource for ThreePercent {
    fn quote(
        &self,
        _workspace_id: u64,
        currency: &str,
        _merchant_id: Option<&str>,
        amount: i64,
        volume: i64,
    ) -> Result<Option<Priced>> {
        Ok((currency == "usd").then(|| Priced {
            fee: (amount * 3 + 50) / 100,
            explanation: format!("Default: 3 % + $0.00, volume this month ${volume}"),
        }))
    }
}

struct World {
    h: Harness,
    payments: Payments,
    account: String,
}

async fn world() -> World {
    let h = Harness::start().await;
    let link = h
        .onboarding
        .create(&h.ctx, h.input_of("merchant_grill", "custom"))
        .await
        .expect("onboarding create");
    let entry = h.onboarding.get(&link.entry_id.to_string()).expect("entry");
    // The merchant finishes what Custom onboarding asks for.
    support_post(
        &h,
        &format!("/v1/accounts/{}", entry.account_id),
        &[
            ("company[name]", "Downtown Grill LLC"),
            ("tos_acceptance[date]", "1700000000"),
            ("tos_acceptance[ip]", "203.0.113.7"),
            ("external_account[object]", "bank_account"),
            ("external_account[country]", "US"),
            ("external_account[currency]", "usd"),
            ("external_account[routing_number]", "110000000"),
            ("external_account[account_number]", "000123456789"),
        ],
    )
    .await;
    let finished = h
        .onboarding
        .finish(&h.ctx, link.entry_id)
        .await
        .expect("finish");
    assert!(finished.charges_enabled, "{finished:?}");
    let payments = Payments::new(
        &h.store,
        Journal::open(&h.store).expect("journal"),
        Arc::new(ThreePercent),
    )
    .expect("payments");
    World {
        account: entry.account_id,
        h,
        payments,
    }
}

async fn support_post(h: &Harness, path: &str, form: &[(&str, &str)]) -> Value {
    h.stripe_post(path, form).await
}

impl World {
    fn form(&self, amount: &str, manual: bool) -> CreatePayment {
        CreatePayment {
            workspace_id: self.h.workspace_id,
            account_id: self.account.clone(),
            amount: amount.into(),
            currency: "usd".into(),
            order_id: Some("order-1001".into()),
            customer_email: Some("jenny@example.com".into()),
            manual_capture: manual,
            ..CreatePayment::default()
        }
    }

    async fn paid(&self, amount: &str, manual: bool) -> Payment {
        let created = self
            .payments
            .create(&self.h.ctx, self.form(amount, manual))
            .await
            .expect("create");
        self.payments
            .confirm_with_test_card(&self.h.ctx, created.payment.id, TestCard::Succeeds)
            .await
            .expect("confirm")
    }

    /// Available + pending, in USD, of the platform or of `account`.
    async fn balance(&self, account: Option<&str>) -> i64 {
        let client = match account {
            Some(id) => self.h.ctx.client.on_account(id).expect("on account"),
            None => self.h.ctx.client.clone(),
        };
        let balance = client.send(balance::retrieve()).await.expect("balance");
        balance
            .available
            .iter()
            .chain(&balance.pending)
            .filter(|amount| amount.currency == "usd")
            .map(|amount| amount.amount)
            .sum()
    }
}

#[tokio::test]
async fn a_payment_carries_the_rules_fee_and_a_partial_refund_gives_back_its_share() {
    let w = world().await;
    let account_before = w.balance(Some(&w.account)).await;
    let created = w
        .payments
        .create(&w.h.ctx, w.form("25.00", false))
        .await
        .expect("create");
    assert!(created
        .client_secret
        .0
        .starts_with(&created.payment.payment_intent_id));
    assert_eq!(format!("{:?}", created.client_secret), "ClientSecret(••••)");
    let payment = created.payment;
    assert_eq!((payment.amount, payment.application_fee_amount), (2500, 75));
    assert_eq!(payment.status, "requires_payment_method");
    assert_eq!(payment.merchant_id.as_deref(), Some("merchant_grill"));
    assert!(payment
        .fee_rule
        .as_deref()
        .is_some_and(|rule| rule.starts_with("Default: 3 %")));

    let paid = w
        .payments
        .confirm_with_test_card(&w.h.ctx, payment.id, TestCard::Succeeds)
        .await
        .expect("confirm");
    assert_eq!(paid.status, "succeeded");
    assert_eq!(
        (paid.amount_received, paid.destination_amount),
        (2500, 2425)
    );
    assert_eq!(paid.card.as_deref(), Some("visa •••• 4242"));
    assert!(paid.transfer_id.is_some() && paid.application_fee_id.is_some());
    assert_eq!(w.balance(Some(&w.account)).await - account_before, 2425);

    // The seed's example: refunding 500 of 2,500 with a 75 fee gives 15 of the fee back.
    let outcome = w
        .payments
        .refund(
            &w.h.ctx,
            RefundPayment {
                id: paid.id,
                amount: Some("5.00".into()),
                reason: Some("requested_by_customer".into()),
                refund_application_fee: true,
                reverse_transfer: true,
            },
        )
        .await
        .expect("refund");
    assert_eq!(outcome.refund.amount, 500);
    assert_eq!(outcome.refund.application_fee_refunded, 15);
    assert!(outcome.refund.reversed_transfer);
    assert_eq!(outcome.payment.amount_refunded, 500);
    assert_eq!(outcome.payment.application_fee_refunded, 15);
    // The account gives back its share: 500 less the 15 of fee the platform returned.
    assert_eq!(
        w.balance(Some(&w.account)).await - account_before,
        2425 - 485
    );

    let plain = w
        .payments
        .refund(
            &w.h.ctx,
            RefundPayment {
                id: paid.id,
                amount: Some("1.00".into()),
                ..RefundPayment::default()
            },
        )
        .await
        .expect("refund without fee or transfer");
    assert_eq!(plain.refund.application_fee_refunded, 0);
    assert!(!plain.refund.reversed_transfer);
    assert_eq!(
        w.balance(Some(&w.account)).await - account_before,
        2425 - 485
    );

    let too_much = w
        .payments
        .refund(
            &w.h.ctx,
            RefundPayment {
                id: paid.id,
                amount: Some("19.01".into()),
                ..RefundPayment::default()
            },
        )
        .await
        .expect_err("more than remains");
    assert_eq!(
        (too_much.code, too_much.field.as_deref()),
        (ErrorCode::InvalidValue, Some("amount"))
    );
    let events: Vec<&str> = plain
        .payment
        .timeline
        .iter()
        .map(|line| line.event.as_str())
        .collect();
    assert_eq!(events, ["created", "confirmed", "refunded", "refunded"]);
}

#[tokio::test]
async fn a_partial_capture_is_priced_for_the_captured_amount() {
    let w = world().await;
    let account_before = w.balance(Some(&w.account)).await;
    let authorized = w.paid("40.00", true).await;
    assert_eq!(authorized.status, "requires_capture");
    assert_eq!(authorized.amount_capturable, 4000);
    assert_eq!(authorized.application_fee_amount, 120);
    let err = w
        .payments
        .capture(
            &w.h.ctx,
            CapturePayment {
                id: authorized.id,
                amount: Some("40.01".into()),
            },
        )
        .await
        .expect_err("above the capturable amount");
    assert_eq!(err.field.as_deref(), Some("amount"));

    let captured = w
        .payments
        .capture(
            &w.h.ctx,
            CapturePayment {
                id: authorized.id,
                amount: Some("30.00".into()),
            },
        )
        .await
        .expect("capture");
    assert_eq!(captured.status, "succeeded");
    assert_eq!(captured.amount_received, 3000);
    assert_eq!(
        captured.application_fee_amount, 90,
        "3 % of the captured 30.00"
    );
    assert_eq!(w.balance(Some(&w.account)).await - account_before, 2910);

    let full = w.paid("10.00", true).await;
    let captured = w
        .payments
        .capture(
            &w.h.ctx,
            CapturePayment {
                id: full.id,
                amount: None,
            },
        )
        .await
        .expect("full capture");
    assert_eq!(
        (captured.amount_received, captured.application_fee_amount),
        (1000, 30)
    );

    // An Admin's own fee stays on a partial capture, at most the captured amount.
    let own = w
        .payments
        .create(
            &w.h.ctx,
            CreatePayment {
                fee_override: Some(FeeOverride {
                    amount: "1.00".into(),
                    reason: "Launch promotion".into(),
                }),
                ..w.form("20.00", true)
            },
        )
        .await
        .expect("own fee");
    assert!(own.payment.fee_set_by_admin);
    w.payments
        .confirm_with_test_card(&w.h.ctx, own.payment.id, TestCard::Succeeds)
        .await
        .expect("confirm");
    let partly = w
        .payments
        .capture(
            &w.h.ctx,
            CapturePayment {
                id: own.payment.id,
                amount: Some("0.50".into()),
            },
        )
        .await
        .expect("partial capture of an own fee");
    assert_eq!(
        (partly.amount_received, partly.application_fee_amount),
        (50, 50)
    );

    let to_cancel = w
        .payments
        .create(&w.h.ctx, w.form("12.00", true))
        .await
        .expect("create");
    let canceled = w
        .payments
        .cancel(&w.h.ctx, to_cancel.payment.id)
        .await
        .expect("cancel");
    assert_eq!(canceled.status, "canceled");
}

#[tokio::test]
async fn declines_bad_forms_and_unknown_accounts_send_nothing_useful_to_stripe() {
    let w = world().await;
    let created = w
        .payments
        .create(&w.h.ctx, w.form("25.00", false))
        .await
        .expect("create");
    let declined = w
        .payments
        .confirm_with_test_card(&w.h.ctx, created.payment.id, TestCard::Declined)
        .await
        .expect("a decline is an answer");
    assert_eq!(declined.status, "requires_payment_method");
    assert!(
        declined
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("declined")),
        "{declined:?}"
    );

    let waiting = w
        .payments
        .create(&w.h.ctx, w.form("25.00", false))
        .await
        .expect("create");
    let waiting = w
        .payments
        .confirm_with_test_card(
            &w.h.ctx,
            waiting.payment.id,
            TestCard::RequiresAuthentication,
        )
        .await
        .expect("3D Secure asked");
    assert_eq!(waiting.status, "requires_action");
    assert_eq!(waiting.amount_received, 0);
    let canceled = w
        .payments
        .cancel(&w.h.ctx, waiting.id)
        .await
        .expect("cancel while waiting for the customer");
    assert_eq!(canceled.status, "canceled");

    let unknown = w
        .payments
        .create(
            &w.h.ctx,
            CreatePayment {
                account_id: "acct_1Unknown0000000000".into(),
                ..w.form("25.00", false)
            },
        )
        .await
        .expect_err("unknown account");
    assert_eq!(unknown.code, ErrorCode::AccountNotFound);

    let bad = w
        .payments
        .create(
            &w.h.ctx,
            CreatePayment {
                amount: "25.001".into(),
                customer_email: Some("nope".into()),
                ..w.form("25.00", false)
            },
        )
        .await
        .expect_err("bad form");
    assert_eq!(bad.field_errors.len(), 2, "{bad:?}");
    let no_rules = w
        .payments
        .create(
            &w.h.ctx,
            CreatePayment {
                currency: "eur".into(),
                ..w.form("25.00", false)
            },
        )
        .await
        .expect_err("no fee rules for EUR");
    assert_eq!(no_rules.field.as_deref(), Some("currency"));
    let overridden = w
        .payments
        .create(
            &w.h.ctx,
            CreatePayment {
                fee_override: Some(FeeOverride {
                    amount: "1.00".into(),
                    reason: "Launch promotion".into(),
                }),
                ..w.form("25.00", false)
            },
        )
        .await
        .expect("an Admin's own fee");
    assert_eq!(overridden.payment.application_fee_amount, 100);

    let listed = w.payments.list(&ListQuery::default()).expect("list");
    assert_eq!(listed.total_count, 3, "only what Stripe accepted is stored");
}
