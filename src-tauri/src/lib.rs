//! The Tauri shell: setup, state and plugins. Every command lives in `commands/` and calls the core.

mod commands;
mod data_dir;
mod state;

use tauri::Manager;

/// The command set, shared by the running app and the bindings export.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        // Our types are the same in both directions, and ids and minor-unit amounts stay far
        // below 2^53, so plain TypeScript numbers carry them exactly.
        .disable_serde_phases()
        .dangerously_cast_bigints_to_number()
        .commands(tauri_specta::collect_commands![
            commands::app::get_app_status,
            commands::app::unlock_secrets,
            commands::app::set_sandbox_enabled,
            commands::links::open_external_link,
            commands::onboarding::list_onboarding,
            commands::onboarding::get_onboarding,
            commands::onboarding::check_onboarding_form,
            commands::onboarding::create_onboarding,
            commands::onboarding::act_on_onboarding,
            commands::onboarding::renew_expired_onboarding_link,
            commands::onboarding::sync_onboarding,
            commands::onboarding::delete_onboarding,
            commands::connections::list_connections,
            commands::connections::get_connection,
            commands::connections::create_connection,
            commands::connections::update_connection,
            commands::connections::set_connection_active,
            commands::connections::delete_connection,
            commands::connections::test_connection,
            commands::connections::test_draft_connection,
            commands::connections::set_active_connection,
            commands::connections::export_connections,
            commands::workspaces::list_workspaces,
            commands::workspaces::create_workspace,
            commands::workspaces::rename_workspace,
            commands::workspaces::preview_workspace_delete,
            commands::workspaces::delete_workspace,
            commands::workspaces::set_active_workspace,
        ])
}

/// Writes the TypeScript bindings the UI imports; the bindings test keeps the file current.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(specta_typescript::Typescript::default(), path)
        .map_err(|err| err.to_string())
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CONNECTDESK_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        // stderr: stdout is not kept when the app runs under tauri-driver.
        .with_writer(std::io::stderr)
        .init();

    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let dir = data_dir::resolve(app.handle())?;
            app.manage(state::Backend::open(dir));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!("ConnectDesk could not start: {err}");
        std::process::exit(1);
    }
}
