//! Idempotency keys. Every POST carries one. For calls that move money or create objects the key
//! is tied to a caller-chosen [`OperationRef`] and stored durably *before* the first attempt, so
//! every retry — in this process or after a crash — sends the same key and Stripe carries the
//! operation out at most once (within Stripe's 24-hour idempotency window).

use std::fmt;
use std::sync::Arc;

use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, Result};

/// The longest operation reference accepted (Stripe's keys are at most 255 characters; the
/// reference is ours, the key is random, but a bound keeps stores tidy).
const MAX_OPERATION_REF_LEN: usize = 200;

/// Names one logical operation of the caller, e.g. `payout-run/2026-01-21/acct_123/transfer`.
///
/// The same reference means the same operation: it maps to one idempotency key until the
/// operation is complete. Derive it from a record the caller has already stored (a job id, a row
/// id), never from the clock.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationRef(Arc<str>);

impl OperationRef {
    pub fn new(reference: impl AsRef<str>) -> Result<Self> {
        let reference = reference.as_ref();
        if reference.is_empty() || reference.len() > MAX_OPERATION_REF_LEN {
            return Err(Error::InvalidRequest(format!(
                "an operation reference must have 1 to {MAX_OPERATION_REF_LEN} bytes"
            )));
        }
        if reference.chars().any(char::is_control) {
            return Err(Error::InvalidRequest(
                "an operation reference must not contain control characters".into(),
            ));
        }
        Ok(Self(reference.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OperationRef({:?})", self.as_str())
    }
}

impl fmt::Display for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `Idempotency-Key` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// 16 bytes from the operating system's CSPRNG (ring's `SystemRandom`), as 32 hex digits.
    pub fn generate() -> Result<Self, IdempotencyStoreError> {
        let mut bytes = [0u8; 16];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| IdempotencyStoreError::new("the system random generator failed"))?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// A key read back from a store.
    pub fn from_stored(key: impl Into<String>) -> Result<Self, IdempotencyStoreError> {
        let key = key.into();
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(IdempotencyStoreError::new(
                "a stored idempotency key is malformed",
            ));
        }
        Ok(Self(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A failure of the durable key store.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct IdempotencyStoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl IdempotencyStoreError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

/// The durable store of idempotency keys, one per open operation.
///
/// The app implements it on its database. The client calls it from a blocking thread, so
/// implementations may do synchronous I/O.
pub trait IdempotencyKeys: Send + Sync + 'static {
    /// The key stored for `operation`; if there is none, generate one with
    /// [`IdempotencyKey::generate`], store it durably (flushed to disk) and return it. Must be
    /// atomic: two concurrent calls for the same operation return the same key.
    fn key_for(&self, operation: &OperationRef) -> Result<IdempotencyKey, IdempotencyStoreError>;

    /// Stripe gave a definitive answer for `operation` (success, or an error that sending again
    /// cannot change); the store may forget its key. Not called when the outcome is unknown
    /// (network failure, timeout, 5xx after all retries): the key stays so the next attempt reuses it.
    fn complete(&self, operation: &OperationRef) -> Result<(), IdempotencyStoreError>;
}

/// Which idempotency key a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// GET and DELETE: none.
    None,
    /// A POST that neither moves money nor creates an object: a fresh random key per call,
    /// reused by that call's retries.
    PerCall,
    /// Money and object creation: the durable key of this operation.
    Durable(OperationRef),
}

#[cfg(any(test, feature = "testing"))]
pub use memory::MemoryIdempotencyKeys;

#[cfg(any(test, feature = "testing"))]
mod memory {
    use std::collections::HashMap;
    use std::sync::{Mutex, PoisonError};

    use super::{IdempotencyKey, IdempotencyKeys, IdempotencyStoreError, OperationRef};

    /// Keeps keys in memory. For tests only: the keys do not survive a crash.
    #[derive(Debug, Default)]
    pub struct MemoryIdempotencyKeys {
        keys: Mutex<HashMap<OperationRef, IdempotencyKey>>,
        completed: Mutex<Vec<OperationRef>>,
    }

    impl MemoryIdempotencyKeys {
        pub fn new() -> Self {
            Self::default()
        }

        /// The key currently stored for `operation`.
        pub fn stored(&self, operation: &OperationRef) -> Option<IdempotencyKey> {
            self.keys
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(operation)
                .cloned()
        }

        /// Operations reported complete, in order.
        pub fn completed(&self) -> Vec<OperationRef> {
            self.completed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        }
    }

    impl IdempotencyKeys for MemoryIdempotencyKeys {
        fn key_for(
            &self,
            operation: &OperationRef,
        ) -> Result<IdempotencyKey, IdempotencyStoreError> {
            let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(key) = keys.get(operation) {
                return Ok(key.clone());
            }
            let key = IdempotencyKey::generate()?;
            keys.insert(operation.clone(), key.clone());
            Ok(key)
        }

        fn complete(&self, operation: &OperationRef) -> Result<(), IdempotencyStoreError> {
            self.keys
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(operation);
            self.completed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(operation.clone());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_32_hex_digits_and_distinct() {
        let a = IdempotencyKey::generate().expect("random");
        let b = IdempotencyKey::generate().expect("random");
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn operation_refs_are_validated() {
        assert!(OperationRef::new("payout-run/7/acct_1").is_ok());
        assert!(OperationRef::new("").is_err());
        assert!(OperationRef::new("a\nb").is_err());
        assert!(OperationRef::new("x".repeat(201)).is_err());
    }

    #[test]
    fn memory_store_returns_the_same_key_until_complete() {
        let store = MemoryIdempotencyKeys::new();
        let op = OperationRef::new("op-1").expect("valid");
        let first = store.key_for(&op).expect("key");
        assert_eq!(store.key_for(&op).expect("key"), first);
        store.complete(&op).expect("complete");
        assert_ne!(store.key_for(&op).expect("key"), first);
        assert_eq!(store.completed(), [op]);
    }

    #[test]
    fn stored_keys_are_checked() {
        assert!(IdempotencyKey::from_stored("abc123").is_ok());
        assert!(IdempotencyKey::from_stored("").is_err());
        assert!(IdempotencyKey::from_stored("a b").is_err());
    }
}
