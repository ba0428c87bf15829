//! The state every command receives. The core opens on a background thread after the window
//! shows (the store, the OS keyring probe, then the offline sandbox), so nothing slow runs
//! before the first screen; a command that comes earlier waits for the open, off the main
//! thread. If the store could not be opened (newer format, damaged), the window still opens
//! and every command answers with that error, so the user reads why.

use connectdesk_core::progress::Tasks;
use connectdesk_core::{CoreError, Desk};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

type Opened = Option<Result<Arc<Desk>, CoreError>>;

pub struct Backend {
    desk: watch::Receiver<Opened>,
}

/// Hands the opened core to the [`Backend`] it was made with.
pub struct Opener {
    sender: watch::Sender<Opened>,
}

impl Backend {
    /// A backend whose core is not open yet, and what opens it.
    pub fn opening() -> (Self, Opener) {
        let (sender, desk) = watch::channel(None);
        (Self { desk }, Opener { sender })
    }

    /// The core, once open (waits for it while it opens).
    pub async fn desk(&self) -> Result<Arc<Desk>, CoreError> {
        let mut desk = self.desk.clone();
        let opened = desk
            .wait_for(Option::is_some)
            .await
            .map_err(|_| CoreError::internal("ConnectDesk stopped while it was starting."))?;
        match &*opened {
            Some(result) => result.clone(),
            None => Err(CoreError::internal("ConnectDesk is still starting.")),
        }
    }

    /// Runs a synchronous core call (store I/O, PBKDF2, starting or stopping the sandbox) on the
    /// blocking thread pool, so it never holds up the main thread (the window) or an async worker.
    pub async fn blocking<T, F>(&self, job: F) -> Result<T, CoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk) -> Result<T, CoreError> + Send + 'static,
    {
        let desk = self.desk().await?;
        tauri::async_runtime::spawn_blocking(move || job(&desk))
            .await
            .map_err(|err| CoreError::internal(format!("The background task failed: {err}")))?
    }
}

impl Opener {
    /// Opens the core under `data_dir` (blocking: call it off the main thread) without the
    /// offline sandbox, and hands it over; `tasks` carries the progress of long work (syncs) to
    /// the window.
    pub fn open(self, data_dir: PathBuf, tasks: Tasks) -> Result<Arc<Desk>, CoreError> {
        let desk = Desk::open_deferred(data_dir, &connectdesk_secrets::OsKeyring::new(), tasks)
            .map(Arc::new);
        if let Err(err) = &desk {
            tracing::error!(code = ?err.code, "the store could not be opened: {}", err.message);
        }
        self.sender.send_replace(Some(desk.clone()));
        desk
    }
}
