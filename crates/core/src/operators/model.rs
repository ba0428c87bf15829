//! An operator: a local profile with roles per workspace and an optional PIN.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::pin::PinDigest;
use super::roles::Role;
use crate::store::{Field, Record};

/// One role in one workspace (`workspaceId` null: every workspace). A shop owner's grant
/// names the merchants (onboarding `merchantId`s) it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub workspace_id: Option<u64>,
    pub role: Role,
    #[serde(default)]
    pub merchant_ids: Vec<String>,
}

/// As stored: the PIN only as its PBKDF2 digest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OperatorRecord {
    pub id: u64,
    pub display_name: String,
    pub grants: Vec<Grant>,
    pub pin: Option<PinDigest>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for OperatorRecord {
    const COLLECTION: &'static str = "operators";
    const LABEL: &'static str = "operator";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("displayName").sortable().filterable().unique(),
        Field::bool("active").key(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

/// An operator as the UI sees it: whether a PIN is set, never the PIN or its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub id: u64,
    pub display_name: String,
    pub grants: Vec<Grant>,
    pub has_pin: bool,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&OperatorRecord> for Operator {
    fn from(record: &OperatorRecord) -> Self {
        Self {
            id: record.id,
            display_name: record.display_name.clone(),
            grants: record.grants.clone(),
            has_pin: record.pin.is_some(),
            active: record.active,
            created_at: record.created_at.clone(),
            updated_at: record.updated_at.clone(),
        }
    }
}

impl Operator {
    /// Admin in every workspace: the only kind that may manage workspaces and operators.
    pub fn is_global_admin(&self) -> bool {
        is_global_admin(&self.grants)
    }

    /// How the operations journal names who asked: "Sam (#3)".
    pub fn journal_name(&self) -> String {
        format!("{} (#{})", self.display_name, self.id)
    }

    /// The workspaces the operator has a grant for by id (grants for every workspace aside).
    pub fn grant_workspaces(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.grants.iter().filter_map(|g| g.workspace_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Any role in this workspace (or in every workspace).
    pub fn has_role_in(&self, workspace_id: u64) -> bool {
        self.active
            && self
                .grants
                .iter()
                .any(|grant| grant.workspace_id.is_none_or(|id| id == workspace_id))
    }
}

pub(crate) fn is_global_admin(grants: &[Grant]) -> bool {
    grants
        .iter()
        .any(|grant| grant.workspace_id.is_none() && grant.role == Role::Admin)
}

/// What the Operators screen sends to add someone.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateOperator {
    pub display_name: String,
    pub grants: Vec<Grant>,
    /// Required once a second operator exists, so nobody can switch to them without it.
    pub pin: Option<String>,
}
