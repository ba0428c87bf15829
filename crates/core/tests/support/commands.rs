//! The app's commands as src-tauri/src/commands maps them onto the Desk, by name and with their
//! arguments as the UI sends them (JSON), for tests that drive the Desk the way the window does.

#![allow(dead_code)] // Each test binary uses a different part.

use std::path::Path;

use connectdesk_core::connections::IssuedForwardingSecret;
use connectdesk_core::desk::DraftConnectionTest;
use connectdesk_core::disputes::{dispute_choices, EvidenceFileInput};
use connectdesk_core::links::allowed_external_url;
use connectdesk_core::onboarding::{onboarding_choices, CreateOnboarding, OnboardingAction};
use connectdesk_core::operators::{role_table, CreateOperator, Grant};
use connectdesk_core::payouts::{payout_choices, SyncPayouts};
use connectdesk_core::query::ListQuery;
use connectdesk_core::vault::UnlockSecrets;
use connectdesk_core::workspaces::{CreateWorkspace, RenameWorkspace};
use connectdesk_core::{CoreError, Desk};
use serde::de::DeserializeOwned;
use serde_json::Value;
use time::OffsetDateTime;

pub fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> T {
    serde_json::from_value(args.get(name).cloned().unwrap_or(Value::Null))
        .unwrap_or_else(|err| panic!("argument {name} of {args}: {err}"))
}

pub fn ok<T: serde::Serialize>(result: Result<T, CoreError>) -> Result<Value, CoreError> {
    result.map(|value| serde_json::to_value(value).expect("serialisable answer"))
}

pub async fn dispatch(
    desk: &Desk,
    exports: &Path,
    now: OffsetDateTime,
    cmd: &str,
    a: &Value,
) -> Result<Value, CoreError> {
    let access = desk.stripe_access();
    match cmd {
        "get_app_status" => ok(desk.status()),
        "unlock_secrets" => ok(desk.unlock_secrets(&arg::<UnlockSecrets>(a, "input").passphrase)),
        "set_sandbox_enabled" => ok(desk.set_sandbox_enabled(arg(a, "enabled"))),
        "set_webhook_port" => ok(desk.set_webhook_port(&arg::<String>(a, "port"))),
        "set_operation_retention_days" => {
            ok(desk.set_operation_retention_days(&arg::<String>(a, "days")))
        }
        "open_external_link" => {
            let sandbox = desk.status()?.sandbox_url;
            allowed_external_url(&arg::<String>(a, "url"), sandbox.as_deref()).map(|_| Value::Null)
        }
        "list_onboarding" => ok(desk.onboarding().list(&arg::<ListQuery>(a, "query"))),
        "get_onboarding" => ok(desk.onboarding().get(&arg::<String>(a, "id"))),
        "sync_onboarding" => ok(desk.onboarding().sync(&access, arg(a, "workspaceId")).await),
        "delete_onboarding" => ok(desk.onboarding().delete(&arg::<String>(a, "id"))),
        "get_onboarding_choices" => ok(Ok::<_, CoreError>(onboarding_choices())),
        "check_onboarding_form" => ok(desk
            .onboarding()
            .check_form(&arg::<CreateOnboarding>(a, "input"))),
        "create_onboarding" => ok(desk.onboarding().create(&access, arg(a, "input")).await),
        "act_on_onboarding" => ok(desk
            .onboarding()
            .act(
                &access,
                arg::<OnboardingAction>(a, "action"),
                &arg::<String>(a, "id"),
            )
            .await),
        "renew_expired_onboarding_link" => ok(desk
            .onboarding()
            .renew_expired_link(&access, &arg::<String>(a, "id"), now)
            .await),
        "list_payments" => ok(desk.payments().list(&arg::<ListQuery>(a, "query"))),
        "list_refund_limits" => ok(desk.payments().refund_limits(arg(a, "workspaceId"))),
        "set_refund_limit" => ok(desk.payments().set_refund_limit(arg(a, "input"))),
        "export_payments" => ok(desk
            .payments()
            .export(&arg::<ListQuery>(a, "query"), exports)),
        "get_payment" => ok(desk.payments().get(arg(a, "id"))),
        "create_payment" => ok(desk.payments().create(&access, arg(a, "input")).await),
        "confirm_test_payment" => ok(desk
            .payments()
            .confirm_with_test_card(&access, arg(a, "id"), arg(a, "card"))
            .await),
        "capture_payment" => ok(desk.payments().capture(&access, arg(a, "input")).await),
        "cancel_payment" => ok(desk.payments().cancel(&access, arg(a, "id")).await),
        "refund_payment" => ok(desk.payments().refund(&access, arg(a, "input")).await),
        "sync_payments" => ok(desk.payments().sync(&access, arg(a, "workspaceId")).await),
        "list_accounts" => ok(desk.accounts().list(&arg::<ListQuery>(a, "query"))),
        "get_account" => ok(desk.accounts().get(arg(a, "id"))),
        "sync_accounts" => ok(desk
            .sync_accounts(arg(a, "workspaceId"), &arg::<String>(a, "task"))
            .await),
        "export_accounts" => ok(desk
            .accounts()
            .export_to(&arg::<ListQuery>(a, "query"), exports)),
        "account_login_link" => ok(desk.accounts().login_link(&access, arg(a, "id")).await),
        "cancel_task" => ok(desk.cancel_task(&arg::<String>(a, "task"))),
        "list_transfers" => ok(desk.transfers().list(&arg::<ListQuery>(a, "query"))),
        "get_transfer" => ok(desk.transfers().get(arg(a, "id"))),
        "create_transfer" => ok(desk.transfers().create(&access, arg(a, "input")).await),
        "reverse_transfer" => ok(desk.transfers().reverse(&access, arg(a, "input")).await),
        "sync_transfers" => {
            let (progress, _running) = desk.start_task(&arg::<String>(a, "task"), "transfers")?;
            ok(desk
                .transfers()
                .sync(&access, arg(a, "workspaceId"), &progress)
                .await)
        }
        "export_transfers" => ok(desk
            .transfers()
            .export(&arg::<ListQuery>(a, "query"), exports)),
        "get_balance" => ok(desk
            .balances()
            .get(
                &access,
                arg(a, "workspaceId"),
                arg::<Option<String>>(a, "accountId").as_deref(),
            )
            .await),
        "list_payouts" => ok(desk.payouts().list(&arg::<ListQuery>(a, "query"))),
        "get_payout" => ok(desk.payouts().get(arg(a, "id"))),
        "get_payout_choices" => ok(Ok::<_, CoreError>(payout_choices())),
        "create_payout" => ok(desk.payouts().create(&access, arg(a, "input")).await),
        "cancel_payout" => ok(desk.payouts().cancel(&access, arg(a, "id")).await),
        "sync_payouts" => {
            let (progress, _running) = desk.start_task(&arg::<String>(a, "task"), "payouts")?;
            ok(desk
                .payouts()
                .sync(&access, &arg::<SyncPayouts>(a, "input"), &progress)
                .await)
        }
        "get_payout_schedule" => ok(desk
            .payouts()
            .schedule(&access, &arg(a, "account"), desk.stripe_today()?)
            .await),
        "update_payout_schedule" => ok(desk
            .payouts()
            .update_schedule(&access, arg(a, "input"), desk.stripe_today()?)
            .await),
        "get_balance_history" => ok(desk
            .payouts()
            .balance_history(&access, &arg(a, "query"), desk.stripe_today()?)
            .await),
        "list_disputes" => ok(desk
            .disputes()
            .list(&arg::<ListQuery>(a, "query"), desk.stripe_now()?)),
        "export_disputes" => {
            ok(desk
                .disputes()
                .export(&arg::<ListQuery>(a, "query"), exports, desk.stripe_now()?))
        }
        "get_dispute_choices" => ok(Ok::<_, CoreError>(dispute_choices())),
        "open_dispute" => ok(desk
            .disputes()
            .open(&access, arg(a, "id"), desk.stripe_now()?)
            .await),
        "save_dispute_evidence" => ok(desk
            .disputes()
            .save_evidence(&access, arg(a, "input"), desk.stripe_now()?)
            .await),
        // The window's file dialog answers with a path; here the test names it (`dialogAnswer`,
        // null: the dialog was closed).
        "choose_dispute_file" => match arg::<Option<String>>(a, "dialogAnswer") {
            None => Ok(Value::Null),
            Some(path) => ok(desk
                .disputes()
                .upload_file(
                    &access,
                    EvidenceFileInput {
                        id: arg(a, "id"),
                        field: arg(a, "field"),
                        path,
                    },
                    desk.stripe_now()?,
                )
                .await),
        },
        "accept_dispute" => ok(desk
            .disputes()
            .accept(&access, arg(a, "id"), desk.stripe_now()?)
            .await),
        "sync_disputes" => {
            let workspace: u64 = arg(a, "workspaceId");
            let (progress, _running) = desk.start_task(&arg::<String>(a, "task"), "disputes")?;
            let done = desk.disputes().sync(&access, workspace, &progress).await?;
            desk.disputes().notices(workspace, desk.stripe_now()?)?;
            ok(Ok::<_, CoreError>(done))
        }
        "dispute_notices" => ok(desk
            .disputes()
            .notices(arg(a, "workspaceId"), desk.stripe_now()?)),
        "get_sandbox_clock" => ok(desk.sandbox_clock()),
        "advance_sandbox_clock" => ok(desk.advance_sandbox_clock(arg(a, "hours"))),
        "list_connections" => ok(desk.connections().list(&arg::<ListQuery>(a, "query"))),
        "get_connection" => ok(desk.connections().get(&arg::<String>(a, "bizId"))),
        "create_connection" => ok(desk.connections().create(arg(a, "input"))),
        "update_connection" => ok(desk.connections().update(arg(a, "input"))),
        "set_connection_active" => ok(desk
            .connections()
            .set_active(&arg::<String>(a, "bizId"), arg(a, "active"))),
        "delete_connection" => ok(desk.connections().delete(&arg::<String>(a, "bizId"))),
        "get_sandbox_account" => ok(desk.sandbox_account().await),
        "count_open_operations" => ok(desk.operations().counts()),
        "list_operations" => ok(desk.operations().list(&arg::<ListQuery>(a, "query"))),
        "retry_operation" => ok(desk.retry_operation(arg(a, "id")).await),
        "resolve_operation" => ok(desk
            .operations()
            .resolve(arg(a, "id"), &arg::<String>(a, "note"))),
        "test_connection" => ok(desk.test_connection(&arg::<String>(a, "bizId")).await),
        "test_draft_connection" => ok(desk
            .test_draft_connection(arg::<DraftConnectionTest>(a, "input"))
            .await),
        "set_active_connection" => ok(desk.set_active_connection(
            arg(a, "workspaceId"),
            arg::<Option<String>>(a, "bizId").as_deref(),
        )),
        "rotate_webhook_secret" => ok(desk
            .connections()
            .rotate_webhook_secret(arg(a, "input"), OffsetDateTime::now_utc().date())),
        "issue_forwarding_secret" => ok(desk
            .connections()
            .issue_forwarding_secret(&arg::<String>(a, "bizId"))
            .map(IssuedForwardingSecret::from)),
        "list_events" => ok(desk
            .events()
            .list_events(arg(a, "connectionId"), &arg::<ListQuery>(a, "query"))),
        "open_event" => ok(desk.events().open_event(arg(a, "id"))),
        "list_refused_webhooks" => ok(desk
            .events()
            .list_refusals(arg(a, "connectionId"), &arg::<ListQuery>(a, "query"))),
        "resend_event" => ok(desk
            .events()
            .resend(arg(a, "id"), OffsetDateTime::now_utc().unix_timestamp())),
        "export_connections" => ok(desk.connections().export_to(arg(a, "workspaceId"), exports)),
        "list_fee_schedules" => ok(desk.fees().list(arg(a, "workspaceId"))),
        "get_fee_schedule" => ok(desk
            .fees()
            .get(arg(a, "workspaceId"), &arg::<String>(a, "currency"))),
        "save_fee_schedule" => ok(desk.fees().save(arg(a, "input"))),
        "delete_fee_schedule" => ok(desk
            .fees()
            .delete(arg(a, "workspaceId"), &arg::<String>(a, "currency"))),
        "preview_fee" => ok(desk.preview_fee(&arg(a, "input"))),
        "list_workspaces" => ok(desk.workspaces().list(&arg::<ListQuery>(a, "query"))),
        "create_workspace" => ok(desk.workspaces().create(arg::<CreateWorkspace>(a, "input"))),
        "rename_workspace" => ok(desk.workspaces().rename(arg::<RenameWorkspace>(a, "input"))),
        "preview_workspace_delete" => ok(desk.workspaces().delete_preview(arg(a, "id"))),
        "delete_workspace" => ok(desk.workspaces().delete(arg(a, "id")).map(drop)),
        "set_active_workspace" => ok(desk.set_active_workspace(arg(a, "id"))),
        "list_roles" => ok(Ok::<_, CoreError>(role_table())),
        "list_operators" => ok(desk.guard().list_operators(&arg::<ListQuery>(a, "query"))),
        "list_switch_targets" => ok(desk.guard().switch_targets()),
        "create_operator" => ok(desk
            .guard()
            .create_operator(arg::<CreateOperator>(a, "input"))),
        "rename_operator" => ok(desk
            .guard()
            .rename_operator(arg(a, "id"), &arg::<String>(a, "displayName"))),
        "set_operator_pin" => ok(desk
            .guard()
            .set_operator_pin(arg(a, "id"), &arg::<String>(a, "pin"))),
        "set_operator_roles" => ok(desk
            .guard()
            .set_operator_grants(arg(a, "id"), arg::<Vec<Grant>>(a, "grants"))),
        "set_operator_active" => ok(desk
            .guard()
            .set_operator_active(arg(a, "id"), arg(a, "active"))),
        "switch_operator" => ok(desk
            .guard()
            .switch_operator(arg(a, "id"), arg::<Option<String>>(a, "pin").as_deref())),
        "list_audit" => ok(desk.guard().audit_list(&arg::<ListQuery>(a, "query"))),
        "verify_audit" => ok(desk.guard().audit_verify()),
        "export_audit" => ok(desk
            .guard()
            .audit_export(&arg::<ListQuery>(a, "query"), exports)),
        other => panic!("no Desk call is known for the command {other}"),
    }
}
