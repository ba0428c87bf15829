//! Connected accounts against the real simulator over HTTP and a real sled store: a sync picks
//! up accounts created outside ConnectDesk, with the seed's status in words and the to-do list;
//! Cancel stops at the next page and keeps what was synced; a shop owner sees only its own
//! merchants' accounts; login links are for Express accounts that finished onboarding.

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::sync::{Arc, Mutex, OnceLock};

use connectdesk_core::accounts::{AccountStatus, Accounts, ConnectedAccount, Due};
use connectdesk_core::onboarding::AccountKind;
use connectdesk_core::operators::{CreateOperator, Grant, Operators, Role};
use connectdesk_core::progress::{Progress, ProgressUpdate, Tasks};
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::settings::Settings;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_core::ErrorCode;
use support::{assert_code, open_link, submit_step, Harness, BANK, DETAILS};

/// A Custom account made directly at the simulator (not through ConnectDesk), with its
/// identity given (so its details count as submitted) but no terms or bank account yet.
async fn account_made_elsewhere(h: &Harness, name: &str) -> String {
    let answer = h
        .sim_post(
            "/v1/accounts",
            &[
                ("type", "custom"),
                ("country", "US"),
                ("email", "owner@elsewhere.example"),
                ("business_type", "company"),
                ("company[name]", name),
                ("business_profile[mcc]", "5812"),
                ("business_profile[url]", "https://elsewhere.example"),
                ("capabilities[card_payments][requested]", "true"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await;
    answer["id"].as_str().expect("id").to_string()
}

/// What Custom onboarding asks for, given through the API.
async fn complete_through_the_api(h: &Harness, account: &str) {
    h.sim_post(
        &format!("/v1/accounts/{account}"),
        &[
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
}

fn eq(field: &str, value: &str) -> FilterInput {
    FilterInput {
        field: field.into(),
        op: "eq".into(),
        value: value.into(),
    }
}

fn in_workspace(workspace_id: u64) -> ListQuery {
    ListQuery {
        size: Some("300".into()),
        sort: Some("created:desc".into()),
        filters: vec![eq("workspaceId", &workspace_id.to_string())],
        ..ListQuery::default()
    }
}

fn by_account<'a>(accounts: &'a [ConnectedAccount], id: &str) -> &'a ConnectedAccount {
    accounts
        .iter()
        .find(|account| account.account_id == id)
        .unwrap_or_else(|| panic!("{id} was synced"))
}

fn listed(accounts: &Accounts, query: &ListQuery) -> Vec<ConnectedAccount> {
    accounts.list(query).expect("list").items
}

#[tokio::test]
async fn a_sync_picks_up_accounts_made_elsewhere_with_their_status_in_words() {
    let h = Harness::start().await;
    let accounts = Accounts::new(&h.store).expect("accounts");
    let onboarded = h
        .onboarding
        .create(&h.ctx, h.input("merchant_grill"))
        .await
        .expect("onboarding create");
    let elsewhere = account_made_elsewhere(&h, "Corner Shop LLC").await;
    // An account another workspace onboarded on the same platform (the sandbox is one).
    let second = Workspaces::new(&h.store)
        .expect("workspaces")
        .create(CreateWorkspace {
            name: "Second".into(),
        })
        .expect("workspace")
        .id;
    let theirs = h
        .onboarding
        .create(
            &h.ctx,
            connectdesk_core::onboarding::CreateOnboarding {
                workspace_id: second,
                ..h.input("merchant_theirs")
            },
        )
        .await
        .expect("create in the second workspace");

    let report = accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync");
    assert_eq!(
        (report.synced, report.added, report.removed),
        (2, 2, 0),
        "{report:?}"
    );
    assert!(!report.cancelled);
    let all = listed(&accounts, &in_workspace(h.workspace_id));
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|a| a.account_id != theirs.account_id));

    let ours = by_account(&all, &onboarded.account_id);
    assert_eq!(ours.merchant_id.as_deref(), Some("merchant_grill"));
    assert_eq!(ours.onboarding_entry_id, Some(onboarded.entry_id));
    assert_eq!(ours.account_type, Some(AccountKind::Express));
    assert_eq!(ours.status, AccountStatus::Pending);
    assert_eq!(ours.business_name, "Downtown Grill");
    let to_do: Vec<(&str, Due)> = ours
        .to_do
        .iter()
        .map(|l| (l.words.as_str(), l.due))
        .collect();
    assert!(
        to_do.contains(&("Bank account for payouts", Due::PastDue)),
        "{to_do:?}"
    );
    assert!(
        to_do.contains(&("Accept Stripe’s terms of service", Due::PastDue)),
        "{to_do:?}"
    );
    assert_eq!(
        ours.dashboard_url, None,
        "the sandbox has no Stripe Dashboard"
    );

    let theirs_too = by_account(&all, &elsewhere);
    assert_eq!(theirs_too.merchant_id, None);
    assert_eq!(theirs_too.business_name, "Corner Shop LLC");
    assert_eq!(theirs_too.account_type, Some(AccountKind::Custom));
    // Identity given, terms and bank account overdue: limited, not pending.
    assert_eq!(theirs_too.status, AccountStatus::Restricted);
    assert_eq!(
        theirs_too
            .capabilities
            .iter()
            .map(|c| (c.label.as_str(), c.status.as_str()))
            .collect::<Vec<_>>(),
        [("Card payments", "inactive"), ("Transfers", "inactive")]
    );

    // Completed elsewhere: the next sync says so; Stripe's deletion removes it from the list.
    complete_through_the_api(&h, &elsewhere).await;
    let report = accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync again");
    assert_eq!((report.synced, report.added), (2, 0));
    let active = accounts.get(theirs_too.id).expect("get");
    assert_eq!(active.status, AccountStatus::Active);
    assert!(active.to_do.is_empty(), "{:?}", active.to_do);
    assert!(active.charges_enabled && active.payouts_enabled);

    let deleted = reqwest::Client::new()
        .delete(format!("{}/v1/accounts/{elsewhere}", h.sim.base_url()))
        .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
        .send()
        .await
        .expect("delete");
    assert!(deleted.status().is_success());
    let report = accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync after a deletion");
    assert_eq!((report.synced, report.removed), (1, 1));
    assert_code(accounts.get(active.id), ErrorCode::NotFound, None);

    // The list-query language: filters on the status and type keys, text, booleans.
    let pending = listed(
        &accounts,
        &ListQuery {
            filters: vec![
                eq("workspaceId", &h.workspace_id.to_string()),
                eq("status", "pending"),
            ],
            ..ListQuery::default()
        },
    );
    assert_eq!(pending.len(), 1);
    let restricted = listed(
        &accounts,
        &ListQuery {
            filters: vec![eq("status", "restricted")],
            ..ListQuery::default()
        },
    );
    assert!(restricted.is_empty());
}

#[tokio::test]
async fn cancel_stops_at_the_next_page_and_keeps_what_was_synced() {
    let h = Harness::start().await;
    let accounts = Accounts::new(&h.store).expect("accounts");
    for n in 0..230 {
        account_made_elsewhere(&h, &format!("Shop {n:03}")).await;
    }
    // Cancel, as the window's button does, once the first page is in.
    let seen: Arc<Mutex<Vec<ProgressUpdate>>> = Arc::default();
    let tasks_cell: Arc<OnceLock<Tasks>> = Arc::default();
    let tasks = {
        let (seen, cell) = (seen.clone(), tasks_cell.clone());
        Tasks::reporting_to(move |update| {
            if update.done >= 100 && !update.finished {
                if let Some(tasks) = cell.get() {
                    tasks.cancel(&update.task);
                }
            }
            seen.lock().expect("updates").push(update);
        })
    };
    assert!(tasks_cell.set(tasks.clone()).is_ok());
    let (progress, running) = tasks.start("sync:accounts:test".into(), "accounts");
    let report = accounts
        .sync(&h.ctx, h.workspace_id, &progress)
        .await
        .expect("cancelled sync");
    drop(running);
    assert!(report.cancelled);
    assert_eq!(
        (report.synced, report.requests, report.removed),
        (100, 1, 0)
    );
    assert_eq!(
        accounts
            .list(&in_workspace(h.workspace_id))
            .expect("list")
            .total_count,
        100
    );
    let updates: Vec<(u32, Option<u32>, bool, bool)> = seen
        .lock()
        .expect("updates")
        .iter()
        .map(|u| (u.done, u.total, u.finished, u.cancelled))
        .collect();
    assert_eq!(
        updates,
        [
            (0, None, false, false),
            (100, None, false, false),
            (100, None, true, true)
        ],
        "no total while Stripe's list has not ended"
    );
    assert_eq!(seen.lock().expect("updates")[0].noun, "accounts");

    // The next sync reads them all and knows the total at the end.
    seen.lock().expect("updates").clear();
    let quiet = Tasks::reporting_to({
        let seen = seen.clone();
        move |update| seen.lock().expect("updates").push(update)
    });
    let (progress, _running) = quiet.start("sync:accounts:again".into(), "accounts");
    let report = accounts
        .sync(&h.ctx, h.workspace_id, &progress)
        .await
        .expect("complete sync");
    assert_eq!(
        (report.synced, report.added, report.requests),
        (230, 130, 3)
    );
    let last = seen
        .lock()
        .expect("updates")
        .last()
        .cloned()
        .expect("an update");
    assert_eq!(
        (last.done, last.total, last.finished, last.cancelled),
        (230, Some(230), true, false)
    );
    assert_eq!(
        accounts
            .list(&in_workspace(h.workspace_id))
            .expect("list")
            .total_count,
        230
    );
}

#[tokio::test]
async fn a_shop_owner_sees_only_its_merchants_accounts() {
    let h = Harness::start().await;
    let accounts = Accounts::new(&h.store).expect("accounts");
    let own = h
        .onboarding
        .create(&h.ctx, h.input("merchant_own"))
        .await
        .expect("own");
    let other = h
        .onboarding
        .create(&h.ctx, h.input("merchant_other"))
        .await
        .expect("other");
    let elsewhere = account_made_elsewhere(&h, "Nobody's Shop").await;
    accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync as Admin");
    let all = listed(&accounts, &in_workspace(h.workspace_id));
    assert_eq!(all.len(), 3);
    let (other_id, elsewhere_id) = (
        by_account(&all, &other.account_id).id,
        by_account(&all, &elsewhere).id,
    );

    let operators =
        Operators::new(&h.store, Settings::open(&h.store).expect("settings")).expect("operators");
    let admin = operators
        .set_pin(operators.current().expect("admin").id, "1234")
        .expect("admin pin");
    let owner = operators
        .create(
            &admin,
            CreateOperator {
                display_name: "Olga".into(),
                grants: vec![Grant {
                    workspace_id: Some(h.workspace_id),
                    role: Role::ShopOwner,
                    merchant_ids: vec!["merchant_own".into()],
                }],
                pin: Some("9999".into()),
            },
        )
        .expect("shop owner");
    operators.switch(owner.id, Some("9999")).expect("switch");

    let seen = listed(&accounts, &in_workspace(h.workspace_id));
    assert_eq!(
        seen.iter()
            .map(|a| a.account_id.as_str())
            .collect::<Vec<_>>(),
        [own.account_id.as_str()]
    );
    assert_eq!(
        accounts
            .list(&in_workspace(h.workspace_id))
            .expect("list")
            .total_count,
        1
    );
    assert_code(accounts.get(other_id), ErrorCode::Forbidden, None);
    assert_code(accounts.get(elsewhere_id), ErrorCode::Forbidden, None);
    let dir = tempfile::tempdir().expect("exports");
    let file = accounts
        .export_to(&in_workspace(h.workspace_id), dir.path())
        .expect("export");
    assert_eq!(file.count, 1);
    let csv = std::fs::read_to_string(&file.path).expect("csv");
    assert!(
        csv.contains(&own.account_id) && !csv.contains(&other.account_id),
        "{csv}"
    );
    assert!(
        csv.starts_with("accountId,businessName,type,country,status,"),
        "{csv}"
    );
    // A shop owner may sync (as payments): the list still shows only its own.
    accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync as the shop owner");
    assert_eq!(listed(&accounts, &in_workspace(h.workspace_id)).len(), 1);
}

#[tokio::test]
async fn login_links_are_for_express_accounts_that_finished_onboarding() {
    let h = Harness::start().await;
    let accounts = Accounts::new(&h.store).expect("accounts");
    let express = h
        .onboarding
        .create(&h.ctx, h.input("merchant_express"))
        .await
        .expect("express");
    let custom = account_made_elsewhere(&h, "Custom Shop").await;
    accounts
        .sync(&h.ctx, h.workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync");
    let all = listed(&accounts, &in_workspace(h.workspace_id));
    let (express_id, custom_id) = (
        by_account(&all, &express.account_id).id,
        by_account(&all, &custom).id,
    );
    let err = assert_code(
        accounts.login_link(&h.ctx, custom_id).await,
        ErrorCode::InvalidValue,
        None,
    );
    assert!(
        err.message
            .contains("Custom accounts have no Stripe dashboard"),
        "{err:?}"
    );
    assert_code(
        accounts.login_link(&h.ctx, express_id).await,
        ErrorCode::AccountNotOnboarded,
        None,
    );

    // The merchant goes through the hosted pages; the link is made without another sync.
    let base = h.sim.base_url();
    let details = open_link(base, &express.url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    submit_step(base, &bank, BANK).await;
    let link = accounts
        .login_link(&h.ctx, express_id)
        .await
        .expect("login link");
    assert!(
        link.url.starts_with(&format!("{base}/connect/express/")),
        "{link:?}"
    );
    let refreshed = accounts.get(express_id).expect("get");
    assert_eq!(refreshed.status, AccountStatus::Active);
}
