use crate::state::Backend;
use connectdesk_core::operators::{role_table, CreateOperator, Grant, Operator, RoleTable};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::CoreError;
use tauri::State;

/// The roles and the permissions each grants (the core's one table).
#[tauri::command]
#[specta::specta]
pub async fn list_roles() -> Result<RoleTable, CoreError> {
    Ok(role_table())
}

#[tauri::command]
#[specta::specta]
pub async fn list_operators(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Operator>, CoreError> {
    backend
        .blocking(move |desk| desk.guard().list_operators(&query))
        .await
}

/// Active operators, for the header's "Switch operator" menu.
#[tauri::command]
#[specta::specta]
pub async fn list_switch_targets(backend: State<'_, Backend>) -> Result<Vec<Operator>, CoreError> {
    backend.blocking(|desk| desk.guard().switch_targets()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_operator(
    backend: State<'_, Backend>,
    input: CreateOperator,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().create_operator(input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_operator(
    backend: State<'_, Backend>,
    id: u64,
    display_name: String,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().rename_operator(id, &display_name))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_operator_pin(
    backend: State<'_, Backend>,
    id: u64,
    pin: String,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().set_operator_pin(id, &pin))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_operator_roles(
    backend: State<'_, Backend>,
    id: u64,
    grants: Vec<Grant>,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().set_operator_grants(id, grants))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_operator_active(
    backend: State<'_, Backend>,
    id: u64,
    active: bool,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().set_operator_active(id, active))
        .await
}

/// PBKDF2 runs on the blocking pool, so the window stays responsive while a PIN is checked.
#[tauri::command]
#[specta::specta]
pub async fn switch_operator(
    backend: State<'_, Backend>,
    id: u64,
    pin: Option<String>,
) -> Result<Operator, CoreError> {
    backend
        .blocking(move |desk| desk.guard().switch_operator(id, pin.as_deref()))
        .await
}
