//! The workspaces service and the active-workspace setting, over a real store.

mod common;

use std::sync::Arc;

use common::query;
use connectdesk_core::connections::{AuthInput, Connection, Connections, CreateConnection};
use connectdesk_core::onboarding::OnboardingEntry;
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::settings::Settings;
use connectdesk_core::store::{Collection, Store, STORE_DIR};
use connectdesk_core::time::NOT_DELETED;
use connectdesk_core::vault::Vault;
use connectdesk_core::workspaces::{
    CreateWorkspace, RenameWorkspace, Workspace, WorkspaceDeletePreview, Workspaces,
};
use connectdesk_core::{CoreError, ErrorCode};
use connectdesk_secrets::{NoKeyring, Secret};

fn service(dir: &std::path::Path) -> (Store, Workspaces) {
    let store = Store::open(dir).expect("open");
    let workspaces = Workspaces::new(&store).expect("workspaces");
    (store, workspaces)
}

fn create(workspaces: &Workspaces, name: &str) -> Result<Workspace, CoreError> {
    workspaces.create(CreateWorkspace { name: name.into() })
}

fn rename(workspaces: &Workspaces, id: u64, name: &str) -> Result<Workspace, CoreError> {
    workspaces.rename(RenameWorkspace {
        id,
        name: name.into(),
    })
}

fn everything(workspaces: &Workspaces) -> Page<Workspace> {
    workspaces
        .list(&query(Some("300"), None, &[]))
        .expect("list")
}

fn names(page: &Page<Workspace>) -> Vec<&str> {
    page.items.iter().map(|w| w.name.as_str()).collect()
}

fn code_and_field(err: CoreError) -> (ErrorCode, Option<String>) {
    (err.code, err.field)
}

#[test]
fn create_trims_and_stamps_the_workspace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    let acme = create(&workspaces, "  Acme Corp \n").expect("create");
    assert_eq!(
        (acme.id, acme.name.as_str(), acme.deleted_at.as_str()),
        (1, "Acme Corp", NOT_DELETED)
    );
    assert_eq!(acme.created_at, acme.updated_at);
    assert_eq!(workspaces.get(1).expect("get"), acme);
    let json = serde_json::to_value(&acme).expect("json");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 5);
    for key in ["id", "name", "createdAt", "updatedAt", "deletedAt"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let input: RenameWorkspace =
        serde_json::from_str(r#"{"id": 1, "name": "x"}"#).expect("camelCase input");
    assert_eq!((input.id, input.name.as_str()), (1, "x"));
}

#[test]
fn names_are_required_at_most_100_characters_and_unique_ignoring_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    create(&workspaces, "Acme").expect("create");
    let name = |code| (code, Some("name".to_owned()));
    assert_eq!(
        code_and_field(create(&workspaces, "").expect_err("empty")),
        name(ErrorCode::Required)
    );
    assert_eq!(
        code_and_field(create(&workspaces, " \t ").expect_err("blank")),
        name(ErrorCode::Required)
    );
    assert_eq!(
        code_and_field(create(&workspaces, &"x".repeat(101)).expect_err("long")),
        name(ErrorCode::TooLong)
    );
    assert_eq!(
        code_and_field(create(&workspaces, &"ü".repeat(101)).expect_err("long")),
        name(ErrorCode::TooLong)
    );
    assert_eq!(
        code_and_field(create(&workspaces, "  aCME ").expect_err("taken")),
        name(ErrorCode::Conflict)
    );
    // 100 characters of 4 bytes each are fine: the limit counts characters.
    assert_eq!(
        create(&workspaces, &"🦀".repeat(100))
            .expect("100 chars")
            .name
            .chars()
            .count(),
        100
    );
    assert_eq!(
        create(&workspaces, &format!("  {}  ", "y".repeat(100)))
            .expect("trimmed first")
            .name
            .len(),
        100
    );
}

#[test]
fn a_rejected_request_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    create(&workspaces, "Acme").expect("create");
    create(&workspaces, "Globex").expect("create");
    let before = everything(&workspaces);

    create(&workspaces, "ACME").expect_err("conflict");
    create(&workspaces, "").expect_err("required");
    rename(&workspaces, 2, "acme").expect_err("conflict");
    rename(&workspaces, 2, &"z".repeat(101)).expect_err("too long");
    rename(&workspaces, 99, "Initech").expect_err("unknown");

    let after = everything(&workspaces);
    assert_eq!(after.items, before.items, "names and timestamps unchanged");
    assert_eq!(after.total_count, 2);
    assert_eq!(
        create(&workspaces, "Initech").expect("create").id,
        3,
        "no id was used up"
    );
    assert!(
        workspaces
            .list(&query(None, None, &[("name", "eq", "initech")]))
            .expect("list")
            .total_count
            == 1
    );
}

#[test]
fn rename_changes_the_name_and_frees_the_old_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    let acme = create(&workspaces, "Acme").expect("create");
    create(&workspaces, "Globex").expect("create");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let renamed = rename(&workspaces, acme.id, "  Acme Europe ").expect("rename");
    assert_eq!(
        (renamed.name.as_str(), renamed.created_at.as_str()),
        ("Acme Europe", acme.created_at.as_str())
    );
    assert!(renamed.updated_at > acme.updated_at);
    assert_eq!(
        rename(&workspaces, acme.id, "ACME EUROPE")
            .expect("its own name in another case")
            .name,
        "ACME EUROPE"
    );
    create(&workspaces, "acme").expect("the old name is free");
    assert_eq!(
        names(
            &workspaces
                .list(&query(None, Some("name:asc"), &[]))
                .expect("list")
        ),
        ["acme", "ACME EUROPE", "Globex"]
    );
}

#[test]
fn rename_of_an_unknown_or_deleted_workspace_is_not_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    let acme = create(&workspaces, "Acme").expect("create");
    assert_eq!(
        rename(&workspaces, 42, "X").expect_err("unknown").code,
        ErrorCode::NotFound
    );
    workspaces.delete(acme.id).expect("delete");
    assert_eq!(
        rename(&workspaces, acme.id, "X").expect_err("deleted").code,
        ErrorCode::NotFound
    );
    assert_eq!(
        workspaces.get(acme.id).expect_err("deleted").code,
        ErrorCode::NotFound
    );
    assert_eq!(
        workspaces.delete(acme.id).expect_err("twice").code,
        ErrorCode::NotFound
    );
}

#[test]
fn deleted_workspaces_leave_lists_and_free_their_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    for name in ["Acme", "Globex", "Initech", "Umbrella"] {
        create(&workspaces, name).expect("create");
    }
    let deleted = workspaces.delete(2).expect("delete");
    assert_ne!(deleted.deleted_at, NOT_DELETED);
    let page = everything(&workspaces);
    assert_eq!(
        (names(&page), page.total_count),
        (vec!["Acme", "Initech", "Umbrella"], 3)
    );
    let filtered = workspaces
        .list(&query(None, None, &[("name", "contains", "B")]))
        .expect("list");
    assert_eq!(
        (names(&filtered), filtered.total_count),
        (vec!["Umbrella"], 1)
    );
    assert_eq!(create(&workspaces, "globex").expect("name reusable").id, 5);
}

#[test]
fn list_sorts_filters_and_pages_by_the_declared_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, workspaces) = service(dir.path());
    for name in ["delta", "Alpha", "charlie", "Bravo", "Écho"] {
        create(&workspaces, name).expect("create");
    }
    let first = workspaces
        .list(&query(Some("2"), Some("name:desc"), &[]))
        .expect("list");
    assert_eq!(
        (names(&first), first.total_count, first.end_reached),
        (vec!["Écho", "delta"], 5, false)
    );
    let mut next = query(Some("2"), Some("name:desc"), &[]);
    next.page_token = first.next_page_token;
    assert_eq!(
        names(&workspaces.list(&next).expect("page 2")),
        ["charlie", "Bravo"]
    );
    for (filters, expected) in [
        (vec![("id", "gte", "4")], vec!["Bravo", "Écho"]),
        (vec![("id", "in", "1,3,9")], vec!["delta", "charlie"]),
        (vec![("name", "lt", "c")], vec!["Alpha", "Bravo"]),
        (
            vec![("name", "ne", "ALPHA"), ("name", "contains", "a")],
            vec!["delta", "charlie", "Bravo"],
        ),
    ] {
        assert_eq!(
            names(&workspaces.list(&query(None, None, &filters)).expect("list")),
            expected,
            "{filters:?}"
        );
    }
    // Timestamps split the workspaces at a moment: before-or-at and after, nothing lost.
    let moment = workspaces.get(3).expect("get").created_at;
    for field in ["createdAt", "updatedAt"] {
        let early = workspaces
            .list(&query(None, None, &[(field, "lte", &moment)]))
            .expect("list");
        let late = workspaces
            .list(&query(None, None, &[(field, "gt", &moment)]))
            .expect("list");
        assert!(
            early.items.iter().all(|w| w.created_at <= moment)
                && late.items.iter().all(|w| w.created_at > moment)
        );
        assert!(
            names(&early).starts_with(&["delta", "Alpha", "charlie"]),
            "{field}"
        );
        assert_eq!(early.total_count + late.total_count, 5, "{field}");
    }
    for (sort, code) in [
        ("deletedAt:asc", ErrorCode::UnknownDataField),
        ("name:sideways", ErrorCode::InvalidValue),
    ] {
        let err = workspaces
            .list(&ListQuery {
                sort: Some(sort.into()),
                ..ListQuery::default()
            })
            .expect_err(sort);
        assert_eq!((err.code, err.field.as_deref()), (code, Some("sort")));
    }
}

#[test]
fn the_active_workspace_is_remembered_across_restarts() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (store, workspaces) = service(dir.path());
        let settings = Settings::open(&store).expect("settings");
        assert_eq!(settings.active_workspace().expect("read"), None);
        create(&workspaces, "Acme").expect("create");
        create(&workspaces, "Globex").expect("create");
        settings.set_active_workspace(Some(2)).expect("set");
        assert_eq!(settings.active_workspace().expect("read"), Some(2));
    }
    let (store, workspaces) = service(dir.path());
    let settings = Settings::open(&store).expect("settings");
    assert_eq!(settings.active_workspace().expect("read"), Some(2));

    assert_eq!(
        settings
            .set_active_workspace(Some(9))
            .expect_err("unknown")
            .code,
        ErrorCode::NotFound
    );
    workspaces.delete(1).expect("delete another");
    assert_eq!(
        settings
            .set_active_workspace(Some(1))
            .expect_err("deleted")
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        settings.active_workspace().expect("read"),
        Some(2),
        "failed attempts and other deletions keep it"
    );

    settings.set_active_workspace(None).expect("forget");
    assert_eq!(settings.active_workspace().expect("read"), None);
}

#[test]
fn deleting_the_active_workspace_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (store, workspaces) = service(dir.path());
        let settings = Settings::open(&store).expect("settings");
        let acme = create(&workspaces, "Acme").expect("create");
        settings.set_active_workspace(Some(acme.id)).expect("set");
        workspaces.delete(acme.id).expect("delete");
        assert_eq!(settings.active_workspace().expect("read"), None);
    }
    let (store, workspaces) = service(dir.path());
    assert_eq!(
        Settings::open(&store)
            .expect("settings")
            .active_workspace()
            .expect("read"),
        None,
        "after a restart too"
    );
    // With no active workspace left, the next one created becomes active (a new record, not
    // the deleted one under its old name).
    let again = create(&workspaces, "Acme").expect("create");
    assert_eq!(
        Settings::open(&store)
            .expect("settings")
            .active_workspace()
            .expect("read"),
        Some(again.id)
    );
}

#[test]
fn a_new_workspace_becomes_active_only_when_none_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, workspaces) = service(dir.path());
    let settings = Settings::open(&store).expect("settings");
    let acme = create(&workspaces, "Acme").expect("create");
    assert_eq!(settings.active_workspace().expect("read"), Some(acme.id));
    let globex = create(&workspaces, "Globex").expect("create");
    assert_eq!(
        settings.active_workspace().expect("read"),
        Some(acme.id),
        "a second workspace leaves the active one alone"
    );
    settings.set_active_workspace(None).expect("forget");
    let initech = create(&workspaces, "Initech").expect("create");
    assert_eq!(settings.active_workspace().expect("read"), Some(initech.id));
    assert_ne!(initech.id, globex.id);
    // A refused create changes nothing.
    settings.set_active_workspace(None).expect("forget");
    create(&workspaces, "acme").expect_err("duplicate name");
    assert_eq!(settings.active_workspace().expect("read"), None);
}

/// Workspaces with their connections and onboarding entries, over one real store.
struct Services {
    workspaces: Workspaces,
    connections: Connections,
    entries: Collection<OnboardingEntry>,
    settings: Settings,
}

fn open_all(dir: &std::path::Path) -> Services {
    let (store, workspaces) = service(dir);
    let vault = Vault::open(dir, &NoKeyring);
    vault
        .unlock_with_passphrase(&Secret::new("correct horse battery"))
        .expect("unlock");
    Services {
        connections: Connections::new(&store, Arc::new(vault)).expect("connections"),
        entries: store.collection().expect("onboarding entries"),
        settings: Settings::open(&store).expect("settings"),
        workspaces,
    }
}

fn add_connection(desk: &Services, workspace_id: u64, name: &str) -> Connection {
    desk.connections
        .create(CreateConnection {
            workspace_id,
            connection_name: name.into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::ApiKey {
                api_key: Secret::new(format!("sk_test_51Cascade{name}00000000")),
            },
            webhook_secret: Some(Secret::new(format!("whsec_Cascade{name}0000"))),
            partner_endpoint: None,
            config_json: None,
        })
        .expect("connection")
}

fn add_entry(desk: &Services, workspace_id: u64, merchant: &str) -> OnboardingEntry {
    let entry: OnboardingEntry = serde_json::from_value(serde_json::json!({
        "id": 0, "workspaceId": workspace_id, "merchantId": merchant,
        "accountId": format!("acct_{merchant}"), "accountType": "express",
        "status": 0, "statusName": "MissingData", "mode": 0, "offline": true,
        "email": format!("{merchant}@shop.example"), "country": "US", "tosAccepted": false,
        "detailsSubmitted": false, "chargesEnabled": false, "payoutsEnabled": false,
        "capabilities": {}, "paymentMethods": [], "businessType": "", "returnUrl": null,
        "refreshUrl": null, "linkExpiresAt": null, "createdAt": "", "updatedAt": "",
        "deletedAt": "", "rawResponse": {}
    }))
    .expect("an entry");
    desk.entries.insert(entry).expect("insert entry")
}

fn in_workspace(workspace_id: u64) -> ListQuery {
    query(
        None,
        None,
        &[("workspaceId", "eq", &workspace_id.to_string())],
    )
}

/// Acme (active, two connections, two entries) and Globex (one of each, its connection chosen).
fn two_workspaces(desk: &Services) -> (Workspace, Workspace) {
    let acme = create(&desk.workspaces, "Acme").expect("create");
    let globex = create(&desk.workspaces, "Globex").expect("create");
    let first = add_connection(desk, acme.id, "AcmeMain");
    add_connection(desk, acme.id, "AcmeSpare");
    let theirs = add_connection(desk, globex.id, "GlobexMain");
    add_entry(desk, acme.id, "m1");
    add_entry(desk, acme.id, "m2");
    add_entry(desk, globex.id, "m3");
    desk.settings
        .set_active_workspace(Some(acme.id))
        .expect("active");
    desk.settings
        .set_active_connection(acme.id, Some(&first.biz_id))
        .expect("active connection");
    desk.settings
        .set_active_connection(globex.id, Some(&theirs.biz_id))
        .expect("active connection");
    (acme, globex)
}

#[test]
fn deleting_a_workspace_deletes_its_connections_and_onboarding_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open_all(dir.path());
    let (acme, globex) = two_workspaces(&desk);
    let preview = desk.workspaces.delete_preview(acme.id).expect("preview");
    assert_eq!(
        preview,
        WorkspaceDeletePreview {
            workspace: acme.clone(),
            connections: 2,
            onboarding_entries: 2
        }
    );
    let other = desk.workspaces.delete_preview(globex.id).expect("preview");
    assert_eq!((other.connections, other.onboarding_entries), (1, 1));

    let deleted = desk.workspaces.delete(acme.id).expect("delete");
    assert_ne!(deleted.deleted_at, NOT_DELETED);
    let acme_connections = desk.connections.list(&in_workspace(acme.id)).expect("list");
    let acme_entries = desk.entries.list(&in_workspace(acme.id)).expect("list");
    assert_eq!(
        (acme_connections.total_count, acme_entries.total_count),
        (0, 0)
    );
    assert_eq!(
        desk.connections
            .list(&ListQuery::default())
            .expect("list")
            .total_count,
        1
    );
    let globex_connection = &desk
        .connections
        .list(&in_workspace(globex.id))
        .expect("list")
        .items[0];
    assert!(desk
        .connections
        .credentials(&globex_connection.biz_id)
        .expect("Globex's connection still unseals")
        .api_key
        .is_some());
    assert_eq!(
        desk.entries
            .list(&in_workspace(globex.id))
            .expect("list")
            .total_count,
        1
    );
    assert_eq!(desk.settings.active_workspace().expect("read"), None);
    assert_eq!(
        desk.settings.active_connection(acme.id).expect("read"),
        None
    );
    assert_eq!(
        desk.settings.active_connection(globex.id).expect("read"),
        Some(globex_connection.biz_id.clone()),
        "another workspace's choice stays"
    );
    assert_eq!(
        desk.workspaces
            .delete_preview(acme.id)
            .expect_err("gone")
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        desk.workspaces.delete(acme.id).expect_err("twice").code,
        ErrorCode::NotFound
    );
    drop(desk);

    let trees = common::raw_trees(dir.path());
    let records = common::connection_records(&trees);
    assert_eq!(records.len(), 3, "soft-deleted records stay");
    for record in &records {
        let of_acme = record["workspaceId"] == acme.id;
        let deleted = record["deletedAt"] != NOT_DELETED;
        let sealed = record["sealed"].as_object().expect("sealed");
        assert_eq!(deleted, of_acme, "{record}");
        assert_eq!(
            sealed.values().all(serde_json::Value::is_null),
            of_acme,
            "{record}"
        );
        assert!(
            record["hints"]["apiKey"].is_string(),
            "hints stay: {record}"
        );
    }
    let entries = &trees[b"onboarding".as_slice()];
    assert_eq!(entries.len(), 3);
    for (_, value) in entries {
        let entry: serde_json::Value = serde_json::from_slice(value).expect("json");
        let deleted_at = entry["deletedAt"].as_str().expect("deletedAt");
        if entry["workspaceId"] == acme.id {
            assert_eq!(deleted_at, deleted.deleted_at, "deleted in the same write");
        } else {
            assert_eq!(deleted_at, NOT_DELETED);
        }
    }
}

#[test]
fn a_workspace_delete_that_fails_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (acme, globex) = two_workspaces(&open_all(dir.path()));
    // Damage Acme's last onboarding entry: the delete fails on it, after the workspace and its
    // connections were already changed inside the transaction.
    {
        let db = common::open_raw(&dir.path().join(STORE_DIR));
        let tree = db.open_tree("onboarding").expect("tree");
        tree.insert(2u64.to_be_bytes(), b"{damaged".as_slice())
            .expect("damage");
        db.flush().expect("flush");
    }
    let before = common::raw_trees_but_audit(dir.path());
    let desk = open_all(dir.path());
    let err = desk.workspaces.delete(acme.id).expect_err("damaged entry");
    assert_eq!(err.code, ErrorCode::StoreCorrupt, "{err:?}");
    assert_eq!(
        desk.settings.active_workspace().expect("read"),
        Some(acme.id)
    );
    let preview = desk
        .workspaces
        .delete_preview(acme.id)
        .expect("still there");
    assert_eq!((preview.connections, preview.onboarding_entries), (2, 2));
    assert_eq!(
        desk.workspaces
            .delete_preview(globex.id)
            .expect("preview")
            .connections,
        1
    );
    drop(desk);
    assert!(
        common::raw_trees_but_audit(dir.path()) == before,
        "no tree changed"
    );
}
