//! Transfers and balances against the real simulator over HTTP and a real sled store, through
//! the operations journal: a transfer moves exactly its amount from the platform's available
//! balance to the account's; partial and full reversals move it back; what cannot be covered is
//! refused before anything is sent; sync, filters and the CSV export see the same transfers.

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::collections::BTreeMap;

use connectdesk_core::balances::Balances;
use connectdesk_core::journal::{Journal, OperationKind};
use connectdesk_core::progress::{Progress, Tasks};
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::transfers::{CreateTransfer, ReverseTransfer, TransferStatus, Transfers};
use connectdesk_core::ErrorCode;
use support::{assert_code, Harness};

struct World {
    h: Harness,
    transfers: Transfers,
    balances: Balances,
    journal: Journal,
    account: String,
}

async fn world() -> World {
    let h = Harness::start().await;
    let entry = h.onboarded_custom("merchant_grill").await;
    let journal = Journal::open(&h.store).expect("journal");
    World {
        transfers: Transfers::new(&h.store, journal.clone()).expect("transfers"),
        balances: Balances::new(&h.store).expect("balances"),
        account: entry.account_id,
        journal,
        h,
    }
}

impl World {
    fn form(&self, amount: &str) -> CreateTransfer {
        CreateTransfer {
            workspace_id: self.h.workspace_id,
            account_id: self.account.clone(),
            amount: amount.into(),
            currency: "usd".into(),
            description: Some("Weekly tip payout".into()),
            metadata: BTreeMap::from([(
                "pay_period".to_string(),
                "2026-01-15 to 2026-01-21".to_string(),
            )]),
        }
    }

    /// Available USD of the platform (`None`) or an account, read through the core.
    async fn available(&self, account: Option<&str>) -> i64 {
        self.balances
            .get(&self.h.ctx, self.h.workspace_id, account)
            .await
            .expect("balance")
            .available("usd")
    }

    fn transfer_operations(&self) -> usize {
        self.journal
            .list(&ListQuery::default())
            .expect("journal")
            .items
            .iter()
            .filter(|op| {
                matches!(
                    op.kind,
                    OperationKind::Transfer | OperationKind::TransferReversal
                )
            })
            .count()
    }

    async fn sim_transfer_count(&self) -> usize {
        let list = self
            .h
            .ctx
            .client
            .list_transfers(&Default::default())
            .await
            .expect("list transfers");
        list.data.len()
    }

    fn reversal(&self, id: u64, amount: Option<&str>) -> ReverseTransfer {
        ReverseTransfer {
            id,
            amount: amount.map(str::to_string),
            description: Some("Partial reversal - error correction".into()),
        }
    }
}

#[tokio::test]
async fn a_transfer_moves_exactly_its_amount_and_reversals_move_it_back() {
    let w = world().await;
    w.h.fund_platform(50_000, "usd").await;
    let (platform_before, account_before) =
        (w.available(None).await, w.available(Some(&w.account)).await);
    assert!(platform_before >= 10_000, "{platform_before}");

    let transfer = w
        .transfers
        .create(&w.h.ctx, w.form("100.00"))
        .await
        .expect("transfer");
    assert!(transfer.transfer_id.starts_with("tr_"), "{transfer:?}");
    assert_eq!(
        (
            transfer.amount,
            transfer.status,
            transfer.merchant_id.as_deref()
        ),
        (10_000, TransferStatus::Paid, Some("merchant_grill"))
    );
    assert_eq!(transfer.description.as_deref(), Some("Weekly tip payout"));
    assert_eq!(
        transfer.metadata.get("pay_period").map(String::as_str),
        Some("2026-01-15 to 2026-01-21")
    );
    assert!(transfer.made_here);
    assert_eq!(w.available(Some(&w.account)).await - account_before, 10_000);
    assert_eq!(platform_before - w.available(None).await, 10_000);

    // Half of it back, then the rest (no amount: everything not reversed yet).
    let half = w
        .transfers
        .reverse(&w.h.ctx, w.reversal(transfer.id, Some("50.00")))
        .await
        .expect("partial reversal");
    assert!(half.reversal.id.starts_with("trr_"));
    assert_eq!(half.reversal.amount, 5_000);
    assert_eq!(
        half.reversal.description.as_deref(),
        Some("Partial reversal - error correction")
    );
    assert_eq!(
        (half.transfer.amount_reversed, half.transfer.status),
        (5_000, TransferStatus::PartiallyReversed)
    );
    assert_eq!(half.transfer.reversals.len(), 1);
    assert_eq!(w.available(Some(&w.account)).await - account_before, 5_000);
    assert_eq!(platform_before - w.available(None).await, 5_000);

    // More than remains is refused next to the amount, and nothing is sent.
    let operations = w.transfer_operations();
    let err = assert_code(
        w.transfers
            .reverse(&w.h.ctx, w.reversal(transfer.id, Some("50.01")))
            .await,
        ErrorCode::InvalidValue,
        Some("amount"),
    );
    assert_eq!(
        err.message,
        "At most $50.00 of this transfer is left to reverse."
    );
    assert_eq!(w.transfer_operations(), operations);

    let rest = w
        .transfers
        .reverse(&w.h.ctx, w.reversal(transfer.id, None))
        .await
        .expect("full reversal");
    assert_eq!(rest.reversal.amount, 5_000);
    assert_eq!(
        (rest.transfer.amount_reversed, rest.transfer.status),
        (10_000, TransferStatus::Reversed)
    );
    // Newest first, and the first reversal keeps the description typed here.
    let lines: Vec<(i64, Option<&str>)> = rest
        .transfer
        .reversals
        .iter()
        .map(|r| (r.amount, r.description.as_deref()))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines
        .iter()
        .all(|(amount, description)| *amount == 5_000 && description.is_some()));
    assert_eq!(w.available(Some(&w.account)).await, account_before);
    assert_eq!(w.available(None).await, platform_before);
    assert_code(
        w.transfers
            .reverse(&w.h.ctx, w.reversal(transfer.id, None))
            .await,
        ErrorCode::InvalidValue,
        None,
    );
    assert_eq!(
        w.transfers.get(transfer.id).expect("stored").status,
        TransferStatus::Reversed
    );
}

#[tokio::test]
async fn more_than_the_platform_has_available_is_refused_with_nothing_sent() {
    let w = world().await;
    w.h.fund_platform(10_000, "usd").await;
    let available = w.available(None).await;
    let (operations, at_stripe) = (w.transfer_operations(), w.sim_transfer_count().await);
    let too_much = money(available + 1);
    let err = assert_code(
        w.transfers.create(&w.h.ctx, w.form(&too_much)).await,
        ErrorCode::InsufficientBalance,
        Some("amount"),
    );
    assert!(err.message.contains("available in USD"), "{}", err.message);
    // Nothing was journaled, nothing reached Stripe, no balance moved.
    assert_eq!(w.transfer_operations(), operations);
    assert_eq!(w.sim_transfer_count().await, at_stripe);
    assert_eq!(w.available(None).await, available);
    assert_eq!(
        w.transfers
            .list(&ListQuery::default())
            .expect("list")
            .total_count,
        0
    );

    // A currency the platform holds nothing of, and every form problem at once.
    let err = assert_code(
        w.transfers
            .create(
                &w.h.ctx,
                CreateTransfer {
                    currency: "eur".into(),
                    ..w.form("1.00")
                },
            )
            .await,
        ErrorCode::InsufficientBalance,
        Some("amount"),
    );
    assert_eq!(
        err.message,
        "The platform has nothing available in EUR to transfer."
    );
    let err = w
        .transfers
        .create(
            &w.h.ctx,
            CreateTransfer {
                account_id: "cus_1".into(),
                amount: "1.001".into(),
                ..w.form("")
            },
        )
        .await
        .expect_err("invalid");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["accountId", "amount"]);
    assert_eq!(w.transfer_operations(), operations);
}

#[tokio::test]
async fn a_reversal_the_account_can_no_longer_cover_is_refused_at_the_amount() {
    let w = world().await;
    w.h.fund_platform(50_000, "usd").await;
    let transfer = w
        .transfers
        .create(&w.h.ctx, w.form("100.00"))
        .await
        .expect("transfer");
    // The merchant pays most of it out to their bank before the platform reverses.
    w.h.sim_post_as(
        Some(&w.account),
        "/v1/payouts",
        &[("amount", "8000"), ("currency", "usd")],
    )
    .await;
    let err = assert_code(
        w.transfers
            .reverse(&w.h.ctx, w.reversal(transfer.id, Some("50.00")))
            .await,
        ErrorCode::InsufficientBalance,
        Some("amount"),
    );
    assert!(
        err.message.contains("does not hold enough"),
        "{}",
        err.message
    );
    let stored = w.transfers.get(transfer.id).expect("stored");
    assert_eq!(
        (stored.amount_reversed, stored.status),
        (0, TransferStatus::Paid)
    );
    // What it still holds can come back.
    let back = w
        .transfers
        .reverse(&w.h.ctx, w.reversal(transfer.id, Some("20.00")))
        .await
        .expect("reversal within the account's funds");
    assert_eq!(back.transfer.status, TransferStatus::PartiallyReversed);
}

#[tokio::test]
async fn an_account_that_cannot_receive_transfers_is_refused_in_words() {
    let w = world().await;
    w.h.fund_platform(10_000, "usd").await;
    // An Express account whose merchant has not started onboarding: transfers are not active.
    let link =
        w.h.onboarding
            .create(&w.h.ctx, w.h.input("merchant_cafe"))
            .await
            .expect("onboarding create");
    let operations = w.transfer_operations();
    let err = assert_code(
        w.transfers
            .create(
                &w.h.ctx,
                CreateTransfer {
                    account_id: link.account_id.clone(),
                    ..w.form("10.00")
                },
            )
            .await,
        ErrorCode::AccountNotOnboarded,
        Some("accountId"),
    );
    assert!(
        err.message.contains("cannot receive transfers yet"),
        "{}",
        err.message
    );
    assert_code(
        w.transfers
            .create(
                &w.h.ctx,
                CreateTransfer {
                    account_id: "acct_1NoSuchAccount00".into(),
                    ..w.form("10.00")
                },
            )
            .await,
        ErrorCode::AccountNotFound,
        Some("accountId"),
    );
    assert_eq!(w.transfer_operations(), operations);
}

#[tokio::test]
async fn sync_reads_transfers_made_elsewhere_and_lists_filter_sort_and_export_them() {
    let w = world().await;
    w.h.fund_platform(100_000, "usd").await;
    let made_here = w
        .transfers
        .create(&w.h.ctx, w.form("25.00"))
        .await
        .expect("transfer");
    // Two made outside ConnectDesk, one of them partly reversed there.
    let elsewhere =
        w.h.sim_post(
            "/v1/transfers",
            &[
                ("amount", "4000"),
                ("currency", "usd"),
                ("destination", &w.account),
            ],
        )
        .await;
    let tr = elsewhere["id"].as_str().expect("id");
    w.h.sim_post(
        &format!("/v1/transfers/{tr}/reversals"),
        &[("amount", "1000")],
    )
    .await;
    w.h.sim_post(
        "/v1/transfers",
        &[
            ("amount", "700"),
            ("currency", "usd"),
            ("destination", &w.account),
        ],
    )
    .await;

    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let tasks = Tasks::reporting_to(move |update| sink.lock().expect("lock").push(update));
    let (progress, _running) = tasks.start("sync:transfers:1".into(), "transfers");
    let sync = w
        .transfers
        .sync(&w.h.ctx, w.h.workspace_id, &progress)
        .await
        .expect("sync");
    assert_eq!((sync.synced, sync.cancelled), (3, false));
    let updates = seen.lock().expect("lock").clone();
    assert_eq!(
        updates.last().map(|u| (u.done, u.finished)),
        Some((3, true))
    );
    // A second sync updates, never duplicates.
    w.transfers
        .sync(&w.h.ctx, w.h.workspace_id, &Progress::silent("transfers"))
        .await
        .expect("sync again");

    let query = |filters: Vec<FilterInput>, sort: &str| ListQuery {
        sort: Some(sort.into()),
        filters,
        ..ListQuery::default()
    };
    let ws = FilterInput::eq("workspaceId", w.h.workspace_id);
    let all = w
        .transfers
        .list(&query(vec![ws.clone()], "amount:desc"))
        .expect("list");
    let amounts: Vec<i64> = all.items.iter().map(|t| t.amount).collect();
    assert_eq!((all.total_count, amounts), (3, vec![4_000, 2_500, 700]));
    let partly = &all.items[0];
    assert_eq!(
        (partly.status, partly.amount_reversed, partly.made_here),
        (TransferStatus::PartiallyReversed, 1_000, false)
    );
    assert_eq!(partly.merchant_id.as_deref(), Some("merchant_grill"));
    assert!(all
        .items
        .iter()
        .any(|t| t.id == made_here.id && t.made_here));

    let status = FilterInput::eq("status", "partiallyReversed");
    let partly_only = w
        .transfers
        .list(&query(vec![ws.clone(), status], "created:desc"))
        .expect("by status");
    assert_eq!(
        partly_only
            .items
            .iter()
            .map(|t| t.transfer_id.as_str())
            .collect::<Vec<_>>(),
        [tr]
    );
    let range = vec![
        ws.clone(),
        FilterInput {
            field: "amount".into(),
            op: "gte".into(),
            value: "1000".into(),
        },
        FilterInput::eq("accountId", &w.account),
        FilterInput {
            field: "created".into(),
            op: "gte".into(),
            value: "2000-01-01T00:00:00.000Z".into(),
        },
    ];
    assert_eq!(
        w.transfers
            .list(&query(range.clone(), "amount:asc"))
            .expect("range")
            .total_count,
        2
    );

    let dir = tempfile::tempdir().expect("exports");
    let file = w
        .transfers
        .export(&query(range, "amount:asc"), dir.path())
        .expect("export");
    assert_eq!(file.count, 2);
    let text = std::fs::read_to_string(&file.path).expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains(",usd,25.00,0.00,paid,Weekly tip payout,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",usd,40.00,10.00,partiallyReversed,"),
        "{}",
        lines[2]
    );
}

#[tokio::test]
async fn a_cancelled_sync_keeps_what_it_stored() {
    let w = world().await;
    w.h.fund_platform(10_000, "usd").await;
    w.h.sim_post(
        "/v1/transfers",
        &[
            ("amount", "100"),
            ("currency", "usd"),
            ("destination", &w.account),
        ],
    )
    .await;
    let tasks = Tasks::default();
    let (progress, _running) = tasks.start("sync:transfers:1".into(), "transfers");
    assert!(tasks.cancel("sync:transfers:1"));
    let sync = w
        .transfers
        .sync(&w.h.ctx, w.h.workspace_id, &progress)
        .await
        .expect("sync");
    assert_eq!((sync.synced, sync.cancelled), (0, true));
}

/// Minor units of USD as typed in the form.
fn money(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}
