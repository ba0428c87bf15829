use crate::state::Backend;
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::webhooks::inbox::RefusedDelivery;
use connectdesk_core::webhooks::view::{EventDetail, EventRow};
use connectdesk_core::CoreError;
use tauri::State;

/// Connection `connection_id`'s events (0: the offline sandbox's), newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_events(
    backend: State<'_, Backend>,
    connection_id: u64,
    query: ListQuery,
) -> Result<Page<EventRow>, CoreError> {
    backend
        .blocking(move |desk| desk.events().list_events(connection_id, &query))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn open_event(backend: State<'_, Backend>, id: u64) -> Result<EventDetail, CoreError> {
    backend
        .blocking(move |desk| desk.events().open_event(id))
        .await
}

/// The deliveries the receiver refused (bad signature, stale timestamp, …) for a connection.
#[tauri::command]
#[specta::specta]
pub async fn list_refused_webhooks(
    backend: State<'_, Backend>,
    connection_id: u64,
    query: ListQuery,
) -> Result<Page<RefusedDelivery>, CoreError> {
    backend
        .blocking(move |desk| desk.events().list_refusals(connection_id, &query))
        .await
}

/// Sends the event's forward to the partner again now.
#[tauri::command]
#[specta::specta]
pub async fn resend_event(backend: State<'_, Backend>, id: u64) -> Result<EventRow, CoreError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    backend
        .blocking(move |desk| desk.events().resend(id, now))
        .await
}
