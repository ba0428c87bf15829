use crate::state::Backend;
use connectdesk_core::onboarding::{
    onboarding_choices, ActOutcome, CreateOnboarding, OnboardingAction, OnboardingChoices,
    OnboardingEntry, OnboardingLink, SyncReport,
};
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::CoreError;
use tauri::State;
use time::OffsetDateTime;

#[tauri::command]
#[specta::specta]
pub async fn list_onboarding(
    backend: State<'_, Backend>,
    query: ListQuery,
) -> Result<Page<OnboardingEntry>, CoreError> {
    backend
        .blocking(move |desk| desk.onboarding().list(&query))
        .await
}

/// `id` is text so a missing or non-integer id answers `notFound`, as the API always has.
#[tauri::command]
#[specta::specta]
pub async fn get_onboarding(
    backend: State<'_, Backend>,
    id: String,
) -> Result<OnboardingEntry, CoreError> {
    backend
        .blocking(move |desk| desk.onboarding().get(&id))
        .await
}

/// What the create form offers: the countries per account type and the business types.
#[tauri::command]
#[specta::specta]
pub async fn get_onboarding_choices() -> Result<OnboardingChoices, CoreError> {
    Ok(onboarding_choices())
}

/// The create form's field errors, all at once; nothing is created.
#[tauri::command]
#[specta::specta]
pub async fn check_onboarding_form(
    backend: State<'_, Backend>,
    input: CreateOnboarding,
) -> Result<(), CoreError> {
    backend
        .blocking(move |desk| desk.onboarding().check_form(&input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_onboarding(
    backend: State<'_, Backend>,
    input: CreateOnboarding,
) -> Result<OnboardingLink, CoreError> {
    let desk = backend.desk().await?;
    desk.onboarding().create(&desk.stripe_access(), input).await
}

/// `type` is `finish`, `refresh` or `dashboard`; anything else answers `invalidValue`.
#[tauri::command]
#[specta::specta]
pub async fn act_on_onboarding(
    backend: State<'_, Backend>,
    action: OnboardingAction,
    id: String,
) -> Result<ActOutcome, CoreError> {
    let desk = backend.desk().await?;
    desk.onboarding()
        .act(&desk.stripe_access(), action, &id)
        .await
}

/// On the user's return from Stripe: a new link when the entry's link expired and the merchant
/// still has steps to do, else `null`.
#[tauri::command]
#[specta::specta]
pub async fn renew_expired_onboarding_link(
    backend: State<'_, Backend>,
    id: String,
) -> Result<Option<OnboardingLink>, CoreError> {
    let desk = backend.desk().await?;
    desk.onboarding()
        .renew_expired_link(&desk.stripe_access(), &id, OffsetDateTime::now_utc())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_onboarding(
    backend: State<'_, Backend>,
    workspace_id: u64,
) -> Result<SyncReport, CoreError> {
    let desk = backend.desk().await?;
    desk.onboarding()
        .sync(&desk.stripe_access(), workspace_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_onboarding(backend: State<'_, Backend>, id: String) -> Result<(), CoreError> {
    backend
        .blocking(move |desk| desk.onboarding().delete(&id))
        .await
}
