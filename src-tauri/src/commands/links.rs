use crate::state::Backend;
use connectdesk_core::links::{allowed_external_url, no_browser};
use connectdesk_core::{CoreError, Desk};
use std::io::Write;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

/// Where end-to-end tests have links recorded instead of opened in a browser.
const RECORDER_ENV: &str = "CONNECTDESK_OPENED_LINKS_FILE";

/// Opens a Stripe (or sandbox) link in the system browser, never in the app's webview.
/// The allow-list is checked here: calls from Rust are outside the opener plugin's scope.
#[tauri::command]
#[specta::specta]
pub async fn open_external_link(
    app: AppHandle,
    backend: State<'_, Backend>,
    url: String,
) -> Result<(), CoreError> {
    backend.blocking(move |desk| open(&app, desk, &url)).await
}

fn open(app: &AppHandle, desk: &Desk, url: &str) -> Result<(), CoreError> {
    let sandbox = desk.status()?.sandbox_url;
    let url = allowed_external_url(url, sandbox.as_deref())?;
    if let Some(path) = std::env::var_os(RECORDER_ENV) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|err| {
                tracing::error!("could not record the opened link: {err}");
                no_browser()
            })?;
        return writeln!(file, "{url}").map_err(|err| {
            tracing::error!("could not record the opened link: {err}");
            no_browser()
        });
    }
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|err| {
            // e.g. `Launcher "gio" "open" … ExitStatus(…)`: useful in the log, noise in a dialog.
            tracing::warn!("the system browser could not be opened: {err}");
            no_browser()
        })
}
