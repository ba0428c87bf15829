//! The one error type of the core: a stable machine code, the field it concerns and a message
//! a person understands. The app sends it to the UI unchanged as `{code, message, field}`.

use serde::Serialize;
use specta::Type;

/// Stable machine codes. The UI branches on these; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// A value is outside what the field allows (range, enum, format of a token).
    InvalidValue,
    /// A filter or sort names a field that does not exist or may not be used that way.
    UnknownDataField,
    /// A filter names an operation the query language does not have.
    UnknownOperation,
    /// A value cannot be read as the field's type (e.g. size "ten").
    InvalidCharacters,
    /// A sort expression is not `field:direction`.
    SyntaxError,
    /// A required value is missing or empty.
    Required,
    /// A value is longer than allowed.
    TooLong,
    /// A value would duplicate one that must be unique.
    Conflict,
    /// The requested entry does not exist (or was deleted).
    NotFound,
    /// The store on disk was written by a newer ConnectDesk.
    StoreTooNew,
    /// The store on disk cannot be read.
    StoreCorrupt,
    /// Secrets are locked: the passphrase has not been entered yet.
    Locked,
    /// A remote service (Stripe) could not be reached or refused the request.
    ServiceUnavailable,
    /// Something failed inside ConnectDesk; the message says what.
    InternalError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct CoreError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the error concerns, so the UI can show it next to that field.
    pub field: Option<String>,
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn on_field(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InternalError, message)
    }
}

impl From<sled::Error> for CoreError {
    fn from(err: sled::Error) -> Self {
        match err {
            sled::Error::Corruption { .. } => Self::new(
                ErrorCode::StoreCorrupt,
                format!("The data store is damaged and cannot be read ({err}). Nothing was changed; restore it from a backup."),
            ),
            other => Self::internal(format!("The data store failed: {other}")),
        }
    }
}

impl From<sled::transaction::TransactionError<CoreError>> for CoreError {
    fn from(err: sled::transaction::TransactionError<CoreError>) -> Self {
        match err {
            sled::transaction::TransactionError::Abort(inner) => inner,
            sled::transaction::TransactionError::Storage(storage) => storage.into(),
        }
    }
}
