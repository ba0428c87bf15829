//! Workspaces: named groups the rest of the app hangs off (connections, onboarding, ...).

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::query::{ListQuery, Page};
use crate::settings::Settings;
use crate::store::{Collection, Field, Record, Store};
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

/// Creates, renames, deletes and lists workspaces. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Workspaces {
    collection: Collection<Workspace>,
    settings: Settings,
}

impl Workspaces {
    pub fn new(store: &Store) -> Result<Workspaces> {
        Ok(Workspaces {
            collection: store.collection()?,
            settings: Settings::open(store)?,
        })
    }

    /// Errors: `required`/`tooLong` on `name`; `conflict` on `name` when a live workspace has
    /// the same name, ignoring case.
    pub fn create(&self, input: CreateWorkspace) -> Result<Workspace> {
        let name = valid_name(&input.name)?;
        let draft = Workspace {
            id: 0,
            name: name.clone(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        self.collection
            .insert(draft)
            .map_err(|err| explain_conflict(err, &name))
    }

    /// Errors as [`Workspaces::create`], and `notFound` for an unknown or deleted id.
    pub fn rename(&self, input: RenameWorkspace) -> Result<Workspace> {
        let name = valid_name(&input.name)?;
        self.collection
            .update(input.id, |workspace| {
                workspace.name.clone_from(&name);
                Ok(())
            })
            .map_err(|err| explain_conflict(err, &name))
    }

    /// Soft-deletes a workspace (its name becomes free again) and stops it being the active one.
    pub fn delete(&self, id: u64) -> Result<Workspace> {
        let deleted = self.collection.soft_delete(id)?;
        self.settings.forget_workspace(id)?;
        Ok(deleted)
    }

    pub fn get(&self, id: u64) -> Result<Workspace> {
        self.collection.get(id)
    }

    /// Sortable and filterable: `id`, `name`, `createdAt`, `updatedAt`.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Workspace>> {
        self.collection.list(query)
    }
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
