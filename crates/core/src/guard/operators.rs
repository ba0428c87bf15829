//! Managing operators through the guard: Admins only (`manageOperators`), every change audited
//! with its diff (an operator's view holds whether a PIN is set, never the PIN).

use serde_json::Value;

use super::{Action, Guard};
use crate::audit::{diff, FieldChange};
use crate::operators::{CreateOperator, Grant, Operator, Permission, Scope};
use crate::query::{ListQuery, Page};
use crate::Result;

const CREATE: Action = Action::new("operator.create", "operator");
const RENAME: Action = Action::new("operator.rename", "operator");
const SET_PIN: Action = Action::new("operator.setPin", "operator");
const SET_GRANTS: Action = Action::new("operator.setRoles", "operator");
const SET_ACTIVE: Action = Action::new("operator.setActive", "operator");
const SWITCH: Action = Action::new("operator.switch", "operator");

impl Guard {
    pub fn list_operators(&self, query: &ListQuery) -> Result<Page<Operator>> {
        self.allow(
            Permission::ManageOperators,
            Scope::installation(),
            Action::new("operator.list", "operator"),
            "",
        )?;
        self.operators().list(query)
    }

    /// Who can be switched to: every active operator's name, for the header's menu. Anyone may
    /// ask; the PIN is what guards a switch.
    pub fn switch_targets(&self) -> Result<Vec<Operator>> {
        let query = ListQuery {
            size: Some("300".into()),
            sort: Some("displayName:asc".into()),
            ..ListQuery::default()
        };
        Ok(self
            .operators()
            .list(&query)?
            .items
            .into_iter()
            .filter(|operator| operator.active)
            .collect())
    }

    pub fn create_operator(&self, input: CreateOperator) -> Result<Operator> {
        let by = self.allow(
            Permission::ManageOperators,
            Scope::installation(),
            CREATE,
            "",
        )?;
        let result = self.operators().create(&by, input);
        let target = result
            .as_ref()
            .map(|op| op.id.to_string())
            .unwrap_or_default();
        self.record(&by, None, CREATE, &target, &result, |created| {
            diff(&Value::Null, &view(created))
        });
        result
    }

    pub fn rename_operator(&self, id: u64, name: &str) -> Result<Operator> {
        self.change_operator(id, RENAME, |guard| guard.operators().rename(id, name))
    }

    /// Admins set anyone's PIN; every operator may set their own.
    pub fn set_operator_pin(&self, id: u64, pin: &str) -> Result<Operator> {
        let me = self.operator()?;
        if me.id == id {
            let result = self.operators().set_pin(id, pin);
            self.record(&me, None, SET_PIN, &id.to_string(), &result, |_| {
                pin_changed()
            });
            return result;
        }
        self.change_operator(id, SET_PIN, |guard| guard.operators().set_pin(id, pin))
    }

    pub fn set_operator_grants(&self, id: u64, grants: Vec<Grant>) -> Result<Operator> {
        self.change_operator(id, SET_GRANTS, |guard| {
            guard.operators().set_grants(id, grants)
        })
    }

    pub fn set_operator_active(&self, id: u64, active: bool) -> Result<Operator> {
        self.change_operator(id, SET_ACTIVE, |guard| {
            guard.operators().set_active(id, active)
        })
    }

    /// Works as another operator from now on; with more than one operator the PIN decides.
    /// Wrong PINs are audited as failed.
    pub fn switch_operator(&self, id: u64, pin: Option<&str>) -> Result<Operator> {
        let before = self.operator()?;
        let result = self.operators().switch(id, pin);
        self.record(&before, None, SWITCH, &id.to_string(), &result, |_| {
            Vec::new()
        });
        result
    }

    /// An Admin's change to one operator, audited with its before → after diff.
    fn change_operator(
        &self,
        id: u64,
        action: Action,
        apply: impl FnOnce(&Self) -> Result<Operator>,
    ) -> Result<Operator> {
        let by = self.allow(
            Permission::ManageOperators,
            Scope::installation(),
            action,
            &id.to_string(),
        )?;
        let before = self.operators().get(id).map(|op| view(&op));
        let result = apply(self);
        self.record(&by, None, action, &id.to_string(), &result, |after| {
            if action == SET_PIN {
                pin_changed()
            } else {
                diff(before.as_ref().unwrap_or(&Value::Null), &view(after))
            }
        });
        result
    }
}

fn view(operator: &Operator) -> Value {
    let mut value = serde_json::to_value(operator).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.remove("updatedAt");
    }
    value
}

fn pin_changed() -> Vec<FieldChange> {
    vec![FieldChange {
        field: "pin".into(),
        before: None,
        after: Some(Value::String("(changed)".into())),
    }]
}
