use crate::data_dir::export_dir;
use crate::state::Backend;
use connectdesk_core::audit::{AuditRecord, Verification};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_audit(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<AuditRecord>, CoreError> {
    backend
        .blocking(move |desk| desk.guard().audit_list(&query))
        .await
}

/// Walks the hash chain and names the first record that does not match.
#[tauri::command]
#[specta::specta]
pub async fn verify_audit(backend: State<'_, Backend>) -> Result<Verification, CoreError> {
    backend.blocking(|desk| desk.guard().audit_verify()).await
}

/// Saves every record of the current filter as a new CSV file in the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_audit(
    app: AppHandle,
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.guard().audit_export(&query, &dir))
        .await
}
