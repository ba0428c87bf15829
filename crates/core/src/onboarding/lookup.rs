//! Which merchant a connected account belongs to: its onboarding entry in a workspace.

use super::model::OnboardingEntry;
use crate::query::{FilterInput, ListQuery};
use crate::store::Collection;
use crate::Result;

/// The workspace's onboarding entry of `account_id`, if it has one.
pub(crate) fn entry_of_account(
    entries: &Collection<OnboardingEntry>,
    workspace_id: u64,
    account_id: &str,
) -> Result<Option<OnboardingEntry>> {
    let query = ListQuery {
        size: Some("1".into()),
        filters: vec![
            FilterInput::eq("workspaceId", workspace_id),
            FilterInput::eq("accountId", account_id),
        ],
        ..ListQuery::default()
    };
    Ok(entries.list(&query)?.items.into_iter().next())
}
