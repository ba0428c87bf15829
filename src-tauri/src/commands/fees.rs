use crate::state::Backend;
use connectdesk_core::fees::{FeePreviewInput, FeeQuote, FeeSchedule, SaveFeeSchedule};
use connectdesk_core::CoreError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_fee_schedules(
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<Vec<FeeSchedule>, CoreError> {
    backend
        .blocking(move |desk| desk.fees().list(workspace_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_fee_schedule(
    backend: State<'_, Backend>,
    workspace_id: u64,
    currency: String,
) -> Result<FeeSchedule, CoreError> {
    backend
        .blocking(move |desk| desk.fees().get(workspace_id, &currency))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_fee_schedule(
    backend: State<'_, Backend>,
    input: SaveFeeSchedule,
) -> Result<FeeSchedule, CoreError> {
    backend.blocking(move |desk| desk.fees().save(input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_fee_schedule(
    backend: State<'_, Backend>,
    workspace_id: u64,
    currency: String,
) -> Result<(), CoreError> {
    backend
        .blocking(move |desk| desk.fees().delete(workspace_id, &currency))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_fee(
    backend: State<'_, Backend>,
    input: FeePreviewInput,
) -> Result<FeeQuote, CoreError> {
    backend.blocking(move |desk| desk.preview_fee(&input)).await
}
