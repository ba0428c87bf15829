use std::path::PathBuf;

use crate::state::Backend;
use connectdesk_core::connections::{
    Connection, ConnectionTest, CreateConnection, ExportedFile, UpdateConnection,
};
use connectdesk_core::desk::{AppStatus, DraftConnectionTest};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::CoreError;
use tauri::{AppHandle, Manager, State};

#[tauri::command]
#[specta::specta]
pub fn list_connections(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Connection>, CoreError> {
    backend.desk()?.connections().list(&query)
}

#[tauri::command]
#[specta::specta]
pub fn get_connection(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<Connection, CoreError> {
    backend.desk()?.connections().get(&biz_id)
}

#[tauri::command]
#[specta::specta]
pub fn create_connection(
    backend: State<'_, Backend>,
    input: CreateConnection,
) -> Result<Connection, CoreError> {
    backend.desk()?.create_connection(input)
}

#[tauri::command]
#[specta::specta]
pub fn update_connection(
    backend: State<'_, Backend>,
    input: UpdateConnection,
) -> Result<Connection, CoreError> {
    backend.desk()?.connections().update(input)
}

#[tauri::command]
#[specta::specta]
pub fn set_connection_active(
    backend: State<'_, Backend>,
    biz_id: String,
    active: bool,
) -> Result<Connection, CoreError> {
    backend.desk()?.connections().set_active(&biz_id, active)
}

#[tauri::command]
#[specta::specta]
pub fn delete_connection(backend: State<'_, Backend>, biz_id: String) -> Result<(), CoreError> {
    backend.desk()?.connections().delete(&biz_id)
}

#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    backend: State<'_, Backend>,
    biz_id: String,
) -> Result<ConnectionTest, CoreError> {
    backend.desk()?.test_connection(&biz_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_draft_connection(
    backend: State<'_, Backend>,
    input: DraftConnectionTest,
) -> Result<ConnectionTest, CoreError> {
    backend.desk()?.test_draft_connection(input).await
}

#[tauri::command]
#[specta::specta]
pub fn set_active_connection(
    backend: State<'_, Backend>,
    workspace_id: u64,
    biz_id: Option<String>,
) -> Result<AppStatus, CoreError> {
    backend
        .desk()?
        .set_active_connection(workspace_id, biz_id.as_deref())
}

/// Writes the workspace's connections (hints, never secrets) to a new JSON file in the user's
/// Downloads folder and answers where it is.
#[tauri::command]
#[specta::specta]
pub fn export_connections(
    app: AppHandle,
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<ExportedFile, CoreError> {
    backend
        .desk()?
        .export_connections(workspace_id, &export_dir(&app)?)
}

/// Downloads, else Documents, else the home folder: where people look for a file they asked for.
fn export_dir(app: &AppHandle) -> Result<PathBuf, CoreError> {
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.document_dir())
        .or_else(|_| paths.home_dir())
        .map_err(|err| {
            CoreError::internal(format!("Found no folder to save the export in: {err}."))
        })
}
