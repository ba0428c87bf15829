//! Finishing what a crash, a dropped connection or a timeout left open.
//!
//! Inside Stripe's idempotency window a pending operation is sent again with its own key, and
//! Stripe replays its first answer if it had carried it out. Past the window, or when Stripe
//! replays a stored server error, it is never sent blindly: Stripe is read instead (a created
//! object through its `connectdesk_op` metadata, an update through the object's state). What
//! cannot be established this way waits for a person, with the facts.

use connectdesk_stripe::{Client, RequestSpec};
use serde::Serialize;
use serde_json::Value;
use specta::Type;
use time::OffsetDateTime;

use super::book::{Journal, RESEND_WINDOW_SECS};
use super::model::{Operation, OperationState, OperationTarget, Reconcile, METADATA_OPERATION};
use super::send::{is_missing, judge_request, last_segment, object_id, Verdict};
use crate::{CoreError, ErrorCode, Result};

/// How far before its record a created object's `created` may lie: generous, so a clock that
/// differs from Stripe's cannot hide it.
const CLOCK_SLACK_SECS: i64 = 86_400;
const LIST_PAGE: &str = "100";

/// The client for an operation's target, or why that target cannot be reached now. An
/// implementation must never hand out a client for another place than the one recorded
/// (the sandbox for a live operation, another connection, another mode).
pub trait TargetClients: Send + Sync {
    fn client_for(&self, target: &OperationTarget) -> Result<Client>;
}

/// What one resume pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResumeReport {
    pub completed: u32,
    pub failed: u32,
    pub still_pending: u32,
    pub needs_decision: u32,
}

impl ResumeReport {
    fn count(&mut self, state: OperationState) {
        match state {
            OperationState::Completed | OperationState::Resolved => self.completed += 1,
            OperationState::Failed => self.failed += 1,
            OperationState::Pending => self.still_pending += 1,
            OperationState::NeedsDecision => self.needs_decision += 1,
        }
    }
}

impl Journal {
    /// Resumes every pending operation that no running call is sending.
    pub async fn resume_all(&self, clients: &dyn TargetClients) -> Result<ResumeReport> {
        let mut report = ResumeReport::default();
        for operation in self.in_state(OperationState::Pending)? {
            match self.resume_operation(clients, &operation).await? {
                Some(settled) => report.count(settled.state),
                None => report.still_pending += 1,
            }
        }
        Ok(report)
    }

    /// "Retry now" for one open operation (pending, or waiting for a decision).
    pub async fn retry(&self, clients: &dyn TargetClients, id: u64) -> Result<Operation> {
        let operation = self.get(id)?;
        if !operation.state.is_open() {
            return Err(CoreError::on_field(
                ErrorCode::Conflict,
                "id",
                "This operation is already settled.",
            ));
        }
        match self.resume_operation(clients, &operation).await? {
            Some(settled) => Ok(settled),
            None => Err(CoreError::on_field(
                ErrorCode::Conflict,
                "id",
                "This operation is being sent right now; wait for it to finish.",
            )),
        }
    }

    /// `None` when a running call is sending it.
    async fn resume_operation(
        &self,
        clients: &dyn TargetClients,
        operation: &Operation,
    ) -> Result<Option<Operation>> {
        let Some(_guard) = self.claim(&operation.reference) else {
            return Ok(None);
        };
        let client = match clients
            .client_for(&operation.target)
            .and_then(|client| on_account(client, &operation.target))
        {
            Ok(client) => client,
            Err(err) => {
                // The target is not reachable now (sandbox off, connection deactivated): the
                // operation waits; it is never sent elsewhere.
                return self
                    .settle(operation.id, Verdict::Unknown(err.message))
                    .map(Some);
            }
        };
        let age = OffsetDateTime::now_utc().unix_timestamp() - operation.recorded_unix;
        let verdict = if age < RESEND_WINDOW_SECS {
            match self.resend(&client, operation).await? {
                Verdict::Reconcile(_) => reconcile(&client, operation).await,
                other => other,
            }
        } else {
            reconcile(&client, operation).await
        };
        self.settle_resumed(operation.id, verdict).map(Some)
    }

    async fn resend(&self, client: &Client, operation: &Operation) -> Result<Verdict> {
        let spec = RequestSpec::from_stored(&operation.stored_request())
            .map_err(|err| CoreError::internal(format!("A journal entry is damaged: {err}")))?;
        Ok(match client.send_spec(&spec).await {
            Ok(raw) => Verdict::Completed {
                object_id: object_id(&raw),
            },
            Err(err) => judge_request(&spec, &err),
        })
    }

    /// Like `settle`, but a reconciliation that found nothing becomes a decision for a person.
    fn settle_resumed(&self, id: u64, verdict: Verdict) -> Result<Operation> {
        match verdict {
            Verdict::Reconcile(facts) => self.update(id, |operation| {
                operation.state = OperationState::NeedsDecision;
                operation.last_error = Some(facts.clone());
                Ok(())
            }),
            other => self.settle(id, other),
        }
    }
}

fn on_account(client: Client, target: &OperationTarget) -> Result<Client> {
    match &target.account {
        Some(account) => client
            .on_account(account)
            .map_err(|err| CoreError::internal(err.to_string())),
        None => Ok(client),
    }
}

/// Reads Stripe to learn whether the operation took effect. `Reconcile` carries the facts
/// when it cannot tell; `Unknown` when Stripe could not be read (tried again later).
async fn reconcile(client: &Client, operation: &Operation) -> Verdict {
    let found = match &operation.reconcile {
        Reconcile::Created { list_path } => find_created(client, operation, list_path).await,
        Reconcile::State {
            path,
            field,
            expected,
        } => read_state(client, path, field, expected).await,
    };
    match found {
        Ok(Found::Yes(object_id)) => Verdict::Completed { object_id },
        Ok(Found::No(facts)) => Verdict::Reconcile(facts),
        Err(err) => Verdict::Unknown(format!(
            "Stripe could not be read to settle this operation ({err}); ConnectDesk tries again."
        )),
    }
}

enum Found {
    Yes(Option<String>),
    No(String),
}

async fn find_created(
    client: &Client,
    operation: &Operation,
    list_path: &str,
) -> connectdesk_stripe::Result<Found> {
    let since = (operation.recorded_unix - CLOCK_SLACK_SECS).to_string();
    let mut after: Option<String> = None;
    loop {
        let mut query = vec![("limit", LIST_PAGE)];
        if filters_by_created(list_path) {
            query.push(("created[gte]", since.as_str()));
        }
        if let Some(last) = &after {
            query.push(("starting_after", last.as_str()));
        }
        let page = client
            .send_spec(&RequestSpec::read(list_path, &query)?)
            .await?;
        let data = page
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mine = data.iter().find(|object| {
            object
                .pointer(&format!("/metadata/{METADATA_OPERATION}"))
                .and_then(Value::as_str)
                == Some(operation.reference.as_str())
        });
        if let Some(object) = mine {
            return Ok(Found::Yes(object_id(object)));
        }
        let has_more = page.get("has_more").and_then(Value::as_bool) == Some(true);
        match data.last().and_then(object_id) {
            Some(last) if has_more => after = Some(last),
            _ => {
                return Ok(Found::No(format!(
                    "Stripe has no object made by this operation (searched {list_path} for metadata {METADATA_OPERATION} = {}). It was most likely not carried out: check the Stripe Dashboard, then mark it resolved or do it again.",
                    operation.reference
                )))
            }
        }
    }
}

/// Stripe filters its top-level lists (`/v1/transfers`) by `created`; a list under one object
/// (`/v1/transfers/{id}/reversals`, `/v1/application_fees/{id}/refunds`) only pages, and
/// refuses the filter as an unknown parameter.
fn filters_by_created(list_path: &str) -> bool {
    list_path
        .trim_start_matches("/v1/")
        .trim_matches('/')
        .split('/')
        .count()
        == 1
}

async fn read_state(
    client: &Client,
    path: &str,
    field: &str,
    expected: &str,
) -> connectdesk_stripe::Result<Found> {
    let object = match client.send_spec(&RequestSpec::read(path, &[])?).await {
        Ok(object) => object,
        // Stripe renders some deleted objects as `{"deleted": true}` and answers 404
        // `resource_missing` for others (webhook endpoints): both are deleted.
        Err(err) if is_missing(&err) && field == "deleted" && expected == "true" => {
            return Ok(Found::Yes(last_segment(path)))
        }
        Err(err) => return Err(err),
    };
    let pointer = format!("/{}", field.replace('.', "/"));
    let actual = object.pointer(&pointer).map(|value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    });
    Ok(if actual.as_deref() == Some(expected) {
        Found::Yes(object_id(&object))
    } else {
        Found::No(format!(
            "Stripe shows {field} = {} on {path}, not {expected}: the change did not take effect. Check the Stripe Dashboard, then mark it resolved or do it again.",
            actual.as_deref().unwrap_or("nothing")
        ))
    })
}
