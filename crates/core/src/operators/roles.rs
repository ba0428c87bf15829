//! The one table of roles and what each may do. The UI reads it through the bindings
//! ([`role_table`]); the core's gate ([`super::gate`]) is the only place that decides.

use serde::{Deserialize, Serialize};
use specta::Type;

/// The people who use ConnectDesk. The seeds' role names map onto these (README).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Onboards their own merchants and sees their own account, balance and payouts.
    ShopOwner,
    /// Reads everything but secrets; answers disputes; refunds up to the workspace's limit.
    Support,
    /// Payments, refunds, transfers, reversals, payouts and payout schedules.
    PaymentsAdmin,
    /// Everything (`workspace:manage`): connections, fees, operators and roles.
    Admin,
}

/// One thing an operator may do. Commands name the permission they need before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Permission {
    /// Workspaces, connections (never secrets), settings, the journal: read.
    ViewWorkspace,
    /// Create, rename and delete workspaces; application settings.
    ManageWorkspaces,
    /// `workspace:manage`: create, change, test, delete connections.
    ManageConnections,
    ViewOnboarding,
    CreateOnboarding,
    /// Finish, refresh, open the dashboard, sync.
    EditOnboarding,
    DeleteOnboarding,
    /// Payments, transfers, payouts and balances: read.
    ViewMoney,
    /// Create, confirm, capture and cancel payments.
    ManagePayments,
    Refund,
    /// Transfers and reversals.
    ManageTransfers,
    /// Payouts and payout schedules.
    ManagePayouts,
    ViewFees,
    ManageFees,
    ViewDisputes,
    /// Save and submit evidence, accept disputes.
    RespondToDisputes,
    /// Retry or resolve pending Stripe writes.
    ResolveOperations,
    ManageOperators,
    ViewAudit,
}

impl Permission {
    pub const ALL: [Permission; 19] = [
        ViewWorkspace,
        ManageWorkspaces,
        ManageConnections,
        ViewOnboarding,
        CreateOnboarding,
        EditOnboarding,
        DeleteOnboarding,
        ViewMoney,
        ManagePayments,
        Refund,
        ManageTransfers,
        ManagePayouts,
        ViewFees,
        ManageFees,
        ViewDisputes,
        RespondToDisputes,
        ResolveOperations,
        ManageOperators,
        ViewAudit,
    ];

    /// Checked for the whole installation (every workspace), not for one workspace.
    pub fn is_installation_wide(self) -> bool {
        matches!(
            self,
            Self::ManageWorkspaces | Self::ManageOperators | Self::ViewAudit
        )
    }

    /// Completes "You need the … role to …".
    pub fn action(self) -> &'static str {
        match self {
            Self::ViewWorkspace => "see this workspace",
            Self::ManageWorkspaces => "manage workspaces and application settings",
            Self::ManageConnections => "manage Stripe connections",
            Self::ViewOnboarding => "see onboarding entries",
            Self::CreateOnboarding => "onboard merchants",
            Self::EditOnboarding => "work on onboarding entries",
            Self::DeleteOnboarding => "delete onboarding entries",
            Self::ViewMoney => "see payments, transfers, payouts and balances",
            Self::ManagePayments => "take and capture payments",
            Self::Refund => "refund payments",
            Self::ManageTransfers => "create and reverse transfers",
            Self::ManagePayouts => "manage payouts and payout schedules",
            Self::ViewFees => "see platform fees",
            Self::ManageFees => "change platform fees",
            Self::ViewDisputes => "see disputes",
            Self::RespondToDisputes => "respond to disputes",
            Self::ResolveOperations => "retry or resolve pending Stripe operations",
            Self::ManageOperators => "manage operators and roles",
            Self::ViewAudit => "see the audit log",
        }
    }

    /// Limited to the merchants a shop owner is linked to.
    pub fn is_merchant_scoped(self) -> bool {
        matches!(
            self,
            Self::ViewOnboarding | Self::CreateOnboarding | Self::EditOnboarding | Self::ViewMoney
        )
    }
}

use Permission::*;

const SHOP_OWNER: &[Permission] = &[ViewOnboarding, CreateOnboarding, EditOnboarding, ViewMoney];
const SUPPORT: &[Permission] = &[
    ViewWorkspace,
    ViewOnboarding,
    ViewMoney,
    ViewFees,
    ViewDisputes,
    RespondToDisputes,
    Refund,
];
const PAYMENTS_ADMIN: &[Permission] = &[
    ViewWorkspace,
    ViewOnboarding,
    ViewMoney,
    ManagePayments,
    Refund,
    ManageTransfers,
    ManagePayouts,
    ViewFees,
    ViewDisputes,
    ResolveOperations,
];
/// Admin (`workspace:manage`) may do everything.
const ADMIN: &[Permission] = &Permission::ALL;

impl Role {
    pub const ALL: [Role; 4] = [
        Role::ShopOwner,
        Role::Support,
        Role::PaymentsAdmin,
        Role::Admin,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::ShopOwner => "Shop owner",
            Self::Support => "Support",
            Self::PaymentsAdmin => "Payments admin",
            Self::Admin => "Admin",
        }
    }

    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Self::ShopOwner => SHOP_OWNER,
            Self::Support => SUPPORT,
            Self::PaymentsAdmin => PAYMENTS_ADMIN,
            Self::Admin => ADMIN,
        }
    }

    pub fn grants(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// The least powerful role that grants `permission`, for "You need the … role".
    pub fn least_for(permission: Permission) -> Role {
        Role::ALL
            .into_iter()
            .find(|role| role.grants(permission))
            .unwrap_or(Role::Admin)
    }
}

/// One role as the UI shows it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoleInfo {
    pub role: Role,
    pub label: &'static str,
    pub permissions: Vec<Permission>,
}

/// One permission as the role matrix shows it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PermissionInfo {
    pub permission: Permission,
    /// "Create and reverse transfers".
    pub label: String,
}

/// The roles and every permission in words, for the Operators screen and for hiding what an
/// operator cannot do.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoleTable {
    pub roles: Vec<RoleInfo>,
    /// Every permission, in the order the matrix lists them.
    pub permissions: Vec<PermissionInfo>,
}

pub fn role_table() -> RoleTable {
    RoleTable {
        roles: Role::ALL
            .into_iter()
            .map(|role| RoleInfo {
                role,
                label: role.label(),
                permissions: role.permissions().to_vec(),
            })
            .collect(),
        permissions: Permission::ALL
            .into_iter()
            .map(|permission| PermissionInfo {
                permission,
                label: capitalized(permission.action()),
            })
            .collect(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_can_do_everything_the_others_can() {
        for role in Role::ALL {
            for permission in role.permissions() {
                assert!(Role::Admin.grants(*permission), "{role:?} {permission:?}");
            }
        }
    }

    #[test]
    fn the_least_role_names_the_right_one() {
        assert_eq!(Role::least_for(ManageTransfers), Role::PaymentsAdmin);
        assert_eq!(Role::least_for(RespondToDisputes), Role::Support);
        assert_eq!(Role::least_for(ManageConnections), Role::Admin);
        assert_eq!(Role::least_for(CreateOnboarding), Role::ShopOwner);
    }
}
