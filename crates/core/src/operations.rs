//! The Pending operations screen: the journal as people see it, gated and audited. Retrying or
//! resolving a Stripe write needs `resolveOperations` in the workspace it was sent for.

use crate::audit::FieldChange;
use crate::guard::{Action, Guard};
use crate::journal::{Journal, OpenCounts, Operation, TargetClients};
use crate::operators::{authorize, Permission, Scope};
use crate::query::{ListQuery, Page};
use crate::Result;

const LIST: Action = Action::new("operation.list", "operation");
const RETRY: Action = Action::new("operation.retry", "operation");
const RESOLVE: Action = Action::new("operation.resolve", "operation");

#[derive(Debug, Clone)]
pub struct PendingOperations {
    journal: Journal,
    guard: Guard,
}

impl PendingOperations {
    pub fn new(journal: Journal, guard: Guard) -> Self {
        Self { journal, guard }
    }

    /// The operations of the workspaces where the operator may resolve them.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Operation>> {
        let by = self.guard.operator()?;
        let mut page = self.journal.list(query)?;
        let before = page.items.len();
        page.items.retain(|operation| {
            authorize(
                &by,
                Permission::ResolveOperations,
                Scope::workspace(operation.target.workspace_id),
            )
            .is_ok()
        });
        if page.items.is_empty() && before > 0 {
            // Nothing of this page is theirs: say so plainly instead of an empty table.
            self.guard.allow(
                Permission::ResolveOperations,
                Scope::installation(),
                LIST,
                "",
            )?;
        }
        Ok(page)
    }

    /// The header's counts: how many writes wait, without saying what they are.
    pub fn counts(&self) -> Result<OpenCounts> {
        self.guard.operator()?;
        self.journal.open_counts()
    }

    pub async fn retry(&self, clients: &dyn TargetClients, id: u64) -> Result<Operation> {
        let (by, workspace) = self.allowed(id, RETRY)?;
        let result = self.journal.retry(clients, id).await;
        self.guard.record(
            &by,
            Some(workspace),
            RETRY,
            &id.to_string(),
            &result,
            state_change,
        );
        result
    }

    pub fn resolve(&self, id: u64, note: &str) -> Result<Operation> {
        let (by, workspace) = self.allowed(id, RESOLVE)?;
        let result = self.journal.mark_resolved(id, note);
        self.guard.record(
            &by,
            Some(workspace),
            RESOLVE,
            &id.to_string(),
            &result,
            state_change,
        );
        result
    }

    fn allowed(&self, id: u64, action: Action) -> Result<(crate::operators::Operator, u64)> {
        let workspace = self.journal.get(id)?.target.workspace_id;
        let by = self.guard.allow(
            Permission::ResolveOperations,
            Scope::workspace(workspace),
            action,
            &id.to_string(),
        )?;
        Ok((by, workspace))
    }
}

fn state_change(operation: &Operation) -> Vec<FieldChange> {
    vec![FieldChange {
        field: "state".into(),
        before: None,
        after: serde_json::to_value(operation.state).ok(),
    }]
}
