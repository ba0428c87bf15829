//! The state every command receives. If the store could not be opened (newer format, damaged),
//! the window still opens and every command answers with that error, so the user reads why.

use connectdesk_core::{CoreError, Desk};
use std::path::PathBuf;

pub struct Backend {
    desk: Result<Desk, CoreError>,
}

impl Backend {
    pub fn open(data_dir: PathBuf) -> Self {
        let desk = Desk::open(data_dir, &connectdesk_secrets::OsKeyring::new());
        if let Err(err) = &desk {
            tracing::error!(code = ?err.code, "the store could not be opened: {}", err.message);
        }
        Self { desk }
    }

    pub fn desk(&self) -> Result<&Desk, CoreError> {
        self.desk.as_ref().map_err(Clone::clone)
    }
}
