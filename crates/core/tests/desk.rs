//! The Desk as the app uses it: a real store, the real in-process sandbox simulator over HTTP,
//! and a passphrase-protected vault (no OS secret store in this test).

use connectdesk_core::connections::{AuthInput, ConnectionTest, CreateConnection};
use connectdesk_core::desk::DraftConnectionTest;
use connectdesk_core::mode::Mode;
use connectdesk_core::stripe_access::StripeAccess;
use connectdesk_core::vault::VaultState;
use connectdesk_core::workspaces::CreateWorkspace;
use connectdesk_core::{Desk, ErrorCode};
use connectdesk_secrets::{NoKeyring, Secret};

const GOOD_KEY: &str = "sk_test_51DeskTestKey0000000001";

fn open(dir: &std::path::Path) -> Desk {
    Desk::open(dir, &NoKeyring).expect("open desk")
}

fn unlocked_desk_with_workspace() -> (tempfile::TempDir, Desk, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = open(dir.path());
    assert!(matches!(
        desk.status().expect("status").vault,
        VaultState::NoSecretStore { .. }
    ));
    let state = desk
        .vault()
        .unlock_with_passphrase(&Secret::new("a long passphrase"))
        .expect("unlock");
    assert_eq!(
        state,
        VaultState::Unlocked {
            scheme: "passphrase".into()
        }
    );
    let workspace = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Acme".into(),
        })
        .expect("workspace");
    (dir, desk, workspace.id)
}

fn connection(workspace_id: u64, key: &str) -> CreateConnection {
    CreateConnection {
        workspace_id,
        connection_name: "Sandbox platform".into(),
        connection_description: None,
        stripe_account_id: None,
        auth: AuthInput::ApiKey {
            api_key: Secret::new(key),
        },
        webhook_secret: None,
        partner_endpoint: None,
        config_json: None,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn a_fresh_data_dir_opens_in_the_offline_sandbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let status = open(dir.path()).status().expect("status");
    assert!(status.sandbox);
    assert_eq!(status.mode, Mode::Sandbox);
    let url = status.sandbox_url.expect("sandbox url");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(status.sandbox_error, None);
}

#[test]
fn a_deferred_open_shows_the_sandbox_starting_and_never_reaches_stripe_until_it_runs() {
    use connectdesk_core::progress::Tasks;
    use connectdesk_core::stripe_gateway::Target;
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open_deferred(dir.path(), &NoKeyring, Tasks::default()).expect("open");
    let status = desk.status().expect("status");
    assert!(status.sandbox);
    assert_eq!(status.mode, Mode::Sandbox);
    assert_eq!((status.sandbox_url, status.sandbox_error), (None, None));
    // Not api.stripe.com in the sandbox's place.
    let Target::Unavailable { reason } = desk.gateway().target().expect("target") else {
        panic!("a Stripe target before the sandbox runs");
    };
    assert!(reason.contains("starting"), "{reason}");

    desk.start_services().expect("start");
    let status = desk.status().expect("status");
    assert!(status
        .sandbox_url
        .is_some_and(|url| url.starts_with("http://127.0.0.1:")));
    assert!(desk.gateway().target().expect("target").is_sandbox());
    // Starting again leaves the running sandbox alone.
    let url = desk.status().expect("status").sandbox_url;
    desk.start_services().expect("start again");
    assert_eq!(desk.status().expect("status").sandbox_url, url);
}

#[test]
fn test_connection_reaches_the_sandbox_with_a_good_key() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let created = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    let result = runtime()
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    assert!(result.available, "{result:?}");
    assert!(
        result
            .account_id
            .as_deref()
            .is_some_and(|id| id.starts_with("acct_")),
        "{result:?}"
    );
    assert_eq!(result.mode, Mode::Sandbox);
    assert_eq!(result.target, "the offline sandbox");
    assert_eq!(result.reason, None);
}

#[test]
fn test_connection_explains_a_rejected_key_and_a_live_key_in_the_sandbox() {
    let (_dir, desk, _) = unlocked_desk_with_workspace();
    let rt = runtime();
    let draft = |key: &str| DraftConnectionTest {
        biz_id: None,
        auth: AuthInput::ApiKey {
            api_key: Secret::new(key),
        }
        .into(),
        stripe_account_id: None,
    };

    let rejected = rt
        .block_on(desk.test_draft_connection(draft("sk_test_invalid1234567890")))
        .expect("test");
    assert!(!rejected.available);
    let reason = rejected.reason.expect("reason");
    assert!(reason.starts_with("Invalid API key"), "{reason}");
    assert!(rejected.request_id.is_some_and(|id| id.starts_with("req_")));

    let live = rt
        .block_on(desk.test_draft_connection(draft("sk_live_51LiveKeyInSandbox0001")))
        .expect("test");
    assert!(!live.available);
    assert!(live
        .reason
        .expect("reason")
        .starts_with("Key for the wrong mode"));

    let missing = rt
        .block_on(desk.test_draft_connection(DraftConnectionTest {
            stripe_account_id: Some("acct_1DoesNotExist00".into()),
            ..draft(GOOD_KEY)
        }))
        .expect("test");
    assert!(!missing.available);
    assert!(missing
        .reason
        .expect("reason")
        .starts_with("Account not reachable"));

    let malformed = rt
        .block_on(desk.test_draft_connection(draft("pk_test_123")))
        .expect_err("publishable key");
    assert_eq!(
        (malformed.code, malformed.field.as_deref()),
        (ErrorCode::InvalidValue, Some("apiKey"))
    );
    let both = rt
        .block_on(desk.test_draft_connection(DraftConnectionTest {
            stripe_account_id: Some("acct with spaces".into()),
            ..draft("pk_test_123")
        }))
        .expect_err("two bad fields");
    let fields: Vec<&str> = both.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["apiKey", "stripeAccountId"]);
}

#[test]
fn the_sandbox_switches_off_only_once_a_connection_exists() {
    let (dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let err = desk
        .set_sandbox_enabled(false)
        .expect_err("no connection yet");
    assert_eq!(err.field.as_deref(), Some("sandbox"));
    assert!(desk.status().expect("status").sandbox);

    let created = desk
        .connections()
        .create(connection(workspace_id, "sk_live_51RealLiveKey00000001"))
        .expect("create");
    desk.set_active_workspace(Some(workspace_id))
        .expect("activate workspace");
    let status = desk
        .set_active_connection(workspace_id, Some(&created.biz_id))
        .expect("activate connection");
    assert_eq!(
        status.mode,
        Mode::Sandbox,
        "the sandbox wins while it is on"
    );
    let status = desk.set_sandbox_enabled(false).expect("switch off");
    assert!(!status.sandbox);
    assert_eq!(status.sandbox_url, None);
    assert_eq!(status.mode, Mode::Live);
    drop(desk);

    let reopened = open(dir.path());
    let status = reopened.status().expect("status");
    assert!(!status.sandbox, "the choice is remembered");
    assert_eq!(
        status.active_connection.map(|active| active.biz_id),
        Some(created.biz_id)
    );
}

#[test]
fn an_active_connection_must_belong_to_the_workspace() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let other = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Other".into(),
        })
        .expect("workspace");
    let created = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    let err = desk
        .set_active_connection(other.id, Some(&created.biz_id))
        .expect_err("foreign");
    assert_eq!(err.field.as_deref(), Some("bizId"));
    desk.connections().delete(&created.biz_id).expect("delete");
    let err = desk
        .set_active_connection(workspace_id, Some(&created.biz_id))
        .expect_err("deleted");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_workspace_first_connection_becomes_the_one_in_use() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    desk.set_active_workspace(Some(workspace_id))
        .expect("active workspace");
    let in_use = |desk: &Desk| {
        desk.status()
            .expect("status")
            .active_connection
            .map(|active| active.biz_id)
    };
    assert_eq!(in_use(&desk), None);
    let first = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("first");
    assert_eq!(in_use(&desk).as_deref(), Some(first.biz_id.as_str()));
    let second = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("second");
    assert_eq!(in_use(&desk).as_deref(), Some(first.biz_id.as_str()));

    // With the one in use deleted, the next one created takes its place.
    desk.connections().delete(&first.biz_id).expect("delete");
    assert_eq!(in_use(&desk), None);
    let third = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("third");
    assert_eq!(in_use(&desk).as_deref(), Some(third.biz_id.as_str()));
    assert_ne!(second.biz_id, third.biz_id);

    // A rejected create changes nothing.
    desk.set_active_connection(workspace_id, None)
        .expect("none in use");
    let mut bad = connection(workspace_id, GOOD_KEY);
    bad.connection_name = String::new();
    desk.connections().create(bad).expect_err("no name");
    assert_eq!(in_use(&desk), None);
}

/// `POST /_sim/oauth/grants` on the desk's sandbox: a Connect OAuth grant on a new account.
fn sandbox_grant(
    rt: &tokio::runtime::Runtime,
    desk: &Desk,
    body: serde_json::Value,
) -> serde_json::Value {
    let url = desk.status().expect("status").sandbox_url.expect("sandbox");
    rt.block_on(async {
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

fn oauth(grant: &serde_json::Value, client_secret: &str, mode: Mode) -> AuthInput {
    let text = |name: &str| grant[name].as_str().expect(name).to_string();
    AuthInput::OAuth2 {
        client_id: text("client_id"),
        client_secret: Secret::new(client_secret),
        refresh_token: Secret::new(text("refresh_token")),
        mode,
    }
}

/// A sandbox OAuth2 connection on `grant`, the platform key as its client secret.
fn oauth_connection(workspace_id: u64, grant: &serde_json::Value) -> CreateConnection {
    CreateConnection {
        auth: oauth(grant, GOOD_KEY, Mode::Sandbox),
        ..connection(workspace_id, GOOD_KEY)
    }
}

#[test]
fn oauth_connections_test_through_the_refresh_token_exchange() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let rt = runtime();
    let grant = sandbox_grant(&rt, &desk, serde_json::json!({}));
    let account = grant["stripe_user_id"]
        .as_str()
        .expect("account")
        .to_string();
    let created = desk
        .connections()
        .create(oauth_connection(workspace_id, &grant))
        .expect("create");

    let result = rt
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    assert!(result.available, "{result:?}");
    assert_eq!(result.account_id.as_deref(), Some(account.as_str()));
    assert_eq!(result.target, "the offline sandbox");

    let draft = |auth: AuthInput, account: Option<&str>| DraftConnectionTest {
        biz_id: None,
        auth: auth.into(),
        stripe_account_id: account.map(str::to_string),
    };
    let reason = |test: ConnectionTest| {
        assert!(!test.available, "{test:?}");
        test.reason.expect("a reason")
    };
    let other_account = rt
        .block_on(desk.test_draft_connection(draft(
            oauth(&grant, GOOD_KEY, Mode::Sandbox),
            Some("acct_1SomeoneElse0000"),
        )))
        .expect("test");
    let text = reason(other_account);
    assert!(
        text.starts_with("Account not reachable") && text.contains(&account),
        "{text}"
    );

    let wrong_mode = rt
        .block_on(desk.test_draft_connection(draft(oauth(&grant, GOOD_KEY, Mode::Live), None)))
        .expect("test");
    assert!(reason(wrong_mode).starts_with("Key for the wrong mode"));

    let bad_secret = rt
        .block_on(desk.test_draft_connection(draft(
            oauth(&grant, "sk_test_invalidClientSecret1", Mode::Sandbox),
            None,
        )))
        .expect("test");
    assert!(reason(bad_secret).starts_with("Invalid client secret"));

    let mut unknown = grant.clone();
    unknown["refresh_token"] = "rt_unknownRefreshToken0000000001".into();
    let unknown_token = rt
        .block_on(desk.test_draft_connection(draft(oauth(&unknown, GOOD_KEY, Mode::Sandbox), None)))
        .expect("test");
    assert!(unknown_token.request_id.is_some());
    let text = reason(unknown_token);
    assert!(text.starts_with("Refresh token not accepted"), "{text}");
    assert!(!text.contains("rt_unknownRefreshToken"), "{text}");

    let empty = rt
        .block_on(desk.test_draft_connection(draft(
            AuthInput::OAuth2 {
                client_id: "ca_1".into(),
                client_secret: Secret::new(GOOD_KEY),
                refresh_token: Secret::new(" "),
                mode: Mode::Sandbox,
            },
            None,
        )))
        .expect_err("no refresh token");
    assert_eq!(
        (empty.code, empty.field.as_deref()),
        (ErrorCode::Required, Some("refreshToken"))
    );
}

#[test]
fn a_rotated_refresh_token_is_sealed_in_place_of_the_old_one() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let rt = runtime();
    let grant = sandbox_grant(&rt, &desk, serde_json::json!({ "rotate": true }));
    let first_token = grant["refresh_token"].as_str().expect("token").to_string();
    let created = desk
        .connections()
        .create(oauth_connection(workspace_id, &grant))
        .expect("create");

    // Each exchange retires the token used; every test still works because the newest is kept.
    for _ in 0..3 {
        let result = rt
            .block_on(desk.test_connection(&created.biz_id))
            .expect("test");
        assert!(result.available, "{result:?}");
    }
    let stored = desk
        .connections()
        .credentials(&created.biz_id)
        .expect("credentials")
        .refresh_token
        .expect("a refresh token");
    assert_ne!(stored.expose(), first_token);
    assert_eq!(
        desk.connections()
            .get(&created.biz_id)
            .expect("get")
            .hints
            .refresh_token,
        Some(stored.hint())
    );
}

#[test]
fn export_writes_the_workspace_connections_with_hints_only_and_never_overwrites() {
    let (dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let other = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Northwind".into(),
        })
        .expect("workspace")
        .id;
    let kept = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    let second = desk
        .connections()
        .create(CreateConnection {
            connection_name: "Live platform".into(),
            ..connection(workspace_id, "sk_live_51ExportLiveKey00000001")
        })
        .expect("create");
    let deleted = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    desk.connections().delete(&deleted.biz_id).expect("delete");
    desk.connections()
        .create(connection(other, GOOD_KEY))
        .expect("create elsewhere");

    let exports = dir.path().join("Downloads");
    let first = desk
        .connections()
        .export_to(workspace_id, &exports)
        .expect("export");
    assert_eq!(first.count, 2);
    let name = std::path::Path::new(&first.path)
        .file_name()
        .and_then(|name| name.to_str())
        .expect("file name");
    assert!(
        name.starts_with("connectdesk-connections-acme-") && name.ends_with(".json"),
        "{name}"
    );
    let text = std::fs::read_to_string(&first.path).expect("read export");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["format"], "connectdesk.connections/1");
    assert_eq!(json["workspace"]["name"], "Acme");
    // Nothing exported is deleted, so no record carries a deletedAt (not even the store's
    // "not deleted" marker).
    assert!(!text.contains("deletedAt"), "{text}");
    let ids: Vec<&str> = json["connections"]
        .as_array()
        .expect("connections")
        .iter()
        .map(|c| c["bizId"].as_str().expect("bizId"))
        .collect();
    assert_eq!(ids, [kept.biz_id.as_str(), second.biz_id.as_str()]);
    assert_eq!(json["connections"][0]["hints"]["apiKey"], "sk_test_…0001");
    assert!(
        !text.contains("sealed") && !text.contains(GOOD_KEY),
        "{text}"
    );

    // A second export in the same second gets its own file; nothing is replaced.
    let again = desk
        .connections()
        .export_to(workspace_id, &exports)
        .expect("export");
    assert_ne!(again.path, first.path);
    assert_eq!(std::fs::read_to_string(&first.path).expect("read"), text);
    let files = std::fs::read_dir(&exports).expect("dir").count();
    assert_eq!(files, 2, "no partial files are left behind");

    let unknown = desk
        .connections()
        .export_to(999, &exports)
        .expect_err("unknown workspace");
    assert_eq!(
        (unknown.code, unknown.field.as_deref()),
        (ErrorCode::NotFound, Some("workspaceId"))
    );
    assert_eq!(std::fs::read_dir(&exports).expect("dir").count(), 2);
}

#[test]
fn onboarding_through_an_oauth2_connection_uses_its_client_secret_as_the_platform_key() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let created = desk
        .connections()
        .create(CreateConnection {
            auth: AuthInput::OAuth2 {
                client_id: "ca_PartnerPlatform0001".into(),
                client_secret: Secret::new(GOOD_KEY),
                refresh_token: Secret::new("rt_PartnerRefresh0001"),
                mode: Mode::Sandbox,
            },
            ..connection(workspace_id, GOOD_KEY)
        })
        .expect("create");
    desk.set_active_connection(workspace_id, Some(&created.biz_id))
        .expect("use it");
    desk.set_sandbox_enabled(false).expect("sandbox off");

    let context = desk
        .stripe_access()
        .context(workspace_id)
        .expect("an OAuth2 connection reaches Stripe");
    assert_eq!(context.mode, Mode::Sandbox);
    assert!(!context.offline());
    assert_eq!(context.client.key_mode(), connectdesk_stripe::KeyMode::Test);
}

#[test]
fn every_test_of_a_saved_connection_is_kept_with_it() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let rt = runtime();
    let created = desk
        .connections()
        .create(connection(workspace_id, "sk_test_invalid1234567890"))
        .expect("create");
    assert_eq!(created.last_test, None, "not tested yet");

    let failed = rt
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    assert!(!failed.available);
    let kept = desk
        .connections()
        .get(&created.biz_id)
        .expect("get")
        .last_test
        .expect("the failed test is kept");
    assert!(!kept.available);
    assert_eq!(kept.reason, failed.reason);
    assert!(kept
        .reason
        .as_deref()
        .is_some_and(|r| r.starts_with("Invalid API key")));
    assert_eq!(kept.target, "the offline sandbox");
    assert!(time::OffsetDateTime::parse(
        &kept.tested_at,
        &time::format_description::well_known::Rfc3339
    )
    .is_ok());

    // A change that a Test does not check keeps the result; a new key forgets it.
    let renamed = desk
        .connections()
        .update(connectdesk_core::connections::UpdateConnection {
            biz_id: created.biz_id.clone(),
            connection_name: Some("Renamed".into()),
            ..Default::default()
        })
        .expect("rename");
    assert_eq!(renamed.last_test.as_ref(), Some(&kept));
    let rekeyed = desk
        .connections()
        .update(connectdesk_core::connections::UpdateConnection {
            biz_id: created.biz_id.clone(),
            api_key: Some(Secret::new(GOOD_KEY)),
            ..Default::default()
        })
        .expect("new key");
    assert_eq!(rekeyed.last_test, None);

    let passed = rt
        .block_on(desk.test_connection(&created.biz_id))
        .expect("test");
    assert!(passed.available);
    let listed = desk
        .connections()
        .list(&Default::default())
        .expect("list")
        .items
        .into_iter()
        .find(|c| c.biz_id == created.biz_id)
        .expect("listed");
    let kept = listed.last_test.expect("kept");
    assert!(kept.available && kept.reason.is_none());
    assert_eq!(kept.account_id, passed.account_id);
}

#[test]
fn the_edit_form_test_checks_the_form_with_the_stored_secrets() {
    use connectdesk_core::connections::DraftAuth;
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let rt = runtime();
    let saved = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    let edit = |account: Option<&str>, api_key: Option<&str>| DraftConnectionTest {
        biz_id: Some(saved.biz_id.clone()),
        auth: DraftAuth::ApiKey {
            api_key: api_key.map(Secret::new),
        },
        stripe_account_id: account.map(str::to_string),
    };

    // The account id typed in the form is tested, with the stored key.
    let other = rt
        .block_on(desk.test_draft_connection(edit(Some("acct_1DoesNotExist00"), None)))
        .expect("test");
    assert!(!other.available, "{other:?}");
    assert!(other.reason.as_deref().is_some_and(
        |r| r.starts_with("Account not reachable") && r.contains("acct_1DoesNotExist00")
    ));
    assert_eq!(
        desk.connections()
            .get(&saved.biz_id)
            .expect("get")
            .last_test,
        None,
        "a form that differs from the saved connection is not its test"
    );

    // A typed key replaces the stored one, and its prefix gives the mode.
    let live = rt
        .block_on(desk.test_draft_connection(edit(None, Some("sk_live_51LiveKeyInSandbox0001"))))
        .expect("test");
    assert!(live
        .reason
        .is_some_and(|r| r.starts_with("Key for the wrong mode")));

    // The form as saved: a test of the saved connection, kept with it.
    let same = rt
        .block_on(desk.test_draft_connection(edit(Some(" "), Some(""))))
        .expect("test");
    assert!(same.available, "{same:?}");
    assert!(desk
        .connections()
        .get(&saved.biz_id)
        .expect("get")
        .last_test
        .is_some_and(|t| t.available));

    // The scheme of a saved connection is not the form's to change.
    let scheme = rt
        .block_on(desk.test_draft_connection(DraftConnectionTest {
            biz_id: Some(saved.biz_id.clone()),
            auth: DraftAuth::OAuth2 {
                client_id: "ca_1".into(),
                client_secret: None,
                refresh_token: None,
                mode: Mode::Sandbox,
            },
            stripe_account_id: None,
        }))
        .expect_err("other scheme");
    assert_eq!(scheme.field.as_deref(), Some("authScheme"));

    // A new connection has no stored key to fall back on.
    let missing = rt
        .block_on(desk.test_draft_connection(DraftConnectionTest {
            biz_id: None,
            ..edit(None, None)
        }))
        .expect_err("no key");
    assert_eq!(
        (missing.code, missing.field.as_deref()),
        (ErrorCode::Required, Some("apiKey"))
    );
}

#[test]
fn the_sandbox_tells_its_platform_account() {
    let (_dir, desk, workspace_id) = unlocked_desk_with_workspace();
    let rt = runtime();
    let account = rt
        .block_on(desk.sandbox_account())
        .expect("read")
        .expect("the sandbox runs");
    assert!(account.account_id.starts_with("acct_"), "{account:?}");
    // The same account a platform key's Test reports: the id to enter, or leave empty.
    let saved = desk
        .connections()
        .create(connection(workspace_id, GOOD_KEY))
        .expect("create");
    let tested = rt
        .block_on(desk.test_connection(&saved.biz_id))
        .expect("test");
    assert_eq!(
        tested.account_id.as_deref(),
        Some(account.account_id.as_str())
    );

    desk.set_sandbox_enabled(false).expect("sandbox off");
    assert_eq!(rt.block_on(desk.sandbox_account()).expect("read"), None);
}
