use crate::data_dir::export_dir;
use crate::state::Backend;
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::transfers::{
    CreateTransfer, ReversalOutcome, ReverseTransfer, Transfer, TransferSync,
};
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_transfers(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Transfer>, CoreError> {
    backend
        .blocking(move |desk| desk.transfers().list(&query))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_transfer(backend: State<'_, Backend>, id: u64) -> Result<Transfer, CoreError> {
    backend.blocking(move |desk| desk.transfers().get(id)).await
}

/// Refused before anything is sent when the platform's available balance cannot cover it.
#[tauri::command]
#[specta::specta]
pub async fn create_transfer(
    backend: State<'_, Backend>,
    input: CreateTransfer,
) -> Result<Transfer, CoreError> {
    let desk = backend.desk().await?;
    desk.transfers().create(&desk.stripe_access(), input).await
}

#[tauri::command]
#[specta::specta]
pub async fn reverse_transfer(
    backend: State<'_, Backend>,
    input: ReverseTransfer,
) -> Result<ReversalOutcome, CoreError> {
    let desk = backend.desk().await?;
    desk.transfers().reverse(&desk.stripe_access(), input).await
}

/// Reads the platform's transfers from Stripe (also those made elsewhere) as the task `task`
/// (the window's progress bar and Cancel).
#[tauri::command]
#[specta::specta]
pub async fn sync_transfers(
    backend: State<'_, Backend>,
    workspace_id: u64,
    task: String,
) -> Result<TransferSync, CoreError> {
    let desk = backend.desk().await?;
    let (progress, _running) = desk.start_task(&task, "transfers")?;
    desk.transfers()
        .sync(&desk.stripe_access(), workspace_id, &progress)
        .await
}

/// Saves every transfer of the current filter as a new CSV file in the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_transfers(
    app: AppHandle,
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.transfers().export(&query, &dir))
        .await
}
