//! Every command × every role, through the Desk as the window calls it. The expected answers are
//! written out here by hand from the role descriptions, not derived from the core's role
//! table, so a change to that table that lets a role do more (or less) fails this test.
//!
//! "Allowed" means the core did not answer `forbidden` (the call may still fail for another
//! reason, e.g. a workspace deleted earlier in the run); "forbidden" means it answered exactly
//! that, and the store did not change.

#[path = "support/commands.rs"]
mod commands;

use connectdesk_core::operators::Role;
use connectdesk_core::webhooks::inbox::{EventSource, Received};
use connectdesk_core::{Desk, ErrorCode};
use connectdesk_secrets::NoKeyring;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// `A`llowed or `F`orbidden, for Shop owner, Support, Payments admin, Admin (in that order).
/// A `/suffix` names a second case of one command (another merchant's entry, say).
const MATRIX: &[(&str, [char; 4])] = &[
    ("get_app_status", ['A', 'A', 'A', 'A']),
    ("unlock_secrets", ['A', 'A', 'A', 'A']),
    ("open_external_link", ['A', 'A', 'A', 'A']),
    ("get_sandbox_account", ['A', 'A', 'A', 'A']),
    ("list_roles", ['A', 'A', 'A', 'A']),
    ("list_switch_targets", ['A', 'A', 'A', 'A']),
    ("list_workspaces", ['A', 'A', 'A', 'A']),
    ("set_active_workspace", ['A', 'A', 'A', 'A']),
    ("count_open_operations", ['A', 'A', 'A', 'A']),
    ("get_onboarding_choices", ['A', 'A', 'A', 'A']),
    ("list_onboarding", ['A', 'A', 'A', 'A']),
    ("get_onboarding", ['A', 'A', 'A', 'A']),
    ("get_onboarding/other-merchant", ['F', 'A', 'A', 'A']),
    ("check_onboarding_form", ['A', 'F', 'F', 'A']),
    ("check_onboarding_form/other-merchant", ['F', 'F', 'F', 'A']),
    ("create_onboarding", ['A', 'F', 'F', 'A']),
    ("create_onboarding/other-merchant", ['F', 'F', 'F', 'A']),
    ("act_on_onboarding", ['A', 'F', 'F', 'A']),
    ("act_on_onboarding/other-merchant", ['F', 'F', 'F', 'A']),
    ("renew_expired_onboarding_link", ['A', 'F', 'F', 'A']),
    ("sync_onboarding", ['F', 'F', 'F', 'A']),
    ("list_payments", ['A', 'A', 'A', 'A']),
    ("export_payments", ['A', 'A', 'A', 'A']),
    ("list_refund_limits", ['A', 'A', 'A', 'A']),
    ("set_refund_limit", ['F', 'F', 'F', 'A']),
    ("get_payment", ['A', 'A', 'A', 'A']),
    ("get_payment/other-merchant", ['F', 'A', 'A', 'A']),
    ("sync_payments", ['A', 'A', 'A', 'A']),
    ("create_payment", ['F', 'F', 'A', 'A']),
    ("create_payment/fee-override", ['F', 'F', 'F', 'A']),
    ("confirm_test_payment", ['F', 'F', 'A', 'A']),
    ("capture_payment", ['F', 'F', 'A', 'A']),
    ("refund_payment", ['F', 'F', 'A', 'A']),
    ("cancel_payment", ['F', 'F', 'A', 'A']),
    ("list_accounts", ['A', 'A', 'A', 'A']),
    ("get_account", ['A', 'A', 'A', 'A']),
    ("get_account/other-merchant", ['F', 'A', 'A', 'A']),
    // An account created outside ConnectDesk belongs to no merchant.
    ("get_account/unowned", ['F', 'A', 'A', 'A']),
    ("sync_accounts", ['A', 'A', 'A', 'A']),
    ("export_accounts", ['A', 'A', 'A', 'A']),
    ("account_login_link", ['A', 'F', 'F', 'A']),
    ("account_login_link/other-merchant", ['F', 'F', 'F', 'A']),
    ("cancel_task", ['A', 'A', 'A', 'A']),
    ("list_transfers", ['A', 'A', 'A', 'A']),
    ("get_transfer", ['A', 'A', 'A', 'A']),
    ("get_transfer/other-merchant", ['F', 'A', 'A', 'A']),
    ("sync_transfers", ['A', 'A', 'A', 'A']),
    ("export_transfers", ['A', 'A', 'A', 'A']),
    ("create_transfer", ['F', 'F', 'A', 'A']),
    ("reverse_transfer", ['F', 'F', 'A', 'A']),
    ("get_balance", ['F', 'A', 'A', 'A']),
    ("get_balance/own-account", ['A', 'A', 'A', 'A']),
    ("get_balance/other-merchant", ['F', 'A', 'A', 'A']),
    ("list_payouts", ['A', 'A', 'A', 'A']),
    ("get_payout_choices", ['A', 'A', 'A', 'A']),
    ("get_payout", ['A', 'A', 'A', 'A']),
    ("get_payout/other-merchant", ['F', 'A', 'A', 'A']),
    ("sync_payouts", ['A', 'A', 'A', 'A']),
    ("sync_payouts/other-merchant", ['F', 'A', 'A', 'A']),
    ("get_payout_schedule", ['A', 'A', 'A', 'A']),
    ("get_payout_schedule/other-merchant", ['F', 'A', 'A', 'A']),
    ("get_balance_history", ['A', 'A', 'A', 'A']),
    ("get_balance_history/platform", ['F', 'A', 'A', 'A']),
    ("update_payout_schedule", ['F', 'F', 'A', 'A']),
    ("cancel_payout", ['F', 'F', 'A', 'A']),
    ("create_payout", ['F', 'F', 'A', 'A']),
    ("get_dispute_choices", ['A', 'A', 'A', 'A']),
    ("list_disputes", ['F', 'A', 'A', 'A']),
    ("export_disputes", ['F', 'A', 'A', 'A']),
    ("open_dispute", ['F', 'A', 'A', 'A']),
    ("sync_disputes", ['F', 'A', 'A', 'A']),
    ("dispute_notices", ['F', 'A', 'A', 'A']),
    ("save_dispute_evidence", ['F', 'A', 'F', 'A']),
    ("choose_dispute_file", ['F', 'A', 'F', 'A']),
    // Last of the disputes: it closes the dispute.
    ("accept_dispute", ['F', 'A', 'F', 'A']),
    ("get_sandbox_clock", ['A', 'A', 'A', 'A']),
    ("advance_sandbox_clock", ['F', 'F', 'F', 'A']),
    ("list_connections", ['F', 'A', 'A', 'A']),
    ("get_connection", ['F', 'A', 'A', 'A']),
    ("create_connection", ['F', 'F', 'F', 'A']),
    ("update_connection", ['F', 'F', 'F', 'A']),
    ("test_connection", ['F', 'F', 'F', 'A']),
    ("test_draft_connection", ['F', 'F', 'F', 'A']),
    ("set_active_connection", ['F', 'F', 'F', 'A']),
    ("export_connections", ['F', 'F', 'F', 'A']),
    ("rotate_webhook_secret", ['F', 'F', 'F', 'A']),
    ("issue_forwarding_secret", ['F', 'F', 'F', 'A']),
    ("list_events", ['F', 'A', 'A', 'A']),
    ("open_event", ['F', 'A', 'A', 'A']),
    ("list_refused_webhooks", ['F', 'A', 'A', 'A']),
    ("resend_event", ['F', 'F', 'F', 'A']),
    ("set_connection_active", ['F', 'F', 'F', 'A']),
    ("save_fee_schedule", ['F', 'F', 'F', 'A']),
    ("list_fee_schedules", ['F', 'A', 'A', 'A']),
    ("get_fee_schedule", ['F', 'A', 'A', 'A']),
    ("preview_fee", ['F', 'A', 'A', 'A']),
    ("list_operations", ['F', 'F', 'A', 'A']),
    ("retry_operation", ['F', 'F', 'A', 'A']),
    ("resolve_operation", ['F', 'F', 'A', 'A']),
    ("list_audit", ['F', 'F', 'F', 'A']),
    ("verify_audit", ['F', 'F', 'F', 'A']),
    ("export_audit", ['F', 'F', 'F', 'A']),
    ("list_operators", ['F', 'F', 'F', 'A']),
    ("create_operator", ['F', 'F', 'F', 'A']),
    ("rename_operator", ['F', 'F', 'F', 'A']),
    ("set_operator_pin", ['F', 'F', 'F', 'A']),
    ("set_operator_roles", ['F', 'F', 'F', 'A']),
    ("set_operator_active", ['F', 'F', 'F', 'A']),
    ("set_sandbox_enabled", ['F', 'F', 'F', 'A']),
    ("set_operation_retention_days", ['F', 'F', 'F', 'A']),
    ("set_webhook_port", ['F', 'F', 'F', 'A']),
    ("create_workspace", ['F', 'F', 'F', 'A']),
    ("rename_workspace", ['F', 'F', 'F', 'A']),
    ("preview_workspace_delete", ['F', 'F', 'F', 'A']),
    ("delete_fee_schedule", ['F', 'F', 'F', 'A']),
    ("delete_onboarding", ['F', 'F', 'F', 'A']),
    ("delete_connection", ['F', 'F', 'F', 'A']),
    ("delete_workspace", ['F', 'F', 'F', 'A']),
    // Last: it changes who is acting.
    ("switch_operator", ['A', 'A', 'A', 'A']),
];

/// The audit record each allowed change leaves (exactly one); every other allowed case leaves
/// none, and every refused case leaves one `refused` record.
const AUDITED: &[(&str, &str)] = &[
    ("unlock_secrets", "vault.unlock"),
    ("sync_payments", "payment.sync"),
    ("export_payments", "payment.export"),
    ("set_refund_limit", "payment.setRefundLimit"),
    ("create_payment", "payment.create"),
    ("sync_accounts", "account.sync"),
    ("export_accounts", "account.export"),
    ("account_login_link", "account.loginLink"),
    ("account_login_link/other-merchant", "account.loginLink"),
    ("create_payment/fee-override", "payment.create"),
    ("confirm_test_payment", "payment.confirm"),
    ("capture_payment", "payment.capture"),
    ("refund_payment", "payment.refund"),
    ("cancel_payment", "payment.cancel"),
    ("sync_transfers", "transfer.sync"),
    ("export_transfers", "transfer.export"),
    ("create_transfer", "transfer.create"),
    ("reverse_transfer", "transfer.reverse"),
    ("sync_payouts", "payout.sync"),
    ("sync_payouts/other-merchant", "payout.sync"),
    ("update_payout_schedule", "payoutSchedule.update"),
    ("cancel_payout", "payout.cancel"),
    ("create_payout", "payout.create"),
    ("advance_sandbox_clock", "sandbox.advanceClock"),
    ("export_disputes", "dispute.export"),
    ("sync_disputes", "dispute.sync"),
    ("save_dispute_evidence", "dispute.saveEvidence"),
    ("choose_dispute_file", "dispute.uploadFile"),
    ("accept_dispute", "dispute.accept"),
    ("create_onboarding", "onboarding.create"),
    ("create_onboarding/other-merchant", "onboarding.create"),
    ("act_on_onboarding", "onboarding.finish"),
    ("act_on_onboarding/other-merchant", "onboarding.finish"),
    ("sync_onboarding", "onboarding.sync"),
    ("create_connection", "connection.create"),
    ("update_connection", "connection.update"),
    ("test_connection", "connection.test"),
    ("test_draft_connection", "connection.testDraft"),
    ("set_active_connection", "connection.choose"),
    ("export_connections", "connection.export"),
    ("rotate_webhook_secret", "connection.rotateWebhookSecret"),
    (
        "issue_forwarding_secret",
        "connection.issueForwardingSecret",
    ),
    ("resend_event", "event.resend"),
    ("export_audit", "audit.export"),
    ("set_connection_active", "connection.setActive"),
    ("retry_operation", "operation.retry"),
    ("resolve_operation", "operation.resolve"),
    ("create_operator", "operator.create"),
    ("rename_operator", "operator.rename"),
    ("set_operator_pin", "operator.setPin"),
    ("set_operator_roles", "operator.setRoles"),
    ("set_operator_active", "operator.setActive"),
    ("set_sandbox_enabled", "settings.sandbox"),
    (
        "set_operation_retention_days",
        "settings.operationRetention",
    ),
    ("set_webhook_port", "settings.webhookPort"),
    ("create_workspace", "workspace.create"),
    ("rename_workspace", "workspace.rename"),
    ("save_fee_schedule", "fees.save"),
    ("delete_fee_schedule", "fees.delete"),
    ("delete_onboarding", "onboarding.delete"),
    ("delete_connection", "connection.delete"),
    ("delete_workspace", "workspace.delete"),
    ("switch_operator", "operator.switch"),
];

const ROLES: [Role; 4] = [
    Role::ShopOwner,
    Role::Support,
    Role::PaymentsAdmin,
    Role::Admin,
];
const OWN: &str = "m-own";
const OTHER: &str = "m-other";
const ADMIN_PIN: &str = "1111";
const TESTER_PIN: &str = "2222";
const PASSPHRASE: &str = "a long passphrase for the matrix";

/// A data directory with a workspace, a connection, an entry for each merchant, a spare
/// operator, and the operator under test (holding `role` in the workspace) acting.
struct World {
    _dir: tempfile::TempDir,
    desk: Desk,
    rt: tokio::runtime::Runtime,
    workspace: u64,
    biz_id: String,
    /// The connection's numeric id, as the receiver's path and the Events section name it.
    connection_id: u64,
    /// An event of that connection in the inbox.
    event: u64,
    own_entry: u64,
    other_entry: u64,
    own_account: String,
    own_payment: u64,
    own_pending: u64,
    other_payment: u64,
    /// Stored connected accounts: the two merchants' and one made outside ConnectDesk.
    own_account_id: u64,
    other_account_id: u64,
    unowned_account_id: u64,
    other_account: String,
    own_transfer: u64,
    other_transfer: u64,
    own_payout: u64,
    /// The dispute of a payment of the own merchant (Stripe's disputed test card).
    own_dispute: u64,
    other_payout: u64,
    operation: u64,
    admin: u64,
    spare: u64,
}

impl World {
    fn new(role: Role) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = Desk::open(dir.path().join("data"), &NoKeyring).expect("desk");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let mut world = World {
            _dir: dir,
            desk,
            rt,
            workspace: 0,
            biz_id: String::new(),
            connection_id: 0,
            event: 0,
            own_entry: 0,
            other_entry: 0,
            own_account: String::new(),
            own_payment: 0,
            own_pending: 0,
            other_payment: 0,
            own_account_id: 0,
            other_account_id: 0,
            unowned_account_id: 0,
            other_account: String::new(),
            own_transfer: 0,
            other_transfer: 0,
            own_payout: 0,
            own_dispute: 0,
            other_payout: 0,
            operation: 0,
            admin: 0,
            spare: 0,
        };
        let status = world.ok("get_app_status", json!({}));
        world.admin = status["operator"]["id"].as_u64().expect("admin id");
        world.ok(
            "unlock_secrets",
            json!({ "input": { "passphrase": PASSPHRASE } }),
        );
        world.workspace = world.ok("create_workspace", json!({ "input": { "name": "Main" } }))
            ["id"]
            .as_u64()
            .expect("workspace id");
        let connection = world.ok("create_connection", world.connection_input());
        world.biz_id = connection["bizId"].as_str().expect("bizId").to_string();
        world.connection_id = connection["id"].as_u64().expect("connection id");
        world.event = world.received_event();
        let (own_entry, own_account) = world.onboarded(OWN);
        let (other_entry, other_account) = world.onboarded(OTHER);
        (world.own_entry, world.other_entry) = (own_entry, other_entry);
        world.own_payment = world.payment(&own_account, true);
        world.own_pending = world.payment(&own_account, false);
        world.other_payment = world.payment(&other_account, true);
        let unowned = world.account_made_elsewhere();
        world.ok(
            "sync_accounts",
            json!({ "workspaceId": world.workspace, "task": "sync:accounts:matrix" }),
        );
        world.own_account_id = world.stored_account(&own_account);
        world.other_account_id = world.stored_account(&other_account);
        world.unowned_account_id = world.stored_account(&unowned);
        world.fund_platform();
        world.own_transfer = world.transfer(&own_account);
        world.other_transfer = world.transfer(&other_account);
        [world.own_payout, world.other_payout] = world.payouts([&own_account, &other_account]);
        world.own_dispute = world.dispute(&own_account);
        world.own_account = own_account;
        world.other_account = other_account;
        world.operation = world.first_operation();
        world.ok(
            "set_operator_pin",
            json!({ "id": world.admin, "pin": ADMIN_PIN }),
        );
        world.spare = world.add_operator("Spare", Role::Support, TESTER_PIN);
        let tester = world.add_operator("Tess", role, TESTER_PIN);
        world.ok(
            "switch_operator",
            json!({ "id": tester, "pin": TESTER_PIN }),
        );
        world
    }

    /// A Custom account whose merchant finished onboarding, so it can take payments.
    fn onboarded(&self, merchant: &str) -> (u64, String) {
        let link = self.ok("create_onboarding", self.onboarding_input(merchant));
        let account = link["accountId"].as_str().expect("account id").to_string();
        let base = self.sandbox_base();
        let form = [
            ("company[name]", "Shop LLC"),
            ("business_profile[mcc]", "5812"),
            ("business_profile[url]", "https://shop.example"),
            ("tos_acceptance[date]", "1700000000"),
            ("tos_acceptance[ip]", "203.0.113.7"),
            ("external_account[object]", "bank_account"),
            ("external_account[country]", "US"),
            ("external_account[currency]", "usd"),
            ("external_account[routing_number]", "110000000"),
            ("external_account[account_number]", "000123456789"),
        ];
        let status = self.rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{base}/v1/accounts/{account}"))
                .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
                .form(&form)
                .send()
                .await
                .expect("the sandbox answers")
                .status()
        });
        assert!(status.is_success(), "completing {account}: {status}");
        let entry = link["entryId"].as_u64().expect("entry id");
        let finished = self.ok(
            "act_on_onboarding",
            json!({ "action": "finish", "id": entry.to_string() }),
        );
        assert_eq!(finished["result"]["chargesEnabled"], true, "{finished}");
        (entry, account)
    }

    fn sandbox_base(&self) -> String {
        self.desk
            .status()
            .expect("status")
            .sandbox_url
            .expect("sandbox")
    }

    /// A Custom account created on the sandbox directly, as another tool would.
    fn account_made_elsewhere(&self) -> String {
        let form = [
            ("type", "custom"),
            ("country", "US"),
            ("capabilities[transfers][requested]", "true"),
        ];
        let answer: Value = self.rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{}/v1/accounts", self.sandbox_base()))
                .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
                .form(&form)
                .send()
                .await
                .expect("the sandbox answers")
                .json()
                .await
                .expect("JSON")
        });
        answer["id"].as_str().expect("account id").to_string()
    }

    /// The stored record of a synced account.
    fn stored_account(&self, account: &str) -> u64 {
        let page = self.ok(
            "list_accounts",
            json!({ "query": { "size": "1", "pageToken": null, "sort": null,
                "filters": [{ "field": "accountId", "op": "eq", "value": account }] } }),
        );
        page["items"][0]["id"].as_u64().expect("a synced account")
    }

    /// A payment with an Admin's own fee (the matrix has no fee rules); paid when `pay`.
    fn payment(&self, account: &str, pay: bool) -> u64 {
        let created = self.ok("create_payment", self.payment_input(account, true));
        let id = created["payment"]["id"].as_u64().expect("payment id");
        if pay {
            self.ok(
                "confirm_test_payment",
                json!({ "id": id, "card": "succeeds" }),
            );
        }
        id
    }

    /// A payment of `account` paid with Stripe's disputed test card, its dispute synced.
    fn dispute(&self, account: &str) -> u64 {
        let payment = self.payment(account, false);
        self.ok(
            "confirm_test_payment",
            json!({ "id": payment, "card": "disputed" }),
        );
        self.ok(
            "sync_disputes",
            json!({ "workspaceId": self.workspace, "task": "sync:disputes" }),
        );
        let page = self.ok(
            "list_disputes",
            json!({ "query": { "size": "1", "pageToken": null, "sort": "id:desc", "filters": [] } }),
        );
        page["items"][0]["id"].as_u64().expect("dispute id")
    }

    /// USD available on the sandbox's platform at once, for transfers (Stripe's test card
    /// `pm_card_bypassPending`).
    fn fund_platform(&self) {
        let base = self
            .desk
            .status()
            .expect("status")
            .sandbox_url
            .expect("sandbox");
        let form = [
            ("amount", "100000"),
            ("currency", "usd"),
            ("confirm", "true"),
            ("payment_method", "pm_card_bypassPending"),
        ];
        let status = self.rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{base}/v1/payment_intents"))
                .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
                .form(&form)
                .send()
                .await
                .expect("the sandbox answers")
                .status()
        });
        assert!(status.is_success(), "funding the platform: {status}");
    }

    fn transfer(&self, account: &str) -> u64 {
        self.ok("create_transfer", self.transfer_input(account))["id"]
            .as_u64()
            .expect("transfer id")
    }

    fn transfer_input(&self, account: &str) -> Value {
        json!({ "input": {
            "workspaceId": self.workspace,
            "accountId": account,
            "amount": "20.00",
            "currency": "usd",
        }})
    }

    /// A pending manual payout of each account's paid-in funds: their schedules set to manual
    /// and the sandbox's clock moved past the payout delay, so the funds are available.
    fn payouts(&self, accounts: [&str; 2]) -> [u64; 2] {
        for account in accounts {
            self.ok("update_payout_schedule", self.schedule_input(account));
        }
        self.ok("advance_sandbox_clock", json!({ "hours": 72 }));
        accounts.map(|account| {
            let payout = self.ok(
                "create_payout",
                json!({ "input": { "workspaceId": self.workspace, "accountId": account,
                    "amount": "1.00", "currency": "usd" } }),
            );
            payout["id"].as_u64().expect("payout id")
        })
    }

    fn schedule_input(&self, account: &str) -> Value {
        json!({ "input": { "workspaceId": self.workspace, "accountId": account,
            "interval": "manual", "delayDays": "2" } })
    }

    fn account_ref(&self, account: &str) -> Value {
        json!({ "account": { "workspaceId": self.workspace, "accountId": account } })
    }

    fn payment_input(&self, account: &str, fee_override: bool) -> Value {
        let fee = fee_override.then(|| json!({ "amount": "1.00", "reason": "Matrix" }));
        json!({ "input": {
            "workspaceId": self.workspace,
            "accountId": account,
            "amount": "25.00",
            "currency": "usd",
            "feeOverride": fee,
        }})
    }

    /// A `payout.paid` event as the receiver would store it for the connection.
    fn received_event(&self) -> u64 {
        let body = json!({ "id": "evt_matrix_1", "object": "event", "type": "payout.paid",
            "created": 1_700_000_000, "data": { "object": { "id": "po_matrix", "object": "payout" } } });
        let received = self
            .desk
            .events()
            .inbox()
            .receive(
                self.connection_id,
                body.to_string().as_bytes(),
                EventSource::Receiver,
            )
            .expect("the inbox takes the event");
        match received {
            Received::New(event) => event.id,
            Received::Duplicate => panic!("the matrix's event was there already"),
        }
    }

    fn first_operation(&self) -> u64 {
        let page = self.ok(
            "list_operations",
            json!({ "query": { "size": "1", "pageToken": null, "sort": null, "filters": [] } }),
        );
        page["items"][0]["id"].as_u64().expect("an operation")
    }

    fn add_operator(&self, name: &str, role: Role, pin: &str) -> u64 {
        // Admins hold their role for every workspace, as the first Admin does; the others for
        // the one workspace.
        let workspace = (role != Role::Admin).then_some(self.workspace);
        let merchants: Vec<&str> = if role == Role::ShopOwner {
            vec![OWN]
        } else {
            Vec::new()
        };
        let created = self.ok(
            "create_operator",
            json!({ "input": {
                "displayName": name,
                "grants": [{ "workspaceId": workspace, "role": role, "merchantIds": merchants }],
                "pin": pin,
            }}),
        );
        created["id"].as_u64().expect("operator id")
    }

    fn connection_input(&self) -> Value {
        json!({ "input": {
            "workspaceId": self.workspace,
            "connectionName": "Sandbox platform",
            "auth": { "scheme": "apiKey", "apiKey": "sk_test_51MatrixKey000000000001" },
        }})
    }

    fn onboarding_input(&self, merchant: &str) -> Value {
        json!({ "input": {
            "workspaceId": self.workspace,
            "merchantId": merchant,
            "accountType": "custom",
            "country": "US",
            "email": format!("{merchant}@shop.example"),
            "businessType": "company",
            "businessProfile": { "name": "Shop", "mcc": null, "url": null },
            "returnUrl": "https://platform.example/return",
            "refreshUrl": "https://platform.example/refresh",
        }})
    }

    fn call(&self, command: &str, args: Value) -> Result<Value, connectdesk_core::CoreError> {
        let exports = self._dir.path().join("exports");
        std::fs::create_dir_all(&exports).expect("exports dir");
        let now = OffsetDateTime::now_utc();
        self.rt.block_on(commands::dispatch(
            &self.desk, &exports, now, command, &args,
        ))
    }

    fn ok(&self, command: &str, args: Value) -> Value {
        self.call(command, args.clone())
            .unwrap_or_else(|err| panic!("{command} {args}: {err:?}"))
    }

    /// The arguments of one matrix case, as the UI sends them.
    fn args(&self, case: &str) -> Value {
        let page = json!({ "size": "50", "pageToken": null, "sort": null,
            "filters": [{ "field": "workspaceId", "op": "eq", "value": self.workspace.to_string() }] });
        let (ws, biz, own, other) = (
            self.workspace,
            self.biz_id.as_str(),
            self.own_entry.to_string(),
            self.other_entry.to_string(),
        );
        match case {
            "get_app_status"
            | "get_sandbox_account"
            | "list_roles"
            | "list_switch_targets"
            | "count_open_operations"
            | "get_onboarding_choices"
            | "verify_audit" => json!({}),
            "unlock_secrets" => json!({ "input": { "passphrase": PASSPHRASE } }),
            "open_external_link" => json!({ "url": "https://dashboard.stripe.com/test/connect" }),
            "list_workspaces" | "list_audit" | "list_operators" | "list_operations"
            | "export_audit" => {
                json!({ "query": { "size": "50", "pageToken": null, "sort": null, "filters": [] } })
            }
            "list_onboarding" | "list_connections" | "list_payments" | "export_payments"
            | "list_accounts" | "export_accounts" | "list_payouts" => json!({ "query": page }),
            "get_account" => json!({ "id": self.own_account_id }),
            "get_account/other-merchant" => json!({ "id": self.other_account_id }),
            "get_account/unowned" => json!({ "id": self.unowned_account_id }),
            "sync_accounts" => json!({ "workspaceId": ws, "task": "sync:accounts:1" }),
            "account_login_link" => json!({ "id": self.own_account_id }),
            "account_login_link/other-merchant" => json!({ "id": self.other_account_id }),
            "cancel_task" => json!({ "task": "sync:accounts:1" }),
            "get_payout" | "cancel_payout" => json!({ "id": self.own_payout }),
            "get_payout/other-merchant" => json!({ "id": self.other_payout }),
            "sync_payouts" => json!({ "input": { "workspaceId": ws }, "task": "sync:payouts" }),
            "sync_payouts/other-merchant" => json!({
                "input": { "workspaceId": ws, "accountId": self.other_account },
                "task": "sync:payouts",
            }),
            "get_payout_schedule" => self.account_ref(&self.own_account),
            "get_payout_schedule/other-merchant" => self.account_ref(&self.other_account),
            "update_payout_schedule" => self.schedule_input(&self.own_account),
            "create_payout" => json!({ "input": { "workspaceId": ws,
                "accountId": self.own_account, "amount": "1.00", "currency": "usd" } }),
            "get_balance_history" => json!({ "query": { "workspaceId": ws,
                "accountId": self.own_account, "days": 7 } }),
            "get_balance_history/platform" => json!({ "query": { "workspaceId": ws, "days": 7 } }),
            "get_sandbox_clock" | "get_payout_choices" | "get_dispute_choices" => json!({}),
            "list_disputes" | "export_disputes" => json!({ "query": page }),
            "open_dispute" | "accept_dispute" => json!({ "id": self.own_dispute }),
            "sync_disputes" => json!({ "workspaceId": ws, "task": "sync:disputes" }),
            "dispute_notices" => json!({ "workspaceId": ws }),
            "save_dispute_evidence" => {
                // The version as the window read it; a shop owner cannot read it (and asking
                // would leave a refusal of its own), and is refused before it matters.
                let operator = self.desk.status().expect("status").operator;
                let reads = operator.grants.iter().any(|g| g.role != Role::ShopOwner);
                let version = if reads {
                    let now = self.desk.stripe_now().expect("now");
                    self.desk
                        .disputes()
                        .get(self.own_dispute, now)
                        .map(|d| d.version)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                json!({ "input": { "id": self.own_dispute, "version": version,
                    "evidence": { "customer_name": "Jenny Rosen" }, "submit": false } })
            }
            "choose_dispute_file" => {
                let path = self._dir.path().join("receipt.pdf");
                std::fs::write(&path, b"%PDF-1.4 receipt").expect("evidence file");
                json!({ "id": self.own_dispute, "field": "receipt", "dialogAnswer": path })
            }
            "advance_sandbox_clock" => json!({ "hours": 1 }),
            "get_payment" => json!({ "id": self.own_payment }),
            "get_payment/other-merchant" => json!({ "id": self.other_payment }),
            "sync_payments" | "list_refund_limits" => json!({ "workspaceId": ws }),
            "set_refund_limit" => {
                json!({ "input": { "workspaceId": ws, "currency": "usd", "amount": "5.00" } })
            }
            "create_payment" => self.payment_input(&self.own_account, false),
            "create_payment/fee-override" => self.payment_input(&self.own_account, true),
            "confirm_test_payment" => json!({ "id": self.own_pending, "card": "succeeds" }),
            "capture_payment" => json!({ "input": { "id": self.own_pending } }),
            "refund_payment" => json!({ "input": { "id": self.own_payment, "amount": "1.00" } }),
            "cancel_payment" => json!({ "id": self.own_pending }),
            "list_transfers" | "export_transfers" => json!({ "query": page }),
            "get_transfer" => json!({ "id": self.own_transfer }),
            "get_transfer/other-merchant" => json!({ "id": self.other_transfer }),
            "sync_transfers" => json!({ "workspaceId": ws, "task": "sync:transfers:1" }),
            "create_transfer" => self.transfer_input(&self.own_account),
            "reverse_transfer" => {
                json!({ "input": { "id": self.own_transfer, "amount": "1.00" } })
            }
            "get_balance" => json!({ "workspaceId": ws, "accountId": null }),
            "get_balance/own-account" => {
                json!({ "workspaceId": ws, "accountId": self.own_account })
            }
            "get_balance/other-merchant" => {
                json!({ "workspaceId": ws, "accountId": self.other_account })
            }
            "set_active_workspace" | "preview_workspace_delete" | "delete_workspace" => {
                json!({ "id": ws })
            }
            "get_onboarding" | "delete_onboarding" | "renew_expired_onboarding_link" => {
                json!({ "id": own })
            }
            "get_onboarding/other-merchant" => json!({ "id": other }),
            "check_onboarding_form" | "create_onboarding" => self.onboarding_input("m-own"),
            "check_onboarding_form/other-merchant" | "create_onboarding/other-merchant" => {
                self.onboarding_input("m-someone-else")
            }
            "act_on_onboarding" => json!({ "action": "finish", "id": own }),
            "act_on_onboarding/other-merchant" => json!({ "action": "finish", "id": other }),
            "sync_onboarding" => json!({ "workspaceId": ws }),
            "get_connection" | "test_connection" | "delete_connection" => json!({ "bizId": biz }),
            "create_connection" => self.connection_input(),
            "update_connection" => {
                json!({ "input": { "bizId": biz, "connectionName": "Renamed platform" } })
            }
            "test_draft_connection" => {
                json!({ "input": { "bizId": biz, "auth": { "scheme": "apiKey" } } })
            }
            "set_active_connection" => json!({ "workspaceId": ws, "bizId": biz }),
            "export_connections" => json!({ "workspaceId": ws }),
            "rotate_webhook_secret" => json!({ "input": { "bizId": biz,
                "webhookSecret": "whsec_matrixRotated0000000000000001",
                "keepPreviousUntil": OffsetDateTime::now_utc().date().to_string() } }),
            "issue_forwarding_secret" => json!({ "bizId": biz }),
            "list_events" | "list_refused_webhooks" => json!({ "connectionId": self.connection_id,
                "query": { "size": "50", "pageToken": null, "sort": null, "filters": [] } }),
            "open_event" | "resend_event" => json!({ "id": self.event }),
            "set_connection_active" => json!({ "bizId": biz, "active": false }),
            "list_fee_schedules" => json!({ "workspaceId": ws }),
            "get_fee_schedule" | "delete_fee_schedule" => {
                json!({ "workspaceId": ws, "currency": "usd" })
            }
            "save_fee_schedule" => json!({ "input": {
                "workspaceId": ws,
                "currency": "usd",
                "defaultFeePercent": "2.9",
                "defaultFeeFixed": "30",
                "feeTiers": [
                    { "volumeMin": "0", "volumeMax": "10000", "feePercent": "3", "feeFixed": "30" },
                    { "volumeMin": "10001", "volumeMax": null, "feePercent": "2.5", "feeFixed": "25" },
                ],
                "perMerchantOverrides": [
                    { "merchantId": OWN, "feePercent": "2", "feeFixed": "20", "reason": "Enterprise agreement" },
                ],
            }}),
            "preview_fee" => json!({ "input": {
                "workspaceId": ws, "currency": "usd", "merchantId": OWN, "amount": "25.00",
            }}),
            "retry_operation" => json!({ "id": self.operation }),
            "resolve_operation" => json!({ "id": self.operation, "note": "Checked at Stripe." }),
            "create_operator" => json!({ "input": {
                "displayName": "Newcomer",
                "grants": [{ "workspaceId": ws, "role": "support", "merchantIds": [] }],
                "pin": "3333",
            }}),
            "rename_operator" => json!({ "id": self.spare, "displayName": "Spare two" }),
            "set_operator_pin" => json!({ "id": self.spare, "pin": "4444" }),
            "set_operator_roles" => json!({ "id": self.spare,
                "grants": [{ "workspaceId": ws, "role": "paymentsAdmin", "merchantIds": [] }] }),
            "set_operator_active" => json!({ "id": self.spare, "active": false }),
            "set_sandbox_enabled" => json!({ "enabled": true }),
            "set_operation_retention_days" => json!({ "days": "30" }),
            "set_webhook_port" => json!({ "port": "47822" }),
            "create_workspace" => json!({ "input": { "name": "Second" } }),
            "rename_workspace" => json!({ "input": { "id": ws, "name": "Main renamed" } }),
            "switch_operator" => json!({ "id": self.admin, "pin": ADMIN_PIN }),
            other => panic!("no arguments written for {other}"),
        }
    }

    /// What a refused call must leave alone, read through the core's unchecked reads.
    fn fingerprint(&self) -> Value {
        let status = self.desk.status().expect("status");
        let operators = self.desk.guard().operators();
        let query = connectdesk_core::query::ListQuery::default();
        json!({
            "status": serde_json::to_value(&status).expect("json"),
            "workspace": self.desk.workspaces().get(self.workspace).ok().map(|w| w.name),
            "connection": self.desk.connections().in_use(self.workspace).expect("in use")
                .map(|c| (c.biz_id, c.connection_name, c.status_name)),
            "operators": serde_json::to_value(operators.list(&query).expect("operators").items).expect("json"),
            "operations": serde_json::to_value(self.desk.journal().list(&query).expect("journal").items).expect("json"),
            "fees": serde_json::to_value(self.desk.fees().rules_for(self.workspace, "usd").expect("fees")).expect("json"),
        })
    }
}

impl World {
    /// The newest audit records, newest first (the acting operator must be an Admin).
    fn audit(&self, size: usize) -> (u64, Vec<Value>) {
        let page = self.ok(
            "list_audit",
            json!({ "query": { "size": size.to_string(), "pageToken": null, "sort": "id:desc", "filters": [] } }),
        );
        let items = page["items"].as_array().cloned().unwrap_or_default();
        (page["totalCount"].as_u64().expect("total"), items)
    }
}

#[test]
fn every_command_is_gated_for_every_role_as_the_roles_are_described() {
    let mut wrong = Vec::new();
    for (column, role) in ROLES.into_iter().enumerate() {
        let world = World::new(role);
        let tester = world.desk.status().expect("status").operator.id;
        for (case, expected) in MATRIX {
            let command = case.split('/').next().expect("command name");
            let before = world.fingerprint();
            let audited_before = (role == Role::Admin).then(|| world.audit(1).0);
            let answer = world.call(command, world.args(case));
            if let Some(count) = audited_before {
                let (now, newest) = world.audit(2);
                let want = AUDITED.iter().find(|(c, _)| c == case).map(|(_, a)| *a);
                let got: Vec<&str> = newest
                    .iter()
                    .take((now - count) as usize)
                    .filter_map(|r| r["action"].as_str())
                    .collect();
                if got != want.into_iter().collect::<Vec<_>>() {
                    wrong.push(format!(
                        "Admin {case}: audit records {got:?}, expected {want:?}"
                    ));
                }
            }
            let forbidden = matches!(&answer, Err(err) if err.code == ErrorCode::Forbidden);
            let want_forbidden = expected[column] == 'F';
            if forbidden != want_forbidden {
                wrong.push(format!(
                    "{role:?} {case}: expected {}, got {answer:?}",
                    if want_forbidden {
                        "forbidden"
                    } else {
                        "allowed"
                    }
                ));
            }
            if forbidden && world.fingerprint() != before {
                wrong.push(format!("{role:?} {case}: refused, but something changed"));
            }
        }
        // The last case switched back to the Admin, who may read the log.
        let refused_cases = MATRIX.iter().filter(|(_, e)| e[column] == 'F').count();
        let (_, records) = world.audit(300);
        let refused = records
            .iter()
            .filter(|r| r["operatorId"] == tester && r["outcome"] == "refused")
            .count();
        if refused != refused_cases {
            wrong.push(format!(
                "{role:?}: {refused} refusals audited for {refused_cases} refused cases"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_matrix_names_every_command_of_the_app() {
    let list = include_str!("../../../src-tauri/src/command_list.rs");
    let commands: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_suffix(','))
        .filter_map(|line| line.split_once("::").map(|(_, name)| name))
        .collect();
    assert!(commands.len() > 40, "read the command list: {commands:?}");
    let missing: Vec<&&str> = commands
        .iter()
        .filter(|command| {
            !MATRIX
                .iter()
                .any(|(case, _)| case.split('/').next() == Some(command))
        })
        .collect();
    assert!(missing.is_empty(), "commands without a row: {missing:?}");
}
