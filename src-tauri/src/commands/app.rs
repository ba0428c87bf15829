use crate::state::Backend;
use connectdesk_core::desk::AppStatus;
use connectdesk_core::vault::{UnlockSecrets, VaultState};
use connectdesk_core::CoreError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn get_app_status(backend: State<'_, Backend>) -> Result<AppStatus, CoreError> {
    backend.blocking(|desk| desk.status()).await
}

// PBKDF2 (600,000 rounds) takes a while: it runs on the blocking pool, the window stays responsive.
/// Sets the passphrase on first start without an OS secret store, or unlocks with it later.
#[tauri::command]
#[specta::specta]
pub async fn unlock_secrets(
    backend: State<'_, Backend>,
    input: UnlockSecrets,
) -> Result<VaultState, CoreError> {
    backend
        .blocking(move |desk| desk.unlock_secrets(&input.passphrase))
        .await
}

// Starting or stopping the in-process sandbox binds a port and waits for the simulator.
#[tauri::command]
#[specta::specta]
pub async fn set_sandbox_enabled(
    backend: State<'_, Backend>,
    enabled: bool,
) -> Result<AppStatus, CoreError> {
    backend
        .blocking(move |desk| desk.set_sandbox_enabled(enabled))
        .await
}

/// The local webhook receiver's port on 127.0.0.1, as typed (the core checks it: 1024 to
/// 65535); the receiver moves there in the next intake round.
#[tauri::command]
#[specta::specta]
pub async fn set_webhook_port(
    backend: State<'_, Backend>,
    port: String,
) -> Result<AppStatus, CoreError> {
    backend
        .blocking(move |desk| desk.set_webhook_port(&port))
        .await
}

/// How many days settled Stripe writes stay in the operations journal, as typed (the core
/// checks it: a whole number from 1 to 3,650).
#[tauri::command]
#[specta::specta]
pub async fn set_operation_retention_days(
    backend: State<'_, Backend>,
    days: String,
) -> Result<AppStatus, CoreError> {
    backend
        .blocking(move |desk| desk.set_operation_retention_days(&days))
        .await
}
