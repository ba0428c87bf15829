//! File uploads (`file_`), stored with their bytes.

use base64::Engine;
use serde_json::json;

use crate::domain::Ctx;
use crate::model::{FileContents, FileObject};
use crate::store::render::Render;
use crate::wire::ApiError;

/// Purposes Stripe accepts for uploads.
pub const PURPOSES: &[&str] = &[
    "account_requirement",
    "additional_verification",
    "business_icon",
    "business_logo",
    "customer_signature",
    "dispute_evidence",
    "identity_document",
    "pci_document",
    "tax_document_user_upload",
    "terminal_reader_splashscreen",
];

/// The largest upload accepted (Stripe: 16 MB; dispute evidence: 5 MB).
pub const MAX_SIZE: usize = 16 * 1024 * 1024;
const MAX_DISPUTE_EVIDENCE_SIZE: usize = 5 * 1024 * 1024;
const DISPUTE_EVIDENCE_TYPES: &[&str] = &["pdf", "jpg", "png"];

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    pub purpose: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The file `type` from the name's extension, else the content type.
fn file_type(upload: &Upload) -> Option<String> {
    let from_name = upload
        .filename
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let from_mime = upload
        .content_type
        .as_deref()
        .and_then(|m| m.split_once('/'))
        .map(|(_, sub)| {
            sub.split(';')
                .next()
                .unwrap_or(sub)
                .trim()
                .to_ascii_lowercase()
        });
    from_name.or(from_mime).map(|t| match t.as_str() {
        "jpeg" => "jpg".to_owned(),
        "plain" => "txt".to_owned(),
        _ => t,
    })
}

/// The content type to serve a file type with.
pub fn content_type_for(kind: Option<&str>) -> &'static str {
    match kind {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("csv") => "text/csv",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Stores an upload on the acting account; returns the `file_` id.
pub fn create(ctx: &mut Ctx<'_>, upload: Upload) -> Result<String, ApiError> {
    let kind = file_type(&upload);
    if upload.purpose == "dispute_evidence" {
        if !kind
            .as_deref()
            .is_some_and(|k| DISPUTE_EVIDENCE_TYPES.contains(&k))
        {
            return Err(ApiError::invalid_param(
                "file",
                "Invalid file: dispute evidence must be a PDF, JPEG or PNG file.",
            ));
        }
        if upload.data.len() > MAX_DISPUTE_EVIDENCE_SIZE {
            return Err(ApiError::invalid_param(
                "file",
                "Invalid file: dispute evidence can be at most 5 MB.",
            ));
        }
    }
    if upload.data.is_empty() {
        return Err(ApiError::invalid_param(
            "file",
            "Invalid file: the file is empty.",
        ));
    }
    let id = ctx.next_id("file");
    let now = ctx.now();
    let file = FileObject {
        id: id.clone(),
        object: "file".into(),
        created: now,
        expires_at: None,
        filename: upload.filename.clone().or_else(|| Some(id.clone())),
        links: json!({ "object": "list", "data": [], "has_more": false, "url": format!("/v1/file_links?file={id}") }),
        purpose: upload.purpose,
        size: i64::try_from(upload.data.len()).unwrap_or(i64::MAX),
        title: None,
        // Stored as a path; rendering prefixes the current base URL.
        url: Some(format!("/v1/files/{id}/contents")),
        kind: kind.clone(),
    };
    let contents = FileContents {
        id: id.clone(),
        created: now,
        content_type: content_type_for(kind.as_deref()).to_owned(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(&upload.data),
    };
    let account = ctx.account.clone();
    let rendered = file.render(ctx.db);
    ctx.db.files.insert(&account, file);
    ctx.db.file_contents.insert(&account, contents);
    ctx.emit(&account, "file.created", rendered, None);
    Ok(id)
}
