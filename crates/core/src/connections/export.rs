//! "Export connections": a workspace's connections as a JSON file, for an audit or a hand-over.
//! The file carries the same view the UI gets (hints, never secrets), so an export can be mailed
//! or filed without exposing a key. Secrets are re-entered where the connections are set up again.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use specta::Type;

use super::model::Connection;
use super::service::{Connections, EXPORT};
use crate::audit::diff;
use crate::operators::{Permission, Scope};
use crate::query::{FilterInput, ListQuery};
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

/// Where the export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub connection_count: u32,
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
                        &serde_json::json!({ "file": file.path, "connections": file.connection_count }),
                    ),
                )
            },
        )
    }

    /// The workspace's connections, page by page through the store.
    pub fn export(&self, workspace: Workspace) -> Result<ConnectionExport> {
        let mut connections = Vec::new();
        let mut page_token = None;
        loop {
            let page = self.list_all(&ListQuery {
                size: Some("300".into()),
                page_token: page_token.take(),
                sort: Some("id:asc".into()),
                filters: vec![FilterInput {
                    field: "workspaceId".into(),
                    op: "eq".into(),
                    value: workspace.id.to_string(),
                }],
                ..ListQuery::default()
            })?;
            connections.extend(page.items);
            match page.next_page_token {
                Some(token) if !page.end_reached => page_token = Some(token),
                _ => break,
            }
        }
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
    fs::create_dir_all(dir).map_err(|err| io_error("create the export folder", dir, &err))?;
    let json = serde_json::to_vec_pretty(export).map_err(|err| {
        tracing::error!("encoding the export failed: {err}");
        CoreError::internal(
            "ConnectDesk could not write the export (an internal problem, written to the log).",
        )
    })?;
    let stamp: String = export
        .exported_at
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let base = format!(
        "connectdesk-connections-{}-{stamp}",
        slug(&export.workspace.name)
    );
    let temp = dir.join(format!(".{base}.partial"));
    write_synced(&temp, &json)?;
    for attempt in 0..100 {
        let name = match attempt {
            0 => format!("{base}.json"),
            n => format!("{base}-{n}.json"),
        };
        let target = dir.join(name);
        if target.exists() {
            continue;
        }
        fs::rename(&temp, &target).map_err(|err| io_error("save the export", &target, &err))?;
        return Ok(ExportedFile {
            path: target.display().to_string(),
            connection_count: u32::try_from(export.connections.len()).unwrap_or(u32::MAX),
        });
    }
    let _ = fs::remove_file(&temp);
    Err(CoreError::internal(format!(
        "Could not find a free file name for the export in {}.",
        dir.display()
    )))
}

fn write_synced(path: &PathBuf, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|err| io_error("write the export", path, &err))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|err| io_error("write the export", path, &err))
}

/// The failure in words; the system's own text ("Permission denied (os error 13)") goes to the log.
fn io_error(action: &str, path: &Path, err: &std::io::Error) -> CoreError {
    tracing::warn!("export: could not {action} at {}: {err}", path.display());
    let why = match err.kind() {
        std::io::ErrorKind::PermissionDenied => "ConnectDesk is not allowed to write there",
        std::io::ErrorKind::NotFound => "the folder does not exist",
        std::io::ErrorKind::StorageFull => "the disk is full",
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        _ => "the system refused",
    };
    CoreError::internal(format!("Could not {action} in {}: {why}.", path.display()))
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
