//! Checks the store's directory before sled touches it.
//!
//! The store lives in its own subdirectory of the data directory, which other parts of the app
//! share (keystore, logs). sled treats a missing or short `conf` file as "new database" and
//! rewrites it, recovers a log it cannot read as an empty database (then writes over it), and
//! writes its files into whatever directory it is given. So a wrong path (a file, someone's
//! documents, a damaged store) must be refused here, before sled can overwrite anything.

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::STORE_DIR;
use crate::{CoreError, ErrorCode, Result};

/// What sled 0.34 keeps in its directory.
const SLED_CONF: &str = "conf";
const SLED_DB: &str = "db";
const SLED_BLOBS: &str = "blobs";
const SLED_SNAPSHOT_PREFIX: &str = "snap.";

/// Files a desktop OS may drop into any directory a person opened.
const OS_METADATA: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// Size of a sled log segment header: crc32, lsn, max stable lsn.
const SEGMENT_HEADER_LEN: usize = 20;

/// The store's directory inside `data_dir`, created if missing and checked to be a store.
pub(crate) fn prepare(data_dir: &Path) -> Result<PathBuf> {
    if fs::metadata(data_dir).is_ok_and(|meta| !meta.is_dir()) {
        return Err(not_a_store(data_dir, "it is a file, not a directory"));
    }
    let dir = data_dir.join(STORE_DIR);
    check(&dir)?;
    Ok(dir)
}

fn check(dir: &Path) -> Result<()> {
    let shown = dir.display();
    match fs::metadata(dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|err| {
                CoreError::internal(format!("Cannot create the data directory {shown}: {err}"))
            })?;
            return Ok(());
        }
        Err(err) => {
            return Err(CoreError::internal(format!(
                "Cannot read the data directory {shown}: {err}"
            )))
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(not_a_store(dir, "it is a file, not a directory"));
        }
        Ok(_) => {}
    }

    let entries = fs::read_dir(dir).map_err(|err| {
        CoreError::internal(format!("Cannot list the data directory {shown}: {err}"))
    })?;
    let mut has_conf = false;
    let mut db_len = 0;
    for entry in entries {
        let entry =
            entry.map_err(|err| CoreError::internal(format!("Cannot list {shown}: {err}")))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        match name.as_ref() {
            SLED_CONF => has_conf = true,
            SLED_DB => {
                let meta = entry
                    .metadata()
                    .map_err(|err| CoreError::internal(format!("Cannot read {shown}: {err}")))?;
                db_len = meta.len();
            }
            SLED_BLOBS => {}
            other if OS_METADATA.contains(&other) => {}
            other if other.starts_with(SLED_SNAPSHOT_PREFIX) => {}
            other => {
                return Err(not_a_store(
                    dir,
                    &format!("it contains `{other}`, which ConnectDesk did not write"),
                ))
            }
        }
    }
    match (has_conf, db_len) {
        (false, 0) => Ok(()),
        (false, _) => Err(not_a_store(
            dir,
            "its `db` file has no `conf` file beside it",
        )),
        (true, db_len) => {
            let segment_size = read_conf(dir)?;
            if db_len > 0 {
                check_log(dir, db_len, segment_size)?;
            }
            Ok(())
        }
    }
}

/// sled's `conf` is `key: value` lines (`segment_size`, `use_compression`, `version`) followed by
/// a 4-byte checksum; returns the segment size.
fn read_conf(dir: &Path) -> Result<usize> {
    let path = dir.join(SLED_CONF);
    let bytes = fs::read(&path)
        .map_err(|err| CoreError::internal(format!("Cannot read {}: {err}", path.display())))?;
    let body = bytes.len().checked_sub(4).map(|end| &bytes[..end]);
    let lines: Vec<(&str, &str)> = body
        .and_then(|body| std::str::from_utf8(body).ok())
        .map(|text| {
            text.lines()
                .filter_map(|line| line.split_once(": "))
                .collect()
        })
        .unwrap_or_default();
    let value = |key: &str| lines.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let segment_size = value("segment_size")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|size| *size > 0);
    match (segment_size, value("use_compression"), value("version")) {
        (Some(segment_size), Some(_), Some(_)) => Ok(segment_size),
        _ => Err(damaged(dir, "its `conf` file is unreadable")),
    }
}

/// A sled log is segments that each start with a checksummed header. A log in which no header
/// checks out holds nothing sled can recover, and sled would silently start over on top of it.
fn check_log(dir: &Path, db_len: u64, segment_size: usize) -> Result<()> {
    let path = dir.join(SLED_DB);
    let unreadable =
        |err: std::io::Error| CoreError::internal(format!("Cannot read {}: {err}", path.display()));
    let mut file = File::open(&path).map_err(unreadable)?;
    let mut header = [0_u8; SEGMENT_HEADER_LEN];
    for start in (0..db_len).step_by(segment_size) {
        file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
        // A short read is a torn last segment: not readable, but not an I/O failure either.
        if file.read_exact(&mut header).is_ok() && segment_header_ok(&header) {
            return Ok(());
        }
    }
    Err(damaged(dir, "its `db` file holds no readable data"))
}

/// sled stores `!crc32(lsn ++ max_stable_lsn)` little-endian in front of a segment header.
fn segment_header_ok(header: &[u8; SEGMENT_HEADER_LEN]) -> bool {
    let stored = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
    crc32fast::hash(&header[4..]) ^ 0xFFFF_FFFF == stored
}

fn damaged(dir: &Path, why: &str) -> CoreError {
    CoreError::new(
        ErrorCode::StoreCorrupt,
        format!(
            "The data store in {} is damaged: {why}. Nothing was changed; restore the directory from \
             a backup or choose another one.",
            dir.display()
        ),
    )
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
