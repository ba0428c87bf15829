//! The journal's records: written and flushed before a request leaves, settled when Stripe's
//! answer is known, listed for the pending view, pruned after the retention period.
//!
//! It is also the Stripe client's durable key store: the client asks for the key of an
//! operation reference, and a reference the journal has not recorded is refused, so no durable
//! write can reach Stripe without a record.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use connectdesk_stripe::{
    IdempotencyKey, IdempotencyKeys, IdempotencyStoreError, OperationRef, RequestSpec,
};
use ring::rand::{SecureRandom, SystemRandom};
use time::OffsetDateTime;

use super::model::{NewOperation, Operation, OperationState, OperationTarget};
use crate::query::{every_page, FilterInput, ListQuery, Page};
use crate::store::{Collection, Store};
use crate::time::{iso_millis, now_iso};
use crate::{CoreError, ErrorCode, Result};

/// Stripe keeps an idempotency key for at least 24 hours. A resend must land well inside that,
/// so after 23 hours an operation is reconciled by reading Stripe instead of sent again.
pub const RESEND_WINDOW_SECS: i64 = 23 * 3_600;

/// Completed and failed operations are kept this long by default (Settings can change it).
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

/// The operations journal. Cheap to clone; clones share the in-flight set.
#[derive(Debug, Clone)]
pub struct Journal {
    operations: Collection<Operation>,
    /// References of operations a running call is recording or sending right now: resume
    /// leaves them alone.
    in_flight: Arc<Mutex<HashSet<String>>>,
}

impl Journal {
    pub fn open(store: &Store) -> Result<Self> {
        Ok(Self {
            operations: store.collection()?,
            in_flight: Arc::default(),
        })
    }

    /// Records a write (flushed) before it is sent: a fresh reference and idempotency key, the
    /// request as it will be sent, the target and who asked. `spec` must be durable, keyed by
    /// the reference passed to `build`.
    pub(crate) fn record(
        &self,
        new: &NewOperation,
        target: &OperationTarget,
        reference: &str,
        spec: &RequestSpec,
    ) -> Result<Operation> {
        let stored = spec.to_stored().ok_or_else(|| {
            CoreError::internal("Only durable Stripe API writes can go through the journal.")
        })?;
        if stored.operation != reference {
            return Err(CoreError::internal(
                "A journal write must be keyed by its own operation reference.",
            ));
        }
        let key = IdempotencyKey::generate().map_err(|err| CoreError::internal(err.to_string()))?;
        self.operations.insert(Operation {
            id: 0,
            reference: reference.to_string(),
            kind: new.kind,
            state: OperationState::Pending,
            summary: new.summary.clone(),
            subject: new.subject.clone(),
            target: target.clone(),
            operator: new.operator.clone(),
            idempotency_key: key.as_str().to_string(),
            recorded_unix: OffsetDateTime::now_utc().unix_timestamp(),
            method: stored.method,
            path: stored.path,
            params: stored.params,
            reconcile: new.reconcile.clone(),
            attempts: 0,
            last_attempt_at: None,
            last_error: None,
            object_id: None,
            failure: None,
            context: new.context.clone(),
            applied: !new.apply_locally,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        })
    }

    pub fn get(&self, id: u64) -> Result<Operation> {
        self.operations.get(id)
    }

    /// The operation with this reference.
    pub fn by_reference(&self, reference: &str) -> Result<Operation> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("reference", reference)],
            ..ListQuery::default()
        };
        self.operations
            .list(&query)?
            .items
            .into_iter()
            .find(|operation| operation.reference == reference)
            .ok_or_else(|| CoreError::not_found(&format!("Operation {reference}")))
    }

    /// Lists operations with the list-query language (state, kind, subject, dates).
    pub fn list(&self, query: &ListQuery) -> Result<Page<Operation>> {
        self.operations.list(query)
    }

    /// Every operation in `state`, oldest first.
    pub fn in_state(&self, state: OperationState) -> Result<Vec<Operation>> {
        let value = serde_json::to_value(state)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .ok_or_else(|| CoreError::internal("An operation state has no name."))?;
        let query = ListQuery {
            filters: vec![FilterInput::eq("state", value)],
            ..ListQuery::default()
        };
        every_page(&query, |page| self.operations.list(page))
    }

    /// How many operations wait for the app (pending) or for a person (needs a decision).
    pub fn open_counts(&self) -> Result<OpenCounts> {
        Ok(OpenCounts {
            pending: self.count_state("pending")?,
            needs_decision: self.count_state("needsDecision")?,
        })
    }

    fn count_state(&self, state: &str) -> Result<u64> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("state", state)],
            ..ListQuery::default()
        };
        Ok(self.operations.list(&query)?.total_count)
    }

    pub(crate) fn update(
        &self,
        id: u64,
        change: impl Fn(&mut Operation) -> Result<()>,
    ) -> Result<Operation> {
        self.operations.update(id, change)
    }

    /// A person looked the operation up at Stripe and says it is settled.
    pub fn mark_resolved(&self, id: u64, note: &str) -> Result<Operation> {
        let note = note.trim();
        if note.is_empty() {
            return Err(CoreError::on_field(
                ErrorCode::Required,
                "note",
                "Say what you found at Stripe, so the next person knows why this was resolved.",
            ));
        }
        self.operations.update(id, |operation| {
            if !operation.state.is_open() {
                return Err(CoreError::on_field(
                    ErrorCode::Conflict,
                    "id",
                    "This operation is already settled.",
                ));
            }
            operation.state = OperationState::Resolved;
            operation.last_error = Some(format!("Resolved by hand: {note}"));
            Ok(())
        })
    }

    /// Completed operations of `kind` whose result the feature has not saved yet, for
    /// `subject` when given (exact match), oldest first; pending ones too when `pending`.
    pub(crate) fn unapplied(
        &self,
        kind: super::model::OperationKind,
        subject: Option<&str>,
    ) -> Result<Vec<Operation>> {
        let mut open = Vec::new();
        for state in [OperationState::Pending, OperationState::Completed] {
            open.extend(self.in_state(state)?.into_iter().filter(|operation| {
                operation.kind == kind
                    && !operation.applied
                    && subject.is_none_or(|wanted| operation.subject.as_deref() == Some(wanted))
            }));
        }
        open.sort_by_key(|operation| operation.id);
        Ok(open)
    }

    /// The feature saved what the answer means locally.
    pub(crate) fn mark_applied(&self, id: u64) -> Result<Operation> {
        self.operations.update(id, |operation| {
            operation.applied = true;
            Ok(())
        })
    }

    /// Deletes settled operations last changed before `now - days`; open ones are never pruned.
    /// Returns how many went.
    pub fn prune(&self, days: u32, now: OffsetDateTime) -> Result<usize> {
        let cutoff = iso_millis(now - time::Duration::days(i64::from(days)));
        let mut pruned = 0;
        for state in [
            OperationState::Completed,
            OperationState::Failed,
            OperationState::Resolved,
        ] {
            for operation in self.in_state(state)? {
                // A completed operation whose result is not saved locally yet stays: the feature
                // still adopts it (e.g. an account whose onboarding entry was not written).
                if operation.updated_at < cutoff && operation.applied {
                    self.operations.soft_delete(operation.id)?;
                    pruned += 1;
                }
            }
        }
        Ok(pruned)
    }

    /// Marks an operation as being sent by this process until the guard is dropped; `None`
    /// when it already is.
    pub(crate) fn claim(&self, reference: &str) -> Option<InFlightGuard> {
        let mut running = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        running
            .insert(reference.to_string())
            .then(|| InFlightGuard {
                running: Arc::clone(&self.in_flight),
                reference: reference.to_string(),
            })
    }
}

/// Counts for the header's indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenCounts {
    pub pending: u64,
    pub needs_decision: u64,
}

pub(crate) struct InFlightGuard {
    running: Arc<Mutex<HashSet<String>>>,
    reference: String,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.reference);
    }
}

/// `op_` + 24 hex digits from the system's CSPRNG.
pub(crate) fn new_reference() -> Result<String> {
    let mut bytes = [0u8; 12];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CoreError::internal("The system random number generator failed."))?;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("op_{hex}"))
}

fn key_store_error(err: CoreError) -> IdempotencyStoreError {
    IdempotencyStoreError::new(format!("the operations journal failed: {}", err.message))
}

/// The client's durable keys come from the journal. Each request of an operation counts as an
/// attempt, recorded (flushed) before it is sent.
impl IdempotencyKeys for Journal {
    fn key_for(&self, operation: &OperationRef) -> Result<IdempotencyKey, IdempotencyStoreError> {
        let recorded = self
            .by_reference(operation.as_str())
            .map_err(|_| {
                IdempotencyStoreError::new(format!(
                    "{operation} is not in the operations journal; every Stripe write must be recorded first"
                ))
            })?;
        if !recorded.state.is_open() {
            return Err(IdempotencyStoreError::new(format!(
                "{operation} is already settled; it is not sent again"
            )));
        }
        let age = OffsetDateTime::now_utc().unix_timestamp() - recorded.recorded_unix;
        if age >= RESEND_WINDOW_SECS {
            // Stripe may have forgotten the key: a send could carry the operation out twice.
            return Err(IdempotencyStoreError::new(format!(
                "{operation} is older than Stripe's idempotency window; it is reconciled, not sent again"
            )));
        }
        let now = now_iso();
        self.update(recorded.id, |stored| {
            stored.attempts += 1;
            stored.last_attempt_at = Some(now.clone());
            Ok(())
        })
        .map_err(key_store_error)?;
        IdempotencyKey::from_stored(recorded.idempotency_key)
    }

    /// The journal settles operations itself, with the object id or the error.
    fn complete(&self, _operation: &OperationRef) -> Result<(), IdempotencyStoreError> {
        Ok(())
    }
}
