use crate::state::Backend;
use connectdesk_core::desk::AppStatus;
use connectdesk_core::vault::{UnlockSecrets, VaultState};
use connectdesk_core::CoreError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn get_app_status(backend: State<'_, Backend>) -> Result<AppStatus, CoreError> {
    backend.desk()?.status()
}

/// Sets the passphrase on first start without an OS secret store, or unlocks with it later.
#[tauri::command]
#[specta::specta]
pub fn unlock_secrets(
    backend: State<'_, Backend>,
    input: UnlockSecrets,
) -> Result<VaultState, CoreError> {
    backend
        .desk()?
        .vault()
        .unlock_with_passphrase(&input.passphrase)
}

#[tauri::command]
#[specta::specta]
pub fn set_sandbox_enabled(
    backend: State<'_, Backend>,
    enabled: bool,
) -> Result<AppStatus, CoreError> {
    backend.desk()?.set_sandbox_enabled(enabled)
}
