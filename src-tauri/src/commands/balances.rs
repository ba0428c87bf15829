use crate::state::Backend;
use connectdesk_core::balances::Balance;
use connectdesk_core::CoreError;
use tauri::State;

/// The platform's balance, or the connected account's when `account_id` is given.
#[tauri::command]
#[specta::specta]
pub async fn get_balance(
    backend: State<'_, Backend>,
    workspace_id: u64,
    account_id: Option<String>,
) -> Result<Balance, CoreError> {
    let desk = backend.desk().await?;
    desk.balances()
        .get(&desk.stripe_access(), workspace_id, account_id.as_deref())
        .await
}
