//! Files the user asked for (exports): written in full and flushed under a temporary name, then
//! given a new name that never replaces an existing file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use specta::Type;

use crate::{CoreError, Result};

/// Where an export went and how many records it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub count: u32,
}

/// Saves `bytes` in `dir` as `{base}.{ext}` (or `{base}-1.{ext}`, … when taken) and answers
/// the path.
pub fn save_new_file(dir: &Path, base: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
    fs::create_dir_all(dir).map_err(|err| io_error("create the export folder", dir, &err))?;
    let temp = dir.join(format!(".{base}.partial"));
    write_synced(&temp, bytes)?;
    for attempt in 0..100 {
        let name = match attempt {
            0 => format!("{base}.{ext}"),
            n => format!("{base}-{n}.{ext}"),
        };
        let target = dir.join(name);
        if target.exists() {
            continue;
        }
        fs::rename(&temp, &target).map_err(|err| io_error("save the export", &target, &err))?;
        return Ok(target);
    }
    let _ = fs::remove_file(&temp);
    Err(CoreError::internal(format!(
        "Could not find a free file name for the export in {}.",
        dir.display()
    )))
}

/// `2025-06-02T09:15:00.000Z` → `20250602091500`, for file names.
pub fn stamp(iso: &str) -> String {
    iso.chars().filter(char::is_ascii_digit).take(14).collect()
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
