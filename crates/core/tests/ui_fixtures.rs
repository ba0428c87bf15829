//! Writes the answers the UI's component tests replay (`ui/src/test/fixtures/*.json`) by driving
//! the real Desk, with the in-process sandbox, through each test's scenario. The UI keeps no copy
//! of the core's rules: every message, field error, list page and status in those files comes
//! from here. Like the bindings test, this rewrites the files and fails when they changed (stale).
//!
//! A scenario is a seeded data directory, the read-only commands the UI may send at any moment
//! (recorded again after every step), and the commands it sends in order (each one a step).
//! Arguments are written exactly as the UI sends them. Volatile values (timestamps, random ids,
//! the sandbox port, temporary paths) are replaced by stable placeholders.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use connectdesk_core::connections::{AuthInput, CreateConnection};
use connectdesk_core::mode::Mode;
use connectdesk_core::onboarding::{CreateOnboarding, OnboardingAction};
use connectdesk_core::operators::{CreateOperator, Grant};
use connectdesk_core::query::ListQuery;
use connectdesk_core::workspaces::CreateWorkspace;
use connectdesk_core::{CoreError, Desk};
use connectdesk_secrets::{BackendError, KeyringBackend, NoKeyring, Secret};
use serde_json::{json, Value};
use time::OffsetDateTime;
use zeroize::Zeroizing;

// ---- Keyrings: the OS secret store as the Desk sees it ----

/// A working OS secret store, in memory.
#[derive(Default)]
struct MemoryKeyring(Mutex<HashMap<(String, String), String>>);

impl KeyringBackend for MemoryKeyring {
    fn store_name(&self) -> &'static str {
        "Secret Service"
    }
    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, BackendError> {
        let map = self.0.lock().map_err(|_| BackendError::new("poisoned"))?;
        Ok(map
            .get(&(service.into(), account.into()))
            .map(|v| Zeroizing::new(v.clone())))
    }
    fn set(&self, service: &str, account: &str, value: &str) -> Result<(), BackendError> {
        let mut map = self.0.lock().map_err(|_| BackendError::new("poisoned"))?;
        map.insert((service.into(), account.into()), value.into());
        Ok(())
    }
    fn delete(&self, service: &str, account: &str) -> Result<(), BackendError> {
        let mut map = self.0.lock().map_err(|_| BackendError::new("poisoned"))?;
        map.remove(&(service.into(), account.into()));
        Ok(())
    }
}

/// A desktop without a running secret store.
struct MissingStore;

const NO_STORE: &str = "the Secret Service is not running on this desktop";

impl KeyringBackend for MissingStore {
    fn store_name(&self) -> &'static str {
        "Secret Service"
    }
    fn get(&self, _: &str, _: &str) -> Result<Option<Zeroizing<String>>, BackendError> {
        Err(BackendError::new(NO_STORE))
    }
    fn set(&self, _: &str, _: &str, _: &str) -> Result<(), BackendError> {
        Err(BackendError::new(NO_STORE))
    }
    fn delete(&self, _: &str, _: &str) -> Result<(), BackendError> {
        Err(BackendError::new(NO_STORE))
    }
}

#[path = "support/commands.rs"]
mod commands;
use commands::dispatch;

// ---- Scenarios ----

struct Scenario {
    dir: tempfile::TempDir,
    desk: Option<Desk>,
    rt: tokio::runtime::Runtime,
    reads: Vec<(String, Value)>,
    states: Vec<Value>,
    calls: Vec<Value>,
}

const DATA_DIR: &str = "/home/user/.local/share/com.connectdesk.app";
const DOWNLOADS: &str = "/home/user/Downloads";
/// Where the simulator's own times (whole seconds) end up.
const SIM_TIME: &str = "2025-06-03T00:00:00.000Z";

impl Scenario {
    fn new(keyring: &dyn KeyringBackend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
        std::fs::create_dir_all(dir.path().join("downloads")).expect("downloads dir");
        let desk = Desk::open(dir.path().join("data"), keyring).expect("open desk");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Self {
            dir,
            desk: Some(desk),
            rt,
            reads: Vec::new(),
            states: Vec::new(),
            calls: Vec::new(),
        }
    }

    fn desk(&self) -> &Desk {
        self.desk.as_ref().expect("desk open")
    }

    /// Closes and opens the data directory again, as a restart of the app.
    fn reopen(&mut self, keyring: &dyn KeyringBackend) {
        drop(self.desk.take());
        self.desk = Some(Desk::open(self.dir.path().join("data"), keyring).expect("reopen desk"));
    }

    fn reads(mut self, reads: &[(&str, Value)]) -> Self {
        self.reads = reads
            .iter()
            .map(|(c, a)| (c.to_string(), a.clone()))
            .collect();
        self
    }

    fn run(&self, cmd: &str, args: &Value, now: OffsetDateTime) -> Result<Value, CoreError> {
        let exports = self.dir.path().join("downloads");
        self.rt
            .block_on(dispatch(self.desk(), &exports, now, cmd, args))
    }

    fn record_state(&mut self) {
        let answers: Vec<Value> = self
            .reads
            .iter()
            .map(|(cmd, args)| exchange(cmd, args, self.run(cmd, args, OffsetDateTime::now_utc())))
            .collect();
        self.states.push(Value::Array(answers));
    }

    /// Sends one command as the UI would (a step) and returns the answer for the script.
    fn call(&mut self, cmd: &str, args: Value) -> Result<Value, CoreError> {
        self.call_at(cmd, args, OffsetDateTime::now_utc())
    }

    /// As `call`, with the core's clock read as `now` (for decisions that depend on time passing).
    fn call_at(&mut self, cmd: &str, args: Value, now: OffsetDateTime) -> Result<Value, CoreError> {
        if self.states.is_empty() {
            self.record_state();
        }
        mark();
        let answer = self.run(cmd, &args, now);
        self.calls.push(exchange(cmd, &args, answer.clone()));
        self.record_state();
        answer
    }

    fn finish(mut self) -> Value {
        if self.states.is_empty() {
            self.record_state();
        }
        let data = self.dir.path().join("data").display().to_string();
        let downloads = self.dir.path().join("downloads").display().to_string();
        let mut out = json!({ "states": self.states, "calls": self.calls });
        replace_literal(&mut out, &data, DATA_DIR);
        replace_literal(&mut out, &downloads, DOWNLOADS);
        out
    }

    // Seeding: direct core calls, not recorded.

    fn workspaces(self, names: &[&str]) -> Self {
        for name in names {
            self.desk()
                .workspaces()
                .create(CreateWorkspace {
                    name: name.to_string(),
                })
                .expect("seed workspace");
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        self
    }

    fn active(self, id: Option<u64>) -> Self {
        self.desk().set_active_workspace(id).expect("seed active");
        self
    }

    fn connection(&self, workspace_id: u64, name: &str, auth: AuthInput) -> String {
        self.connection_with(CreateConnection {
            workspace_id,
            connection_name: name.into(),
            connection_description: None,
            stripe_account_id: None,
            auth,
            webhook_secret: None,
            partner_endpoint: None,
            config_json: None,
        })
    }

    fn connection_with(&self, input: CreateConnection) -> String {
        let created = self
            .desk()
            .connections()
            .create(input)
            .expect("seed connection");
        std::thread::sleep(std::time::Duration::from_millis(3));
        created.biz_id
    }

    /// `POST /_sim/oauth/grants` on the sandbox: a Connect OAuth grant on a new account.
    fn grant(&self, body: Value) -> Value {
        let url = self
            .desk()
            .status()
            .expect("status")
            .sandbox_url
            .expect("sandbox runs");
        self.rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{url}/_sim/oauth/grants"))
                .json(&body)
                .send()
                .await
                .expect("control request")
                .json()
                .await
                .expect("grant")
        })
    }

    /// An Express account's onboarding entry; returns the account's id.
    fn onboarding(&self, workspace_id: u64, merchant: &str, email: &str) -> String {
        let input: CreateOnboarding = serde_json::from_value(json!({
            "workspaceId": workspace_id, "merchantId": merchant, "accountType": "express",
            "country": "US", "email": email,
        }))
        .expect("onboarding input");
        let entry = self
            .rt
            .block_on(
                self.desk()
                    .onboarding()
                    .create(&self.desk().stripe_access(), input),
            )
            .expect("seed onboarding");
        std::thread::sleep(std::time::Duration::from_millis(3));
        entry.account_id
    }
}

fn exchange(cmd: &str, args: &Value, answer: Result<Value, CoreError>) -> Value {
    let response = match answer {
        Ok(data) => json!({ "ok": data }),
        Err(err) => json!({ "error": serde_json::to_value(err).expect("error serialises") }),
    };
    json!({ "cmd": cmd, "args": args, "response": response })
}

fn key(value: &str) -> AuthInput {
    AuthInput::ApiKey {
        api_key: Secret::new(value),
    }
}

fn list(sort: &str, filters: Value) -> Value {
    json!({ "query": { "size": "25", "pageToken": null, "sort": sort, "filters": filters } })
}

fn in_workspace(workspace: u64) -> Value {
    json!([{ "field": "workspaceId", "op": "eq", "value": workspace.to_string() }])
}

const SAMPLE_WORKSPACES: &[&str] = &[
    "Acme Marketplace",
    "Northwind Rentals",
    "Globex Tutors",
    "Initech Freelance",
    "Umbrella Clinics",
    "Hooli Creators",
];

/// The key of "Acme test platform", the connection Acme uses.
const ACME_TEST_KEY: &str = "sk_test_51Nv0FGQ9RKHgCVdKxT7mQ2pLs8Yw4242";
const ACME_LIVE_KEY: &str = "sk_live_51Nv0FGQ9RKHgCVdKaP3nV8rT2mX69Xq2";
const NEW_TEST_KEY: &str = "sk_test_51Nv0FGQ9RKHgCVdKeu000001";

/// Six workspaces; Acme (1) has four connections (one in use, one LIVE, one OAuth2, one
/// deactivated), Northwind (2) one. The accounts exist in the sandbox.
fn sample(keyring: &dyn KeyringBackend) -> Scenario {
    let s = Scenario::new(keyring)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    let account = s.grant(json!({ "country": "US" }));
    let account_id = account["stripe_user_id"]
        .as_str()
        .expect("account")
        .to_string();
    s.connection_with(CreateConnection {
        workspace_id: 1,
        connection_name: "Acme test platform".into(),
        connection_description: Some(
            "The platform account in test mode, for rehearsing payouts.".into(),
        ),
        stripe_account_id: Some(account_id),
        auth: key(ACME_TEST_KEY),
        webhook_secret: Some(Secret::new("whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH")),
        partner_endpoint: None,
        config_json: None,
    });
    s.connection_with(CreateConnection {
        workspace_id: 1,
        connection_name: "Acme production".into(),
        connection_description: None,
        stripe_account_id: Some("acct_1Nv0FGQ9RKHgLive".into()),
        auth: key(ACME_LIVE_KEY),
        webhook_secret: None,
        partner_endpoint: Some("https://hooks.acme.example/stripe".into()),
        config_json: None,
    });
    let grant = s.grant(json!({}));
    s.connection_with(CreateConnection {
        workspace_id: 1,
        connection_name: "Acme partner (OAuth)".into(),
        connection_description: Some("Read access granted by the partner platform.".into()),
        stripe_account_id: None,
        auth: AuthInput::OAuth2 {
            client_id: grant["client_id"].as_str().expect("client id").into(),
            client_secret: Secret::new("sk_test_9fK2mP7qR4tV8wX1yZ3aB6cZk"),
            refresh_token: Secret::new(grant["refresh_token"].as_str().expect("token")),
            mode: Mode::Sandbox,
        },
        webhook_secret: None,
        partner_endpoint: None,
        config_json: Some("{\n  \"payoutSchedule\": \"weekly\"\n}".into()),
    });
    let old = s.connection(
        1,
        "Old restricted key",
        key("rk_test_51Nv0FGQ9RKHgCVdKoLdR3stR1cT0c1d"),
    );
    s.desk()
        .connections()
        .set_active(&old, false)
        .expect("deactivate");
    s.connection(
        2,
        "Northwind test",
        key("sk_test_51Kx2Hj8NorthwindTestKey00aa77"),
    );
    s
}

fn biz_id(s: &Scenario, name: &str) -> String {
    let page = s
        .desk()
        .connections()
        .list(&ListQuery::default())
        .expect("list");
    page.items
        .into_iter()
        .find(|c| c.connection_name == name)
        .map(|c| c.biz_id)
        .unwrap_or_else(|| panic!("no connection {name}"))
}

fn workspaces_fixtures() -> Value {
    let reads = [("list_workspaces", list("name:asc", json!([])))];
    let mut out = BTreeMap::new();

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .reads(&reads);
    for (cmd, args) in [
        ("list_workspaces", list("name:desc", json!([]))),
        ("list_workspaces", list("id:asc", json!([]))),
        (
            "list_workspaces",
            list(
                "name:asc",
                json!([{ "field": "name", "op": "contains", "value": "ni" }]),
            ),
        ),
        (
            "list_workspaces",
            list(
                "name:asc",
                json!([{ "field": "name", "op": "contains", "value": "nizzz" }]),
            ),
        ),
    ] {
        s.reads.push((cmd.into(), args));
    }
    s.reads
        .push(("preview_workspace_delete".into(), json!({ "id": 1 })));
    out.insert("sample", s.finish());

    let with_status = [
        ("list_workspaces", list("name:asc", json!([]))),
        ("get_app_status", json!({})),
    ];
    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .reads(&with_status);
    s.call(
        "create_workspace",
        json!({ "input": { "name": "acme marketplace" } }),
    )
    .ok();
    s.call("create_workspace", json!({ "input": { "name": "" } }))
        .ok();
    s.call(
        "create_workspace",
        json!({ "input": { "name": "Zenith Payments" } }),
    )
    .ok();
    out.insert("create", s.finish());

    // The first workspace becomes the active one.
    let mut s = Scenario::new(&MemoryKeyring::default()).reads(&with_status);
    s.call(
        "create_workspace",
        json!({ "input": { "name": "Acme Marketplace" } }),
    )
    .ok();
    out.insert("first", s.finish());

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .reads(&reads);
    s.call(
        "rename_workspace",
        json!({ "input": { "id": 3, "name": "Hooli Creators" } }),
    )
    .ok();
    s.call(
        "rename_workspace",
        json!({ "input": { "id": 3, "name": "Globex Academy" } }),
    )
    .ok();
    out.insert("rename", s.finish());

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .reads(&[
            ("list_workspaces", list("name:asc", json!([]))),
            ("get_app_status", json!({})),
            ("preview_workspace_delete", json!({ "id": 1 })),
            ("preview_workspace_delete", json!({ "id": 2 })),
            ("preview_workspace_delete", json!({ "id": 3 })),
        ]);
    s = s.active(Some(1));
    s.connection(1, "Main", key("sk_test_51MainKey0000000000"));
    s.connection(1, "Spare", key("sk_test_51SpareKey000000000"));
    s.connection(2, "Theirs", key("sk_test_51TheirKey000000000"));
    for (workspace, merchant, email) in [
        (1, "m_1", "one@shop.example"),
        (1, "m_2", "two@shop.example"),
        (1, "m_3", "three@shop.example"),
        (2, "m_4", "four@shop.example"),
    ] {
        s.onboarding(workspace, merchant, email);
    }
    s.call("delete_workspace", json!({ "id": 2 })).ok();
    out.insert("delete", s.finish());

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .reads(&[
            ("list_workspaces", list("name:asc", json!([]))),
            ("get_app_status", json!({})),
        ]);
    s.call("set_active_workspace", json!({ "id": 4 })).ok();
    out.insert("activate", s.finish());

    out.insert(
        "empty",
        Scenario::new(&MemoryKeyring::default())
            .reads(&reads)
            .finish(),
    );

    let names: Vec<String> = (1..=30).map(|i| format!("Workspace {i:02}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let s = Scenario::new(&MemoryKeyring::default()).workspaces(&names);
    let first = s
        .desk()
        .workspaces()
        .list(&serde_json::from_value(list("name:asc", json!([]))["query"].clone()).expect("query"))
        .expect("page");
    let token = first.next_page_token.expect("a second page");
    let s = s.reads(&[
        ("list_workspaces", list("name:asc", json!([]))),
        ("list_workspaces", json!({ "query": { "size": "25", "pageToken": token, "sort": "name:asc", "filters": [] } })),
        ("list_workspaces", json!({ "query": { "size": "50", "pageToken": null, "sort": "name:asc", "filters": [] } })),
    ]);
    out.insert("paging", s.finish());
    json!(out)
}

fn connections_fixtures() -> Value {
    let acme = list("connectionName:asc", in_workspace(1));
    let reads = [
        ("get_app_status", json!({})),
        ("list_connections", acme.clone()),
    ];
    let mut out = BTreeMap::new();

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    s.reads.push((
        "list_connections".into(),
        list(
            "connectionName:asc",
            json!([
                { "field": "connectionName", "op": "contains", "value": "acme p" },
                { "field": "workspaceId", "op": "eq", "value": "1" },
            ]),
        ),
    ));
    s.reads.push((
        "list_connections".into(),
        list("stripeAccountId:asc", in_workspace(1)),
    ));
    s.call("export_connections", json!({ "workspaceId": 1 }))
        .ok();
    out.insert("sample", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let production = biz_id(&s, "Acme production");
    s.call(
        "set_active_connection",
        json!({ "workspaceId": 1, "bizId": production }),
    )
    .ok();
    out.insert("use", s.finish());

    // Create: every field error at once, then one left, then a good one.
    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let api = |k: &str| json!({ "scheme": "apiKey", "apiKey": k });
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Acme EU", "auth": api(NEW_TEST_KEY), "partnerEndpoint": "http://partner.example.com/hook" } })).ok();
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "", "auth": api("pk_test_123"), "configJson": "{ nope" } })).ok();
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Acme EU", "auth": api(NEW_TEST_KEY), "configJson": "{ nope" } })).ok();
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Acme EU", "auth": api(NEW_TEST_KEY), "stripeAccountId": "acct_1Nv0FGQ9RKHgEUDE" } })).ok();
    out.insert("create", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let oauth = |secret: &str, token: &str, mode: &str| json!({ "scheme": "oauth2", "clientId": "ca_Partner0001", "clientSecret": secret, "refreshToken": token, "mode": mode });
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Partner live", "auth": oauth("", "", "SANDBOX") } })).ok();
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Partner live", "auth": oauth("sk_live_51PartnerSecret0001", "rt_token0001", "LIVE") } })).ok();
    out.insert("create-oauth", s.finish());

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1))
        .reads(&reads);
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "First platform", "auth": api(NEW_TEST_KEY) } })).ok();
    out.insert("first", s.finish());

    // Tests of typed credentials.
    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let de = s.grant(json!({ "country": "DE" }));
    let de_account = de["stripe_user_id"].as_str().expect("account").to_string();
    s.call(
        "test_draft_connection",
        json!({ "input": { "auth": api(NEW_TEST_KEY), "stripeAccountId": de_account } }),
    )
    .ok();
    s.call(
        "test_draft_connection",
        json!({ "input": { "auth": api("sk_live_51Nv0FGQ9RKHgCVdKaP3nV8rT2mX6") } }),
    )
    .ok();
    let platform = "sk_test_51PartnerSecret0001";
    let draft = |id: &str, token: &str| json!({ "input": { "auth": { "scheme": "oauth2", "clientId": id, "clientSecret": if id.is_empty() { None } else { Some(platform) }, "refreshToken": if token.is_empty() { None } else { Some(token) }, "mode": "SANDBOX" } } });
    s.call("test_draft_connection", draft("", "")).ok();
    s.call(
        "test_draft_connection",
        draft("ca_PartnerPlatform01", "rt_revokedByTheMerchant01"),
    )
    .ok();
    let granted = s.grant(json!({}));
    s.call(
        "test_draft_connection",
        draft(
            granted["client_id"].as_str().expect("id"),
            granted["refresh_token"].as_str().expect("token"),
        ),
    )
    .ok();
    out.insert("test-draft", s.finish());

    // Tests of saved connections.
    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    for name in [
        "Acme test platform",
        "Acme production",
        "Acme partner (OAuth)",
    ] {
        let id = biz_id(&s, name);
        s.call("test_connection", json!({ "bizId": id })).ok();
    }
    out.insert("test-saved", s.finish());

    // The edit form's Test with the key left empty: the saved connection, as the form shows it.
    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let saved = s
        .desk()
        .connections()
        .get(&biz_id(&s, "Acme test platform"))
        .expect("saved");
    s.call("test_draft_connection", json!({ "input": { "bizId": saved.biz_id, "auth": { "scheme": "apiKey", "apiKey": null }, "stripeAccountId": saved.stripe_account_id } })).ok();
    out.insert("test-edit", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let id = biz_id(&s, "Acme test platform");
    s.call(
        "update_connection",
        json!({ "input": { "bizId": id, "connectionName": "Acme rehearsal" } }),
    )
    .ok();
    out.insert("rename", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let id = biz_id(&s, "Old restricted key");
    s.call(
        "update_connection",
        json!({ "input": { "bizId": id, "apiKey": "rk_live_51Nv0FGQ9RKHgCVdKnew00live" } }),
    )
    .ok();
    out.insert("new-key", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let id = biz_id(&s, "Acme production");
    s.call(
        "set_connection_active",
        json!({ "bizId": id, "active": false }),
    )
    .ok();
    s.call(
        "set_connection_active",
        json!({ "bizId": id, "active": true }),
    )
    .ok();
    out.insert("toggle", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let id = biz_id(&s, "Old restricted key");
    s.call("delete_connection", json!({ "bizId": id })).ok();
    out.insert("delete", s.finish());

    let s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(None)
        .reads(&reads);
    out.insert("no-workspace", s.finish());

    let s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1))
        .reads(&reads);
    out.insert("none", s.finish());

    // Locked: a passphrase keystore after a restart; saving needs the passphrase first.
    let mut s = Scenario::new(&NoKeyring)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    s.desk()
        .vault()
        .unlock_with_passphrase(&Secret::new("open sesame please"))
        .expect("unlock");
    s.connection(1, "Acme test platform", key(ACME_TEST_KEY));
    s.reopen(&NoKeyring);
    let mut s = s.reads(&reads);
    s.call("create_connection", json!({ "input": { "workspaceId": 1, "connectionName": "Acme EU", "auth": api(NEW_TEST_KEY) } })).ok();
    out.insert("locked", s.finish());
    json!(out)
}

fn onboarding_fixtures() -> Value {
    let acme = list("updatedAt:desc", in_workspace(1));
    let mut out = BTreeMap::new();
    let seeded = || {
        let s = Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1));
        s.onboarding(1, "m1", "a@example.com");
        s.onboarding(1, "m2", "b@example.com");
        s.onboarding(2, "m3", "c@example.com");
        s
    };
    let reads = [
        ("get_app_status", json!({})),
        ("get_onboarding_choices", json!({})),
        ("list_onboarding", acme.clone()),
    ];

    let mut s = seeded().reads(&reads);
    s.reads.push((
        "list_onboarding".into(),
        list(
            "updatedAt:desc",
            json!([
                { "field": "workspaceId", "op": "eq", "value": "1" },
                { "field": "status", "op": "eq", "value": "4" },
            ]),
        ),
    ));
    let form = |email: &str, country: &str| {
        json!({ "input": {
        "workspaceId": 1, "merchantId": "merchant_9", "accountType": "standard", "country": country,
        "email": email, "businessType": null, "businessProfile": { "name": null, "mcc": null, "url": null },
    } })
    };
    s.call("check_onboarding_form", form("not-an-email", "US"))
        .ok();
    s.call("check_onboarding_form", form("owner@grill.example", "DE"))
        .ok();
    out.insert("sample", s.finish());

    // The user opens a fresh link, comes back after it expired (a later clock), and continues.
    for (name, later) in [
        ("return-expired", time::Duration::minutes(10)),
        ("return-valid", time::Duration::ZERO),
    ] {
        let mut s = seeded().reads(&reads);
        let page = s
            .desk()
            .onboarding()
            .list(&serde_json::from_value(acme["query"].clone()).expect("query"))
            .expect("list");
        let id = page.items.first().expect("entry").id.to_string();
        let link = s
            .call(
                "act_on_onboarding",
                json!({ "action": "refresh", "id": id }),
            )
            .expect("refresh");
        let url = link["result"]["url"].as_str().expect("url").to_string();
        s.call("open_external_link", json!({ "url": url })).ok();
        let renewed = s
            .call_at(
                "renew_expired_onboarding_link",
                json!({ "id": id }),
                OffsetDateTime::now_utc() + later,
            )
            .expect("renew");
        if let Some(url) = renewed["url"].as_str() {
            s.call("open_external_link", json!({ "url": url })).ok();
        } else {
            s.call("act_on_onboarding", json!({ "action": "finish", "id": id }))
                .ok();
        }
        out.insert(name, s.finish());
    }

    let s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    s.onboarding(
        1,
        "m9",
        "a.very.long.address.for.accounting@restaurant-group.example",
    );
    out.insert("long", s.reads(&reads).finish());
    json!(out)
}

fn settings_fixtures() -> Value {
    let reads = [
        ("get_app_status", json!({})),
        ("get_sandbox_account", json!({})),
        ("get_sandbox_clock", json!({})),
    ];
    let mut out = BTreeMap::new();
    out.insert(
        "sample",
        sample(&MemoryKeyring::default()).reads(&reads).finish(),
    );

    // The sandbox cannot start: its state directory is taken by a file.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
    std::fs::write(dir.path().join("data/sandbox"), "not a directory").expect("block sandbox dir");
    let desk = Desk::open(dir.path().join("data"), &MemoryKeyring::default()).expect("open");
    let status = serde_json::to_value(desk.status().expect("status")).expect("status json");
    let mut broken =
        json!({ "states": [[exchange("get_app_status", &json!({}), Ok(status))]], "calls": [] });
    replace_literal(
        &mut broken,
        &dir.path().join("data").display().to_string(),
        DATA_DIR,
    );
    out.insert("sandbox-error", broken);

    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1))
        .reads(&reads);
    s.call("set_sandbox_enabled", json!({ "enabled": false }))
        .ok();
    out.insert("no-connections", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let production = biz_id(&s, "Acme production");
    s.desk()
        .set_active_connection(1, Some(&production))
        .expect("use production");
    s.call("set_sandbox_enabled", json!({ "enabled": false }))
        .ok();
    s.call("set_sandbox_enabled", json!({ "enabled": true }))
        .ok();
    out.insert("switch", s.finish());

    let mut s = Scenario::new(&MissingStore)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1))
        .reads(&reads);
    s.call(
        "unlock_secrets",
        json!({ "input": { "passphrase": "short" } }),
    )
    .ok();
    s.call(
        "unlock_secrets",
        json!({ "input": { "passphrase": "correct horse battery" } }),
    )
    .ok();
    out.insert("no-store", s.finish());

    let mut s = Scenario::new(&NoKeyring)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    s.desk()
        .vault()
        .unlock_with_passphrase(&Secret::new("open sesame please"))
        .expect("unlock");
    s.reopen(&NoKeyring);
    let mut s = s.reads(&reads);
    s.call(
        "unlock_secrets",
        json!({ "input": { "passphrase": "open sesame" } }),
    )
    .ok();
    s.call(
        "unlock_secrets",
        json!({ "input": { "passphrase": "open sesame please" } }),
    )
    .ok();
    out.insert("locked", s.finish());

    // A damaged keystore file leaves the secrets unavailable.
    let mut s = Scenario::new(&NoKeyring)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    s.desk()
        .vault()
        .unlock_with_passphrase(&Secret::new("open sesame please"))
        .expect("unlock");
    std::fs::write(s.dir.path().join("data/keystore.json"), "{ damaged").expect("damage keystore");
    s.reopen(&NoKeyring);
    out.insert("unavailable", s.reads(&reads).finish());
    json!(out)
}

fn app_fixtures() -> Value {
    let reads = [
        ("list_workspaces", list("name:asc", json!([]))),
        ("get_app_status", json!({})),
        ("list_roles", json!({})),
        (
            "list_connections",
            list("connectionName:asc", in_workspace(1)),
        ),
        ("count_open_operations", json!({})),
        ("get_sandbox_account", json!({})),
        ("get_sandbox_clock", json!({})),
    ];
    let mut out = BTreeMap::new();

    // Creating the first workspace made it active; the user cleared that.
    let mut s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(None)
        .reads(&reads);
    s.call("set_active_workspace", json!({ "id": 6 })).ok();
    out.insert("no-active", s.finish());

    let mut s = sample(&MemoryKeyring::default());
    let live = s.connection(
        2,
        "Northwind live",
        key("sk_live_51Kx2Hj8NorthwindLiveKey00bb88"),
    );
    s.desk()
        .set_active_connection(2, Some(&live))
        .expect("use live");
    s.desk().set_active_workspace(Some(2)).expect("northwind");
    s.desk().set_sandbox_enabled(false).expect("sandbox off");
    s = s.reads(&reads);
    out.insert("live", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let acme_test = biz_id(&s, "Acme test platform");
    s.call(
        "set_connection_active",
        json!({ "bizId": acme_test, "active": false }),
    )
    .ok();
    out.insert("deactivate", s.finish());

    let mut s = sample(&MemoryKeyring::default()).reads(&reads);
    let production = biz_id(&s, "Acme production");
    s.call(
        "set_active_connection",
        json!({ "workspaceId": 1, "bizId": production }),
    )
    .ok();
    out.insert("use", s.finish());

    out.insert(
        "no-connection",
        Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(3))
            .reads(&reads)
            .finish(),
    );

    let mut s = Scenario::new(&MissingStore)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1))
        .reads(&reads);
    s.call(
        "unlock_secrets",
        json!({ "input": { "passphrase": "correct horse battery" } }),
    )
    .ok();
    out.insert("no-store", s.finish());

    let mut s = Scenario::new(&NoKeyring)
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    s.desk()
        .vault()
        .unlock_with_passphrase(&Secret::new("open sesame please"))
        .expect("unlock");
    s.reopen(&NoKeyring);
    out.insert("locked", s.reads(&reads).finish());
    json!(out)
}

const ADMIN_PIN: &str = "2468";
/// The pause between the steps of the operators and audit scenarios (see [`mark`]).
const SETTLE_MS: i64 = 40;

fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(SETTLE_MS as u64));
    mark();
}

/// Moments between steps. Every timestamp the core writes falls between two marks, and all of
/// one interval share a placeholder: the placeholders then do not depend on how fast the
/// machine is (one command may write several records, a millisecond apart or not).
static MARKS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn mark() {
    // A gap on both sides keeps the writes of two steps out of one millisecond.
    std::thread::sleep(std::time::Duration::from_millis(2));
    let now = connectdesk_core::time::now_iso();
    MARKS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(now);
    std::thread::sleep(std::time::Duration::from_millis(2));
}

impl Scenario {
    /// The sample workspaces, Acme active, each step apart from the next (see [`mark`]).
    fn spaced(keyring: &dyn KeyringBackend) -> Self {
        let s = Scenario::new(keyring);
        for name in SAMPLE_WORKSPACES {
            s.desk()
                .workspaces()
                .create(CreateWorkspace {
                    name: name.to_string(),
                })
                .expect("seed workspace");
            settle();
        }
        s.active(Some(1))
    }

    /// `call`, then a pause, so this step's times stay apart from the next one's.
    fn step(&mut self, cmd: &str, args: Value) {
        self.call(cmd, args).ok();
        settle();
    }
}
const TEAM_PIN: &str = "1357";

fn grant(workspace: Option<u64>, role: &str, merchants: &[&str]) -> Grant {
    serde_json::from_value(
        json!({ "workspaceId": workspace, "role": role, "merchantIds": merchants }),
    )
    .expect("grant")
}

/// Six workspaces, Acme active, and a team: Admin (1, with a PIN), Sam Support (2, every
/// workspace), Pat Payments (3, payments admin in Acme), Olga Owner (4, shop owner of m1 and
/// m2 in Acme), Tim Temp (5, deactivated).
fn team(keyring: &dyn KeyringBackend) -> Scenario {
    let s = Scenario::spaced(keyring);
    let guard = s.desk().guard();
    guard.operator().expect("the first Admin");
    settle();
    guard.set_operator_pin(1, ADMIN_PIN).expect("admin pin");
    settle();
    for (name, grants) in [
        ("Sam Support", vec![grant(None, "support", &[])]),
        ("Pat Payments", vec![grant(Some(1), "paymentsAdmin", &[])]),
        (
            "Olga Owner",
            vec![grant(Some(1), "shopOwner", &["m1", "m2"])],
        ),
        ("Tim Temp", vec![grant(Some(2), "support", &[])]),
    ] {
        guard
            .create_operator(CreateOperator {
                display_name: name.into(),
                grants,
                pin: Some(TEAM_PIN.into()),
            })
            .expect("seed operator");
        settle();
    }
    guard.set_operator_active(5, false).expect("deactivate Tim");
    settle();
    s
}

fn operator_reads() -> Vec<(&'static str, Value)> {
    vec![
        ("get_app_status", json!({})),
        ("list_roles", json!({})),
        ("list_switch_targets", json!({})),
        ("list_operators", list("displayName:asc", json!([]))),
        (
            "list_workspaces",
            json!({ "query": { "size": "300", "pageToken": null, "sort": "name:asc", "filters": [] } }),
        ),
    ]
}

fn operators_fixtures() -> Value {
    let reads = operator_reads();
    let mut out = BTreeMap::new();
    out.insert(
        "team",
        team(&MemoryKeyring::default()).reads(&reads).finish(),
    );

    let solo = Scenario::spaced(&MemoryKeyring::default());
    out.insert("solo", solo.reads(&reads).finish());

    // The first Admin has no PIN yet: every field error at once, then "set your own PIN first".
    let mut s = Scenario::spaced(&MemoryKeyring::default()).reads(&reads);
    let sam = |pin: Value| json!({ "input": { "displayName": "Sam Support", "grants": [{ "workspaceId": null, "role": "support", "merchantIds": [] }], "pin": pin } });
    s.step("create_operator", json!({ "input": { "displayName": "", "grants": [{ "workspaceId": 1, "role": "shopOwner", "merchantIds": [] }], "pin": "12" } }));
    s.step("create_operator", sam(json!(null)));
    s.step("create_operator", sam(json!(TEAM_PIN)));
    s.step("set_operator_pin", json!({ "id": 1, "pin": ADMIN_PIN }));
    s.step("create_operator", sam(json!(TEAM_PIN)));
    out.insert("create", s.finish());

    let mut s = team(&MemoryKeyring::default()).reads(&reads);
    s.step(
        "rename_operator",
        json!({ "id": 2, "displayName": "Pat Payments" }),
    );
    s.step(
        "rename_operator",
        json!({ "id": 2, "displayName": "Sam Helpdesk" }),
    );
    s.step("set_operator_roles", json!({ "id": 1, "grants": [{ "workspaceId": null, "role": "support", "merchantIds": [] }] }));
    s.step("set_operator_roles", json!({ "id": 2, "grants": [{ "workspaceId": 1, "role": "paymentsAdmin", "merchantIds": [] }, { "workspaceId": 2, "role": "shopOwner", "merchantIds": ["m7"] }] }));
    s.step("set_operator_active", json!({ "id": 1, "active": false }));
    s.step("set_operator_active", json!({ "id": 2, "active": false }));
    s.step("set_operator_active", json!({ "id": 5, "active": true }));
    s.step("set_operator_pin", json!({ "id": 3, "pin": "12" }));
    s.step("set_operator_pin", json!({ "id": 3, "pin": "9753" }));
    out.insert("edit", s.finish());

    let mut s = team(&MemoryKeyring::default()).reads(&reads);
    s.step("switch_operator", json!({ "id": 2, "pin": "0000" }));
    s.step("switch_operator", json!({ "id": 2, "pin": TEAM_PIN }));
    out.insert("switch", s.finish());
    json!(out)
}

/// The team, then Sam switches in, is refused adding an operator, and the Admin switches back.
fn audited(keyring: &dyn KeyringBackend) -> Scenario {
    let s = team(keyring);
    let guard = s.desk().guard();
    guard.switch_operator(2, Some(TEAM_PIN)).expect("to Sam");
    settle();
    guard
        .create_operator(CreateOperator {
            display_name: "Mallory".into(),
            grants: vec![grant(None, "admin", &[])],
            pin: Some("0000".into()),
        })
        .expect_err("Sam may not add operators");
    settle();
    guard.switch_operator(1, Some(ADMIN_PIN)).expect("back");
    settle();
    s
}

fn audit_fixtures() -> Value {
    let newest = list("createdAt:desc", json!([]));
    let reads = [
        ("get_app_status", json!({})),
        (
            "list_operators",
            json!({ "query": { "size": "300", "pageToken": null, "sort": "displayName:asc", "filters": [] } }),
        ),
        ("list_audit", newest.clone()),
        ("verify_audit", json!({})),
    ];
    let mut out = BTreeMap::new();
    let mut s = audited(&MemoryKeyring::default()).reads(&reads);
    for query in [
        list("createdAt:asc", json!([])),
        list(
            "createdAt:desc",
            json!([{ "field": "outcome", "op": "eq", "value": "refused" }]),
        ),
        list(
            "createdAt:desc",
            json!([{ "field": "operatorId", "op": "eq", "value": "2" }]),
        ),
        json!({ "query": { "size": "300", "pageToken": null, "sort": "createdAt:desc", "filters": [{ "field": "outcome", "op": "eq", "value": "refused" }] } }),
    ] {
        s.reads.push(("list_audit".into(), query));
    }
    s.call(
        "export_audit",
        list(
            "createdAt:desc",
            json!([{ "field": "outcome", "op": "eq", "value": "refused" }]),
        ),
    )
    .ok();
    out.insert("log", s.finish());

    // Record 3 is edited in the store behind the app's back.
    let keyring = MemoryKeyring::default();
    let mut s = audited(&keyring);
    drop(s.desk.take());
    tamper(&s.dir.path().join("data/store"), 3);
    s.reopen(&keyring);
    out.insert("tampered", s.reads(&reads).finish());
    json!(out)
}

/// Changes the operator name inside audit record `id`, as someone editing the store would.
fn tamper(store: &Path, id: u64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let db = loop {
        match sled::open(store) {
            Ok(db) => break db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(25))
            }
            Err(err) => panic!("open the store: {err}"),
        }
    };
    let tree = db.open_tree("audit").expect("audit tree");
    let bytes = tree
        .get(id.to_be_bytes())
        .expect("read")
        .expect("the record");
    let mut record: Value = serde_json::from_slice(&bytes).expect("record json");
    record["operatorName"] = json!("Someone else");
    tree.insert(id.to_be_bytes(), serde_json::to_vec(&record).expect("json"))
        .expect("tamper");
    db.flush().expect("flush");
}

// ---- Payments ----

impl Scenario {
    /// A Custom onboarding entry whose account the sandbox completed (company, profile, terms,
    /// bank account), so it can take charges; answers its account id.
    fn onboarded(&self, workspace_id: u64, merchant: &str) -> String {
        self.onboarded_with_bank(workspace_id, merchant, "000123456789")
    }

    /// As [`Scenario::onboarded`], paying out to the US test bank account `account_number`.
    fn onboarded_with_bank(
        &self,
        workspace_id: u64,
        merchant: &str,
        account_number: &str,
    ) -> String {
        let input: CreateOnboarding = serde_json::from_value(json!({
            "workspaceId": workspace_id, "merchantId": merchant, "accountType": "custom",
            "country": "US", "email": format!("{merchant}@shop.example"), "businessType": "company",
            "businessProfile": { "name": "Downtown Grill", "mcc": null, "url": null },
        }))
        .expect("onboarding input");
        let access = self.desk().stripe_access();
        let link = self
            .rt
            .block_on(self.desk().onboarding().create(&access, input))
            .expect("seed custom onboarding");
        self.sandbox_post(
            &format!("/v1/accounts/{}", link.account_id),
            &[
                ("company[name]", "Downtown Grill LLC"),
                ("business_profile[mcc]", "5812"),
                ("business_profile[url]", "https://downtowngrill.example"),
                ("tos_acceptance[date]", "1700000000"),
                ("tos_acceptance[ip]", "203.0.113.7"),
                ("external_account[object]", "bank_account"),
                ("external_account[country]", "US"),
                ("external_account[currency]", "usd"),
                ("external_account[routing_number]", "110000000"),
                ("external_account[account_number]", account_number),
            ],
        );
        let outcome = self
            .rt
            .block_on(self.desk().onboarding().act(
                &access,
                OnboardingAction::Finish,
                &link.entry_id.to_string(),
            ))
            .expect("finish onboarding");
        let outcome = serde_json::to_value(outcome).expect("outcome json");
        assert_eq!(outcome["result"]["chargesEnabled"], true, "{outcome}");
        link.account_id
    }

    /// `POST {path}` on the sandbox as its platform: what happens outside ConnectDesk (a
    /// merchant completing their account, a transfer made in the Dashboard). Not recorded.
    fn sandbox_post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        let base = self
            .desk()
            .status()
            .expect("status")
            .sandbox_url
            .expect("sandbox runs");
        let (status, answer) = self.rt.block_on(async {
            let response = reqwest::Client::new()
                .post(format!("{base}{path}"))
                .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
                .form(form)
                .send()
                .await
                .expect("the sandbox answers");
            let status = response.status();
            (status, response.json::<Value>().await.expect("JSON"))
        });
        assert!(status.is_success(), "{path}: {status} {answer}");
        answer
    }

    /// A seeding command through the Desk as the UI sends it (not recorded).
    fn seed(&self, cmd: &str, args: Value) -> Value {
        self.run(cmd, &args, OffsetDateTime::now_utc())
            .unwrap_or_else(|err| panic!("seeding {cmd} {args}: {err:?}"))
    }

    /// A payment with an Admin's own fee (the Desk has no fee rules yet); its id.
    fn seed_payment(
        &self,
        account: &str,
        amount: &str,
        currency: &str,
        fee: &str,
        manual: bool,
        order: &str,
    ) -> u64 {
        let created = self.seed(
            "create_payment",
            payment_form(account, amount, currency, fee, manual, order),
        );
        created["payment"]["id"].as_u64().expect("payment id")
    }
}

/// The create form as the UI sends it.
fn payment_form(
    account: &str,
    amount: &str,
    currency: &str,
    fee: &str,
    manual: bool,
    order: &str,
) -> Value {
    let fee_override =
        (!fee.is_empty()).then(|| json!({ "amount": fee, "reason": "Launch promotion" }));
    json!({ "input": {
        "workspaceId": 1, "accountId": account, "amount": amount, "currency": currency,
        "orderId": (!order.is_empty()).then_some(order), "customerEmail": "jenny@example.com",
        "metadata": {}, "manualCapture": manual, "feeOverride": fee_override,
    } })
}

fn payments_fixtures() -> Value {
    let newest = list("created:desc", in_workspace(1));
    let entries = json!({ "query": { "size": "100", "pageToken": null, "sort": "updatedAt:desc", "filters": in_workspace(1) } });
    let mut out = BTreeMap::new();
    let base = || {
        let s = Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1));
        let account = s.onboarded(1, "m_grill");
        // A merchant who has not finished onboarding: not offered as a destination.
        s.onboarding(1, "m_cafe", "owner@cafe.example");
        (s, account)
    };

    // Payments in every state the detail panel acts on.
    let (s, account) = base();
    let unpaid = s.seed_payment(&account, "20.00", "usd", "0.80", false, "order_1001");
    let authorized = s.seed_payment(&account, "40.00", "usd", "2.00", true, "order_1002");
    let paid = s.seed_payment(&account, "30.00", "usd", "1.50", false, "order_1003");
    let to_cancel = s.seed_payment(&account, "15.00", "usd", "0.60", false, "order_1004");
    let to_decline = s.seed_payment(&account, "10.00", "usd", "0.40", false, "order_1005");
    let yen = s.seed_payment(&account, "5000", "jpy", "150", false, "order_1006");
    let refunded = s.seed_payment(&account, "50.00", "usd", "2.00", false, "order_1007");
    for id in [authorized, paid, yen, refunded] {
        s.seed(
            "confirm_test_payment",
            json!({ "id": id, "card": "succeeds" }),
        );
    }
    s.seed(
        "refund_payment",
        json!({ "input": { "id": refunded, "amount": "10.00", "reason": "duplicate", "refundApplicationFee": true, "reverseTransfer": true } }),
    );
    let mut reads = vec![
        ("get_app_status", json!({})),
        ("list_payments", newest.clone()),
        ("list_refund_limits", json!({ "workspaceId": 1 })),
        ("list_onboarding", entries.clone()),
        ("list_payments", list("amount:desc", in_workspace(1))),
        (
            "list_payments",
            list(
                "created:desc",
                json!([
                    { "field": "workspaceId", "op": "eq", "value": "1" },
                    { "field": "status", "op": "eq", "value": "succeeded" },
                ]),
            ),
        ),
        (
            "list_payments",
            list(
                "created:desc",
                json!([
                    { "field": "workspaceId", "op": "eq", "value": "1" },
                    { "field": "currency", "op": "eq", "value": "jpy" },
                    { "field": "amount", "op": "gte", "value": "1000" },
                    { "field": "amount", "op": "lte", "value": "10000" },
                ]),
            ),
        ),
    ];
    // The amount range as it is typed: the currency first, then each bound.
    for bounds in [
        json!([]),
        json!([{ "field": "amount", "op": "gte", "value": "1000" }]),
    ] {
        let mut filters = vec![
            json!({ "field": "workspaceId", "op": "eq", "value": "1" }),
            json!({ "field": "currency", "op": "eq", "value": "jpy" }),
        ];
        filters.extend(bounds.as_array().cloned().unwrap_or_default());
        reads.push(("list_payments", list("created:desc", Value::Array(filters))));
    }
    for id in 1..=refunded {
        reads.push(("get_payment", json!({ "id": id })));
    }
    let mut s = s.reads(&reads);
    s.call(
        "confirm_test_payment",
        json!({ "id": unpaid, "card": "succeeds" }),
    )
    .ok();
    s.call(
        "confirm_test_payment",
        json!({ "id": to_decline, "card": "declined" }),
    )
    .ok();
    // More than is authorized is refused; a partial capture keeps the Admin's own fee.
    s.call(
        "capture_payment",
        json!({ "input": { "id": authorized, "amount": "50.00" } }),
    )
    .ok();
    s.call(
        "capture_payment",
        json!({ "input": { "id": authorized, "amount": "25.00" } }),
    )
    .ok();
    s.call("refund_payment", json!({ "input": { "id": paid, "amount": "5.00", "reason": "requested_by_customer", "refundApplicationFee": true, "reverseTransfer": true } }))
        .ok();
    s.call("refund_payment", json!({ "input": { "id": paid, "amount": "99.00", "reason": null, "refundApplicationFee": false, "reverseTransfer": false } }))
        .ok();
    s.call("cancel_payment", json!({ "id": to_cancel })).ok();
    s.call("sync_payments", json!({ "workspaceId": 1 })).ok();
    out.insert("sample", s.finish());

    // An Admin sets Support's refund limit: a third decimal is refused, then $5.00 is kept.
    let (s, account) = base();
    let paid = s.seed_payment(&account, "30.00", "usd", "1.50", false, "order_3001");
    s.seed(
        "confirm_test_payment",
        json!({ "id": paid, "card": "succeeds" }),
    );
    let limit = |amount: &str| json!({ "input": { "workspaceId": 1, "currency": "usd", "amount": amount } });
    let limit_reads = [
        ("get_app_status", json!({})),
        ("list_payments", newest.clone()),
        ("list_refund_limits", json!({ "workspaceId": 1 })),
        ("get_payment", json!({ "id": paid })),
    ];
    let mut s = s.reads(&limit_reads);
    s.call("set_refund_limit", limit("5.001")).ok();
    s.call("set_refund_limit", limit("5.00")).ok();
    out.insert("limits", s.finish());

    // …and Support then refunds within it.
    let (s, account) = base();
    let paid = s.seed_payment(&account, "30.00", "usd", "1.50", false, "order_3001");
    s.seed(
        "confirm_test_payment",
        json!({ "id": paid, "card": "succeeds" }),
    );
    s.seed("set_refund_limit", limit("5.00"));
    out.insert("limited", s.reads(&limit_reads).finish());

    // The create form: every field error at once, no fee rules, then a payment with its own fee.
    let (s, account) = base();
    let mut s = s.reads(&[
        ("get_app_status", json!({})),
        ("list_payments", newest.clone()),
        ("list_refund_limits", json!({ "workspaceId": 1 })),
        ("list_onboarding", entries.clone()),
    ]);
    s.call(
        "create_payment",
        json!({ "input": {
        "workspaceId": 1, "accountId": account, "amount": "12.345", "currency": "usd",
        "orderId": null, "customerEmail": "jenny at example", "metadata": { "connectdesk_op": "x" },
        "manualCapture": false, "feeOverride": null,
    } }),
    )
    .ok();
    // The fee's reason is checked once the amount is good.
    s.call(
        "create_payment",
        json!({ "input": {
        "workspaceId": 1, "accountId": account, "amount": "25.00", "currency": "usd",
        "orderId": "order_2001", "customerEmail": "jenny@example.com", "metadata": {},
        "manualCapture": false, "feeOverride": { "amount": "0.75", "reason": "" },
    } }),
    )
    .ok();
    s.call(
        "create_payment",
        payment_form(&account, "25.00", "usd", "", false, "order_2001"),
    )
    .ok();
    s.call(
        "create_payment",
        payment_form(&account, "25.00", "usd", "0.75", false, "order_2001"),
    )
    .ok();
    out.insert("create", s.finish());
    json!(out)
}

// ---- Accounts ----

impl Scenario {
    /// A Custom account created at the sandbox directly, as another tool would (no onboarding
    /// entry): its details are in, its terms and bank account are not.
    fn account_made_elsewhere(&self, name: &str) -> String {
        let base = self
            .desk()
            .status()
            .expect("status")
            .sandbox_url
            .expect("sandbox runs");
        let form = [
            ("type", "custom"),
            ("country", "DE"),
            ("email", "owner@elsewhere.example"),
            ("business_type", "company"),
            ("company[name]", name),
            ("business_profile[name]", name),
            ("business_profile[mcc]", "5734"),
            ("business_profile[url]", "https://elsewhere.example"),
            ("capabilities[card_payments][requested]", "true"),
            ("capabilities[transfers][requested]", "true"),
        ];
        let answer: Value = self.rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{base}/v1/accounts"))
                .bearer_auth(connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY)
                .form(&form)
                .send()
                .await
                .expect("the sandbox answers")
                .json()
                .await
                .expect("JSON")
        });
        answer["id"].as_str().expect("account id").to_string()
    }
}

fn accounts_fixtures() -> Value {
    let newest = list("created:desc", in_workspace(1));
    let mut out = BTreeMap::new();
    let sync = json!({ "workspaceId": 1, "task": "sync:accounts:1" });
    // Acme: a Custom account that finished onboarding (active), an Express one that has not
    // started (pending), and one made outside ConnectDesk (restricted).
    let base = || {
        let s = Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1));
        // Days counted by the sandbox's clock come out alike on any day (see shift_payout_days).
        s.to_next_monday();
        let grill = s.onboarded(1, "m_grill");
        std::thread::sleep(std::time::Duration::from_millis(1_100));
        let cafe = s.onboarding(1, "m_cafe", "owner@cafe.example");
        std::thread::sleep(std::time::Duration::from_millis(1_100));
        let kiosk = s.account_made_elsewhere("Kiosk Berlin GmbH");
        (s, [grill, cafe, kiosk])
    };
    let filtered = |filters: Value| {
        let mut all = in_workspace(1).as_array().cloned().unwrap_or_default();
        all.extend(filters.as_array().cloned().unwrap_or_default());
        list("created:desc", Value::Array(all))
    };
    let reads = |accounts: &[String]| {
        let mut reads = vec![
            ("get_app_status", json!({})),
            ("list_accounts", newest.clone()),
            ("list_accounts", list("businessName:asc", in_workspace(1))),
            (
                "list_accounts",
                filtered(json!([{ "field": "status", "op": "eq", "value": "pending" }])),
            ),
            (
                "list_accounts",
                filtered(json!([{ "field": "accountType", "op": "eq", "value": "custom" }])),
            ),
            (
                "list_accounts",
                filtered(json!([{ "field": "chargesEnabled", "op": "eq", "value": "true" }])),
            ),
            ("get_account", json!({ "id": 1 })),
            ("get_account", json!({ "id": 2 })),
            ("get_account", json!({ "id": 3 })),
            ("get_payout_choices", json!({})),
        ];
        for account in accounts {
            reads.extend(account_panel_reads(account));
        }
        reads
    };

    // Synced once: the list, the detail's to-do list, its links and the export.
    let (s, accounts) = base();
    s.seed("sync_accounts", sync.clone());
    let mut s = s.reads(&reads(&accounts));
    // Commands that change nothing the section reads come first, so a test may leave them out:
    // the Express account's dashboard (it waits for onboarding), the export.
    let cafe = s
        .run(
            "list_accounts",
            &filtered(json!([{ "field": "merchantId", "op": "eq", "value": "m_cafe" }])),
            OffsetDateTime::now_utc(),
        )
        .expect("m_cafe's account");
    let cafe_id = cafe["items"][0]["id"].as_u64().expect("id");
    s.call("account_login_link", json!({ "id": cafe_id })).ok();
    s.call(
        "export_accounts",
        json!({ "query": { "size": "25", "pageToken": null, "sort": "created:desc", "filters": in_workspace(1) } }),
    )
    .ok();
    // The Express account (m_cafe, entry 2): a new onboarding link, opened in the browser.
    let link = s
        .call(
            "act_on_onboarding",
            json!({ "action": "refresh", "id": "2" }),
        )
        .expect("onboarding link");
    let url = link["result"]["url"].as_str().expect("url").to_string();
    s.call("open_external_link", json!({ "url": url })).ok();
    out.insert("sample", s.finish());

    // Nothing synced yet; Sync from Stripe brings the three in (a Cancel after the end finds
    // nothing running).
    let (s, accounts) = base();
    let mut s = s.reads(&reads(&accounts));
    s.call("sync_accounts", sync).ok();
    s.call("cancel_task", json!({ "task": "sync:accounts:1" }))
        .ok();
    out.insert("sync", s.finish());
    let mut doc = json!(out);
    shift_payout_days(&mut doc);
    doc
}

/// What an account detail's panels read: balance, payout schedule, balance history, its newest
/// payouts and transfers.
fn account_panel_reads(account: &str) -> Vec<(&'static str, Value)> {
    let newest = |field: &str| {
        json!({ "query": { "size": "5", "pageToken": null, "sort": "created:desc", "filters": [
            { "field": "workspaceId", "op": "eq", "value": "1" },
            { "field": field, "op": "eq", "value": account },
        ] } })
    };
    vec![
        (
            "get_balance",
            json!({ "workspaceId": 1, "accountId": account }),
        ),
        (
            "get_payout_schedule",
            json!({ "account": { "workspaceId": 1, "accountId": account } }),
        ),
        (
            "get_balance_history",
            json!({ "query": { "workspaceId": 1, "accountId": account, "days": 30 } }),
        ),
        ("list_payouts", newest("accountId")),
        ("list_transfers", newest("accountId")),
    ]
}

// ---- Transfers and balances ----

impl Scenario {
    /// A payment on the sandbox's platform itself, with a test card: `pm_card_bypassPending`
    /// makes its funds available at once, `pm_card_visa` leaves them pending.
    fn platform_payment(&self, amount: &str, currency: &str, card: &str) {
        let payment = self.sandbox_post(
            "/v1/payment_intents",
            &[
                ("amount", amount),
                ("currency", currency),
                ("confirm", "true"),
                ("payment_method", card),
            ],
        );
        assert_eq!(payment["status"], "succeeded", "{payment}");
    }

    /// A transfer through the Desk as the form sends it; its id.
    fn seed_transfer(&self, account: &str, amount: &str, currency: &str, description: &str) -> u64 {
        let created = self.seed(
            "create_transfer",
            transfer_form(account, amount, currency, description),
        );
        created["id"].as_u64().expect("transfer id")
    }
}

/// The create form as the UI sends it.
fn transfer_form(account: &str, amount: &str, currency: &str, description: &str) -> Value {
    json!({ "input": {
        "workspaceId": 1, "accountId": account, "amount": amount, "currency": currency,
        "description": (!description.is_empty()).then_some(description), "metadata": {},
    } })
}

/// Acme with a Custom account that finished onboarding (m_grill) and an Express one that has
/// not (m_cafe), and USD and JPY available on the sandbox's platform.
fn funded() -> (Scenario, String, String) {
    let s = Scenario::new(&MemoryKeyring::default())
        .workspaces(SAMPLE_WORKSPACES)
        .active(Some(1));
    // Days counted by the sandbox's clock come out alike on any day (see shift_payout_days).
    s.to_next_monday();
    let grill = s.onboarded(1, "m_grill");
    s.onboarding(1, "m_cafe", "owner@cafe.example");
    let cafe = s
        .desk()
        .onboarding()
        .list(&ListQuery::default())
        .expect("entries")
        .items
        .into_iter()
        .find(|e| e.merchant_id == "m_cafe")
        .expect("cafe")
        .account_id;
    s.platform_payment("50000", "usd", "pm_card_bypassPending");
    s.platform_payment("20000", "jpy", "pm_card_bypassPending");
    (s, grill, cafe)
}

fn transfers_fixtures() -> Value {
    let newest = list("created:desc", in_workspace(1));
    let entries = json!({ "query": { "size": "100", "pageToken": null, "sort": "updatedAt:desc", "filters": in_workspace(1) } });
    let platform = json!({ "workspaceId": 1, "accountId": null });
    let mut out = BTreeMap::new();

    // Transfers in every status, one in yen; reversed from the detail, synced, exported.
    let (s, grill, _) = funded();
    let tip = s.seed("create_transfer", json!({ "input": {
        "workspaceId": 1, "accountId": grill, "amount": "100.00", "currency": "usd",
        "description": "Weekly tip payout", "metadata": { "pay_period": "2026-01-15 to 2026-01-21" },
    } }))["id"]
        .as_u64()
        .expect("transfer id");
    s.seed_transfer(&grill, "25.00", "usd", "Bonus");
    s.seed_transfer(&grill, "5000", "jpy", "Tokyo pop-up");
    let partly = s.seed_transfer(&grill, "40.00", "usd", "Catering");
    s.seed(
        "reverse_transfer",
        json!({ "input": { "id": partly, "amount": "10.00", "description": "Overpaid" } }),
    );
    let reversed = s.seed_transfer(&grill, "15.00", "usd", "Sent twice");
    s.seed(
        "reverse_transfer",
        json!({ "input": { "id": reversed, "amount": null, "description": "Duplicate" } }),
    );
    let mut reads = vec![
        ("get_app_status", json!({})),
        ("list_transfers", newest.clone()),
        ("list_transfers", list("amount:desc", in_workspace(1))),
        (
            "list_transfers",
            list(
                "created:desc",
                json!([
                    { "field": "workspaceId", "op": "eq", "value": "1" },
                    { "field": "status", "op": "eq", "value": "partiallyReversed" },
                ]),
            ),
        ),
        ("list_onboarding", entries.clone()),
        ("get_balance", platform.clone()),
    ];
    for id in 1..=reversed + 1 {
        reads.push(("get_transfer", json!({ "id": id })));
    }
    let mut s = s.reads(&reads);
    s.call("reverse_transfer", json!({ "input": { "id": tip, "amount": "50.00", "description": "Partial reversal - error correction" } }))
        .ok();
    s.call(
        "reverse_transfer",
        json!({ "input": { "id": tip, "amount": "60.00", "description": null } }),
    )
    .ok();
    // One made in the Dashboard: only a sync brings it in.
    s.sandbox_post(
        "/v1/transfers",
        &[
            ("amount", "700"),
            ("currency", "usd"),
            ("destination", &grill),
        ],
    );
    s.call(
        "sync_transfers",
        json!({ "workspaceId": 1, "task": "sync:transfers:1" }),
    )
    .ok();
    s.call("export_transfers", newest.clone()).ok();
    out.insert("sample", s.finish());

    // The create form: every field error at once, more than is available, an account that
    // cannot receive transfers, then a transfer.
    let (s, grill, cafe) = funded();
    let mut s = s.reads(&[
        ("get_app_status", json!({})),
        ("list_transfers", newest.clone()),
        ("list_onboarding", entries.clone()),
        ("get_balance", platform.clone()),
        ("get_transfer", json!({ "id": 1 })),
    ]);
    s.call(
        "create_transfer",
        json!({ "input": {
        "workspaceId": 1, "accountId": grill, "amount": "12.345", "currency": "usd",
        "description": null, "metadata": { "connectdesk_op": "x" },
    } }),
    )
    .ok();
    s.call(
        "create_transfer",
        transfer_form(&grill, "1000.00", "usd", ""),
    )
    .ok();
    s.call("create_transfer", transfer_form(&cafe, "10.00", "usd", ""))
        .ok();
    s.call("create_transfer", json!({ "input": {
        "workspaceId": 1, "accountId": grill, "amount": "100.00", "currency": "usd",
        "description": "Weekly tip payout", "metadata": { "pay_period": "2026-01-15 to 2026-01-21" },
    } }))
    .ok();
    out.insert("create", s.finish());
    let mut doc = json!(out);
    shift_payout_days(&mut doc);
    doc
}

fn balances_fixtures() -> Value {
    let entries = json!({ "query": { "size": "300", "pageToken": null, "sort": "createdAt:asc", "filters": in_workspace(1) } });
    let balance = |account: Option<&str>| {
        (
            "get_balance",
            json!({ "workspaceId": 1, "accountId": account }),
        )
    };
    let history = |account: Option<&str>| {
        (
            "get_balance_history",
            json!({ "query": { "workspaceId": 1, "accountId": account, "days": 30 } }),
        )
    };
    let mut out = BTreeMap::new();

    // The platform holds USD available and pending and yen; m_grill received a transfer.
    let (s, grill, cafe) = funded();
    s.platform_payment("10000", "usd", "pm_card_visa");
    s.seed_transfer(&grill, "50.00", "usd", "Weekly tip payout");
    let s = s.reads(&[
        ("get_app_status", json!({})),
        ("list_onboarding", entries.clone()),
        balance(None),
        balance(Some(&grill)),
        balance(Some(&cafe)),
        balance(Some("acct_1NoSuchAccount00")),
        history(None),
        history(Some(&grill)),
        history(Some(&cafe)),
        history(Some("acct_1NoSuchAccount00")),
    ]);
    out.insert("sample", s.finish());

    // A shop owner of m_grill: their account's balance, not the platform's.
    let (s, grill, _) = funded();
    s.seed_transfer(&grill, "50.00", "usd", "Weekly tip payout");
    let guard = s.desk().guard();
    guard.set_operator_pin(1, ADMIN_PIN).expect("admin pin");
    let owner = guard
        .create_operator(CreateOperator {
            display_name: "Olga Owner".into(),
            grants: vec![grant(Some(1), "shopOwner", &["m_grill"])],
            pin: Some(TEAM_PIN.into()),
        })
        .expect("seed operator");
    guard
        .switch_operator(owner.id, Some(TEAM_PIN))
        .expect("switch to the shop owner");
    let s = s.reads(&[
        ("get_app_status", json!({})),
        ("list_onboarding", entries.clone()),
        balance(None),
        balance(Some(&grill)),
        history(None),
        history(Some(&grill)),
    ]);
    out.insert("owner", s.finish());
    let mut doc = json!(out);
    shift_payout_days(&mut doc);
    doc
}

// ---- Fees ----

/// Acme's two onboarding merchants (what a fee override and the preview choose from).
const FEE_MERCHANTS: &[(&str, &str)] = &[
    ("merchant_123", "owner@enterprise.example"),
    ("merchant_456", "shop@corner.example"),
];

/// The reads of the Fees section in Acme: its schedules and its onboarding entries.
/// The Monday on which the payouts scenarios run in the sandbox: they move its clock to the
/// Monday after today (10:00 UTC) first, so weekdays, business days and the next payout date
/// come out alike on any day; [`normalise`] then moves every day by whole weeks onto this one.
const PAYOUTS_MONDAY: time::Date = time::macros::date!(2025 - 06 - 02);

/// The first Monday after `today`.
fn next_monday(today: time::Date) -> time::Date {
    let ahead = 7 - i64::from(today.weekday().number_days_from_monday());
    today + time::Duration::days(ahead)
}

impl Scenario {
    /// Moves the sandbox's clock to 10:00 UTC (or within the hour after) of the Monday after
    /// today.
    fn to_next_monday(&self) {
        let now = OffsetDateTime::now_utc();
        let target = next_monday(now.date())
            .with_hms(10, 0, 0)
            .expect("a time")
            .assume_utc();
        let hours = (target - now).whole_hours().max(1);
        self.desk()
            .advance_sandbox_clock(u32::try_from(hours).expect("hours"))
            .expect("advance the sandbox clock");
    }

    /// A paid destination charge of `amount` to the account, its funds available: the clock
    /// moves past the payout delay.
    fn funded(&self, account: &str, amount: &str, order: &str) {
        let id = self.seed_payment(account, amount, "usd", "0.50", false, order);
        self.seed(
            "confirm_test_payment",
            json!({ "id": id, "card": "succeeds" }),
        );
    }
}

fn payout_reads(accounts: &[&str]) -> Vec<(&'static str, Value)> {
    let entries = json!({ "query": { "size": "100", "pageToken": null, "sort": "updatedAt:desc", "filters": in_workspace(1) } });
    let mut reads = vec![
        ("get_app_status", json!({})),
        ("get_payout_choices", json!({})),
        ("list_payouts", list("arrivalDate:desc", in_workspace(1))),
        ("list_onboarding", entries),
        (
            "get_balance_history",
            json!({ "query": { "workspaceId": 1, "accountId": null, "days": 30 } }),
        ),
    ];
    for account in accounts {
        reads.push((
            "get_payout_schedule",
            json!({ "account": { "workspaceId": 1, "accountId": account } }),
        ));
        for days in [7, 30] {
            reads.push((
                "get_balance_history",
                json!({ "query": { "workspaceId": 1, "accountId": account, "days": days } }),
            ));
        }
    }
    reads
}

/// Calendar days counted by the sandbox's clock (the accounts, transfers, balances and payouts
/// scenarios run on the Monday after today), moved by whole weeks onto the same days of
/// [`PAYOUTS_MONDAY`]'s week.
fn shift_payout_days(doc: &mut Value) {
    let weeks = PAYOUTS_MONDAY - next_monday(OffsetDateTime::now_utc().date());
    walk_keyed(doc, &mut |key, v| {
        if !matches!(key, "date" | "from" | "to" | "today" | "nextPayoutDate") {
            return;
        }
        let shifted = v
            .as_str()
            .and_then(|text| {
                time::Date::parse(
                    text,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .ok()
            })
            .map(|day| connectdesk_core::payouts::date_text(day + weeks));
        if let Some(day) = shifted {
            *v = json!(day);
        }
    });
}

fn payouts_fixtures() -> Value {
    let mut out = BTreeMap::new();
    let base = || {
        let s = Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1));
        s.to_next_monday();
        let account = s.onboarded(1, "m_grill");
        (s, account)
    };

    // Nothing paid out yet; the daily schedule Stripe starts with.
    let (s, account) = base();
    out.insert("empty", s.reads(&payout_reads(&[&account])).finish());

    // A manual payout walks pending → in transit → paid; a second one waits; one is canceled;
    // one to a failing test bank account fails with its reason.
    let (s, account) = base();
    let closed = s.onboarded_with_bank(1, "m_closed", "000111111116");
    s.funded(&account, "120.00", "order_2001");
    s.funded(&closed, "40.00", "order_2002");
    s.seed("advance_sandbox_clock", json!({ "hours": 72 }));
    for who in [&account, &closed] {
        s.seed(
            "update_payout_schedule",
            json!({ "input": { "workspaceId": 1, "accountId": who, "interval": "manual", "delayDays": "2" } }),
        );
    }
    let payout = |who: &str, amount: Option<&str>| {
        json!({ "input": { "workspaceId": 1, "accountId": who, "amount": amount, "currency": "usd",
            "description": "Weekly tip payout" } })
    };
    s.seed("create_payout", payout(&account, Some("25.00")));
    s.seed("create_payout", payout(&closed, Some("39.00")));
    // Thursday → the next Tuesday: both arrive (or fail).
    s.seed("advance_sandbox_clock", json!({ "hours": 24 * 5 }));
    s.seed(
        "sync_payouts",
        json!({ "input": { "workspaceId": 1, "accountId": null }, "task": "sync:payouts:1" }),
    );
    let mut s = s.reads(&payout_reads(&[&account, &closed]));
    let created = s
        .call("create_payout", payout(&account, Some("30.00")))
        .expect("a payout");
    s.call("create_payout", payout(&account, Some("5.00"))).ok();
    let id = created["id"].as_u64().expect("payout id");
    s.call("get_payout", json!({ "id": id })).ok();
    s.call("cancel_payout", json!({ "id": id })).ok();
    s.call("create_payout", payout(&account, Some("5000.00")))
        .ok();
    s.call(
        "sync_payouts",
        json!({ "input": { "workspaceId": 1, "accountId": null }, "task": "sync:payouts:1" }),
    )
    .ok();
    out.insert("flow", s.finish());

    // The schedule editor: weekly on Friday, then a form with two problems, then Stripe's own
    // refusal of a delay it does not allow.
    let (s, account) = base();
    let mut s = s.reads(&payout_reads(&[&account]));
    let schedule = |interval: &str, weekly: Value, monthly: Value, delay: Value| {
        json!({ "input": { "workspaceId": 1, "accountId": account, "interval": interval,
            "weeklyAnchor": weekly, "monthlyAnchor": monthly, "delayDays": delay } })
    };
    s.call(
        "update_payout_schedule",
        schedule("weekly", json!("friday"), Value::Null, json!("2")),
    )
    .ok();
    s.call(
        "update_payout_schedule",
        schedule("monthly", Value::Null, json!("32"), json!("1")),
    )
    .ok();
    s.call(
        "update_payout_schedule",
        schedule("daily", Value::Null, Value::Null, json!("40")),
    )
    .ok();
    out.insert("schedule", s.finish());

    // A Payments admin reads; a Support operator sees payouts and the schedule read-only.
    let (s, account) = base();
    s.funded(&account, "60.00", "order_2003");
    s.seed("advance_sandbox_clock", json!({ "hours": 72 }));
    s.seed(
        "update_payout_schedule",
        json!({ "input": { "workspaceId": 1, "accountId": account, "interval": "manual", "delayDays": "2" } }),
    );
    s.seed(
        "create_payout",
        json!({ "input": { "workspaceId": 1, "accountId": account, "amount": "20.00", "currency": "usd" } }),
    );
    s.seed(
        "sync_payouts",
        json!({ "input": { "workspaceId": 1, "accountId": null }, "task": "sync:payouts:1" }),
    );
    let guard = s.desk().guard();
    guard.set_operator_pin(1, ADMIN_PIN).expect("admin pin");
    guard
        .create_operator(CreateOperator {
            display_name: "Sam Support".into(),
            grants: vec![grant(Some(1), "support", &[])],
            pin: Some(TEAM_PIN.into()),
        })
        .expect("seed operator");
    guard.switch_operator(2, Some(TEAM_PIN)).expect("to Sam");
    out.insert("support", s.reads(&payout_reads(&[&account])).finish());
    let mut doc = json!(out);
    shift_payout_days(&mut doc);
    doc
}

fn dispute_reads() -> Vec<(&'static str, Value)> {
    vec![
        ("get_app_status", json!({})),
        ("get_dispute_choices", json!({})),
        ("list_disputes", list("urgencyRank:asc", in_workspace(1))),
    ]
}

impl Scenario {
    /// A payment of `amount` to the account paid with Stripe's disputed test card.
    fn disputed(&self, account: &str, amount: &str, order: &str) {
        let id = self.seed_payment(account, amount, "usd", "0.50", false, order);
        self.seed(
            "confirm_test_payment",
            json!({ "id": id, "card": "disputed" }),
        );
    }
}

fn disputes_fixtures() -> Value {
    let mut out = BTreeMap::new();
    // Two disputes a day apart (10:00 UTC on the payouts Monday, then the Tuesday), and one
    // already won: needs a response first, nearest deadline first.
    let base = || {
        let s = Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1));
        s.to_next_monday();
        let account = s.onboarded(1, "m_grill");
        s.disputed(&account, "40.00", "order_3001");
        s.seed("advance_sandbox_clock", json!({ "hours": 24 }));
        s.disputed(&account, "25.00", "order_3002");
        s.disputed(&account, "12.00", "order_3003");
        s.seed(
            "sync_disputes",
            json!({ "workspaceId": 1, "task": "sync:disputes:1" }),
        );
        let won = s.seed(
            "list_disputes",
            json!({ "query": { "size": "1", "pageToken": null, "sort": "amount:asc", "filters": [] } }),
        );
        let won = &won["items"][0];
        s.seed(
            "save_dispute_evidence",
            json!({ "input": { "id": won["id"], "version": won["version"],
                "evidence": { "uncategorized_text": "winning_evidence" }, "submit": true } }),
        );
        s
    };

    let s = base();
    out.insert("list", s.reads(&dispute_reads()).finish());

    // A Support operator opens the nearest one, saves a draft, then a form with a field over
    // Stripe's limit, then submits winning evidence.
    let s = base();
    let guard = s.desk().guard();
    guard.set_operator_pin(1, ADMIN_PIN).expect("admin pin");
    guard
        .create_operator(CreateOperator {
            display_name: "Sam Support".into(),
            grants: vec![grant(Some(1), "support", &[])],
            pin: Some(TEAM_PIN.into()),
        })
        .expect("seed operator");
    guard.switch_operator(2, Some(TEAM_PIN)).expect("to Sam");
    let mut s = s.reads(&dispute_reads());
    let first = s.seed("list_disputes", list("urgencyRank:asc", in_workspace(1)));
    let id = first["items"][0]["id"].as_u64().expect("id");
    let opened = s.call("open_dispute", json!({ "id": id })).expect("open");
    let version = opened["version"].clone();
    let saved = s
        .call(
            "save_dispute_evidence",
            json!({ "input": { "id": id, "version": version, "submit": false, "evidence": {
                "customer_name": "Jenny Rosen",
                "customer_email_address": "jenny@example.com",
            } } }),
        )
        .expect("draft");
    let version = saved["version"].clone();
    s.call(
        "save_dispute_evidence",
        json!({ "input": { "id": id, "version": version, "submit": false, "evidence": {
            "customer_name": "n".repeat(5_001),
            "customer_email_address": "jenny@example.com",
        } } }),
    )
    .ok();
    s.call(
        "save_dispute_evidence",
        json!({ "input": { "id": id, "version": version, "submit": true, "evidence": {
            "customer_name": "Jenny Rosen",
            "customer_email_address": "jenny@example.com",
            "uncategorized_text": "winning_evidence",
        } } }),
    )
    .ok();
    out.insert("respond", s.finish());
    json!(out)
}

fn fee_reads() -> Vec<(&'static str, Value)> {
    vec![
        ("get_app_status", json!({})),
        ("list_fee_schedules", json!({ "workspaceId": 1 })),
        (
            "list_onboarding",
            json!({ "query": { "size": "300", "pageToken": null, "sort": "createdAt:asc", "filters": in_workspace(1) } }),
        ),
    ]
}

fn tier(min: &str, max: &str, percent: &str, fixed: &str) -> Value {
    json!({ "volumeMin": min, "volumeMax": max, "feePercent": percent, "feeFixed": fixed })
}

fn fee_override(merchant: &str, percent: &str, fixed: &str, reason: &str) -> Value {
    json!({ "merchantId": merchant, "feePercent": percent, "feeFixed": fixed, "reason": reason })
}

fn fee_save(currency: &str, percent: &str, fixed: &str, tiers: Value, overrides: Value) -> Value {
    json!({ "input": {
        "workspaceId": 1, "currency": currency, "defaultFeePercent": percent, "defaultFeeFixed": fixed,
        "feeTiers": tiers, "perMerchantOverrides": overrides,
    } })
}

/// The seed's example schedule (default 2.9 % + 30, two tiers, an override for merchant_123).
fn example_usd() -> Value {
    fee_save(
        "usd",
        "2.9",
        "30",
        json!([
            tier("0", "10000", "3.0", "30"),
            tier("10001", "50000", "2.5", "25")
        ]),
        json!([fee_override(
            "merchant_123",
            "2.0",
            "20",
            "Enterprise agreement"
        )]),
    )
}

fn fee_preview(currency: &str, merchant: &str, amount: &str) -> Value {
    json!({ "input": { "workspaceId": 1, "currency": currency, "merchantId": merchant, "amount": amount } })
}

impl Scenario {
    fn fee_merchants(self) -> Self {
        for (merchant, email) in FEE_MERCHANTS {
            self.onboarding(1, merchant, email);
        }
        self
    }

    /// Saves a schedule straight through the core (seeding, not recorded).
    fn fee_schedule(self, save: Value) -> Self {
        let input = serde_json::from_value(save["input"].clone()).expect("fee schedule input");
        self.desk().fees().save(input).expect("seed fee schedule");
        std::thread::sleep(std::time::Duration::from_millis(3));
        self
    }
}

fn fees_fixtures() -> Value {
    let reads = fee_reads();
    let mut out = BTreeMap::new();
    let acme = || {
        Scenario::new(&MemoryKeyring::default())
            .workspaces(SAMPLE_WORKSPACES)
            .active(Some(1))
            .fee_merchants()
    };

    // No schedule yet: a save with a problem in several places at once, then the fixed one.
    let mut s = acme().reads(&reads);
    s.call(
        "save_fee_schedule",
        fee_save(
            "usd",
            "2.999",
            "30",
            json!([
                tier("0", "10000", "3.0", "30"),
                tier("10002", "50000", "2.5", "25.5")
            ]),
            json!([fee_override("merchant_123", "2.0", "20", "")]),
        ),
    )
    .ok();
    s.call("save_fee_schedule", example_usd()).ok();
    out.insert("empty", s.finish());

    // Tiers typed out of order are kept sorted by volume min.
    let mut s = acme().reads(&reads);
    s.call(
        "save_fee_schedule",
        fee_save(
            "usd",
            "2.9",
            "30",
            json!([
                tier("10001", "", "2.5", "25"),
                tier("0", "10000", "3.0", "30")
            ]),
            json!([]),
        ),
    )
    .ok();
    out.insert("sorted", s.finish());

    // The example schedule in USD and a default-only one in EUR: previews, then EUR is deleted.
    let mut s = acme()
        .fee_schedule(example_usd())
        .fee_schedule(fee_save("eur", "1.5", "25", json!([]), json!([])))
        .reads(&reads);
    s.call("preview_fee", fee_preview("usd", "merchant_123", "25.00"))
        .ok();
    s.call("preview_fee", fee_preview("usd", "merchant_456", "25.00"))
        .ok();
    s.call("preview_fee", fee_preview("usd", "merchant_456", "0.10"))
        .ok();
    s.call("preview_fee", fee_preview("usd", "merchant_456", "25.001"))
        .ok();
    s.call("preview_fee", fee_preview("eur", "merchant_456", "10.00"))
        .ok();
    s.call(
        "delete_fee_schedule",
        json!({ "workspaceId": 1, "currency": "eur" }),
    )
    .ok();
    out.insert("saved", s.finish());

    // Sam Support reads Acme's schedule (and may preview, but not save).
    let s = team(&MemoryKeyring::default())
        .fee_merchants()
        .fee_schedule(example_usd());
    s.desk()
        .guard()
        .switch_operator(2, Some(TEAM_PIN))
        .expect("to Sam");
    settle();
    out.insert("support", s.reads(&reads).finish());
    json!(out)
}

// ---- Placeholders for volatile values ----

fn replace_literal(value: &mut Value, from: &str, to: &str) {
    walk_strings(value, &mut |s| {
        if s.contains(from) {
            *s = s.replace(from, to);
        }
    });
}

fn walk_strings(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| walk_strings(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| walk_strings(v, f)),
        _ => {}
    }
}

/// Every value with the key it sits under (array items keep their parent's key).
fn walk_keyed(value: &mut Value, f: &mut dyn FnMut(&str, &mut Value)) {
    fn go(key: &str, value: &mut Value, f: &mut dyn FnMut(&str, &mut Value)) {
        match value {
            Value::Array(items) => items.iter_mut().for_each(|v| go(key, v, f)),
            Value::Object(map) => map.iter_mut().for_each(|(k, v)| go(k, v, f)),
            _ => f(key, value),
        }
    }
    go("", value, f);
}

/// Each occurrence of `prefix` followed by word characters, as (start, end) byte ranges.
fn tokens(text: &str, prefix: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(prefix) {
        let start = from + at;
        let boundary = !prefix.starts_with(|c: char| c.is_ascii_alphanumeric())
            || text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
        let rest = &text[start + prefix.len()..];
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let end = start + prefix.len() + len;
        if boundary && len > 0 {
            out.push((start, end));
        }
        from = end.max(start + 1);
    }
    out
}

/// Replaces every distinct token found by `find` with `make(n)`, n in order of first appearance.
fn map_tokens(
    value: &mut Value,
    find: &dyn Fn(&str) -> Vec<(usize, usize)>,
    make: &dyn Fn(&str, usize) -> String,
) {
    let mut seen: HashMap<String, String> = HashMap::new();
    walk_strings(value, &mut |s| {
        let spans = find(s);
        if spans.is_empty() {
            return;
        }
        let mut out = String::new();
        let mut last = 0;
        for (start, end) in spans {
            out.push_str(&s[last..start]);
            let token = &s[start..end];
            let n = seen.len();
            let next = seen
                .entry(token.to_string())
                .or_insert_with(|| make(token, n + 1));
            out.push_str(next);
            last = end;
        }
        out.push_str(&s[last..]);
        *s = out;
    });
}

/// ISO timestamps (`2025-06-02T09:15:00.000Z`), as byte ranges.
fn timestamps(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:dd.dddZ";
    let mut out = Vec::new();
    let mut i = 0;
    while i + shape.len() <= bytes.len() {
        let fits = shape.iter().zip(&bytes[i..]).all(|(want, got)| match want {
            b'd' => got.is_ascii_digit(),
            other => other == got,
        });
        if fits && !text[i..].starts_with("1970-") && !text[i..].starts_with(SIM_TIME) {
            out.push((i, i + shape.len()));
            i += shape.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Timeline lines of events Stripe dated (`created`, `canceled`) get the simulator's placeholder.
fn sim_history_times(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(sim_history_times),
        Value::Object(map) => {
            let dated_by_stripe = map
                .get("event")
                .and_then(Value::as_str)
                .is_some_and(|e| matches!(e, "created" | "canceled"));
            if dated_by_stripe && map.get("at").is_some_and(Value::is_string) {
                map.insert("at".into(), json!(SIM_TIME));
            }
            map.values_mut().for_each(sim_history_times);
        }
        _ => {}
    }
}

fn normalise(mut doc: Value) -> Value {
    // The sandbox's port (every scenario has its own simulator).
    map_tokens(
        &mut doc,
        &|s| {
            tokens(s, "http://127.0.0.1:")
                .into_iter()
                .filter(|(a, b)| s[*a + 17..*b].chars().all(|c| c.is_ascii_digit()))
                .collect()
        },
        &|_, _| "http://127.0.0.1:47913".into(),
    );
    // Times from the simulator's clock (whole seconds: a link's expiry, a Stripe object's
    // `created`) can share a second with another or not, from run to run: one placeholder each.
    walk_keyed(&mut doc, &mut |key, v| {
        // A dispute's sort key: its action rank, then its deadline (a simulator time).
        if key == "urgencyRank" {
            if let Some(n) = v.as_i64() {
                *v = json!(n / 10_000_000_000 * 10_000_000_000 + 1_748_858_400);
            }
        }
        // A dispute's version marks its state at Stripe, deadline included.
        if key == "version" && v.as_str().is_some_and(|t| t.len() == 16) {
            *v = json!("0000000000000000");
        }
        // A bank account's fingerprint is random in the simulator.
        if key == "fingerprint" && v.is_string() {
            *v = json!("fingerprint0000000");
        }
        // A payment's or refund's `created` is Stripe's moment.
        // The sandbox clock's `now` too.
        if matches!(key, "linkExpiresAt" | "expiresAt" | "created" | "now") && v.is_string() {
            *v = json!(SIM_TIME);
        }
        if v.as_i64()
            .is_some_and(|n| (1_500_000_000..4_000_000_000).contains(&n))
        {
            *v = json!(1_748_858_400);
        }
    });
    // History lines that carry Stripe's moment (a payment's creation, its cancellation).
    sim_history_times(&mut doc);
    // The audit chain's hashes cover times and ids, so they differ per run: numbered instead.
    let mut hashes: HashMap<String, String> = HashMap::new();
    walk_keyed(&mut doc, &mut |key, v| {
        if key == "prevHash" {
            if let Some(hash) = v.as_str().filter(|h| h.chars().any(|c| c != '0')) {
                let n = hashes.len() + 1;
                let stable = hashes
                    .entry(hash.to_string())
                    .or_insert_with(|| format!("{n:064x}"))
                    .clone();
                *v = json!(stable);
            }
        }
    });
    // The core's timestamps (milliseconds, distinct per step), in their order on the clock so
    // sorted lists stay sorted.
    let mut all = Vec::new();
    walk_strings(&mut doc, &mut |s| {
        for (a, b) in timestamps(s) {
            all.push(s[a..b].to_string());
        }
    });
    all.sort();
    all.dedup();
    let base = OffsetDateTime::from_unix_timestamp(1_748_855_700).expect("base time");
    let mut marks = MARKS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    marks.sort();
    // A timestamp's placeholder is its interval between marks, counted over the times this
    // document holds, so sorted lists stay sorted.
    let interval = |t: &str| marks.partition_point(|m| m.as_str() <= t);
    let mut slots: Vec<usize> = all.iter().map(|t| interval(t)).collect();
    slots.dedup();
    let mut rank: HashMap<String, String> = HashMap::new();
    for t in &all {
        let slot = slots.binary_search(&interval(t)).unwrap_or_default();
        let placeholder = base + time::Duration::seconds(slot as i64);
        rank.insert(t.clone(), connectdesk_core::time::iso_millis(placeholder));
    }
    map_tokens(&mut doc, &timestamps, &|t, _| rank[t].clone());
    // Random ids: connections' bizIds, the simulator's object ids, request ids, OAuth grants.
    map_tokens(&mut doc, &|s| tokens(s, "sc_"), &|_, n| {
        format!("sc_{n:016x}")
    });
    map_tokens(&mut doc, &|s| tokens(s, "op_"), &|_, n| {
        format!("op_{n:024x}")
    });
    map_tokens(&mut doc, &|s| tokens(s, "/connect/onboarding/"), &|_, n| {
        format!("/connect/onboarding/link{n:020}")
    });
    // An export's file name ends in the time it was written, before its extension.
    walk_strings(&mut doc, &mut |s| {
        if let Some(rest) = s.strip_prefix(DOWNLOADS) {
            let stem = rest.rsplit_once('.').map_or(rest, |(stem, _)| stem);
            let stamp = stem.len().checked_sub(14).and_then(|at| stem.get(at..));
            if let Some(stamp) = stamp.filter(|t| t.chars().all(|c| c.is_ascii_digit())) {
                *s = s.replace(stamp, "20250602091500");
            }
        }
    });
    // A PaymentIntent's client secret: its id (mapped below) and a random tail.
    map_tokens(&mut doc, &|s| tokens(s, "_secret_"), &|_, n| {
        format!("_secret_{n:025}")
    });
    for prefix in [
        "acct_",
        "req_",
        "ca_",
        "rt_",
        "acctlink_",
        "evt_",
        "tok_",
        "pi_",
        "ch_",
        "re_",
        "tr_",
        "trr_",
        "fee_",
        "fr_",
        "py_",
        "txn_",
        "pm_",
        "du_",
        "ba_",
        "po_",
        "dp_",
        "file_",
    ] {
        map_tokens(
            &mut doc,
            &|s| {
                tokens(s, prefix)
                    .into_iter()
                    // The simulator's lengths: ids typed in by a scenario stay as they are.
                    .filter(|&(a, b)| {
                        let len = b - a - prefix.len();
                        match prefix {
                            "req_" => len == 14,
                            "rt_" => len >= 30,
                            _ => len == 24,
                        }
                    })
                    .collect()
            },
            // The simulator's ids keep their sequence part (10 characters), so they sort alike.
            &|token, n| {
                let rest = &token[prefix.len()..];
                let seq = if rest.len() == 24 { &rest[..10] } else { "" };
                format!("{prefix}{seq}{n:0>width$}", width = rest.len() - seq.len())
            },
        );
    }
    // The hints of those tokens (`rt_…nFLm`).
    map_tokens(&mut doc, &|s| tokens(s, "rt_…"), &|_, n| {
        format!("rt_…{n:04}")
    });
    doc
}

// ---- Output ----

/// Scenarios whose steps are at least this far apart (see [`settle`]) merge closer times.
fn write_fixture(name: &str, doc: Value) -> bool {
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from);
    let dir = package.join("../../ui/src/test/fixtures");
    std::fs::create_dir_all(&dir).expect("fixtures dir");
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&normalise(doc)).expect("json") + "\n";
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    if before != text {
        std::fs::write(&path, &text).expect("write fixture");
    }
    before == text
}

#[test]
fn ui_fixtures_are_current() {
    let mut stale = Vec::new();
    for (name, doc) in [
        ("workspaces", workspaces_fixtures()),
        ("connections", connections_fixtures()),
        ("onboarding", onboarding_fixtures()),
        ("settings", settings_fixtures()),
        ("app", app_fixtures()),
        ("operators", operators_fixtures()),
        ("audit", audit_fixtures()),
        ("payments", payments_fixtures()),
        ("fees", fees_fixtures()),
        ("accounts", accounts_fixtures()),
        ("transfers", transfers_fixtures()),
        ("balances", balances_fixtures()),
        ("payouts", payouts_fixtures()),
        ("disputes", disputes_fixtures()),
    ] {
        if !write_fixture(name, doc) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/test/fixtures/{{{}}}.json were stale and have been regenerated: commit them",
        stale.join(",")
    );
}
