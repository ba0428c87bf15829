//! No secret in plain text anywhere: not on disk (store, keystore, sandbox state, the export
//! file), not in any log line at TRACE level (every crate, including the client and the
//! simulator), not in any response. API-key and OAuth2 connections, created, updated, tested,
//! listed, exported, audited and deleted; once deleted (alone or with their workspace), not even their
//! sealed values are in any current record of any tree of the store.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use connectdesk_core::connections::{AuthInput, CreateConnection, UpdateConnection};
use connectdesk_core::desk::DraftConnectionTest;
use connectdesk_core::mode::Mode;
use connectdesk_core::query::ListQuery;
use connectdesk_core::workspaces::CreateWorkspace;
use connectdesk_core::Desk;
use connectdesk_secrets::{NoKeyring, Secret};

const API_KEY: &str = "sk_test_51LeakCanaryKey0000000001";
const NEW_API_KEY: &str = "sk_test_51LeakCanaryKey0000000002";
const WEBHOOK_SECRET: &str = "whsec_LeakCanaryWebhook00000001";
const PASSPHRASE: &str = "leak canary passphrase";
const CLIENT_SECRET: &str = "sk_test_51LeakCanaryClient00001";
/// The key of a connection that is never deleted: its sealed values must still be found.
const KEPT_API_KEY: &str = "sk_test_51LeakCanaryKey0000000003";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn secrets_never_appear_on_disk_in_logs_or_in_responses() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .init();

    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(dir.path(), &NoKeyring).expect("open desk");
    desk.vault()
        .unlock_with_passphrase(&Secret::new(PASSPHRASE))
        .expect("unlock");
    let workspace = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Acme".into(),
        })
        .expect("workspace");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    let mut responses = Vec::new();
    let created = desk
        .connections()
        .create(CreateConnection {
            workspace_id: workspace.id,
            connection_name: "Leaky?".into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::ApiKey {
                api_key: Secret::new(API_KEY),
            },
            webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
            partner_endpoint: None,
            config_json: None,
        })
        .expect("create");
    responses.push(serde_json::to_string(&created).expect("json"));
    let tested = rt
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    assert!(tested.available, "{tested:?}");
    responses.push(serde_json::to_string(&tested).expect("json"));
    let updated = desk
        .connections()
        .update(UpdateConnection {
            biz_id: created.biz_id.clone(),
            api_key: Some(Secret::new(NEW_API_KEY)),
            ..Default::default()
        })
        .expect("update");
    responses.push(serde_json::to_string(&updated).expect("json"));
    let retested = rt
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    responses.push(serde_json::to_string(&retested).expect("json"));
    let draft = DraftConnectionTest {
        biz_id: None,
        auth: AuthInput::ApiKey {
            api_key: Secret::new(API_KEY),
        }
        .into(),
        stripe_account_id: None,
    };
    responses.push(
        serde_json::to_string(
            &rt.block_on(desk.test_draft_connection(draft))
                .expect("draft"),
        )
        .expect("json"),
    );
    // The edit form's Test, its key taken from the store.
    let edited = DraftConnectionTest {
        biz_id: Some(created.biz_id.clone()),
        auth: connectdesk_core::connections::DraftAuth::ApiKey { api_key: None },
        stripe_account_id: None,
    };
    responses.push(
        serde_json::to_string(
            &rt.block_on(desk.test_draft_connection(edited))
                .expect("draft of the saved connection"),
        )
        .expect("json"),
    );

    // An OAuth2 connection on a grant of the sandbox: its refresh token is a secret too.
    let sandbox_url = desk.status().expect("status").sandbox_url.expect("sandbox");
    let grant: serde_json::Value = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{sandbox_url}/_sim/oauth/grants"))
            .json(&serde_json::json!({ "rotate": true }))
            .send()
            .await
            .expect("grant")
            .json()
            .await
            .expect("grant json")
    });
    let first_refresh_token = grant["refresh_token"].as_str().expect("token").to_string();
    let oauth = desk
        .connections()
        .create(CreateConnection {
            workspace_id: workspace.id,
            connection_name: "Partner".into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::OAuth2 {
                client_id: grant["client_id"].as_str().expect("client id").into(),
                client_secret: Secret::new(CLIENT_SECRET),
                refresh_token: Secret::new(first_refresh_token.clone()),
                mode: Mode::Sandbox,
            },
            webhook_secret: None,
            partner_endpoint: None,
            config_json: None,
        })
        .expect("create oauth");
    responses.push(serde_json::to_string(&oauth).expect("json"));
    for _ in 0..2 {
        let tested = rt
            .block_on(desk.test_connection(&oauth.biz_id))
            .expect("oauth test");
        assert!(tested.available, "{tested:?}");
        responses.push(serde_json::to_string(&tested).expect("json"));
    }
    let rotated_refresh_token = desk
        .connections()
        .credentials(&oauth.biz_id)
        .expect("credentials")
        .refresh_token
        .expect("refresh token")
        .expose()
        .to_string();
    assert_ne!(rotated_refresh_token, first_refresh_token);

    let bad = desk.connections().update(UpdateConnection {
        biz_id: created.biz_id.clone(),
        webhook_secret: Some(Secret::new("not-a-whsec-LeakCanary")),
        ..Default::default()
    });
    responses.push(format!("{:?}", bad.expect_err("bad webhook secret")));
    responses.push(
        serde_json::to_string(
            &desk
                .connections()
                .list(&ListQuery::default())
                .expect("list"),
        )
        .expect("json"),
    );
    responses.push(serde_json::to_string(&desk.status().expect("status")).expect("json"));
    let exported = desk
        .connections()
        .export_to(workspace.id, &dir.path().join("exports"))
        .expect("export");
    assert_eq!(exported.count, 2);
    responses.push(serde_json::to_string(&exported).expect("json"));
    // The audit log keeps every change field by field, secrets as their hints only.
    let audit = desk
        .guard()
        .audit_list(&ListQuery {
            size: Some("300".into()),
            ..ListQuery::default()
        })
        .expect("audit");
    let hint_changes = audit
        .items
        .iter()
        .filter(|record| record.action.starts_with("connection."))
        .flat_map(|record| &record.changes)
        .filter(|change| change.field.starts_with("hints."))
        .count();
    assert!(
        hint_changes >= 4,
        "creates and key changes are audited with their hints: {audit:?}"
    );
    responses.push(serde_json::to_string(&audit).expect("json"));
    responses.push(format!(
        "{:?}",
        desk.connections()
            .credentials(&created.biz_id)
            .expect("credentials")
    ));
    let globex = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Globex".into(),
        })
        .expect("workspace");
    let kept = desk
        .connections()
        .create(CreateConnection {
            workspace_id: globex.id,
            connection_name: "Kept".into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::ApiKey {
                api_key: Secret::new(KEPT_API_KEY),
            },
            webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
            partner_endpoint: None,
            config_json: None,
        })
        .expect("create kept");
    drop(desk);

    // Deleting needs no unlocked vault: the store is reopened locked, as after a restart.
    let sealed = sealed_by_connection(&common::raw_trees(dir.path()));
    assert_eq!(
        sealed[&created.biz_id].len(),
        2,
        "API key and webhook secret"
    );
    assert_eq!(
        sealed[&oauth.biz_id].len(),
        2,
        "client secret and refresh token"
    );
    let desk = Desk::open(dir.path(), &NoKeyring).expect("reopen desk");
    desk.connections().delete(&created.biz_id).expect("delete");
    drop(desk);
    assert_erased(&sealed, &[&created.biz_id], &kept.biz_id, dir.path());

    let desk = Desk::open(dir.path(), &NoKeyring).expect("reopen desk");
    let preview = desk
        .workspaces()
        .delete_preview(workspace.id)
        .expect("preview");
    assert_eq!(preview.connections, 1, "the OAuth2 one is left");
    desk.workspaces()
        .delete(workspace.id)
        .expect("delete workspace");
    drop(desk);
    assert_erased(
        &sealed,
        &[&created.biz_id, &oauth.biz_id],
        &kept.biz_id,
        dir.path(),
    );

    let mut haystacks: Vec<(String, Vec<u8>)> = responses
        .into_iter()
        .enumerate()
        .map(|(i, text)| (format!("response {i}"), text.into_bytes()))
        .collect();
    let log_bytes = logs.0.lock().expect("logs").clone();
    let log_text = String::from_utf8_lossy(&log_bytes);
    assert!(
        log_text.contains("offline sandbox listening"),
        "the capture sees the app's logs"
    );
    assert!(
        log_text.lines().count() > 3,
        "the capture sees more than start-up: {log_text}"
    );
    haystacks.push(("logs".into(), log_bytes));
    for file in common::walk(dir.path()) {
        haystacks.push((
            file.display().to_string(),
            std::fs::read(&file).expect("read"),
        ));
    }
    assert!(
        haystacks.iter().any(|(name, _)| name.contains("sandbox")),
        "the sandbox state was searched too"
    );
    assert!(
        haystacks
            .iter()
            .any(|(name, _)| name.ends_with(".json") && name.contains("exports")),
        "the export file was searched too"
    );
    for secret in [
        API_KEY,
        NEW_API_KEY,
        WEBHOOK_SECRET,
        PASSPHRASE,
        CLIENT_SECRET,
        KEPT_API_KEY,
        &first_refresh_token,
        &rotated_refresh_token,
        "LeakCanary",
    ] {
        for (name, bytes) in &haystacks {
            assert!(
                !bytes
                    .windows(secret.len())
                    .any(|window| window == secret.as_bytes()),
                "{secret:?} found in {name}"
            );
        }
    }
}

/// bizId → the sealed values of its stored record.
fn sealed_by_connection(trees: &common::RawTrees) -> BTreeMap<String, Vec<String>> {
    common::connection_records(trees)
        .iter()
        .map(|record| {
            let sealed = record["sealed"].as_object().expect("sealed");
            let values = sealed
                .values()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect();
            (record["bizId"].as_str().expect("bizId").to_owned(), values)
        })
        .collect()
}

/// No current record of any tree holds a sealed value of the `deleted` connections, while the
/// `kept` connection's are still found, in its record only (so the search does see records).
fn assert_erased(
    sealed: &BTreeMap<String, Vec<String>>,
    deleted: &[&str],
    kept: &str,
    dir: &std::path::Path,
) {
    let trees = common::raw_trees(dir);
    assert!(trees.len() > 10, "every tree of the store is searched");
    for biz_id in deleted {
        for value in &sealed[*biz_id] {
            assert_eq!(
                common::trees_holding(&trees, value.as_bytes()),
                Vec::<String>::new(),
                "a sealed value of deleted {biz_id} is still stored"
            );
        }
    }
    let kept_values = &sealed_by_connection(&trees)[kept];
    assert_eq!(kept_values.len(), 2);
    for value in kept_values {
        assert_eq!(
            common::trees_holding(&trees, value.as_bytes()),
            ["connections"]
        );
    }
    for secret in [
        API_KEY,
        NEW_API_KEY,
        WEBHOOK_SECRET,
        CLIENT_SECRET,
        "LeakCanary",
    ] {
        assert!(
            common::trees_holding(&trees, secret.as_bytes()).is_empty(),
            "{secret}"
        );
    }
}
