use crate::state::Backend;
use connectdesk_core::desk::SandboxClock;
use connectdesk_core::payouts::{
    payout_choices, AccountRef, BalanceHistory, BalanceHistoryQuery, CreatePayout, Payout,
    PayoutChoices, PayoutScheduleView, PayoutSync, SyncPayouts, UpdatePayoutSchedule,
};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::CoreError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_payouts(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Payout>, CoreError> {
    backend
        .blocking(move |desk| desk.payouts().list(&query))
        .await
}

/// The statuses to filter by and the schedule's intervals and days, in the core's words.
#[tauri::command]
#[specta::specta]
pub async fn get_payout_choices() -> Result<PayoutChoices, CoreError> {
    Ok(payout_choices())
}

#[tauri::command]
#[specta::specta]
pub async fn get_payout(backend: State<'_, Backend>, id: u64) -> Result<Payout, CoreError> {
    backend.blocking(move |desk| desk.payouts().get(id)).await
}

/// A manual payout from the account's available balance (accounts on a manual schedule).
#[tauri::command]
#[specta::specta]
pub async fn create_payout(
    backend: State<'_, Backend>,
    input: CreatePayout,
) -> Result<Payout, CoreError> {
    let desk = backend.desk().await?;
    desk.payouts().create(&desk.stripe_access(), input).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_payout(backend: State<'_, Backend>, id: u64) -> Result<Payout, CoreError> {
    let desk = backend.desk().await?;
    desk.payouts().cancel(&desk.stripe_access(), id).await
}

/// Reads payouts from Stripe (one account, or every account of the workspace). `task` names
/// the sync for the window's progress bar and Cancel.
#[tauri::command]
#[specta::specta]
pub async fn sync_payouts(
    backend: State<'_, Backend>,
    input: SyncPayouts,
    task: String,
) -> Result<PayoutSync, CoreError> {
    let desk = backend.desk().await?;
    let (progress, _running) = desk.start_task(&task, "payouts")?;
    desk.payouts()
        .sync(&desk.stripe_access(), &input, &progress)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_payout_schedule(
    backend: State<'_, Backend>,
    account: AccountRef,
) -> Result<PayoutScheduleView, CoreError> {
    let desk = backend.desk().await?;
    let today = desk.stripe_today()?;
    desk.payouts()
        .schedule(&desk.stripe_access(), &account, today)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_payout_schedule(
    backend: State<'_, Backend>,
    input: UpdatePayoutSchedule,
) -> Result<PayoutScheduleView, CoreError> {
    let desk = backend.desk().await?;
    let today = desk.stripe_today()?;
    desk.payouts()
        .update_schedule(&desk.stripe_access(), input, today)
        .await
}

/// The platform's (no account) or an account's balance per day, and payouts per day.
#[tauri::command]
#[specta::specta]
pub async fn get_balance_history(
    backend: State<'_, Backend>,
    query: BalanceHistoryQuery,
) -> Result<BalanceHistory, CoreError> {
    let desk = backend.desk().await?;
    let today = desk.stripe_today()?;
    desk.payouts()
        .balance_history(&desk.stripe_access(), &query, today)
        .await
}

/// The offline sandbox's simulated time (`null` while the sandbox is off).
#[tauri::command]
#[specta::specta]
pub async fn get_sandbox_clock(
    backend: State<'_, Backend>,
) -> Result<Option<SandboxClock>, CoreError> {
    backend.blocking(|desk| desk.sandbox_clock()).await
}

/// Moves the sandbox's clock forward (its test control): payouts are sent and arrive, funds
/// become available, as time passing would do at Stripe.
#[tauri::command]
#[specta::specta]
pub async fn advance_sandbox_clock(
    backend: State<'_, Backend>,
    hours: u32,
) -> Result<SandboxClock, CoreError> {
    backend
        .blocking(move |desk| desk.advance_sandbox_clock(hours))
        .await
}
