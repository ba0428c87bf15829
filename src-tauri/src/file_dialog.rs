//! The system file dialog for evidence files (tauri-plugin-dialog, opened from Rust so the
//! window needs no dialog permission). End-to-end tests replace it with a recorder: with
//! `CONNECTDESK_FILE_DIALOG_ANSWERS` set, each dialog takes the first line of that file as the
//! chosen path (an empty line: closed without a file) and removes it, and the asked title is
//! appended to `<that file>.asked`.

use std::io::Write;
use std::path::PathBuf;

use connectdesk_core::{CoreError, ErrorCode};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

const ANSWERS_ENV: &str = "CONNECTDESK_FILE_DIALOG_ANSWERS";
const TITLE: &str = "Choose an evidence file (PDF, JPEG or PNG)";

/// The file chosen, or `None` when the dialog was closed.
pub async fn pick_evidence_file(app: &AppHandle) -> Result<Option<PathBuf>, CoreError> {
    if let Some(answers) = std::env::var_os(ANSWERS_ENV) {
        return recorded(PathBuf::from(answers));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(TITLE)
        .add_filter("PDF, JPEG or PNG", &["pdf", "jpg", "jpeg", "png"])
        .pick_file(move |picked| {
            let _ = tx.send(picked);
        });
    let picked = rx.await.map_err(|_| {
        CoreError::new(
            ErrorCode::InternalError,
            "The file dialog closed unexpectedly.",
        )
    })?;
    match picked {
        None => Ok(None),
        Some(path) => path.into_path().map(Some).map_err(|err| {
            CoreError::new(
                ErrorCode::InvalidValue,
                format!("The chosen file is not on this computer: {err}"),
            )
        }),
    }
}

fn recorded(answers: PathBuf) -> Result<Option<PathBuf>, CoreError> {
    let failed = |err: std::io::Error| {
        CoreError::new(
            ErrorCode::InternalError,
            format!("The test file dialog could not be read: {err}"),
        )
    };
    let text = std::fs::read_to_string(&answers).map_err(failed)?;
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().trim().to_string();
    let rest: Vec<&str> = lines.collect();
    std::fs::write(&answers, rest.join("\n")).map_err(failed)?;
    let mut asked = answers.into_os_string();
    asked.push(".asked");
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(asked)
        .map_err(failed)?;
    writeln!(log, "{TITLE}").map_err(failed)?;
    Ok((!first.is_empty()).then(|| PathBuf::from(first)))
}
