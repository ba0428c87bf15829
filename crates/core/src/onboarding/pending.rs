//! What an account create keeps in its journal operation, so its entry can be saved even when
//! Stripe's answer only arrives after a crash or a restart.

use serde::{Deserialize, Serialize};

use super::model::AccountKind;
use super::validate::ValidCreate;
use crate::journal::Operation;

/// Metadata keys put on every account ConnectDesk creates (beside the journal's
/// `connectdesk_op`), so the account says whose it is in the Stripe Dashboard too.
pub const METADATA_MERCHANT: &str = "connectdesk_merchant";
pub const METADATA_WORKSPACE: &str = "connectdesk_workspace";

/// The entry-to-be of an account create, kept as the operation's context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateContext {
    pub workspace_id: u64,
    pub merchant_id: String,
    pub mode: u8,
    pub offline: bool,
    pub account_type: AccountKind,
    pub return_url: Option<String>,
    pub refresh_url: Option<String>,
}

impl CreateContext {
    pub fn new(valid: &ValidCreate, mode: u8, offline: bool) -> Self {
        Self {
            workspace_id: valid.workspace_id,
            merchant_id: valid.merchant_id.clone(),
            mode,
            offline,
            account_type: valid.kind,
            return_url: valid.return_url.clone(),
            refresh_url: valid.refresh_url.clone(),
        }
    }

    /// The context of an account-create operation, if it has one.
    pub fn of(operation: &Operation) -> Option<Self> {
        serde_json::from_value(operation.context.clone()).ok()
    }

    /// Same Stripe (sandbox, test or live) as the context?
    pub fn same_place(&self, mode: u8, offline: bool) -> bool {
        self.mode == mode && self.offline == offline
    }
}

/// The journal subject of a merchant's account creates.
pub(crate) fn subject(workspace_id: u64, merchant_id: &str) -> String {
    format!("onboarding/{workspace_id}/{merchant_id}")
}
