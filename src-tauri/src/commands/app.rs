use crate::state::Backend;
use connectdesk_core::{desk::AppStatus, CoreError};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn get_app_status(backend: State<'_, Backend>) -> Result<AppStatus, CoreError> {
    backend.desk()?.status()
}
