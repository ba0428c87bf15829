//! Workspaces: named groups the rest of the app hangs off (connections, onboarding, ...).

use std::cell::Cell;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::{diff, FieldChange};
use crate::connections::ConnectionRecord;
use crate::guard::{Action, Guard};
use crate::onboarding::OnboardingEntry;
use crate::operators::{Permission, Scope};
use crate::query::{ListQuery, Page};
use crate::settings::Settings;
use crate::store::{self, abort, Collection, Field, Record, Store, Value};
use crate::time::now_iso;
use crate::{CoreError, ErrorCode, Result};

/// Longest workspace name, in characters (not bytes) after trimming.
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: u64,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for Workspace {
    const COLLECTION: &'static str = "workspaces";
    const LABEL: &'static str = "workspace";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("name").sortable().filterable().unique(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkspace {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RenameWorkspace {
    pub id: u64,
    pub name: String,
}

/// What deleting a workspace takes with it, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceDeletePreview {
    pub workspace: Workspace,
    /// Live connections; their sealed secrets are erased.
    pub connections: u32,
    /// Live onboarding entries; the accounts stay at Stripe.
    pub onboarding_entries: u32,
}

/// How often a delete starts over when a connection or entry was added while it ran.
const DELETE_ATTEMPTS: usize = 3;
/// The key field connections and onboarding entries name their workspace by.
const WORKSPACE_ID: &str = "workspaceId";

/// Creates, renames, deletes and lists workspaces. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Workspaces {
    collection: Collection<Workspace>,
    connections: Collection<ConnectionRecord>,
    onboarding: Collection<OnboardingEntry>,
    settings: Settings,
    guard: Guard,
}

const CREATE: Action = Action::new("workspace.create", "workspace");
const RENAME: Action = Action::new("workspace.rename", "workspace");
const DELETE: Action = Action::new("workspace.delete", "workspace");
const PREVIEW: Action = Action::new("workspace.previewDelete", "workspace");

impl Workspaces {
    pub fn new(store: &Store) -> Result<Workspaces> {
        Ok(Workspaces {
            collection: store.collection()?,
            connections: store.collection()?,
            onboarding: store.collection()?,
            settings: Settings::open(store)?,
            guard: Guard::open(store)?,
        })
    }

    /// Errors: `required`/`tooLong` on `name`; `conflict` on `name` when a live workspace has
    /// the same name, ignoring case. The new workspace becomes the active one when none is
    /// (the first one, or the first after the active one was deleted): everything else in the
    /// app works in the active workspace, and nobody creates one to leave the app without it.
    pub fn create(&self, input: CreateWorkspace) -> Result<Workspace> {
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            CREATE,
            "",
            |_| self.create_unchecked(input),
            created,
        )
    }

    fn create_unchecked(&self, input: CreateWorkspace) -> Result<Workspace> {
        let name = valid_name(&input.name)?;
        let draft = Workspace {
            id: 0,
            name: name.clone(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        let created = self
            .collection
            .insert(draft)
            .map_err(|err| explain_conflict(err, &name))?;
        if self.settings.active_workspace()?.is_none() {
            self.settings.set_active_workspace(Some(created.id))?;
        }
        Ok(created)
    }

    /// Errors as [`Workspaces::create`], and `notFound` for an unknown or deleted id.
    pub fn rename(&self, input: RenameWorkspace) -> Result<Workspace> {
        let before = self.collection.get(input.id).ok();
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            RENAME,
            &input.id.to_string(),
            |_| {
                let name = valid_name(&input.name)?;
                self.collection
                    .update(input.id, |workspace| {
                        workspace.name.clone_from(&name);
                        Ok(())
                    })
                    .map_err(|err| explain_conflict(err, &name))
            },
            |after| (String::new(), changes(before.as_ref(), Some(after))),
        )
    }

    /// What [`Workspaces::delete`] would delete; `notFound` for an unknown or deleted id.
    pub fn delete_preview(&self, id: u64) -> Result<WorkspaceDeletePreview> {
        self.guard.allow(
            Permission::ManageWorkspaces,
            Scope::installation(),
            PREVIEW,
            &id.to_string(),
        )?;
        let workspace = self.collection.get(id)?;
        let key = workspace_key(id)?;
        let count = |total: u64| u32::try_from(total).unwrap_or(u32::MAX);
        Ok(WorkspaceDeletePreview {
            workspace,
            connections: count(self.connections.count_with_key(WORKSPACE_ID, &key)?),
            onboarding_entries: count(self.onboarding.count_with_key(WORKSPACE_ID, &key)?),
        })
    }

    /// Soft-deletes the workspace (its name becomes free again) with all its connections (their
    /// sealed secrets erased, hints kept) and onboarding entries, and forgets it as the active
    /// workspace and its chosen connection: one transaction, so a delete that fails changes
    /// nothing. `notFound` for an unknown or deleted id.
    pub fn delete(&self, id: u64) -> Result<Workspace> {
        let before = self.collection.get(id).ok();
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            DELETE,
            &id.to_string(),
            |_| self.delete_unchecked(id),
            |_| (String::new(), changes(before.as_ref(), None)),
        )
    }

    fn delete_unchecked(&self, id: u64) -> Result<Workspace> {
        let key = workspace_key(id)?;
        for _ in 1..DELETE_ATTEMPTS {
            match self.try_delete(id, &key)? {
                Some(deleted) => return Ok(deleted),
                None => continue,
            }
        }
        self.try_delete(id, &key)?.ok_or_else(|| {
            CoreError::new(
                ErrorCode::Conflict,
                "Connections or onboarding entries kept being added to this workspace while it was being deleted; nothing was deleted. Try again.",
            )
        })
    }

    /// One attempt; `None` (nothing written) when a connection or onboarding entry of the
    /// workspace appeared after they were listed.
    fn try_delete(&self, id: u64, key: &Value) -> Result<Option<Workspace>> {
        // Transactions cannot scan an index, so the ids are listed first and the live counts,
        // read inside the transaction, prove that the list is still complete.
        let connection_ids = self.connections.ids_with_key(WORKSPACE_ID, key)?;
        let entry_ids = self.onboarding.ids_with_key(WORKSPACE_ID, key)?;
        let now = now_iso();
        let stale = Cell::new(false);
        let result = store::transact(
            &[
                self.collection.trees(),
                self.connections.trees(),
                self.onboarding.trees(),
                std::slice::from_ref(self.settings.tree()),
            ],
            |trees| {
                let [workspaces, connections, onboarding, settings] = trees else {
                    return abort(CoreError::internal("A workspace delete lost its trees."));
                };
                stale.set(false);
                let deleted = self
                    .collection
                    .soft_delete_in(workspaces, id, &now, |_| Ok(()))?;
                for &connection in &connection_ids {
                    self.connections.soft_delete_in(
                        connections,
                        connection,
                        &now,
                        ConnectionRecord::erase_secrets,
                    )?;
                }
                for &entry in &entry_ids {
                    self.onboarding
                        .soft_delete_in(onboarding, entry, &now, |_| Ok(()))?;
                }
                let left = self
                    .connections
                    .count_with_key_in(connections, WORKSPACE_ID, key)?
                    + self
                        .onboarding
                        .count_with_key_in(onboarding, WORKSPACE_ID, key)?;
                if left > 0 {
                    stale.set(true);
                    return abort(CoreError::internal("The workspace changed meanwhile."));
                }
                Settings::forget_workspace_in(&settings[0], id)?;
                Ok(deleted)
            },
        );
        match result {
            Err(_) if stale.get() => Ok(None),
            Err(err) => Err(err),
            Ok(deleted) => {
                // The old versions of the connections (their sealed secrets) stay in sled's log
                // until it reuses the segment; flushing makes the erasure itself durable.
                self.settings.tree().flush()?;
                Ok(Some(deleted))
            }
        }
    }

    pub fn get(&self, id: u64) -> Result<Workspace> {
        self.collection.get(id)
    }

    /// The workspaces the current operator has a role in. Sortable and filterable: `id`,
    /// `name`, `createdAt`, `updatedAt`.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Workspace>> {
        let by = self.guard.operator()?;
        if by.grants.iter().any(|grant| grant.workspace_id.is_none()) {
            return self.collection.list(query);
        }
        // Narrowed before it runs, so pages stay full and the total is theirs.
        let theirs = by.grant_workspaces().iter().map(u64::to_string).collect();
        self.collection.list(&query.restricted("id", theirs))
    }
}

fn created(workspace: &Workspace) -> (String, Vec<FieldChange>) {
    (workspace.id.to_string(), changes(None, Some(workspace)))
}

/// The audit diff of a workspace: its name (ids and timestamps are the record's own).
fn changes(before: Option<&Workspace>, after: Option<&Workspace>) -> Vec<FieldChange> {
    let view = |workspace: Option<&Workspace>| {
        workspace.map_or(
            serde_json::Value::Null,
            |w| serde_json::json!({ "name": w.name }),
        )
    };
    diff(&view(before), &view(after))
}

/// The name as stored: trimmed, non-empty, at most [`MAX_NAME_CHARS`] characters.
fn valid_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "name",
            "A workspace needs a name.",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "name",
            format!("A workspace name can have at most {MAX_NAME_CHARS} characters."),
        ));
    }
    Ok(name.to_owned())
}

fn workspace_key(id: u64) -> Result<Value> {
    i64::try_from(id)
        .map(Value::Int)
        .map_err(|_| CoreError::not_found(&format!("Workspace {id}")))
}

fn explain_conflict(err: CoreError, name: &str) -> CoreError {
    match err.code {
        ErrorCode::Conflict => CoreError::on_field(
            ErrorCode::Conflict,
            "name",
            format!("A workspace named “{name}” already exists."),
        ),
        _ => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_counted_in_characters() {
        assert_eq!(valid_name("  Acme  ").expect("valid"), "Acme");
        assert_eq!(
            valid_name(&"é".repeat(100)).expect("100 two-byte chars fit"),
            "é".repeat(100)
        );
        let err = valid_name(&"é".repeat(101)).expect_err("too long");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::TooLong, Some("name"))
        );
        let err = valid_name(" \t\n").expect_err("blank");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Required, Some("name"))
        );
    }
}
