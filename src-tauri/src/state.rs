//! The state every command receives. If the store could not be opened (newer format, damaged),
//! the window still opens and every command answers with that error, so the user reads why.

use connectdesk_core::progress::Tasks;
use connectdesk_core::{CoreError, Desk};
use std::path::PathBuf;
use std::sync::Arc;

pub struct Backend {
    desk: Result<Arc<Desk>, CoreError>,
}

impl Backend {
    /// `tasks` carries the progress of long work (syncs) to the window.
    pub fn open(data_dir: PathBuf, tasks: Tasks) -> Self {
        let desk = Desk::open_reporting(data_dir, &connectdesk_secrets::OsKeyring::new(), tasks)
            .map(Arc::new);
        if let Err(err) = &desk {
            tracing::error!(code = ?err.code, "the store could not be opened: {}", err.message);
        }
        Self { desk }
    }

    pub fn desk(&self) -> Result<Arc<Desk>, CoreError> {
        self.desk.clone()
    }

    /// Runs a synchronous core call (store I/O, PBKDF2, starting or stopping the sandbox) on the
    /// blocking thread pool, so it never holds up the main thread (the window) or an async worker.
    pub async fn blocking<T, F>(&self, job: F) -> Result<T, CoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk) -> Result<T, CoreError> + Send + 'static,
    {
        let desk = self.desk()?;
        tauri::async_runtime::spawn_blocking(move || job(&desk))
            .await
            .map_err(|err| CoreError::internal(format!("The background task failed: {err}")))?
    }
}
