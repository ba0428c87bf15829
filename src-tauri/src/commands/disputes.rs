//! Disputes: list, open (fresh from Stripe), evidence (draft or submit), files, accept, sync.
//! Times come from the core's clock (the sandbox's while it runs), so countdowns and deadlines
//! follow simulated time.

use crate::data_dir::export_dir;
use crate::file_dialog;
use crate::state::Backend;
use connectdesk_core::disputes::{
    dispute_choices, Dispute, DisputeChoices, DisputeEvidenceInput, DisputeNotice, DisputeSync,
    EvidenceFile, EvidenceFileInput,
};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::saved_file::ExportedFile;
use connectdesk_core::CoreError;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_disputes(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<Dispute>, CoreError> {
    backend
        .blocking(move |desk| desk.disputes().list(&query, desk.stripe_now()?))
        .await
}

/// Every dispute of the filter as CSV in Downloads.
#[tauri::command]
#[specta::specta]
pub async fn export_disputes(
    app: AppHandle,
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<ExportedFile, CoreError> {
    let dir = export_dir(&app)?;
    backend
        .blocking(move |desk| desk.disputes().export(&query, &dir, desk.stripe_now()?))
        .await
}

/// Statuses and reasons to filter by, and the evidence form with Stripe's limits.
#[tauri::command]
#[specta::specta]
pub async fn get_dispute_choices() -> Result<DisputeChoices, CoreError> {
    Ok(dispute_choices())
}

/// The dispute read fresh from Stripe (a change made elsewhere shows).
#[tauri::command]
#[specta::specta]
pub async fn open_dispute(backend: State<'_, Backend>, id: u64) -> Result<Dispute, CoreError> {
    let desk = backend.desk().await?;
    let now = desk.stripe_now()?;
    desk.disputes().open(&desk.stripe_access(), id, now).await
}

/// Saves the evidence as a draft (`submit` false) or submits it (irreversible).
#[tauri::command]
#[specta::specta]
pub async fn save_dispute_evidence(
    backend: State<'_, Backend>,
    input: DisputeEvidenceInput,
) -> Result<Dispute, CoreError> {
    let desk = backend.desk().await?;
    let now = desk.stripe_now()?;
    desk.disputes()
        .save_evidence(&desk.stripe_access(), input, now)
        .await
}

/// Asks for a file with the system file dialog, checks it and uploads it as evidence for
/// `field`; `None` when the dialog was closed without a file.
#[tauri::command]
#[specta::specta]
pub async fn choose_dispute_file(
    app: AppHandle,
    backend: State<'_, Backend>,
    id: u64,
    field: String,
) -> Result<Option<EvidenceFile>, CoreError> {
    let Some(path) = file_dialog::pick_evidence_file(&app).await? else {
        return Ok(None);
    };
    let desk = backend.desk().await?;
    let now = desk.stripe_now()?;
    let input = EvidenceFileInput {
        id,
        field,
        path: path.to_string_lossy().into_owned(),
    };
    desk.disputes()
        .upload_file(&desk.stripe_access(), input, now)
        .await
        .map(Some)
}

/// Accepts the dispute (closes it, conceding: it is lost).
#[tauri::command]
#[specta::specta]
pub async fn accept_dispute(backend: State<'_, Backend>, id: u64) -> Result<Dispute, CoreError> {
    let desk = backend.desk().await?;
    let now = desk.stripe_now()?;
    desk.disputes().accept(&desk.stripe_access(), id, now).await
}

/// Reads the workspace's disputes from Stripe as the task `task` (progress bar, Cancel), then shows the desktop notifications now due
/// (new disputes, under 24 hours left), each once; returns them too.
#[tauri::command]
#[specta::specta]
pub async fn sync_disputes(
    app: AppHandle,
    backend: State<'_, Backend>,
    workspace_id: u64,
    task: String,
) -> Result<DisputeSync, CoreError> {
    let desk = backend.desk().await?;
    let (progress, _running) = desk.start_task(&task, "disputes")?;
    let done = desk
        .disputes()
        .sync(&desk.stripe_access(), workspace_id, &progress)
        .await?;
    let notices = backend
        .blocking(move |desk| desk.disputes().notices(workspace_id, desk.stripe_now()?))
        .await?;
    crate::notify::show(&app, &notices);
    Ok(done)
}

/// The notifications due now (each given once), for the window to show as it polls.
#[tauri::command]
#[specta::specta]
pub async fn dispute_notices(
    app: AppHandle,
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<Vec<DisputeNotice>, CoreError> {
    let notices = backend
        .blocking(move |desk| desk.disputes().notices(workspace_id, desk.stripe_now()?))
        .await?;
    crate::notify::show(&app, &notices);
    Ok(notices)
}
