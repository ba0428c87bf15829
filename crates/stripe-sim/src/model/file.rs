use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::resource;

/// An uploaded file (`file_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileObject {
    pub id: String,
    pub object: String,
    pub created: i64,
    pub expires_at: Option<i64>,
    pub filename: Option<String>,
    pub links: Value,
    pub purpose: String,
    pub size: i64,
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
}
resource!(FileObject, "files");

/// The bytes of an uploaded file, base64 in storage (never rendered as an API object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileContents {
    pub id: String,
    pub created: i64,
    pub content_type: String,
    pub data_base64: String,
}
resource!(FileContents, "file_contents");
