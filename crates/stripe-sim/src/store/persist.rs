//! Mirrors the tables into sled: one tree per table, one key per object (JSON), plus the
//! `meta` record. Only changed objects are written after each request.

use std::path::Path;

use crate::error::Error;
use crate::model::Meta;
use crate::store::Db;

const META_TREE: &str = "meta";
const META_KEY: &[u8] = b"meta";

/// An open sled database.
#[derive(Debug, Clone)]
pub struct Persist {
    db: sled::Db,
}

impl Persist {
    /// Opens (or creates) the data directory.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        Ok(Self {
            db: sled::open(dir)?,
        })
    }

    /// Loads stored state into a fresh `Db`; `None` when the directory holds no state yet.
    pub fn load(&self) -> Result<Option<Db>, Error> {
        let meta_tree = self.db.open_tree(META_TREE)?;
        let Some(bytes) = meta_tree.get(META_KEY)? else {
            return Ok(None);
        };
        let meta: Meta = serde_json::from_slice(&bytes).map_err(|source| Error::CorruptRecord {
            table: META_TREE.into(),
            key: "meta".into(),
            source,
        })?;
        let mut db = Db::empty(meta.platform.clone());
        db.meta = meta;
        for table in db.tables_mut() {
            let tree = self.db.open_tree(table.name())?;
            let rows = tree
                .iter()
                .map(|entry| {
                    let (k, v) = entry?;
                    Ok((String::from_utf8_lossy(&k).into_owned(), v.to_vec()))
                })
                .collect::<Result<Vec<_>, sled::Error>>()?;
            table.load(rows)?;
            table.mark_clean();
        }
        db.meta_dirty = false;
        Ok(Some(db))
    }

    /// Writes what changed since the last save. On failure the changes stay pending and are
    /// retried by the next save.
    pub fn save(&self, db: &mut Db) -> Result<(), Error> {
        if db.meta_dirty {
            let bytes = serde_json::to_vec(&db.meta).map_err(Error::Encode)?;
            self.db.open_tree(META_TREE)?.insert(META_KEY, bytes)?;
            db.meta_dirty = false;
        }
        for table in db.tables_mut() {
            if !table.is_dirty() {
                continue;
            }
            let tree = self.db.open_tree(table.name())?;
            let mut batch = sled::Batch::default();
            for (key, value) in table.changes()? {
                match value {
                    Some(bytes) => batch.insert(key.as_bytes(), bytes),
                    None => batch.remove(key.as_bytes()),
                }
            }
            tree.apply_batch(batch)?;
            table.mark_clean();
        }
        Ok(())
    }

    /// Forces everything to disk (on shutdown).
    pub fn flush(&self) -> Result<(), Error> {
        self.db.flush()?;
        Ok(())
    }
}
