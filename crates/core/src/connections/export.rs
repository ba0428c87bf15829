//! "Export connections": a workspace's connections as a JSON file, for an audit or a hand-over.
//! The file carries the same view the UI gets (hints, never secrets), so an export can be mailed
//! or filed without exposing a key. Secrets are re-entered where the connections are set up again.

use std::path::Path;

use serde::Serialize;

use super::model::Connection;
use super::service::{Connections, EXPORT};
use crate::audit::diff;
use crate::operators::{Permission, Scope};
use crate::query::{every_page, FilterInput, ListQuery};
use crate::saved_file::{save_new_file, stamp, ExportedFile};
use crate::workspaces::Workspace;
use crate::{time, CoreError, Result};

/// The format tag in every export, for whoever reads the file later.
pub const EXPORT_FORMAT: &str = "connectdesk.connections/1";

/// The file's content.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionExport {
    pub format: &'static str,
    pub exported_at: String,
    pub workspace: ExportedWorkspace,
    /// Every connection of the workspace that is not deleted, oldest first.
    pub connections: Vec<Connection>,
    pub note: &'static str,
}

/// The workspace as an export names it. A workspace being exported is never deleted, so the file
/// carries no `deletedAt` (the store's "not deleted" marker means nothing to a reader).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedWorkspace {
    pub id: u64,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Workspace> for ExportedWorkspace {
    fn from(workspace: Workspace) -> Self {
        Self {
            id: workspace.id,
            name: workspace.name,
            created_at: workspace.created_at,
            updated_at: workspace.updated_at,
        }
    }
}

const NOTE: &str = "Secrets are not exported: apiKey, webhookSecret, clientSecret and refreshToken appear as hints only.";

impl Connections {
    /// Writes the workspace's connections (hints, never secrets) as a new JSON file in `dir`;
    /// an Admin's task, audited.
    pub fn export_to(&self, workspace_id: u64, dir: &Path) -> Result<ExportedFile> {
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(workspace_id),
            EXPORT,
            &workspace_id.to_string(),
            |_| {
                let workspace = self.workspace(workspace_id)?;
                write_export(&self.export(workspace)?, dir)
            },
            |file| {
                (
                    String::new(),
                    diff(
                        &serde_json::Value::Null,
                        &serde_json::json!({ "file": file.path, "connections": file.count }),
                    ),
                )
            },
        )
    }

    /// The workspace's connections, page by page through the store.
    pub fn export(&self, workspace: Workspace) -> Result<ConnectionExport> {
        let query = ListQuery {
            sort: Some("id:asc".into()),
            filters: vec![FilterInput::eq("workspaceId", workspace.id)],
            ..ListQuery::default()
        };
        let connections = every_page(&query, |page| self.list_all(page))?;
        Ok(ConnectionExport {
            format: EXPORT_FORMAT,
            exported_at: time::now_iso(),
            workspace: workspace.into(),
            connections,
            note: NOTE,
        })
    }
}

/// Writes `export` into `dir` under a new name (never replacing a file), fully written and
/// flushed before it gets its final name.
pub fn write_export(export: &ConnectionExport, dir: &Path) -> Result<ExportedFile> {
    let json = serde_json::to_vec_pretty(export).map_err(|err| {
        tracing::error!("encoding the export failed: {err}");
        CoreError::internal(
            "ConnectDesk could not write the export (an internal problem, written to the log).",
        )
    })?;
    let base = format!(
        "connectdesk-connections-{}-{}",
        slug(&export.workspace.name),
        stamp(&export.exported_at)
    );
    let path = save_new_file(dir, &base, "json", &json)?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        count: u32::try_from(export.connections.len()).unwrap_or(u32::MAX),
    })
}

/// `Acme Marketplace` → `acme-marketplace`; nothing usable → `workspace`.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "workspace".into()
    } else {
        slug.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(slug("Acme Marketplace"), "acme-marketplace");
        assert_eq!(slug("  ../../etc/passwd "), "etc-passwd");
        assert_eq!(slug("Café Zürich GmbH"), "caf-z-rich-gmbh");
        assert_eq!(slug("東京"), "workspace");
    }
}
