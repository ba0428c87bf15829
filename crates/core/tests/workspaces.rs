//! The workspaces service and the active-workspace setting, over a real store.

mod common;

use common::query;
use connectdesk_core::query::{ListQuery, Page};
use connectdesk_core::settings::Settings;
use connectdesk_core::store::Store;
use connectdesk_core::time::NOT_DELETED;
use connectdesk_core::workspaces::{CreateWorkspace, RenameWorkspace, Workspace, Workspaces};
use connectdesk_core::{CoreError, ErrorCode};

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
    // A new workspace does not inherit the choice.
    create(&workspaces, "Acme").expect("create");
    assert_eq!(
        Settings::open(&store)
            .expect("settings")
            .active_workspace()
            .expect("read"),
        None
    );
}
