//! The Tauri shell: setup, state and plugins. Every command lives in `commands/` and calls the core.

#[macro_use]
mod command_list;
mod commands;
mod data_dir;
mod dispute_watch;
mod event_intake;
mod file_dialog;
mod notify;
#[cfg(target_os = "linux")]
mod rendering;
mod resumer;
mod state;

use std::sync::Arc;

use connectdesk_core::progress::{ProgressUpdate, Tasks};
use connectdesk_core::webhooks::apply::RecordsChanged;
use tauri::{Emitter, Manager};

/// The window event every progress update of long work is sent as.
pub const PROGRESS_EVENT: &str = "progress";

/// The window event each applied Stripe event's change is sent as.
pub const RECORDS_EVENT: &str = "records-changed";

/// The window event sent when the app status changed by itself (the sandbox finished starting).
pub const APP_STATUS_EVENT: &str = "app-status-changed";

/// Every command's name as the invoke handler knows it; build.rs grants the same list.
pub const COMMANDS: &[&str] = with_commands!(command_names);

macro_rules! specta_commands {
    ($($module:ident::$command:ident),* $(,)?) => {
        tauri_specta::collect_commands![$(commands::$module::$command),*]
    };
}

/// The command set, shared by the running app and the bindings export.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        // Our types are the same in both directions, and ids and minor-unit amounts stay far
        // below 2^53, so plain TypeScript numbers carry them exactly.
        .disable_serde_phases()
        .dangerously_cast_bigints_to_number()
        .commands(with_commands!(specta_commands))
        // Sent as `PROGRESS_EVENT` window events rather than answered by a command.
        .typ::<ProgressUpdate>()
        .constant("PROGRESS_EVENT", PROGRESS_EVENT)
        // Sent as `RECORDS_EVENT` when an applied Stripe event changed what screens show.
        .typ::<RecordsChanged>()
        .constant("RECORDS_EVENT", RECORDS_EVENT)
        .constant("APP_STATUS_EVENT", APP_STATUS_EVENT)
}

/// Writes the TypeScript bindings the UI imports; the bindings test keeps the file current.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(specta_typescript::Typescript::default(), path)
        .map_err(|err| err.to_string())
}

/// Opens the core, then starts the offline sandbox and the background work (dispute deadlines,
/// Stripe's events, unfinished Stripe writes); tells the window when the sandbox state changed.
fn start_core(app: tauri::AppHandle, opener: state::Opener, dir: std::path::PathBuf, tasks: Tasks) {
    let Ok(desk) = opener.open(dir, tasks) else {
        return;
    };
    if let Err(err) = desk.start_services() {
        tracing::error!("the offline sandbox could not start: {}", err.message);
    }
    if let Err(err) = app.emit(APP_STATUS_EVENT, ()) {
        tracing::warn!("could not tell the window the app status changed: {err}");
    }
    dispute_watch::spawn(app.clone(), Arc::clone(&desk));
    event_intake::spawn(app, Arc::clone(&desk));
    resumer::spawn(desk);
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
    #[cfg(target_os = "linux")]
    rendering::choose();

    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let dir = data_dir::resolve(app.handle())?;
            let window = app.handle().clone();
            let tasks = Tasks::reporting_to(move |update| {
                if let Err(err) = window.emit(PROGRESS_EVENT, &update) {
                    tracing::warn!("could not send a progress update to the window: {err}");
                }
            });
            let (backend, opener) = state::Backend::opening();
            app.manage(backend);
            // The window shows first; the store, the keyring probe and the sandbox come after.
            let app = app.handle().clone();
            std::thread::Builder::new()
                .name("connectdesk-start".into())
                .spawn(move || start_core(app, opener, dir, tasks))?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!("ConnectDesk could not start: {err}");
        std::process::exit(1);
    }
}
