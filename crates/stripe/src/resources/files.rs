//! File uploads (multipart to `files.stripe.com`), e.g. dispute evidence documents.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::request::{FilePart, Request, RequestSpec};
use crate::string_enum::string_enum;

string_enum! {
    pub enum FilePurpose {
        AccountRequirement => "account_requirement",
        AdditionalVerification => "additional_verification",
        BusinessIcon => "business_icon",
        BusinessLogo => "business_logo",
        CustomerSignature => "customer_signature",
        DisputeEvidence => "dispute_evidence",
        IdentityDocument => "identity_document",
        PciDocument => "pci_document",
        TaxDocumentUserUpload => "tax_document_user_upload",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct File {
    pub id: String,
    pub purpose: FilePurpose,
    pub size: i64,
    #[serde(default)]
    pub filename: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// e.g. `pdf`, `png`.
    #[serde(default, rename = "type")]
    pub file_type: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Unix seconds.
    pub created: i64,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// `POST /v1/files`: a file and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadFile {
    pub purpose: FilePurpose,
    #[serde(skip)]
    pub file: FilePart,
}

impl UploadFile {
    pub fn new(purpose: FilePurpose, filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        let file = FilePart {
            filename: filename.into(),
            content_type: None,
            data: data.into(),
        };
        Self { purpose, file }
    }

    /// Sets the part's media type, e.g. `application/pdf`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.file.content_type = Some(content_type.into());
        self
    }
}

/// `POST /v1/files` on the files host (creates an object: keyed by `operation`).
pub fn create(params: &UploadFile, operation: &OperationRef) -> Result<Request<File>> {
    let spec = RequestSpec::post_durable("/v1/files".into(), operation)
        .with_params(params)?
        .multipart(params.file.clone());
    Ok(Request::new(spec))
}

/// `POST /v1/files` with a key per call (retries of this call only): a file upload cannot be
/// recorded in the operations journal (its bytes are not kept), and an upload moves no money
/// and changes nothing until evidence or a document names the file.
pub fn create_per_call(params: &UploadFile) -> Result<Request<File>> {
    let spec = RequestSpec::post("/v1/files".into())
        .with_params(params)?
        .multipart(params.file.clone());
    Ok(Request::new(spec))
}

impl Client {
    pub async fn upload_file(&self, params: &UploadFile, operation: &OperationRef) -> Result<File> {
        self.send(create(params, operation)?).await
    }
}
