// Our own commands get permissions generated here; capabilities/ grants them to the main window.
const COMMANDS: &[&str] = &[
    "get_app_status",
    "unlock_secrets",
    "set_sandbox_enabled",
    "open_external_link",
    "list_onboarding",
    "get_onboarding",
    "check_onboarding_form",
    "create_onboarding",
    "act_on_onboarding",
    "renew_expired_onboarding_link",
    "sync_onboarding",
    "delete_onboarding",
    "list_connections",
    "get_connection",
    "create_connection",
    "update_connection",
    "set_connection_active",
    "delete_connection",
    "test_connection",
    "test_draft_connection",
    "set_active_connection",
    "export_connections",
    "list_workspaces",
    "create_workspace",
    "rename_workspace",
    "preview_workspace_delete",
    "delete_workspace",
    "set_active_workspace",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
