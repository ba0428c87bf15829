//! The one error type of the core: a stable machine code, the field it concerns and a message
//! a person understands. The app sends it to the UI unchanged as `{code, message, field,
//! fieldErrors}`.

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
    /// The acting operator's roles do not allow this; nothing was changed.
    Forbidden,
    /// A remote service (Stripe) could not be reached or refused the request.
    ServiceUnavailable,
    /// Stripe refused the request (a 4xx); the message quotes Stripe and its request id.
    StripeError,
    /// Another payout of the account is still pending (seed: 409 `payout_in_progress`);
    /// nothing was sent.
    PayoutInProgress,
    /// The connected account is not one this workspace knows.
    AccountNotFound,
    /// The connected account cannot take payments or transfers yet (onboarding not finished).
    AccountNotOnboarded,
    /// The balance to move money from has less available than asked (seed:
    /// `insufficient_balance`); nothing was sent.
    InsufficientBalance,
    /// The dispute changed at Stripe since it was read; nothing was saved (read it again).
    DisputeChanged,
    /// The evidence deadline passed: Stripe takes no more evidence; nothing was sent.
    DeadlinePassed,
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
    /// When a whole form was checked: every field with a problem, in the form's order (the first
    /// is also `code`, `message` and `field`). Empty otherwise.
    pub field_errors: Vec<FieldError>,
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            field_errors: Vec::new(),
        }
    }

    pub fn on_field(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field.into()),
            field_errors: Vec::new(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InternalError, message)
    }
}

/// Runs every field rule of a form before refusing it, so a person sees all the problems at once
/// instead of fixing them one submit at a time.
#[derive(Debug, Default)]
pub struct FieldChecks {
    failures: Vec<CoreError>,
}

impl FieldChecks {
    /// The checked value, or a placeholder when the rule failed. `finish` then refuses the whole
    /// form, so a placeholder is never used.
    pub fn check<T: Default>(&mut self, checked: Result<T>) -> T {
        checked.unwrap_or_else(|err| {
            self.failures.push(err);
            T::default()
        })
    }

    /// `Ok` when every rule passed; else the first failure, carrying every field's problem.
    pub fn finish(self) -> Result<()> {
        let field_errors: Vec<FieldError> = self
            .failures
            .iter()
            .flat_map(CoreError::field_errors_or_own)
            .collect();
        match self.failures.into_iter().next() {
            None => Ok(()),
            Some(mut first) => {
                first.field_errors = field_errors;
                Err(first)
            }
        }
    }
}

impl CoreError {
    /// The field errors this error stands for: its list when it has one, else itself.
    fn field_errors_or_own(&self) -> Vec<FieldError> {
        if !self.field_errors.is_empty() {
            return self.field_errors.clone();
        }
        self.field
            .iter()
            .map(|field| FieldError {
                field: field.clone(),
                code: self.code,
                message: self.message.clone(),
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, message: &str) -> Result<String> {
        Err(CoreError::on_field(ErrorCode::InvalidValue, name, message))
    }

    #[test]
    fn all_checks_passing_gives_the_values() {
        let mut checks = FieldChecks::default();
        let name = checks.check(Ok::<_, CoreError>("Acme".to_string()));
        assert_eq!(checks.finish(), Ok(()));
        assert_eq!(name, "Acme");
    }

    #[test]
    fn every_failure_is_kept_and_the_first_leads() {
        let mut checks = FieldChecks::default();
        checks.check(field("name", "Enter a name."));
        checks.check(Ok::<_, CoreError>(String::new()));
        let mut nested = FieldChecks::default();
        nested.check(field("clientId", "Enter the client id."));
        nested.check(field("refreshToken", "Enter the refresh token."));
        checks.check(nested.finish().map(|()| String::new()));
        let err = checks.finish().expect_err("three failures");
        assert_eq!(
            (err.code, err.field.as_deref(), err.message.as_str()),
            (ErrorCode::InvalidValue, Some("name"), "Enter a name.")
        );
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "clientId", "refreshToken"]);
    }

    #[test]
    fn a_failure_without_a_field_still_refuses_the_form() {
        let mut checks = FieldChecks::default();
        checks.check::<String>(Err(CoreError::new(ErrorCode::Locked, "Locked.")));
        checks.check(field("name", "Enter a name."));
        let err = checks.finish().expect_err("refused");
        assert_eq!(err.code, ErrorCode::Locked);
        assert_eq!(err.field_errors.len(), 1);
    }
}
