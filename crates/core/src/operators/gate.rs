//! The gate every operation passes first: does the acting operator hold a role that grants
//! the permission, in this workspace, for this merchant?

use super::model::Operator;
use super::roles::{Permission, Role};
use crate::{CoreError, ErrorCode, Result};

/// Where an operation acts. `workspace: None` is the whole installation (workspaces,
/// operators, application settings); `merchant` narrows merchant-scoped permissions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope<'a> {
    pub workspace: Option<u64>,
    pub merchant: Option<&'a str>,
}

impl<'a> Scope<'a> {
    pub fn installation() -> Self {
        Self::default()
    }

    pub fn workspace(id: u64) -> Self {
        Self {
            workspace: Some(id),
            merchant: None,
        }
    }

    pub fn merchant(workspace: u64, merchant: &'a str) -> Self {
        Self {
            workspace: Some(workspace),
            merchant: Some(merchant),
        }
    }
}

/// Which merchants of a workspace an operator may see for a merchant-scoped permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merchants {
    All,
    Only(Vec<String>),
}

impl Merchants {
    pub fn allows(&self, merchant: &str) -> bool {
        match self {
            Merchants::All => true,
            Merchants::Only(ids) => ids.iter().any(|id| id == merchant),
        }
    }
}

/// `forbidden` unless the operator may; nothing else is looked at before this.
pub fn authorize(operator: &Operator, permission: Permission, scope: Scope<'_>) -> Result<()> {
    if !operator.active {
        return Err(forbidden_text(format!(
            "The operator “{}” is deactivated.",
            operator.display_name
        )));
    }
    let merchants = merchants(operator, permission, scope.workspace);
    let allowed = match (&merchants, scope.merchant) {
        (None, _) => false,
        (Some(_), None) if permission.is_merchant_scoped() => true,
        (Some(Merchants::All), _) => true,
        (Some(Merchants::Only(_)), None) => false,
        (Some(only), Some(merchant)) => only.allows(merchant),
    };
    if allowed {
        Ok(())
    } else {
        Err(forbidden(permission))
    }
}

/// The merchants `permission` reaches in `workspace` (`None`: none at all). Shop owners reach
/// only their own; every other role reaches all.
pub fn merchants(
    operator: &Operator,
    permission: Permission,
    workspace: Option<u64>,
) -> Option<Merchants> {
    if !operator.active {
        return None;
    }
    let mut own: Option<Vec<String>> = None;
    for grant in &operator.grants {
        let applies = grant.workspace_id.is_none() || grant.workspace_id == workspace;
        // Installation-wide permissions need a grant for every workspace.
        let applies = applies && (workspace.is_some() || grant.workspace_id.is_none());
        if !applies || !grant.role.grants(permission) {
            continue;
        }
        if grant.role == Role::ShopOwner && permission.is_merchant_scoped() {
            own.get_or_insert_with(Vec::new)
                .extend(grant.merchant_ids.iter().cloned());
        } else {
            return Some(Merchants::All);
        }
    }
    own.map(Merchants::Only)
}

/// What `operator` may do while working in `workspace`: installation-wide permissions for the
/// whole installation, the others in that workspace (for shop owners, for some merchants).
pub fn permitted(operator: &Operator, workspace: Option<u64>) -> Vec<Permission> {
    Permission::ALL
        .into_iter()
        .filter(|permission| {
            // With no workspace chosen, only grants for every workspace count.
            let scope = if permission.is_installation_wide() {
                None
            } else {
                workspace
            };
            merchants(operator, *permission, scope).is_some()
        })
        .collect()
}

/// "You need the Payments admin role to create and reverse transfers."
pub fn forbidden(permission: Permission) -> CoreError {
    forbidden_text(format!(
        "You need the {} role to {}.",
        Role::least_for(permission).label(),
        permission.action()
    ))
}

fn forbidden_text(message: String) -> CoreError {
    CoreError::new(ErrorCode::Forbidden, message)
}

#[cfg(test)]
mod tests {
    use super::super::model::Grant;
    use super::*;

    fn operator(grants: Vec<Grant>) -> Operator {
        Operator {
            id: 1,
            display_name: "Sam".into(),
            grants,
            has_pin: true,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn grant(workspace_id: Option<u64>, role: Role, merchants: &[&str]) -> Grant {
        Grant {
            workspace_id,
            role,
            merchant_ids: merchants.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn a_role_counts_only_in_its_workspace() {
        let sam = operator(vec![grant(Some(1), Role::PaymentsAdmin, &[])]);
        assert!(authorize(&sam, Permission::ManageTransfers, Scope::workspace(1)).is_ok());
        let err = authorize(&sam, Permission::ManageTransfers, Scope::workspace(2))
            .expect_err("other workspace");
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert_eq!(
            err.message,
            "You need the Payments admin role to create and reverse transfers."
        );
        assert!(authorize(&sam, Permission::ManageWorkspaces, Scope::installation()).is_err());
    }

    #[test]
    fn shop_owners_reach_their_own_merchants_only() {
        let owner = operator(vec![grant(Some(1), Role::ShopOwner, &["shop-1"])]);
        assert!(authorize(
            &owner,
            Permission::CreateOnboarding,
            Scope::merchant(1, "shop-1")
        )
        .is_ok());
        assert!(authorize(
            &owner,
            Permission::CreateOnboarding,
            Scope::merchant(1, "shop-2")
        )
        .is_err());
        assert_eq!(
            merchants(&owner, Permission::ViewOnboarding, Some(1)),
            Some(Merchants::Only(vec!["shop-1".into()]))
        );
        assert!(authorize(&owner, Permission::ViewWorkspace, Scope::workspace(1)).is_err());
    }

    #[test]
    fn a_global_admin_may_do_everything_and_a_deactivated_one_nothing() {
        let mut admin = operator(vec![grant(None, Role::Admin, &[])]);
        assert!(authorize(&admin, Permission::ManageOperators, Scope::installation()).is_ok());
        assert!(authorize(
            &admin,
            Permission::DeleteOnboarding,
            Scope::merchant(9, "x")
        )
        .is_ok());
        admin.active = false;
        assert!(authorize(&admin, Permission::ViewWorkspace, Scope::workspace(9)).is_err());
    }
}
