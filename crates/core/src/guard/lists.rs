//! Lists show only what the operator may see: the query is narrowed before it runs, so pages
//! stay full and totals stay true.

use super::{Action, Guard};
use crate::operators::{merchants, Merchants, Permission, Scope};
use crate::query::ListQuery;
use crate::{CoreError, ErrorCode, Result};

/// The fields that name an entry's workspace and (for merchant-scoped lists) its merchant.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    pub workspace: &'static str,
    pub merchant: Option<&'static str>,
}

impl Guard {
    /// `query`, limited to the workspaces (and a shop owner's merchants) where the operator
    /// holds `permission`; `forbidden` (audited) where they hold it nowhere asked for. Never
    /// wider than the gate allows: where roles differ between workspaces in a way one query
    /// cannot express, the operator is asked to choose a workspace.
    pub fn narrow(
        &self,
        permission: Permission,
        action: Action,
        query: &ListQuery,
        reach: Reach,
    ) -> Result<ListQuery> {
        let operator = self.operator()?;
        let asked = query
            .eq_value(reach.workspace)
            .and_then(|raw| raw.parse::<u64>().ok());
        let (workspaces, own_merchants) = if let Some(id) = asked {
            match merchants(&operator, permission, Some(id)) {
                // The query's own filter keeps it to that workspace.
                Some(Merchants::All) => (None, None),
                Some(Merchants::Only(ids)) => (None, Some(ids)),
                None => {
                    return Err(self.refuse(
                        &operator,
                        permission,
                        Scope::workspace(id),
                        action,
                        "",
                    ))
                }
            }
        } else {
            let mut all = Vec::new();
            let mut limited = Vec::new();
            let mut own = Vec::new();
            for id in operator.grant_workspaces() {
                match merchants(&operator, permission, Some(id)) {
                    Some(Merchants::All) => all.push(id),
                    Some(Merchants::Only(ids)) => {
                        limited.push(id);
                        own.extend(ids);
                    }
                    None => {}
                }
            }
            match merchants(&operator, permission, None) {
                Some(Merchants::All) => (None, None),
                Some(Merchants::Only(ids)) if all.is_empty() && limited.is_empty() => {
                    (None, Some(ids))
                }
                None if limited.is_empty() && !all.is_empty() => (Some(all), None),
                None if all.is_empty() && limited.len() == 1 => (Some(limited), Some(own)),
                None if all.is_empty() && limited.is_empty() => {
                    return Err(self.refuse(
                        &operator,
                        permission,
                        Scope::installation(),
                        action,
                        "",
                    ))
                }
                _ => return Err(choose_a_workspace()),
            }
        };
        let mut narrowed = query.clone();
        if let Some(ids) = workspaces {
            narrowed =
                narrowed.restricted(reach.workspace, ids.iter().map(u64::to_string).collect());
        }
        if let Some(ids) = own_merchants {
            let Some(field) = reach.merchant else {
                return Err(self.refuse(&operator, permission, Scope::installation(), action, ""));
            };
            narrowed = narrowed.restricted(field, ids);
        }
        Ok(narrowed)
    }
}

fn choose_a_workspace() -> CoreError {
    CoreError::on_field(
        ErrorCode::InvalidValue,
        "workspaceId",
        "Your roles differ between workspaces: choose one workspace to list.",
    )
}
