//! Where files live: the store (`CONNECTDESK_DATA_DIR` when set, tests use it, else the platform's app
//! data dir) and the exports the user asks for.

use connectdesk_core::CoreError;
use std::path::PathBuf;
use tauri::{AppHandle, Manager};

pub const ENV_VAR: &str = "CONNECTDESK_DATA_DIR";

pub fn resolve(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}

/// Downloads, else Documents, else the home folder: where people look for a file they asked for.
pub fn export_dir(app: &AppHandle) -> Result<PathBuf, CoreError> {
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.document_dir())
        .or_else(|_| paths.home_dir())
        .map_err(|err| {
            tracing::error!("no folder for the export: {err}");
            CoreError::internal(
                "Found no Downloads, Documents or home folder to save the export in.",
            )
        })
}
