//! Desktop notifications (tauri-plugin-notification) for disputes; the window also receives
//! each as a `dispute-notice` event, which opens the dispute when the notice is clicked there.
//! End-to-end tests record them: with `CONNECTDESK_NOTIFICATIONS_FILE` set, each is appended
//! to that file as a JSON line instead of shown.

use std::io::Write;

use connectdesk_core::disputes::DisputeNotice;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

const RECORDER_ENV: &str = "CONNECTDESK_NOTIFICATIONS_FILE";
pub const NOTICE_EVENT: &str = "dispute-notice";

pub fn show(app: &AppHandle, notices: &[DisputeNotice]) {
    for notice in notices {
        if let Err(err) = app.emit(NOTICE_EVENT, notice) {
            tracing::warn!("could not send a dispute notice to the window: {err}");
        }
        if let Some(path) = std::env::var_os(RECORDER_ENV) {
            let line = serde_json::to_string(notice).unwrap_or_default();
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut file| writeln!(file, "{line}"));
            if let Err(err) = written {
                tracing::warn!("could not record a notification: {err}");
            }
            continue;
        }
        if let Err(err) = app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body)
            .show()
        {
            tracing::warn!("could not show a notification: {err}");
        }
    }
}
