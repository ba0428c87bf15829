use crate::data_dir::export_dir;
use crate::state::Backend;
use connectdesk_core::payments::{
    CapturePayment, CreatePayment, CreatedPayment, Payment, RefundLimit, RefundOutcome,
    RefundPayment, SetRefundLimit, TestCard,
};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_payments(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Payment>, CoreError> {
    backend
        .blocking(move |desk| desk.payments().list(&query))
        .await
}

/// Saves every payment of the current filter as a new CSV file in the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_payments(
    app: AppHandle,
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.payments().export(&query, &dir))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_payment(backend: State<'_, Backend>, id: u64) -> Result<Payment, CoreError> {
    backend.blocking(move |desk| desk.payments().get(id)).await
}

/// The client secret in the answer is shown once to copy; it is never stored or logged.
#[tauri::command]
#[specta::specta]
pub async fn create_payment(
    backend: State<'_, Backend>,
    input: CreatePayment,
) -> Result<CreatedPayment, CoreError> {
    let desk = backend.desk().await?;
    desk.payments().create(&desk.stripe_access(), input).await
}

/// "Pay with a test card" (the sandbox and test mode only).
#[tauri::command]
#[specta::specta]
pub async fn confirm_test_payment(
    backend: State<'_, Backend>,
    id: u64,
    card: TestCard,
) -> Result<Payment, CoreError> {
    let desk = backend.desk().await?;
    desk.payments()
        .confirm_with_test_card(&desk.stripe_access(), id, card)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn capture_payment(
    backend: State<'_, Backend>,
    input: CapturePayment,
) -> Result<Payment, CoreError> {
    let desk = backend.desk().await?;
    desk.payments().capture(&desk.stripe_access(), input).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_payment(backend: State<'_, Backend>, id: u64) -> Result<Payment, CoreError> {
    let desk = backend.desk().await?;
    desk.payments().cancel(&desk.stripe_access(), id).await
}

#[tauri::command]
#[specta::specta]
pub async fn refund_payment(
    backend: State<'_, Backend>,
    input: RefundPayment,
) -> Result<RefundOutcome, CoreError> {
    let desk = backend.desk().await?;
    desk.payments().refund(&desk.stripe_access(), input).await
}

/// Reads the platform's destination charges from Stripe (also those made elsewhere).
#[tauri::command]
#[specta::specta]
pub async fn sync_payments(
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<u32, CoreError> {
    let desk = backend.desk().await?;
    desk.payments()
        .sync(&desk.stripe_access(), workspace_id)
        .await
}

/// What Support may refund per payment in the workspace, per currency.
#[tauri::command]
#[specta::specta]
pub async fn list_refund_limits(
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<Vec<RefundLimit>, CoreError> {
    backend
        .blocking(move |desk| desk.payments().refund_limits(workspace_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_refund_limit(
    backend: State<'_, Backend>,
    input: SetRefundLimit,
) -> Result<Vec<RefundLimit>, CoreError> {
    backend
        .blocking(move |desk| desk.payments().set_refund_limit(input))
        .await
}
