// Our own commands get permissions generated here; capabilities/ grants them to the main window.
const COMMANDS: &[&str] = &[
    "get_app_status",
    "list_workspaces",
    "create_workspace",
    "rename_workspace",
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
