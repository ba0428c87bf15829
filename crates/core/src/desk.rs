//! The façade the app holds: it opens the store, the vault and the sandbox, and hands out the
//! services. One instance per data directory; the Tauri layer keeps it in managed state.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use connectdesk_secrets::{KeyringBackend, Secret};
use serde::Serialize;
use specta::Type;
use stripe_sim::{BlockingSim, SimConfig};

use crate::accounts::{AccountSyncReport, Accounts};
use crate::audit::AuditLog;
use crate::audit::{diff, FieldChange};
use crate::balances::Balances;
pub use crate::connections::DraftConnectionTest;
use crate::connections::{
    sandbox_account, testing, ConnectionStatus, ConnectionTest, Connections, SandboxAccount,
};
use crate::disputes::Disputes;
use crate::fees::{FeePreviewInput, FeeQuote, Fees};
use crate::guard::{Action, Guard};
use crate::journal::{Journal, Operation, ResumeReport};
use crate::mode::Mode;
use crate::onboarding::Onboarding;
use crate::operations::PendingOperations;
use crate::operators::{permitted, Permission, Scope};
use crate::operators::{Operator, Operators};
use crate::payments::Payments;
use crate::payouts::Payouts;
use crate::progress::{task_name, Progress, TaskGuard, Tasks};
use crate::query::ListQuery;
use crate::settings::Settings;
use crate::store::Store;
use crate::stripe_access::ConnectionAccess;
use crate::stripe_gateway::{StripeGateway, Target};
use crate::transfers::Transfers;
use crate::vault::{Vault, VaultState};
use crate::webhooks::apply::{EventAppliers, RecordsChanged};
use crate::webhooks::intake::Intake;
use crate::webhooks::service::Events;
use crate::workspaces::{Workspace, Workspaces};
use crate::{CoreError, ErrorCode, Result};

/// What the header and Settings show.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// The operator this installation works as (created as Admin on the first start).
    pub operator: Operator,
    /// What the operator may do in the active workspace (and installation-wide), decided by
    /// the core's gate; the UI hides the rest.
    pub permissions: Vec<Permission>,
    pub active_workspace: Option<Workspace>,
    /// The bizId and name of the active workspace's chosen connection.
    pub active_connection: Option<ActiveConnection>,
    pub mode: Mode,
    /// True while the app talks to its own local Stripe simulator.
    pub sandbox: bool,
    /// The simulator's address while the sandbox runs.
    pub sandbox_url: Option<String>,
    /// Why the sandbox is not running although it is switched on.
    pub sandbox_error: Option<String>,
    pub vault: VaultState,
    /// Days settled Stripe writes stay in the operations journal.
    pub operation_retention_days: u32,
    /// The local webhook receiver's port (Settings) and its address while it runs.
    pub webhook_port: u16,
    pub webhook_receiver: Option<String>,
    /// Why the receiver is not running, in words.
    pub webhook_receiver_error: Option<String>,
    pub data_dir: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ActiveConnection {
    /// The number in the receiver's path, `/webhooks/<id>`.
    pub id: u64,
    pub biz_id: String,
    pub connection_name: String,
    pub mode: Mode,
    /// False while the connection is deactivated: it stays chosen but is not used for Stripe.
    pub active: bool,
}

pub struct Desk {
    data_dir: PathBuf,
    workspaces: Workspaces,
    settings: Settings,
    vault: Arc<Vault>,
    connections: Connections,
    onboarding: Onboarding,
    fees: Fees,
    journal: Journal,
    operations: PendingOperations,
    payments: Payments,
    accounts: Accounts,
    tasks: Tasks,
    transfers: Transfers,
    balances: Balances,
    payouts: Payouts,
    disputes: Disputes,
    events: Events,
    intake: Intake,
    guard: Guard,
    gateway: StripeGateway,
    sandbox: Mutex<Sandbox>,
}

#[derive(Default)]
struct Sandbox {
    running: Option<BlockingSim>,
    error: Option<String>,
}

impl Desk {
    /// Opens everything under `data_dir`; starts the offline sandbox unless it was switched off.
    /// Progress of long work goes nowhere (see [`Desk::open_reporting`]).
    pub fn open(data_dir: impl Into<PathBuf>, keyring: &dyn KeyringBackend) -> Result<Self> {
        Self::open_reporting(data_dir, keyring, Tasks::default())
    }

    /// As [`Desk::open`], with long work (syncs) reporting its progress through `tasks` (the
    /// app's emit window events).
    pub fn open_reporting(
        data_dir: impl Into<PathBuf>,
        keyring: &dyn KeyringBackend,
        tasks: Tasks,
    ) -> Result<Self> {
        let desk = Self::open_deferred(data_dir, keyring, tasks)?;
        desk.start_services()?;
        Ok(desk)
    }

    /// As [`Desk::open_reporting`] without starting the offline sandbox: the app shows its
    /// first screen first and calls [`Desk::start_services`] after. Until then Stripe calls
    /// answer "The offline sandbox is starting".
    pub fn open_deferred(
        data_dir: impl Into<PathBuf>,
        keyring: &dyn KeyringBackend,
        tasks: Tasks,
    ) -> Result<Self> {
        let data_dir = data_dir.into();
        let store = Store::open(&data_dir)?;
        let settings = Settings::open(&store)?;
        let vault = Arc::new(Vault::open(&data_dir, keyring));
        let journal = Journal::open(&store)?;
        let guard = Guard::new(
            Operators::new(&store, settings.clone())?,
            AuditLog::open(&store)?,
        );
        let fees = Fees::new(&store)?;
        let sandbox_on = settings.sandbox_enabled()?;
        // Until the sandbox runs, nothing may reach api.stripe.com in its place.
        let initial = if sandbox_on {
            Target::Unavailable {
                reason: "The offline sandbox is starting; try again in a moment.".into(),
            }
        } else {
            Target::Stripe
        };
        let connections = Connections::new(&store, vault.clone())?;
        let appliers = EventAppliers {
            onboarding: Onboarding::new(&store, journal.clone())?,
            accounts: Accounts::new(&store)?,
            payments: Payments::new(&store, journal.clone(), Arc::new(fees.clone()))?,
            payouts: Payouts::new(&store, journal.clone())?,
            disputes: Disputes::new(&store, journal.clone())?,
            transfers: Transfers::new(&store, journal.clone())?,
        };
        let desk = Self {
            workspaces: Workspaces::new(&store)?,
            events: Events::new(
                &store,
                appliers.clone(),
                connections.clone(),
                journal.clone(),
                guard.clone(),
            )?,
            intake: Intake::default(),
            connections,
            onboarding: appliers.onboarding,
            fees,
            gateway: StripeGateway::new(initial, Arc::new(journal.clone())),
            operations: PendingOperations::new(journal.clone(), guard.clone()),
            payments: appliers.payments,
            accounts: appliers.accounts,
            tasks,
            transfers: appliers.transfers,
            balances: Balances::new(&store)?,
            payouts: appliers.payouts,
            disputes: appliers.disputes,
            journal,
            guard,
            sandbox: Mutex::new(Sandbox::default()),
            settings,
            vault,
            data_dir,
        };
        Ok(desk)
    }

    /// Starts what the first screen does not need: the offline sandbox, when it is switched on.
    pub fn start_services(&self) -> Result<()> {
        if self.settings.sandbox_enabled()? {
            self.start_sandbox()?;
        }
        Ok(())
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn workspaces(&self) -> &Workspaces {
        &self.workspaces
    }

    pub fn connections(&self) -> &Connections {
        &self.connections
    }

    pub fn onboarding(&self) -> &Onboarding {
        &self.onboarding
    }

    /// Payments of connected accounts, priced by the fee rules.
    pub fn payments(&self) -> &Payments {
        &self.payments
    }

    /// Connected accounts synced from Stripe.
    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    /// Starts the long-running task `task` (named by the window, which shows its progress and
    /// may cancel it with [`Desk::cancel_task`]); refused while a task of that name runs. The
    /// task ends when the guard drops.
    pub fn start_task(&self, task: &str, noun: &str) -> Result<(Progress, TaskGuard)> {
        self.tasks.try_start(task_name(task)?, noun).ok_or_else(|| {
            CoreError::new(
                ErrorCode::Conflict,
                "This sync is running already; wait for it to finish or cancel it.",
            )
        })
    }

    /// Syncs the workspace's connected accounts as the task `task`.
    pub async fn sync_accounts(&self, workspace_id: u64, task: &str) -> Result<AccountSyncReport> {
        let (progress, _running) = self.start_task(task, "accounts")?;
        self.accounts
            .sync(&self.stripe_access(), workspace_id, &progress)
            .await
    }

    /// Asks a running task to stop at its next step (what it did so far is kept); false when
    /// no such task runs. Any active operator may: stopping a sync changes nothing.
    pub fn cancel_task(&self, task: &str) -> Result<bool> {
        self.guard.operator()?;
        Ok(self.tasks.cancel(task))
    }

    pub fn tasks(&self) -> &Tasks {
        &self.tasks
    }

    /// Transfers to connected accounts and their reversals.
    pub fn transfers(&self) -> &Transfers {
        &self.transfers
    }

    /// The platform's and connected accounts' balances, read from Stripe.
    pub fn balances(&self) -> &Balances {
        &self.balances
    }

    /// Payouts and payout schedules of connected accounts, and the balance history.
    pub fn payouts(&self) -> &Payouts {
        &self.payouts
    }

    /// Disputes of the platform's payments: evidence, files, deadlines.
    pub fn disputes(&self) -> &Disputes {
        &self.disputes
    }

    pub fn events(&self) -> &Events {
        &self.events
    }

    /// One round of event intake: the receiver running on the port from Settings (and
    /// registered at the sandbox while it runs), the Events API read at start and every few
    /// minutes, every waiting event applied and every due forward sent. Returns what
    /// changed, for the open screens.
    pub async fn take_events(&self) -> Result<Vec<RecordsChanged>> {
        let port = self.settings.webhook_port()?;
        if let Err(err) = self.intake.ensure(&self.events, &self.gateway, port).await {
            tracing::warn!("event intake: {}", err.message);
        }
        let poll = self.intake.poll_due();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.events.round(&self.gateway, poll, now).await
    }

    /// The receiver's port; the next intake round moves the receiver there.
    pub fn set_webhook_port(&self, port: &str) -> Result<AppStatus> {
        let before = self.settings.webhook_port()?;
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            SET_WEBHOOK_PORT,
            "webhookPort",
            |_| self.settings.set_webhook_port(port),
            |after| (String::new(), setting_change("webhookPort", before, *after)),
        )?;
        self.status()
    }

    pub fn fees(&self) -> &Fees {
        &self.fees
    }

    /// The fee preview, with each merchant's volume from the payments the Desk records.
    pub fn preview_fee(&self, input: &FeePreviewInput) -> Result<FeeQuote> {
        self.fees.preview(input, &self.payments)
    }

    /// How features reach Stripe: the sandbox, or the workspace's active connection.
    pub fn stripe_access(&self) -> ConnectionAccess<'_> {
        ConnectionAccess::new(&self.gateway, &self.connections, &self.settings)
    }

    /// Who is acting, may they, and the audit log.
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Resumes every pending Stripe write (at start-up and on a timer).
    pub async fn resume_operations(&self) -> Result<ResumeReport> {
        self.journal.resume_all(&self.stripe_access()).await
    }

    /// The Pending operations screen (gated, audited).
    pub fn operations(&self) -> &PendingOperations {
        &self.operations
    }

    /// "Retry now" on one open operation of the pending list.
    pub async fn retry_operation(&self, id: u64) -> Result<Operation> {
        self.operations.retry(&self.stripe_access(), id).await
    }

    /// Deletes settled operations older than the retention period in Settings.
    pub fn prune_operations(&self) -> Result<usize> {
        let days = self.settings.operation_retention_days()?;
        self.journal.prune(days, time::OffsetDateTime::now_utc())
    }

    pub fn set_operation_retention_days(&self, days: &str) -> Result<AppStatus> {
        let before = self.settings.operation_retention_days()?;
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            SET_RETENTION,
            "operationRetentionDays",
            |_| self.settings.set_operation_retention_days(days),
            |after| {
                (
                    String::new(),
                    setting_change("operationRetentionDays", before, *after),
                )
            },
        )?;
        self.status()
    }

    pub fn gateway(&self) -> &StripeGateway {
        &self.gateway
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn status(&self) -> Result<AppStatus> {
        let active_workspace = match self.settings.active_workspace()? {
            Some(id) => Some(self.workspaces.get(id)?),
            None => None,
        };
        let active_connection = match &active_workspace {
            Some(workspace) => self.active_connection(workspace.id)?,
            None => None,
        };
        let sandbox = self.settings.sandbox_enabled()?;
        let (sandbox_url, sandbox_error) = {
            let state = self.lock_sandbox()?;
            (
                state.running.as_ref().map(|sim| sim.base_url().to_string()),
                state.error.clone(),
            )
        };
        let mode = match (&active_connection, sandbox) {
            (Some(connection), false) => connection.mode,
            _ => Mode::Sandbox,
        };
        let operator = self.guard.operator()?;
        let intake = self.intake.status();
        Ok(AppStatus {
            permissions: permitted(&operator, active_workspace.as_ref().map(|w| w.id)),
            operator,
            active_workspace,
            active_connection,
            mode,
            sandbox,
            sandbox_url,
            sandbox_error,
            vault: self.vault.state(),
            operation_retention_days: self.settings.operation_retention_days()?,
            webhook_port: self.settings.webhook_port()?,
            webhook_receiver: intake.receiver_url,
            webhook_receiver_error: intake.error,
            data_dir: self.data_dir.display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }

    /// Only a workspace the operator has a role in can be the one they work in.
    pub fn set_active_workspace(&self, id: Option<u64>) -> Result<AppStatus> {
        if let Some(id) = id {
            if !self.guard.operator()?.has_role_in(id) {
                return Err(CoreError::new(
                    ErrorCode::Forbidden,
                    "You have no role in this workspace; an Admin can give you one in Operators.",
                ));
            }
        }
        self.settings.set_active_workspace(id)?;
        self.status()
    }

    /// Chooses the connection a workspace works through; it must belong to that workspace.
    pub fn set_active_connection(
        &self,
        workspace_id: u64,
        biz_id: Option<&str>,
    ) -> Result<AppStatus> {
        self.connections.choose(workspace_id, biz_id)?;
        self.status()
    }

    fn active_connection(&self, workspace_id: u64) -> Result<Option<ActiveConnection>> {
        Ok(self
            .connections
            .in_use(workspace_id)?
            .map(|connection| ActiveConnection {
                id: connection.id,
                active: connection.status_name == ConnectionStatus::Active,
                biz_id: connection.biz_id,
                connection_name: connection.connection_name,
                mode: connection.mode,
            }))
    }

    /// Switches the offline sandbox on or off. Off is allowed only once a connection exists, so
    /// the app never ends up with nothing to talk to.
    pub fn set_sandbox_enabled(&self, enabled: bool) -> Result<AppStatus> {
        let before = self.settings.sandbox_enabled()?;
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            SET_SANDBOX,
            "sandboxEnabled",
            |_| self.switch_sandbox(enabled),
            |_| {
                (
                    String::new(),
                    setting_change("sandboxEnabled", before, enabled),
                )
            },
        )?;
        self.status()
    }

    fn switch_sandbox(&self, enabled: bool) -> Result<()> {
        if !enabled
            && self
                .connections
                .list_all(&ListQuery::default())?
                .total_count
                == 0
        {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "sandbox",
                "Add a Stripe connection with your own API key before switching the offline sandbox off.",
            ));
        }
        self.settings.set_sandbox_enabled(enabled)?;
        if enabled {
            self.start_sandbox()
        } else {
            self.stop_sandbox()
        }
    }

    /// Tests a saved connection with its stored credentials and keeps the result with it.
    pub async fn test_connection(&self, biz_id: &str) -> Result<ConnectionTest> {
        testing::test_saved(&self.gateway, &self.connections, biz_id).await
    }

    /// The offline sandbox's platform account (`None` while the sandbox is off); any active
    /// operator may see it.
    pub async fn sandbox_account(&self) -> Result<Option<SandboxAccount>> {
        self.guard.operator()?;
        sandbox_account(&self.gateway).await
    }

    /// Sets the passphrase (first start without an OS secret store) or unlocks with it. The
    /// passphrase is the gate; any active operator may type it, and every attempt is audited.
    pub fn unlock_secrets(&self, passphrase: &Secret) -> Result<VaultState> {
        let by = self.guard.operator()?;
        let result = self.vault.unlock_with_passphrase(passphrase);
        self.guard
            .record(&by, None, UNLOCK, "vault", &result, |_| Vec::new());
        result
    }

    /// Tests the form as shown (stored secrets in place of empty ones when editing).
    pub async fn test_draft_connection(
        &self,
        draft: DraftConnectionTest,
    ) -> Result<ConnectionTest> {
        testing::test_draft(&self.gateway, &self.connections, draft).await
    }

    /// Today's date where Stripe calls go: the sandbox's simulated clock while it runs (its
    /// payouts and balances move by it), else UTC.
    pub fn stripe_today(&self) -> Result<time::Date> {
        let now = time::OffsetDateTime::from_unix_timestamp(self.stripe_now()?)
            .map_err(|err| CoreError::internal(format!("The sandbox's clock is off: {err}")))?;
        Ok(now.date())
    }

    /// Now (Unix seconds) where Stripe calls go: the sandbox's simulated clock while it runs
    /// (deadlines pass by it), else the system clock.
    pub fn stripe_now(&self) -> Result<i64> {
        let clock = self
            .lock_sandbox()?
            .running
            .as_ref()
            .map(BlockingSim::clock);
        Ok(match clock {
            Some(clock) => clock.now(),
            None => time::OffsetDateTime::now_utc().unix_timestamp(),
        })
    }

    /// The sandbox's simulated clock (`None` while the sandbox is off); any active operator.
    pub fn sandbox_clock(&self) -> Result<Option<SandboxClock>> {
        self.guard.operator()?;
        let clock = self
            .lock_sandbox()?
            .running
            .as_ref()
            .map(BlockingSim::clock);
        Ok(clock.map(|clock| clock_view(clock.now())))
    }

    /// Moves the sandbox's clock forward by `hours` (1 hour to 366 days): what falls due
    /// happens, as it would at Stripe with time passing (funds become available, payouts are
    /// sent and arrive, dispute deadlines pass). Test time never goes back.
    pub fn advance_sandbox_clock(&self, hours: u32) -> Result<SandboxClock> {
        let before = self.sandbox_clock()?;
        self.guard.change(
            Permission::ManageWorkspaces,
            Scope::installation(),
            ADVANCE_CLOCK,
            "sandboxClock",
            |_| {
                if !(1..=366 * 24).contains(&hours) {
                    return Err(CoreError::on_field(
                        ErrorCode::InvalidValue,
                        "hours",
                        "Move the clock forward by 1 hour to 366 days.",
                    ));
                }
                let clock = self
                    .lock_sandbox()?
                    .running
                    .as_ref()
                    .map(BlockingSim::clock)
                    .ok_or_else(|| {
                        CoreError::new(
                            ErrorCode::InvalidValue,
                            "The offline sandbox is not running, so it has no clock to move.",
                        )
                    })?;
                Ok(clock_view(clock.advance(i64::from(hours) * 3600)))
            },
            |after| {
                (
                    String::new(),
                    diff(
                        &serde_json::json!({ "sandboxNow": before.as_ref().map(|c| c.now.clone()) }),
                        &serde_json::json!({ "sandboxNow": after.now }),
                    ),
                )
            },
        )
    }

    fn start_sandbox(&self) -> Result<()> {
        let mut state = self.lock_sandbox()?;
        if state.running.is_none() {
            let config = SimConfig::ephemeral().with_data_dir(self.data_dir.join("sandbox"));
            match BlockingSim::start(config) {
                Ok(sim) => {
                    tracing::info!("offline sandbox listening on {}", sim.base_url());
                    self.gateway.set_target(Target::Sandbox {
                        base_url: sim.base_url().to_string(),
                    })?;
                    state.running = Some(sim);
                    state.error = None;
                }
                Err(err) => {
                    // Never fall through to api.stripe.com: calls fail until the sandbox runs.
                    tracing::error!("the offline sandbox could not start: {err}");
                    let reason = format!("The offline sandbox could not start: {err}");
                    self.gateway.set_target(Target::Unavailable {
                        reason: reason.clone(),
                    })?;
                    state.error = Some(reason);
                }
            }
        }
        Ok(())
    }

    fn stop_sandbox(&self) -> Result<()> {
        let mut state = self.lock_sandbox()?;
        self.gateway.set_target(Target::Stripe)?;
        if let Some(sim) = state.running.take() {
            sim.shutdown().map_err(|err| {
                CoreError::internal(format!("The offline sandbox did not stop cleanly: {err}"))
            })?;
        }
        state.error = None;
        Ok(())
    }

    fn lock_sandbox(&self) -> Result<std::sync::MutexGuard<'_, Sandbox>> {
        self.sandbox
            .lock()
            .map_err(|_| CoreError::internal("The sandbox lock was poisoned; restart ConnectDesk."))
    }
}

const SET_RETENTION: Action = Action::new("settings.operationRetention", "setting");
const SET_WEBHOOK_PORT: Action = Action::new("settings.webhookPort", "setting");
const UNLOCK: Action = Action::new("vault.unlock", "vault");
const SET_SANDBOX: Action = Action::new("settings.sandbox", "setting");
const ADVANCE_CLOCK: Action = Action::new("sandbox.advanceClock", "setting");

/// The offline sandbox's simulated time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SandboxClock {
    /// The sandbox's now (ISO 8601).
    pub now: String,
    /// How far it is ahead of real time, in whole hours.
    pub ahead_hours: i64,
}

fn clock_view(now: i64) -> SandboxClock {
    SandboxClock {
        now: crate::time::iso_from_unix(now).unwrap_or_default(),
        ahead_hours: (now - time::OffsetDateTime::now_utc().unix_timestamp()).max(0) / 3600,
    }
}

fn setting_change<T: Serialize>(name: &str, before: T, after: T) -> Vec<FieldChange> {
    diff(
        &serde_json::json!({ name: before }),
        &serde_json::json!({ name: after }),
    )
}
