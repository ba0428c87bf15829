use crate::state::Backend;
use connectdesk_core::CoreError;
use tauri::State;

/// Cancel on a progress bar: the task stops at its next step and keeps what it did; false
/// when it is not running (any more).
#[tauri::command]
#[specta::specta]
pub async fn cancel_task(backend: State<'_, Backend>, task: String) -> Result<bool, CoreError> {
    backend.blocking(move |desk| desk.cancel_task(&task)).await
}
