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
pub fn list_workspaces(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Workspace>, CoreError> {
    backend.desk()?.workspaces().list(&query)
}

#[tauri::command]
#[specta::specta]
pub fn create_workspace(
    backend: State<'_, Backend>,
    input: CreateWorkspace,
) -> Result<Workspace, CoreError> {
    backend.desk()?.workspaces().create(input)
}

#[tauri::command]
#[specta::specta]
pub fn rename_workspace(
    backend: State<'_, Backend>,
    input: RenameWorkspace,
) -> Result<Workspace, CoreError> {
    backend.desk()?.workspaces().rename(input)
}

#[tauri::command]
#[specta::specta]
pub fn preview_workspace_delete(
    backend: State<'_, Backend>,
    id: u64,
) -> Result<WorkspaceDeletePreview, CoreError> {
    backend.desk()?.workspaces().delete_preview(id)
}

#[tauri::command]
#[specta::specta]
pub fn delete_workspace(backend: State<'_, Backend>, id: u64) -> Result<(), CoreError> {
    backend.desk()?.workspaces().delete(id).map(drop)
}

#[tauri::command]
#[specta::specta]
pub fn set_active_workspace(
    backend: State<'_, Backend>,
    id: Option<u64>,
) -> Result<AppStatus, CoreError> {
    backend.desk()?.set_active_workspace(id)
}
