//! Checks a data directory before sled touches it.
//!
//! sled treats a missing or short `conf` file as "new database" and rewrites it, and it writes
//! its files into whatever directory it is given. So a wrong path (a file, someone's documents,
//! a damaged store) must be refused here, before sled can overwrite anything.

use std::fs;
use std::path::Path;

use crate::{CoreError, ErrorCode, Result};

/// What sled 0.34 keeps in its directory.
const SLED_CONF: &str = "conf";
const SLED_DB: &str = "db";
const SLED_BLOBS: &str = "blobs";
const SLED_SNAPSHOT_PREFIX: &str = "snap.";

/// Whether the directory already held a database with data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DirState {
    Fresh,
    Existing,
}

pub(crate) fn check(dir: &Path) -> Result<DirState> {
    let shown = dir.display();
    match fs::metadata(dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|err| {
                CoreError::internal(format!("Cannot create the data directory {shown}: {err}"))
            })?;
            return Ok(DirState::Fresh);
        }
        Err(err) => return Err(CoreError::internal(format!("Cannot read the data directory {shown}: {err}"))),
        Ok(meta) if !meta.is_dir() => {
            return Err(not_a_store(dir, "it is a file, not a directory"));
        }
        Ok(_) => {}
    }

    let entries = fs::read_dir(dir)
        .map_err(|err| CoreError::internal(format!("Cannot list the data directory {shown}: {err}")))?;
    let mut has_conf = false;
    let mut db_len = 0;
    for entry in entries {
        let entry = entry.map_err(|err| CoreError::internal(format!("Cannot list {shown}: {err}")))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        match name.as_ref() {
            SLED_CONF => has_conf = true,
            SLED_DB => {
                let meta = entry.metadata().map_err(|err| CoreError::internal(format!("Cannot read {shown}: {err}")))?;
                db_len = meta.len();
            }
            SLED_BLOBS => {}
            other if other.starts_with(SLED_SNAPSHOT_PREFIX) => {}
            other => return Err(not_a_store(dir, &format!("it contains `{other}`, which ConnectDesk did not write"))),
        }
    }
    if has_conf {
        check_conf(dir)?;
    } else if db_len > 0 {
        return Err(not_a_store(dir, "its `db` file has no `conf` file beside it"));
    }
    Ok(if db_len > 0 { DirState::Existing } else { DirState::Fresh })
}

/// sled's `conf` is `key: value` lines (`segment_size`, `use_compression`, `version`) followed by
/// a 4-byte checksum. Anything else means the directory holds something else.
fn check_conf(dir: &Path) -> Result<()> {
    let bytes = fs::read(dir.join(SLED_CONF))
        .map_err(|err| CoreError::internal(format!("Cannot read {}: {err}", dir.join(SLED_CONF).display())))?;
    let body = bytes.len().checked_sub(4).map(|end| &bytes[..end]);
    let keys: Option<Vec<&str>> = body
        .and_then(|body| std::str::from_utf8(body).ok())
        .map(|text| text.lines().filter_map(|line| line.split_once(": ").map(|(key, _)| key)).collect());
    match keys {
        Some(keys) if ["segment_size", "use_compression", "version"].iter().all(|k| keys.contains(k)) => Ok(()),
        _ => Err(CoreError::new(
            ErrorCode::StoreCorrupt,
            format!(
                "The data store in {} is damaged: its `conf` file is unreadable. Nothing was changed; \
                 restore the directory from a backup or choose another one.",
                dir.display()
            ),
        )),
    }
}

fn not_a_store(dir: &Path, why: &str) -> CoreError {
    CoreError::new(
        ErrorCode::StoreCorrupt,
        format!(
            "{} is not a ConnectDesk data store: {why}. Nothing was changed; choose an empty \
             directory or the one ConnectDesk created.",
            dir.display()
        ),
    )
}
