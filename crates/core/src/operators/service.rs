//! The `Operators` service: the first operator, creating and changing operators, switching
//! between them. The last Admin can never be removed or demoted.

use std::ops::ControlFlow;
use std::sync::{Mutex, PoisonError};

use super::model::{is_global_admin, CreateOperator, Grant, Operator, OperatorRecord};
use super::pin;
use super::roles::Role;
use crate::query::{for_each_page, ListQuery, Page};
use crate::settings::Settings;
use crate::store::{Collection, Store};
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

const FIRST_NAME: &str = "Admin";

static FIRST_START: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone)]
pub struct Operators {
    records: Collection<OperatorRecord>,
    workspaces: Collection<Workspace>,
    settings: Settings,
}

impl Operators {
    pub fn new(store: &Store, settings: Settings) -> Result<Self> {
        Ok(Self {
            records: store.collection()?,
            workspaces: store.collection()?,
            settings,
        })
    }

    /// The operator this installation works as. On the very first start that is a new Admin
    /// of every workspace, without a PIN (nobody else can switch to it yet).
    pub fn current(&self) -> Result<Operator> {
        if let Some(found) = self.active()? {
            return Ok(found);
        }
        // The window asks for several things at once on the first start: one caller creates the
        // first Admin, the others then find it active.
        let _first = FIRST_START.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = self.active()? {
            return Ok(found);
        }
        self.first_start()
    }

    fn active(&self) -> Result<Option<Operator>> {
        if let Some(id) = self.settings.active_operator()? {
            match self.records.get(id) {
                Ok(record) if record.active => return Ok(Some(Operator::from(&record))),
                Ok(_) => {}
                Err(err) if err.code == ErrorCode::NotFound => {}
                Err(err) => return Err(err),
            }
        }
        Ok(None)
    }

    fn first_start(&self) -> Result<Operator> {
        if self.records.count()? == 0 {
            let first = self.records.insert(OperatorRecord {
                id: 0,
                display_name: FIRST_NAME.into(),
                grants: vec![Grant {
                    workspace_id: None,
                    role: Role::Admin,
                    merchant_ids: Vec::new(),
                }],
                pin: None,
                active: true,
                created_at: String::new(),
                updated_at: String::new(),
                deleted_at: String::new(),
            })?;
            self.settings.set_active_operator(Some(first.id))?;
            return Ok(Operator::from(&first));
        }
        Err(CoreError::new(
            ErrorCode::Forbidden,
            "No operator is signed in. Switch to your operator to continue.",
        ))
    }

    pub fn list(&self, query: &ListQuery) -> Result<Page<Operator>> {
        let page = self.records.list(query)?;
        Ok(Page {
            items: page.items.iter().map(Operator::from).collect(),
            end_reached: page.end_reached,
            next_page_token: page.next_page_token,
            total_count: page.total_count,
        })
    }

    pub fn get(&self, id: u64) -> Result<Operator> {
        self.records.get(id).map(|record| Operator::from(&record))
    }

    /// Adds an operator. Once there are two, switching needs a PIN: the new operator must get
    /// one, and the operator adding them must have one already (else anyone could switch to
    /// them without it).
    pub fn create(&self, by: &Operator, input: CreateOperator) -> Result<Operator> {
        let mut checks = FieldChecks::default();
        let display_name = checks.check(display_name(&input.display_name));
        checks.check(self.check_grants(&input.grants));
        let digest = checks.check(match input.pin.as_deref() {
            Some(text) => pin::derive(text).map(Some),
            None => Err(CoreError::on_field(
                ErrorCode::Required,
                "pin",
                "Give the new operator a PIN: with more than one operator, switching asks for it.",
            )),
        });
        checks.finish()?;
        if !by.has_pin {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "pin",
                "Set your own PIN first (Operators → your operator → Set PIN), so nobody else can switch to you.",
            ));
        }
        let record = self.records.insert(OperatorRecord {
            id: 0,
            display_name: display_name.clone(),
            grants: input.grants,
            pin: digest,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        });
        Ok(Operator::from(
            &record.map_err(|err| name_taken(err, &display_name))?,
        ))
    }

    pub fn rename(&self, id: u64, name: &str) -> Result<Operator> {
        let name = display_name(name)?;
        self.records
            .update(id, |record| {
                record.display_name = name.clone();
                Ok(())
            })
            .map(|record| Operator::from(&record))
            .map_err(|err| name_taken(err, &name))
    }

    pub fn set_pin(&self, id: u64, new_pin: &str) -> Result<Operator> {
        let digest = pin::derive(new_pin)?;
        self.records
            .update(id, |record| {
                record.pin = Some(digest.clone());
                Ok(())
            })
            .map(|record| Operator::from(&record))
    }

    /// Replaces an operator's roles; the last global Admin keeps theirs.
    pub fn set_grants(&self, id: u64, grants: Vec<Grant>) -> Result<Operator> {
        self.check_grants(&grants)?;
        if !is_global_admin(&grants) {
            self.keep_an_admin(id)?;
        }
        self.records
            .update(id, |record| {
                record.grants = grants.clone();
                Ok(())
            })
            .map(|record| Operator::from(&record))
    }

    /// Deactivated operators cannot be switched to and may do nothing; the last Admin stays.
    pub fn set_active(&self, id: u64, active: bool) -> Result<Operator> {
        if !active {
            self.keep_an_admin(id)?;
        }
        self.records
            .update(id, |record| {
                record.active = active;
                Ok(())
            })
            .map(|record| Operator::from(&record))
    }

    /// Works as another operator from now on (and after restarts). With more than one
    /// operator, the target's PIN is required.
    pub fn switch(&self, id: u64, given_pin: Option<&str>) -> Result<Operator> {
        let record = self.records.get(id)?;
        if !record.active {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "id",
                "This operator is deactivated.",
            ));
        }
        if self.records.count()? > 1 {
            let wrong =
                || CoreError::on_field(ErrorCode::InvalidValue, "pin", "That PIN is not right.");
            let Some(stored) = &record.pin else {
                return Err(CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "pin",
                    "This operator has no PIN yet; an Admin sets one in Operators.",
                ));
            };
            if !pin::verify(given_pin.ok_or_else(wrong)?, stored)? {
                return Err(wrong());
            }
        }
        self.settings.set_active_operator(Some(id))?;
        Ok(Operator::from(&record))
    }

    /// Refuses a change that would leave no active global Admin.
    fn keep_an_admin(&self, changing: u64) -> Result<()> {
        let mut found = false;
        for_each_page(
            &ListQuery::default(),
            |page| self.records.list(page),
            |items| {
                found = items.iter().any(|other| {
                    other.id != changing && other.active && is_global_admin(&other.grants)
                });
                if found {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )?;
        if found {
            return Ok(());
        }
        Err(CoreError::on_field(
            ErrorCode::Conflict,
            "grants",
            "This is the last Admin: make someone else Admin first.",
        ))
    }

    fn check_grants(&self, grants: &[Grant]) -> Result<()> {
        if grants.is_empty() {
            return Err(CoreError::on_field(
                ErrorCode::Required,
                "grants",
                "Give the operator at least one role.",
            ));
        }
        for grant in grants {
            if let Some(workspace) = grant.workspace_id {
                self.workspaces.get(workspace).map_err(|_| {
                    CoreError::on_field(
                        ErrorCode::NotFound,
                        "grants",
                        format!("Workspace {workspace} does not exist."),
                    )
                })?;
            }
            let has_merchants = grant.merchant_ids.iter().any(|id| !id.trim().is_empty());
            if grant.role == Role::ShopOwner && (!has_merchants || grant.workspace_id.is_none()) {
                return Err(CoreError::on_field(
                    ErrorCode::Required,
                    "grants",
                    "A shop owner belongs to one workspace and needs the merchant ids of their shops.",
                ));
            }
        }
        Ok(())
    }
}

/// The store's unique-name refusal, in words.
fn name_taken(err: CoreError, name: &str) -> CoreError {
    match err.code {
        ErrorCode::Conflict => CoreError::on_field(
            ErrorCode::Conflict,
            "displayName",
            format!("Another operator is already called “{name}”."),
        ),
        _ => err,
    }
}

fn display_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "displayName",
            "Enter the operator's name.",
        ));
    }
    if name.chars().count() > 60 {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "displayName",
            "A name has at most 60 characters.",
        ));
    }
    Ok(name.to_string())
}
