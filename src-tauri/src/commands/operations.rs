use crate::state::Backend;
use connectdesk_core::journal::{OpenCounts, Operation};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::CoreError;
use tauri::State;

/// The operations journal with the list-query language (state, kind, subject, dates).
#[tauri::command]
#[specta::specta]
pub async fn list_operations(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Operation>, CoreError> {
    backend
        .blocking(move |desk| desk.operations().list(&query))
        .await
}

/// How many Stripe writes are pending or need a decision, for the header's indicator.
#[tauri::command]
#[specta::specta]
pub async fn count_open_operations(backend: State<'_, Backend>) -> Result<OpenCounts, CoreError> {
    backend.blocking(|desk| desk.operations().counts()).await
}

/// Sends a pending operation again with its own key, or reads Stripe past the window.
#[tauri::command]
#[specta::specta]
pub async fn retry_operation(backend: State<'_, Backend>, id: u64) -> Result<Operation, CoreError> {
    backend.desk().await?.retry_operation(id).await
}

/// A person looked it up at Stripe; `note` says what they found.
#[tauri::command]
#[specta::specta]
pub async fn resolve_operation(
    backend: State<'_, Backend>,
    id: u64,
    note: String,
) -> Result<Operation, CoreError> {
    backend
        .blocking(move |desk| desk.operations().resolve(id, &note))
        .await
}
