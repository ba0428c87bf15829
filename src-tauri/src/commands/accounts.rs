use crate::data_dir::export_dir;
use crate::state::Backend;
use connectdesk_core::accounts::{AccountLoginLink, AccountSyncReport, ConnectedAccount};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

/// The connected accounts the operator may see (narrowed by the core).
#[tauri::command]
#[specta::specta]
pub async fn list_accounts(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<ConnectedAccount>, CoreError> {
    backend
        .blocking(move |desk| desk.accounts().list(&query))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_account(
    backend: State<'_, Backend>,
    id: u64,
) -> Result<ConnectedAccount, CoreError> {
    backend.blocking(move |desk| desk.accounts().get(id)).await
}

/// Reads every connected account of the workspace's Stripe platform. Progress arrives as
/// `progress` window events named `task`; `cancel_task(task)` stops it at the next page.
#[tauri::command]
#[specta::specta]
pub async fn sync_accounts(
    backend: State<'_, Backend>,
    workspace_id: u64,
    task: String,
) -> Result<AccountSyncReport, CoreError> {
    backend
        .desk()
        .await?
        .sync_accounts(workspace_id, &task)
        .await
}

/// Saves every account of the current filter as a new CSV file in the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_accounts(
    app: AppHandle,
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.accounts().export_to(&query, &dir))
        .await
}

/// A single-use login link into an Express account's dashboard.
#[tauri::command]
#[specta::specta]
pub async fn account_login_link(
    backend: State<'_, Backend>,
    id: u64,
) -> Result<AccountLoginLink, CoreError> {
    let desk = backend.desk().await?;
    desk.accounts().login_link(&desk.stripe_access(), id).await
}
