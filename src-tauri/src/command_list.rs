// The one list of the app's commands, as `module::command` under `src/commands/`.
// lib.rs registers them with tauri-specta (invoke handler and TypeScript bindings); build.rs
// `include!`s this file for their names, so each gets an `allow-…` permission and the
// `app-commands` set that capabilities/default.json grants. Adding a command = writing it in its
// module + one line here.
//
// `$then` is a macro called with the whole list; this file holds nothing else so build.rs can
// include it as is.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            app::get_app_status,
            app::unlock_secrets,
            app::set_sandbox_enabled,
            app::set_operation_retention_days,
            links::open_external_link,
            onboarding::list_onboarding,
            onboarding::get_onboarding,
            onboarding::get_onboarding_choices,
            onboarding::check_onboarding_form,
            onboarding::create_onboarding,
            onboarding::act_on_onboarding,
            onboarding::renew_expired_onboarding_link,
            onboarding::sync_onboarding,
            onboarding::delete_onboarding,
            operators::list_roles,
            operators::list_operators,
            operators::list_switch_targets,
            operators::create_operator,
            operators::rename_operator,
            operators::set_operator_pin,
            operators::set_operator_roles,
            operators::set_operator_active,
            operators::switch_operator,
            audit::list_audit,
            audit::verify_audit,
            audit::export_audit,
            operations::list_operations,
            operations::count_open_operations,
            operations::retry_operation,
            operations::resolve_operation,
            payments::list_payments,
            payments::export_payments,
            payments::get_payment,
            payments::create_payment,
            payments::confirm_test_payment,
            payments::capture_payment,
            payments::cancel_payment,
            payments::refund_payment,
            payments::sync_payments,
            payments::list_refund_limits,
            payments::set_refund_limit,
            accounts::list_accounts,
            accounts::get_account,
            accounts::sync_accounts,
            accounts::export_accounts,
            accounts::account_login_link,
            tasks::cancel_task,
            transfers::list_transfers,
            transfers::get_transfer,
            transfers::create_transfer,
            transfers::reverse_transfer,
            transfers::sync_transfers,
            transfers::export_transfers,
            balances::get_balance,
            payouts::list_payouts,
            payouts::get_payout,
            payouts::get_payout_choices,
            payouts::create_payout,
            payouts::cancel_payout,
            payouts::sync_payouts,
            payouts::get_payout_schedule,
            payouts::update_payout_schedule,
            payouts::get_balance_history,
            payouts::get_sandbox_clock,
            payouts::advance_sandbox_clock,
            connections::list_connections,
            connections::get_connection,
            connections::create_connection,
            connections::update_connection,
            connections::set_connection_active,
            connections::delete_connection,
            connections::test_connection,
            connections::test_draft_connection,
            connections::get_sandbox_account,
            connections::set_active_connection,
            connections::export_connections,
            fees::list_fee_schedules,
            fees::get_fee_schedule,
            fees::save_fee_schedule,
            fees::delete_fee_schedule,
            fees::preview_fee,
            workspaces::list_workspaces,
            workspaces::create_workspace,
            workspaces::rename_workspace,
            workspaces::preview_workspace_delete,
            workspaces::delete_workspace,
            workspaces::set_active_workspace,
        }
    };
}

/// `with_commands!(command_names)`: the commands' names as Tauri's invoke handler knows them.
macro_rules! command_names {
    ($($module:ident::$command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}
