//! The façade the app holds: it opens the store and hands out the services.
//! One instance per data directory; the Tauri layer keeps it in managed state.

use crate::settings::Settings;
use crate::store::Store;
use crate::workspaces::{Workspace, Workspaces};
use crate::Result;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

/// Which Stripe the app talks to. Until a live connection is active, everything is SANDBOX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mode {
    Sandbox,
    Live,
}

/// What the header and Settings show.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub active_workspace: Option<Workspace>,
    pub mode: Mode,
    /// True while the app talks to its own local Stripe simulator.
    pub sandbox: bool,
    pub data_dir: String,
    pub version: String,
}

pub struct Desk {
    data_dir: PathBuf,
    workspaces: Workspaces,
    settings: Settings,
}

impl Desk {
    pub fn open(data_dir: impl Into<PathBuf>) -> Result<Self> {
        let data_dir = data_dir.into();
        let store = Store::open(&data_dir)?;
        Ok(Self {
            workspaces: Workspaces::new(&store)?,
            settings: Settings::open(&store)?,
            data_dir,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn workspaces(&self) -> &Workspaces {
        &self.workspaces
    }

    pub fn status(&self) -> Result<AppStatus> {
        let active_workspace = match self.settings.active_workspace()? {
            Some(id) => Some(self.workspaces.get(id)?),
            None => None,
        };
        Ok(AppStatus {
            active_workspace,
            mode: Mode::Sandbox,
            sandbox: true,
            data_dir: self.data_dir.display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }

    pub fn set_active_workspace(&self, id: Option<u64>) -> Result<AppStatus> {
        self.settings.set_active_workspace(id)?;
        self.status()
    }
}
