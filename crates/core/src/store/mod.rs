//! The store: one sled database in a directory the caller chooses, holding typed collections.
//!
//! Every write is one sled transaction over all trees it touches, flushed before it returns, so a
//! write reported as done survives a crash. The on-disk format is versioned: a store written by a
//! newer ConnectDesk is refused, never rewritten.

mod bulk;
mod codec;
mod collection;
mod dir;
pub(crate) mod layout;
mod record;
mod reindex;
mod scan;
mod tx;

use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub use codec::FieldKind;
pub(crate) use codec::{encode, encode_into, parse_as, Value, PRESENT};
pub use collection::Collection;
pub(crate) use layout::Layout;
pub use record::{Field, Record, CREATED_AT, DELETED_AT, ID, UPDATED_AT};
pub(crate) use tx::{abort, transact, TxResult};

use crate::{CoreError, ErrorCode, Result};

/// The subdirectory of the data directory that holds the sled database; the rest of the data
/// directory belongs to other parts of the app.
pub const STORE_DIR: &str = "store";
/// The on-disk format this build writes and reads. Raise it with every incompatible change and
/// migrate older stores in [`Store::open`].
pub const FORMAT_VERSION: u32 = 1;
/// The tree holding store-wide bookkeeping.
pub const STORE_META_TREE: &str = "connectdesk#store";
/// Key of [`FORMAT_VERSION`] (big-endian `u32`) in [`STORE_META_TREE`].
pub const FORMAT_VERSION_KEY: &[u8] = b"formatVersion";

/// A handle on the open database; cheap to clone and to share between threads.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    /// Held for writing while a collection opens (which may rebuild its indexes), so opens run
    /// one at a time and never while a bulk load holds it for reading.
    opening: Arc<RwLock<()>>,
}

impl std::fmt::Debug for Store {
    // sled's own Debug prints every tree's contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the store in the [`STORE_DIR`] subdirectory of `data_dir`. Refuses,
    /// without changing them, a store directory that holds anything else, a damaged store and a
    /// store written by a newer ConnectDesk.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Store> {
        let dir = dir::prepare(data_dir.as_ref())?;
        let db = open_db(&dir)?;
        check_format(&db, &dir)?;
        Ok(Store {
            db,
            opening: Arc::new(RwLock::new(())),
        })
    }

    /// The collection of `T`, its indexes brought up to date with `T`'s schema.
    pub fn collection<T: Record>(&self) -> Result<Collection<T>> {
        let _opening = self
            .opening
            .write()
            .map_err(|_| CoreError::internal("A collection failed to open earlier"))?;
        Collection::open(&self.db, &self.opening)
    }

    /// Makes every write so far durable. Writes through collections already do this.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// A tree outside the collections (settings and the like).
    pub(crate) fn tree(&self, name: &str) -> Result<sled::Tree> {
        Ok(self.db.open_tree(name)?)
    }
}

/// How long a lock held by a closing handle may delay opening: sled's flusher thread keeps the
/// file locked for a moment after the last handle is dropped, so a reopen in the same process
/// can find it still locked.
const LOCK_WAIT: Duration = Duration::from_millis(1500);

fn open_db(dir: &Path) -> Result<sled::Db> {
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match sled::Config::new().path(dir).open() {
            Ok(db) => return Ok(db),
            Err(err) if is_lock_error(&err) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(err) => return Err(open_error(dir, err)),
        }
    }
}

fn is_lock_error(err: &sled::Error) -> bool {
    matches!(err, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"))
}

fn open_error(dir: &Path, err: sled::Error) -> CoreError {
    match &err {
        _ if is_lock_error(&err) => CoreError::internal(format!(
            "The data store in {} is in use by another ConnectDesk process; close it and retry.",
            dir.display()
        )),
        sled::Error::Corruption { .. } => err.into(),
        _ => CoreError::new(
            ErrorCode::StoreCorrupt,
            format!(
                "The data store in {} cannot be opened ({err}). Nothing was changed.",
                dir.display()
            ),
        ),
    }
}

/// Checks the recorded format version, recording the current one in a new store.
fn check_format(db: &sled::Db, dir: &Path) -> Result<()> {
    let meta = db.open_tree(STORE_META_TREE)?;
    let Some(raw) = meta.get(FORMAT_VERSION_KEY)? else {
        // Data without a version was not written by ConnectDesk, or lost its bookkeeping: refuse
        // rather than adopt it.
        if has_data(db)? {
            return Err(CoreError::new(
                ErrorCode::StoreCorrupt,
                format!(
                    "The data store in {} holds data but no format version; it is damaged or not \
                     ConnectDesk's. Nothing was changed.",
                    dir.display()
                ),
            ));
        }
        meta.insert(FORMAT_VERSION_KEY, &FORMAT_VERSION.to_be_bytes())?;
        db.flush()?;
        return Ok(());
    };
    let version = <[u8; 4]>::try_from(raw.as_ref())
        .map(u32::from_be_bytes)
        .map_err(|_| {
            CoreError::new(
                ErrorCode::StoreCorrupt,
                format!(
                    "The data store in {} has a damaged format version. Nothing was changed.",
                    dir.display()
                ),
            )
        })?;
    match version {
        FORMAT_VERSION => Ok(()),
        newer if newer > FORMAT_VERSION => Err(CoreError::new(
            ErrorCode::StoreTooNew,
            format!(
                "The data store in {} was written by a newer ConnectDesk (format {newer}; this version \
                 reads format {FORMAT_VERSION}). Update ConnectDesk to open it; nothing was changed.",
                dir.display()
            ),
        )),
        older => Err(CoreError::new(
            ErrorCode::StoreCorrupt,
            format!("The data store in {} has an unknown format version {older}. Nothing was changed.", dir.display()),
        )),
    }
}

fn has_data(db: &sled::Db) -> Result<bool> {
    if !db.is_empty() {
        return Ok(true);
    }
    for name in db.tree_names() {
        if name.as_ref() != STORE_META_TREE.as_bytes() && !db.open_tree(&name)?.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}
