//! The one door every operation goes through: who is acting, may they, and what happened.
//!
//! A service calls [`Guard::allow`] first; it authorizes the current operator (a refusal is
//! itself audited and changes nothing), and the service then records the outcome with
//! [`Guard::record`].

mod export;
mod lists;
mod operators;

pub use export::CsvTable;
pub use lists::Reach;

use std::path::Path;

use crate::audit::{diff, AuditLog, AuditRecord, Entry, FieldChange, Outcome, Verification};
use crate::audit_csv::{audit_rows, HEADER};
use crate::csv_file::save_csv;
use crate::operators::{
    authorize, forbidden, merchants, Merchants, Operator, Operators, Permission, Scope,
};
use crate::query::{every_page, ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::settings::Settings;
use crate::store::Store;
use crate::{CoreError, ErrorCode, Result};

/// What an operation is called in the audit log, and what kind of thing it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// e.g. `connection.create`.
    pub name: &'static str,
    /// e.g. `connection`.
    pub target: &'static str,
}

impl Action {
    pub const fn new(name: &'static str, target: &'static str) -> Self {
        Self { name, target }
    }
}

const VIEW_AUDIT: Action = Action::new("audit.view", "audit");
const EXPORT_AUDIT: Action = Action::new("audit.export", "audit");

#[derive(Debug, Clone)]
pub struct Guard {
    operators: Operators,
    audit: AuditLog,
}

impl Guard {
    pub fn new(operators: Operators, audit: AuditLog) -> Self {
        Self { operators, audit }
    }

    /// The guard of a store: its operators (and active operator) and its audit log. Every
    /// service opens its own; they share the store, so they agree.
    pub fn open(store: &Store) -> Result<Self> {
        Ok(Self::new(
            Operators::new(store, Settings::open(store)?)?,
            AuditLog::open(store)?,
        ))
    }

    pub fn operators(&self) -> &Operators {
        &self.operators
    }

    /// The operator this installation works as.
    pub fn operator(&self) -> Result<Operator> {
        self.operators.current()
    }

    /// The current operator, if they may do `permission` in `scope`; else `forbidden`, which
    /// is audited as refused.
    pub fn allow(
        &self,
        permission: Permission,
        scope: Scope<'_>,
        action: Action,
        target_id: &str,
    ) -> Result<Operator> {
        let operator = self.operator()?;
        match authorize(&operator, permission, scope) {
            Ok(()) => Ok(operator),
            Err(_) => Err(self.refuse(&operator, permission, scope, action, target_id)),
        }
    }

    /// As [`Guard::allow`] for one record of `workspace` that belongs to `merchant`, or to no
    /// merchant at all (a connected account created outside ConnectDesk): a record nobody owns
    /// is for roles that reach every merchant, never for a shop owner.
    pub fn allow_owned(
        &self,
        permission: Permission,
        workspace: u64,
        merchant: Option<&str>,
        action: Action,
        target_id: &str,
    ) -> Result<Operator> {
        let Some(merchant) = merchant else {
            let operator = self.operator()?;
            return match merchants(&operator, permission, Some(workspace)) {
                Some(Merchants::All) => Ok(operator),
                Some(Merchants::Only(_)) => Err(self.refuse_because(
                    &operator,
                    Some(workspace),
                    action,
                    target_id,
                    CoreError::new(
                        ErrorCode::Forbidden,
                        "This belongs to none of your merchants: only roles that see every merchant of the workspace may open it.",
                    ),
                )),
                None => Err(self.refuse(
                    &operator,
                    permission,
                    Scope::workspace(workspace),
                    action,
                    target_id,
                )),
            };
        };
        self.allow(
            permission,
            Scope::merchant(workspace, merchant),
            action,
            target_id,
        )
    }

    /// As [`Guard::allow`] for a whole workspace: a merchant-scoped permission held for some
    /// merchants only (a shop owner's) does not reach what belongs to none of them (the
    /// platform's balance, money sent to an account that is not theirs); `refusal` says why,
    /// and is audited.
    pub fn allow_every_merchant(
        &self,
        permission: Permission,
        workspace: u64,
        action: Action,
        target_id: &str,
        refusal: &str,
    ) -> Result<Operator> {
        let operator = self.allow(permission, Scope::workspace(workspace), action, target_id)?;
        if merchants(&operator, permission, Some(workspace)) == Some(Merchants::All) {
            return Ok(operator);
        }
        Err(self.refuse_because(
            &operator,
            Some(workspace),
            action,
            target_id,
            CoreError::new(ErrorCode::Forbidden, refusal),
        ))
    }

    /// Audits the refusal of `permission` in `scope` and returns it as the error to answer.
    pub(crate) fn refuse(
        &self,
        operator: &Operator,
        permission: Permission,
        scope: Scope<'_>,
        action: Action,
        target_id: &str,
    ) -> CoreError {
        let refusal = authorize(operator, permission, scope)
            .err()
            .unwrap_or_else(|| forbidden(permission));
        self.refuse_because(operator, scope.workspace, action, target_id, refusal)
    }

    /// Audits `refusal` (a `forbidden` error worded by the caller) and returns it.
    pub(crate) fn refuse_because(
        &self,
        operator: &Operator,
        workspace: Option<u64>,
        action: Action,
        target_id: &str,
        refusal: CoreError,
    ) -> CoreError {
        self.append(
            operator,
            workspace,
            action,
            target_id,
            Outcome::Refused,
            Some(&refusal),
            Vec::new(),
        );
        refusal
    }

    /// Runs a change for the current operator if they may: the refusal, or the change's
    /// outcome with `audited`'s target id and field changes, lands in the audit log.
    pub fn change<T>(
        &self,
        permission: Permission,
        scope: Scope<'_>,
        action: Action,
        target_id: &str,
        work: impl FnOnce(&Operator) -> Result<T>,
        audited: impl FnOnce(&T) -> (String, Vec<FieldChange>),
    ) -> Result<T> {
        let by = self.allow(permission, scope, action, target_id)?;
        let result = work(&by);
        match &result {
            Ok(value) => {
                let (target, changes) = audited(value);
                let target = if target.is_empty() {
                    target_id.to_string()
                } else {
                    target
                };
                self.append(
                    &by,
                    scope.workspace,
                    action,
                    &target,
                    Outcome::Ok,
                    None,
                    changes,
                );
            }
            Err(err) => self.append(
                &by,
                scope.workspace,
                action,
                target_id,
                Outcome::Failed,
                Some(err),
                Vec::new(),
            ),
        }
        result
    }

    /// Records what an allowed operation did: `Ok` with its changes, or the error it failed with.
    pub fn record<T>(
        &self,
        by: &Operator,
        workspace: Option<u64>,
        action: Action,
        target_id: &str,
        result: &Result<T>,
        changes: impl FnOnce(&T) -> Vec<FieldChange>,
    ) {
        match result {
            Ok(value) => self.append(
                by,
                workspace,
                action,
                target_id,
                Outcome::Ok,
                None,
                changes(value),
            ),
            Err(err) => self.append(
                by,
                workspace,
                action,
                target_id,
                Outcome::Failed,
                Some(err),
                Vec::new(),
            ),
        }
    }

    pub fn audit_list(&self, query: &ListQuery) -> Result<Page<AuditRecord>> {
        self.allow(Permission::ViewAudit, Scope::installation(), VIEW_AUDIT, "")?;
        self.audit.list(query)
    }

    /// Saves every record of the current filter (all pages) as a new CSV file in `dir`; the
    /// export is itself audited.
    pub fn audit_export(&self, query: &ListQuery, dir: &Path) -> Result<ExportedFile> {
        self.change(
            Permission::ViewAudit,
            Scope::installation(),
            EXPORT_AUDIT,
            "",
            |_| {
                let records = every_page(query, |page| self.audit.list(page))?;
                save_csv(dir, "audit", &HEADER, &audit_rows(&records))
            },
            |file| {
                (
                    String::new(),
                    diff(
                        &serde_json::Value::Null,
                        &serde_json::json!({ "file": file.path, "records": file.count }),
                    ),
                )
            },
        )
    }

    pub fn audit_verify(&self) -> Result<Verification> {
        self.allow(Permission::ViewAudit, Scope::installation(), VIEW_AUDIT, "")?;
        self.audit.verify()
    }

    #[allow(clippy::too_many_arguments)]
    fn append(
        &self,
        by: &Operator,
        workspace: Option<u64>,
        action: Action,
        target_id: &str,
        outcome: Outcome,
        error: Option<&CoreError>,
        changes: Vec<FieldChange>,
    ) {
        let entry = Entry {
            workspace_id: workspace,
            action: action.name.to_string(),
            target_kind: action.target.to_string(),
            target_id: target_id.to_string(),
            outcome,
            code: error.and_then(|err| {
                serde_json::to_value(err.code)
                    .ok()
                    .and_then(|code| code.as_str().map(str::to_string))
            }),
            changes,
        };
        // The operation's own result stands; a failed audit write is logged loudly.
        if let Err(err) = self.audit.append(by, entry) {
            tracing::error!(
                action = action.name,
                "could not write the audit record: {err}"
            );
        }
    }
}
