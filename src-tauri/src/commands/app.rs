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
        .blocking(move |desk| desk.vault().unlock_with_passphrase(&input.passphrase))
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
