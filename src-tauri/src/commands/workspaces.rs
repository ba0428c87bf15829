use crate::state::Backend;
use connectdesk_core::desk::AppStatus;
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::workspaces::{
    CreateWorkspace, RenameWorkspace, Workspace, WorkspaceDeletePreview,
};
use connectdesk_core::CoreError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_workspaces(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Workspace>, CoreError> {
    backend
        .blocking(move |desk| desk.workspaces().list(&query))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_workspace(
    backend: State<'_, Backend>,
    input: CreateWorkspace,
) -> Result<Workspace, CoreError> {
    backend
        .blocking(move |desk| desk.workspaces().create(input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_workspace(
    backend: State<'_, Backend>,
    input: RenameWorkspace,
) -> Result<Workspace, CoreError> {
    backend
        .blocking(move |desk| desk.workspaces().rename(input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_workspace_delete(
    backend: State<'_, Backend>,
    id: u64,
) -> Result<WorkspaceDeletePreview, CoreError> {
    backend
        .blocking(move |desk| desk.workspaces().delete_preview(id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workspace(backend: State<'_, Backend>, id: u64) -> Result<(), CoreError> {
    backend
        .blocking(move |desk| desk.workspaces().delete(id).map(drop))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_active_workspace(
    backend: State<'_, Backend>,
    id: Option<u64>,
) -> Result<AppStatus, CoreError> {
    backend
        .blocking(move |desk| desk.set_active_workspace(id))
        .await
}
