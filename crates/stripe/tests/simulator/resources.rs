//! Each resource against the simulator.

use connectdesk_stripe::account_links::{AccountLinkType, CreateAccountLink};
use connectdesk_stripe::accounts::{
    AccountType, BusinessProfileParams, CapabilityName, CapabilityRequest, CreateAccount,
    ListAccounts, UpdateAccount,
};
use connectdesk_stripe::balance_transactions::ListBalanceTransactions;
use connectdesk_stripe::disputes::{DisputeEvidence, DisputeStatus, ListDisputes, UpdateDispute};
use connectdesk_stripe::events::ListEvents;
use connectdesk_stripe::files::{FilePurpose, UploadFile};
use connectdesk_stripe::login_links::CreateLoginLink;
use connectdesk_stripe::payment_intents::{
    CaptureMethod, CapturePaymentIntent, CreatePaymentIntent, ListPaymentIntents,
    PaymentIntentStatus,
};
use connectdesk_stripe::payment_method_configurations::ListPaymentMethodConfigurations;
use connectdesk_stripe::payouts::{CreatePayout, ListPayouts};
use connectdesk_stripe::refunds::{CreateRefund, ListRefunds, RefundReason};
use connectdesk_stripe::transfer_reversals::{CreateTransferReversal, ListTransferReversals};
use connectdesk_stripe::transfers::{CreateTransfer, ListTransfers};
use connectdesk_stripe::{Metadata, Page};
use futures::TryStreamExt;

use crate::harness::{express, op, Harness};

#[tokio::test]
async fn accounts_create_retrieve_update_list_delete() {
    let h = Harness::start().await;
    let params = CreateAccount {
        account_type: Some(AccountType::Express),
        country: Some("US".into()),
        email: Some("owner@grill.example".into()),
        capabilities: [(
            CapabilityName::Transfers,
            CapabilityRequest { requested: true },
        )]
        .into(),
        metadata: Metadata::from([("merchant_id".into(), "merchant_123".into())]),
        ..CreateAccount::default()
    };
    let created = h
        .client
        .create_account(&params, &op("account/grill"))
        .await
        .expect("create");
    assert!(created.id.starts_with("acct_"), "{}", created.id);
    assert_eq!(created.account_type, Some(AccountType::Express));
    assert_eq!(created.metadata["merchant_id"], "merchant_123");
    assert!(
        h.keys.stored(&op("account/grill")).is_none(),
        "completed operations forget their key"
    );

    let fetched = h
        .client
        .retrieve_account(&created.id)
        .await
        .expect("retrieve");
    assert_eq!(fetched.object.email.as_deref(), Some("owner@grill.example"));
    assert_eq!(fetched.raw["id"], created.id.as_str());
    assert_eq!(fetched.raw["object"], "account");

    let update = UpdateAccount {
        business_profile: Some(BusinessProfileParams {
            name: Some("Downtown Grill".into()),
            ..Default::default()
        }),
        metadata: Metadata::from([
            ("merchant_id".into(), String::new()),
            ("tier".into(), "gold".into()),
        ]),
        ..UpdateAccount::default()
    };
    let updated = h
        .client
        .update_account(&created.id, &update)
        .await
        .expect("update");
    assert_eq!(
        updated.business_profile.and_then(|p| p.name).as_deref(),
        Some("Downtown Grill")
    );
    assert_eq!(
        updated.metadata,
        Metadata::from([("tier".into(), "gold".into())]),
        "empty value unsets a key"
    );

    let page = h
        .client
        .list_accounts(&ListAccounts::default())
        .await
        .expect("list");
    assert!(page.data.iter().any(|account| account.id == created.id));

    let platform = h
        .client
        .retrieve_current_account()
        .await
        .expect("platform account");
    assert_ne!(platform.object.id, created.id);
    assert!(
        !page
            .data
            .iter()
            .any(|account| account.id == platform.object.id),
        "the platform is not listed"
    );

    let deleted = h.client.delete_account(&created.id).await.expect("delete");
    assert!(deleted.deleted);
    let gone = h
        .client
        .retrieve_account(&created.id)
        .await
        .expect_err("deleted");
    let api = gone.api().expect("a Stripe error");
    assert_eq!(
        (api.status, api.code.as_deref()),
        (404, Some("resource_missing"))
    );
}

#[tokio::test]
async fn account_links_and_login_links() {
    let h = Harness::start().await;
    let account = h.ready_account("links").await;
    let link = h
        .client
        .create_account_link(&CreateAccountLink {
            refresh_url: Some("https://app.example/refresh".into()),
            return_url: Some("https://app.example/return".into()),
            ..CreateAccountLink::new(&account.id, AccountLinkType::AccountOnboarding)
        })
        .await
        .expect("account link");
    assert!(link.url.starts_with("http"), "{}", link.url);
    assert!(link.expires_at > link.created);

    let express = h
        .client
        .create_account(&express(), &op("express"))
        .await
        .expect("express account");
    // Stripe gives Express dashboards only to accounts that finished onboarding (a browser flow).
    let err = h
        .client
        .create_login_link(
            &express.id,
            &CreateLoginLink {
                redirect_url: Some("https://app.example".into()),
            },
        )
        .await
        .expect_err("not onboarded yet");
    let api = err.api().expect("a Stripe error");
    assert_eq!((api.status, api.param.as_deref()), (400, Some("account")));
    assert!(
        api.message
            .as_deref()
            .is_some_and(|m| m.contains("onboarding")),
        "{err}"
    );
}

#[tokio::test]
async fn payment_intents_capture_and_refunds() {
    let h = Harness::start().await;
    let params = CreatePaymentIntent {
        payment_method_types: vec!["card".into()],
        payment_method: Some("pm_card_visa".into()),
        capture_method: Some(CaptureMethod::Manual),
        confirm: Some(true),
        metadata: Metadata::from([("order_id".into(), "ord_42".into())]),
        ..CreatePaymentIntent::new(2_500, "usd")
    };
    let intent = h
        .client
        .create_payment_intent(&params, &op("order/42/pay"))
        .await
        .expect("create");
    assert_eq!(intent.status, PaymentIntentStatus::RequiresCapture);
    assert_eq!(intent.amount_capturable, 2_500);

    let fetched = h
        .client
        .retrieve_payment_intent(&intent.id)
        .await
        .expect("retrieve");
    assert_eq!(fetched.metadata["order_id"], "ord_42");

    let captured = h
        .client
        .capture_payment_intent(
            &intent.id,
            &CapturePaymentIntent {
                amount_to_capture: Some(2_000),
                ..Default::default()
            },
            &op("order/42/capture"),
        )
        .await
        .expect("capture");
    assert_eq!(captured.status, PaymentIntentStatus::Succeeded);
    assert_eq!(captured.amount_received, 2_000);

    let listed = h
        .client
        .list_payment_intents(&ListPaymentIntents::default())
        .await
        .expect("list");
    assert!(listed.data.iter().any(|pi| pi.id == intent.id));

    let refund = h
        .client
        .create_refund(
            &CreateRefund {
                amount: Some(500),
                reason: Some(RefundReason::RequestedByCustomer),
                ..CreateRefund::for_payment_intent(&intent.id)
            },
            &op("order/42/refund/1"),
        )
        .await
        .expect("refund");
    assert_eq!(refund.amount, 500);
    assert_eq!(refund.payment_intent.as_deref(), Some(intent.id.as_str()));

    let refunds = h
        .client
        .list_refunds(&ListRefunds {
            payment_intent: Some(intent.id.clone()),
            ..Default::default()
        })
        .await
        .expect("list refunds");
    assert_eq!(
        refunds
            .data
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        [refund.id.as_str()]
    );
}

#[tokio::test]
async fn transfers_reversals_and_connected_balances() {
    let h = Harness::start().await;
    let account = h.ready_account("transfers").await;
    h.fund_platform(50_000).await;

    let transfer = h
        .client
        .create_transfer(
            &CreateTransfer {
                description: Some("Weekly tips".into()),
                ..CreateTransfer::new(10_000, "usd", &account.id)
            },
            &op("tips/week-3"),
        )
        .await
        .expect("transfer");
    assert_eq!(transfer.destination.as_deref(), Some(account.id.as_str()));

    let fetched = h
        .client
        .retrieve_transfer(&transfer.id)
        .await
        .expect("retrieve");
    assert_eq!(fetched.amount, 10_000);
    let listed = h
        .client
        .list_transfers(&ListTransfers {
            destination: Some(account.id.clone()),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(listed.data.len(), 1);

    let reversal = h
        .client
        .create_transfer_reversal(
            &transfer.id,
            &CreateTransferReversal {
                amount: Some(2_500),
                ..Default::default()
            },
            &op("tips/week-3/reverse"),
        )
        .await
        .expect("reversal");
    assert_eq!(reversal.transfer.as_deref(), Some(transfer.id.as_str()));
    let reversals = h
        .client
        .list_transfer_reversals(&transfer.id, &ListTransferReversals::default())
        .await
        .expect("reversals");
    assert_eq!(reversals.data.len(), 1);
    assert_eq!(
        h.client
            .retrieve_transfer(&transfer.id)
            .await
            .expect("retrieve")
            .amount_reversed,
        2_500
    );

    let balance = h
        .client
        .retrieve_account_balance(&account.id)
        .await
        .expect("connected balance");
    let usd: i64 = balance
        .available
        .iter()
        .chain(&balance.pending)
        .filter(|b| b.currency == "usd")
        .map(|b| b.amount)
        .sum();
    assert_eq!(usd, 7_500);
    let platform = h.client.retrieve_balance().await.expect("platform balance");
    assert!(!platform.available.is_empty());

    let connected = h.client.on_account(&account.id).expect("account handle");
    let transactions = connected
        .list_balance_transactions(&ListBalanceTransactions::default())
        .await
        .expect("connected balance transactions");
    assert!(!transactions.data.is_empty());
    assert!(h
        .requests()
        .await
        .iter()
        .any(|(_, path, _, _)| path == "/v1/balance_transactions"));
}

#[tokio::test]
async fn payouts_on_the_platform_and_a_connected_account() {
    let h = Harness::start().await;
    let account = h.ready_account("payouts").await;
    h.fund_platform(30_000).await;
    h.client
        .create_transfer(
            &CreateTransfer::new(8_000, "usd", &account.id),
            &op("payout-funds"),
        )
        .await
        .expect("transfer");

    let connected = h.client.on_account(&account.id).expect("account handle");
    let payout = connected
        .create_payout(&CreatePayout::new(3_000, "usd"), &op("payout/acct/1"))
        .await
        .expect("connected payout");
    assert_eq!(payout.amount, 3_000);
    let fetched = connected
        .retrieve_payout(&payout.id)
        .await
        .expect("retrieve");
    assert_eq!(fetched.id, payout.id);
    let listed = connected
        .list_payouts(&ListPayouts::default())
        .await
        .expect("list");
    assert!(listed.data.iter().any(|p| p.id == payout.id));
    let platform_payouts = h
        .client
        .list_payouts(&ListPayouts::default())
        .await
        .expect("platform list");
    assert!(
        !platform_payouts.data.iter().any(|p| p.id == payout.id),
        "scoped to the account"
    );
}

#[tokio::test]
async fn disputes_with_uploaded_evidence() {
    let h = Harness::start().await;
    let params = CreatePaymentIntent {
        payment_method_types: vec!["card".into()],
        payment_method: Some("pm_card_createDispute".into()),
        confirm: Some(true),
        ..CreatePaymentIntent::new(4_000, "usd")
    };
    let intent = h
        .client
        .create_payment_intent(&params, &op("disputed-order"))
        .await
        .expect("charge");
    let disputes = h
        .client
        .list_disputes(&ListDisputes {
            payment_intent: Some(intent.id.clone()),
            ..Default::default()
        })
        .await
        .expect("list");
    let dispute = disputes.data.first().expect("a dispute");
    assert_eq!(dispute.status, DisputeStatus::NeedsResponse);

    let upload = UploadFile::new(
        FilePurpose::DisputeEvidence,
        "receipt.pdf",
        b"%PDF-1.4 receipt".to_vec(),
    )
    .content_type("application/pdf");
    let file = h
        .client
        .upload_file(&upload, &op("evidence/receipt"))
        .await
        .expect("upload");
    assert_eq!(file.purpose, FilePurpose::DisputeEvidence);
    assert!(file.id.starts_with("file_"));

    let update = UpdateDispute {
        evidence: Some(DisputeEvidence {
            customer_name: Some("John Doe".into()),
            customer_email_address: Some("john@example.com".into()),
            receipt: Some(file.id.clone()),
            service_documentation: None,
            uncategorized_text: Some("Order was picked up by the customer.".into()),
            ..DisputeEvidence::default()
        }),
        submit: Some(true),
        ..UpdateDispute::default()
    };
    let updated = h
        .client
        .update_dispute(&dispute.id, &update)
        .await
        .expect("update");
    assert_eq!(updated.evidence.receipt.as_deref(), Some(file.id.as_str()));
    assert_eq!(updated.evidence_details.submission_count, 1);
    assert_eq!(updated.status, DisputeStatus::UnderReview);
    let fetched = h
        .client
        .retrieve_dispute(&dispute.id)
        .await
        .expect("retrieve");
    assert_eq!(fetched.evidence.customer_name.as_deref(), Some("John Doe"));
}

#[tokio::test]
async fn events_balance_transactions_and_payment_method_configurations() {
    let h = Harness::start().await;
    h.fund_platform(1_000).await;
    let events = h
        .client
        .list_events(&ListEvents {
            event_type: Some("payment_intent.*".into()),
            ..Default::default()
        })
        .await
        .expect("events");
    assert!(
        events
            .data
            .iter()
            .any(|event| event.event_type == "payment_intent.succeeded"),
        "{:?}",
        events
            .data
            .iter()
            .map(|e| &e.event_type)
            .collect::<Vec<_>>()
    );
    let first = events.data.first().expect("an event");
    assert_eq!(first.data.object["object"], "payment_intent");

    let transactions = h
        .client
        .list_balance_transactions(&ListBalanceTransactions {
            page: Page::limit(5),
            ..Default::default()
        })
        .await
        .expect("balance transactions");
    assert!(transactions
        .data
        .iter()
        .any(|txn| txn.transaction_type == "charge"));
    let all: Vec<_> = h
        .client
        .paginate(
            connectdesk_stripe::balance_transactions::list(&ListBalanceTransactions::default())
                .expect("builds"),
        )
        .try_collect()
        .await
        .expect("all transactions");
    assert_eq!(all.len(), transactions.data.len());

    let configurations = h
        .client
        .list_payment_method_configurations(&ListPaymentMethodConfigurations::default())
        .await
        .expect("configurations");
    if let Some(configuration) = configurations.data.first() {
        assert!(configuration.id.starts_with("pmc_"));
        assert!(configuration.payment_methods().contains_key("card"));
    }
}
