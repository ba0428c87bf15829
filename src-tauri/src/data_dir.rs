//! Where the store lives: `CONNECTDESK_DATA_DIR` when set (tests use it), else the platform's app data dir.

use std::path::PathBuf;
use tauri::{AppHandle, Manager};

pub const ENV_VAR: &str = "CONNECTDESK_DATA_DIR";

pub fn resolve(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}
