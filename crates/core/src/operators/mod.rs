//! Operators, roles and the permission gate. Every Desk operation names the permission it
//! needs and passes [`authorize`] with the acting operator before anything else happens.

mod gate;
mod model;
mod pin;
mod roles;
mod service;

pub use gate::{authorize, forbidden, merchants, permitted, Merchants, Scope};
pub use model::{CreateOperator, Grant, Operator};
pub use roles::{role_table, Permission, PermissionInfo, Role, RoleInfo, RoleTable};
pub use service::Operators;
