use crate::data_dir::export_dir;
use crate::state::Backend;
use connectdesk_core::connections::{
    Connection, ConnectionTest, CreateConnection, IssuedForwardingSecret, RotateWebhookSecret,
    SandboxAccount, UpdateConnection,
};
use connectdesk_core::desk::{AppStatus, DraftConnectionTest};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_connections(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Connection>, CoreError> {
    backend
        .blocking(move |desk| desk.connections().list(&query))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_connection(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<Connection, CoreError> {
    backend
        .blocking(move |desk| desk.connections().get(&biz_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_connection(
    backend: State<'_, Backend>,
    input: CreateConnection,
) -> Result<Connection, CoreError> {
    backend
        .blocking(move |desk| desk.connections().create(input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_connection(
    backend: State<'_, Backend>,
    input: UpdateConnection,
) -> Result<Connection, CoreError> {
    backend
        .blocking(move |desk| desk.connections().update(input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_connection_active(
    backend: State<'_, Backend>,
    biz_id: String,
    active: bool,
) -> Result<Connection, CoreError> {
    backend
        .blocking(move |desk| desk.connections().set_active(&biz_id, active))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_connection(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<(), CoreError> {
    backend
        .blocking(move |desk| desk.connections().delete(&biz_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<ConnectionTest, CoreError> {
    backend.desk().await?.test_connection(&biz_id).await
}

/// The form's Test: the form as shown; editing (`bizId` set), empty secrets are the stored ones.
#[tauri::command]
#[specta::specta]
pub async fn test_draft_connection(
    backend: State<'_, Backend>,
    input: DraftConnectionTest,
) -> Result<ConnectionTest, CoreError> {
    backend.desk().await?.test_draft_connection(input).await
}

/// The offline sandbox's platform account (what "Stripe account id" means there); `null` while
/// the sandbox is off.
#[tauri::command]
#[specta::specta]
pub async fn get_sandbox_account(
    backend: State<'_, Backend>,
) -> Result<Option<SandboxAccount>, CoreError> {
    backend.desk().await?.sandbox_account().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_active_connection(
    backend: State<'_, Backend>,
    workspace_id: u64,
    biz_id: Option<String>,
) -> Result<AppStatus, CoreError> {
    backend
        .blocking(move |desk| desk.set_active_connection(workspace_id, biz_id.as_deref()))
        .await
}

/// Writes the workspace's connections (hints, never secrets) to a new JSON file in the user's
/// Downloads folder and answers where it is.
#[tauri::command]
#[specta::specta]
pub async fn export_connections(
    app: AppHandle,
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.connections().export_to(workspace_id, &dir))
        .await
}

/// "Rotate webhook secret": the new secret becomes current; the old one is still accepted until
/// the end of the chosen day (UTC, today to 7 days ahead).
#[tauri::command]
#[specta::specta]
pub async fn rotate_webhook_secret(
    backend: State<'_, Backend>,
    input: RotateWebhookSecret,
) -> Result<Connection, CoreError> {
    let today = time::OffsetDateTime::now_utc().date();
    backend
        .blocking(move |desk| desk.connections().rotate_webhook_secret(input, today))
        .await
}

/// A new forwarding secret for the partner endpoint, shown this once.
#[tauri::command]
#[specta::specta]
pub async fn issue_forwarding_secret(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<IssuedForwardingSecret, CoreError> {
    backend
        .blocking(move |desk| {
            desk.connections()
                .issue_forwarding_secret(&biz_id)
                .map(IssuedForwardingSecret::from)
        })
        .await
}
