//! The store on disk: persistence, atomic writes, uniqueness, format versions, refusing
//! directories it does not own, and rebuilding indexes when a schema changes.

mod common;

use std::fs;

use common::{all_pages, ids, open, open_raw, query, raw_trees, Item};
use connectdesk_core::store::{
    Field, Record, Store, FORMAT_VERSION, FORMAT_VERSION_KEY, STORE_DIR, STORE_META_TREE,
};
use connectdesk_core::time::{parse_iso, NOT_DELETED};
use connectdesk_core::ErrorCode;
use serde::{Deserialize, Serialize};

fn assert_send_sync<T: Send + Sync + Clone>() {}

fn set_code(code: &str) -> impl Fn(&mut Item) -> connectdesk_core::Result<()> + '_ {
    move |item| {
        item.code = code.to_owned();
        Ok(())
    }
}

#[test]
fn handles_are_shareable_between_threads() {
    assert_send_sync::<Store>();
    assert_send_sync::<connectdesk_core::store::Collection<Item>>();
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let items = items.clone();
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| {
                        items
                            .insert(Item::new(&format!("t{t} {i}"), i, "paid"))
                            .expect("insert")
                            .id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<u64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (1..=100).collect::<Vec<_>>(),
        "concurrent inserts take distinct ids without gaps"
    );
    assert_eq!(
        items
            .list(&query(None, None, &[("status", "eq", "paid")]))
            .expect("list")
            .total_count,
        100
    );
}

#[test]
fn insert_assigns_ids_and_timestamps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let mut draft = Item::new("first", 1, "paid");
    draft.id = 999;
    draft.deleted_at = "2020-01-01T00:00:00.000Z".into();
    let first = items.insert(draft).expect("insert");
    assert_eq!(first.id, 1, "ids start at 1 and ignore the draft's");
    assert_eq!(first.deleted_at, NOT_DELETED);
    assert_eq!(first.created_at, first.updated_at);
    assert_eq!(first.created_at.len(), "2025-09-12T06:54:17.000Z".len());
    assert!(first.created_at.ends_with('Z') && parse_iso(&first.created_at).is_some());
    assert_eq!(
        items
            .insert(Item::new("second", 2, "paid"))
            .expect("insert")
            .id,
        2
    );
    assert_eq!(items.get(1).expect("get"), first);
    assert_eq!(
        items.get(3).expect_err("no such id").code,
        ErrorCode::NotFound
    );
}

#[test]
fn update_changes_fields_and_indexes_but_not_identity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let original = items
        .insert(Item::new("before", 1, "pending"))
        .expect("insert");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let updated = items
        .update(original.id, |item| {
            item.name = "after".into();
            item.status = "paid".into();
            item.id = 77; // ignored
            item.created_at = "2000-01-01T00:00:00.000Z".into(); // ignored
            Ok(())
        })
        .expect("update");
    assert_eq!(
        (
            updated.id,
            updated.name.as_str(),
            updated.created_at.as_str()
        ),
        (1, "after", original.created_at.as_str())
    );
    assert!(
        updated.updated_at > original.updated_at,
        "updatedAt moves forward"
    );
    assert_eq!(items.get(1).expect("get"), updated);
    let by = |filters| {
        items
            .list(&query(None, None, filters))
            .expect("list")
            .total_count
    };
    assert_eq!(by(&[("status", "eq", "paid")]), 1);
    assert_eq!(by(&[("status", "eq", "pending")]), 0);
    assert_eq!(by(&[("name", "eq", "after")]), 1);
    assert_eq!(
        items
            .list(&query(None, Some("name:asc"), &[("name", "lt", "b")]))
            .expect("list")
            .items
            .len(),
        1
    );
    assert_eq!(
        items
            .list(&query(None, Some("name:asc"), &[("name", "eq", "before")]))
            .expect("list")
            .total_count,
        0
    );

    items.soft_delete(1).expect("delete");
    let err = items
        .update(1, |_| Ok(()))
        .expect_err("deleted entries cannot change");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn entries_and_ids_persist_across_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written: Vec<Item> = {
        let (_store, items) = open(dir.path());
        let written = (0..10)
            .map(|i| {
                items
                    .insert(Item::new(&format!("n{i}"), i, "paid"))
                    .expect("insert")
            })
            .collect();
        items.soft_delete(10).expect("delete the last");
        written
    };
    let (_store, items) = open(dir.path());
    for item in &written[..9] {
        assert_eq!(&items.get(item.id).expect("still there"), item);
    }
    assert_eq!(
        items.get(10).expect_err("still deleted").code,
        ErrorCode::NotFound
    );
    assert_eq!(
        items
            .insert(Item::new("next", 1, "paid"))
            .expect("insert")
            .id,
        11,
        "the id sequence continues"
    );
    let page = items
        .list(&query(None, Some("id:desc"), &[("status", "eq", "paid")]))
        .expect("list");
    assert_eq!((page.total_count, ids(&page)[0]), (10, 11));
}

#[test]
fn unique_fields_are_enforced_among_live_entries_case_insensitively() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let mut first = Item::new("a", 1, "paid");
    first.code = "Code-X".into();
    items.insert(first.clone()).expect("insert");
    let mut clash = Item::new("b", 2, "paid");
    clash.code = "CODE-x".into();
    let err = items
        .insert(clash.clone())
        .expect_err("same code, other case");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Conflict, Some("code"))
    );

    let second = items
        .insert(Item::new("c", 3, "paid"))
        .expect("another code");
    let err = items
        .update(second.id, set_code("code-X"))
        .expect_err("update into a clash");
    assert_eq!(err.code, ErrorCode::Conflict);
    items
        .update(1, set_code("CODE-X"))
        .expect("an entry may keep its own value in another case");

    items.soft_delete(1).expect("delete");
    assert_eq!(
        items.insert(clash).expect("the value is free again").code,
        "CODE-x"
    );
}

#[test]
fn a_rejected_write_leaves_every_tree_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (_store, items) = open(dir.path());
        for i in 0..5 {
            items
                .insert(Item::new(&format!("n{i}"), i, "paid"))
                .expect("insert");
        }
    }
    let before = raw_trees(dir.path());
    {
        let (_store, items) = open(dir.path());
        // The third entry clashes after two were written inside the same transaction.
        let batch = vec![
            Item::new("new1", 1, "failed"),
            Item::new("new2", 2, "failed"),
            Item::new("n1", 3, "failed"),
        ];
        assert_eq!(
            items.insert_many(batch).expect_err("clash").code,
            ErrorCode::Conflict
        );
        // An update that removes the old index keys and then hits a clash.
        let err = items.update(1, set_code("code-n2")).expect_err("clash");
        assert_eq!(err.code, ErrorCode::Conflict);
        // A change the caller rejects.
        let err = items
            .update(2, |item| {
                item.status = "failed".into();
                Err(connectdesk_core::CoreError::new(
                    ErrorCode::InvalidValue,
                    "no",
                ))
            })
            .expect_err("rejected by the caller");
        assert_eq!(err.code, ErrorCode::InvalidValue);
        assert_eq!(
            items
                .list(&query(None, None, &[("status", "eq", "failed")]))
                .expect("list")
                .total_count,
            0
        );
        assert_eq!(items.count().expect("count"), 5);
    }
    assert_eq!(
        raw_trees(dir.path()),
        before,
        "no index key, counter or id was written"
    );
    let (_store, items) = open(dir.path());
    assert_eq!(
        items
            .insert(Item::new("next", 1, "paid"))
            .expect("insert")
            .id,
        6,
        "no id was used up"
    );
}

#[test]
fn insert_many_writes_everything_with_consecutive_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, items) = open(dir.path());
    let ids = items
        .insert_many((0..2_500).map(|i| {
            Item::new(
                &format!("bulk {i}"),
                i % 7,
                ["paid", "failed"][i as usize % 2],
            )
        }))
        .expect("bulk");
    assert_eq!(ids, (1..=2_500).collect::<Vec<_>>());
    assert_eq!(items.count().expect("count"), 2_500);
    assert_eq!(
        items
            .list(&query(None, None, &[("status", "eq", "failed")]))
            .expect("list")
            .total_count,
        1_250
    );
    let pages = all_pages(
        &items,
        query(Some("300"), Some("qty:desc"), &[("status", "eq", "paid")]),
    );
    assert_eq!(pages.iter().map(|p| p.items.len()).sum::<usize>(), 1_250);
    assert_eq!(
        items.insert_many(Vec::new()).expect("nothing to insert"),
        Vec::<u64>::new()
    );
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(open(dir.path()));
    {
        let db = sled::open(dir.path().join(STORE_DIR)).expect("raw");
        db.open_tree(STORE_META_TREE)
            .expect("meta")
            .insert(FORMAT_VERSION_KEY, &(FORMAT_VERSION + 1).to_be_bytes())
            .expect("write");
        db.flush().expect("flush");
    }
    let before = raw_trees(dir.path());
    let err = Store::open(dir.path()).expect_err("too new");
    assert_eq!(err.code, ErrorCode::StoreTooNew);
    assert!(err.message.contains("newer ConnectDesk"), "{}", err.message);
    assert_eq!(raw_trees(dir.path()), before);
}

#[test]
fn a_store_with_a_damaged_version_or_data_without_one_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(open(dir.path()));
    {
        let db = sled::open(dir.path().join(STORE_DIR)).expect("raw");
        db.open_tree(STORE_META_TREE)
            .expect("meta")
            .insert(FORMAT_VERSION_KEY, b"?")
            .expect("write");
        db.flush().expect("flush");
    }
    assert_eq!(
        Store::open(dir.path()).expect_err("damaged").code,
        ErrorCode::StoreCorrupt
    );

    let foreign = tempfile::tempdir().expect("tempdir");
    {
        let db = sled::open(foreign.path().join(STORE_DIR)).expect("someone else's sled db");
        db.insert(b"their", b"data").expect("write");
        db.flush().expect("flush");
    }
    let err = Store::open(foreign.path()).expect_err("not ours");
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    let db = reopen_when_released(&foreign.path().join(STORE_DIR));
    assert_eq!(
        db.get(b"their").expect("read").as_deref(),
        Some(&b"data"[..]),
        "their data is untouched"
    );
}

/// Opens a sled db that was just closed. sled keeps the directory's file lock until its flusher
/// thread has exited, a moment after the last handle is dropped (failed once in CI).
fn reopen_when_released(path: &std::path::Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(sled::Error::Io(err))
                if err.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(err) => panic!("still a sled db: {err:?}"),
        }
    }
}

#[test]
fn a_directory_that_is_not_a_store_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");

    let file = dir.path().join("a-file");
    fs::write(&file, b"not a directory").expect("write");
    let err = Store::open(&file).expect_err("a file as the data directory");
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    assert!(
        err.message.contains("not a ConnectDesk data store"),
        "{}",
        err.message
    );
    assert_eq!(fs::read(&file).expect("read"), b"not a directory");

    let store_is_a_file = dir.path().join("store-is-a-file");
    fs::create_dir(&store_is_a_file).expect("mkdir");
    fs::write(store_is_a_file.join(STORE_DIR), b"garbage").expect("write");
    let err = Store::open(&store_is_a_file).expect_err("a file as the store directory");
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    assert_eq!(
        fs::read(store_is_a_file.join(STORE_DIR)).expect("read"),
        b"garbage"
    );

    let documents = dir.path().join("documents");
    fs::create_dir_all(documents.join(STORE_DIR)).expect("mkdir");
    fs::write(documents.join(STORE_DIR).join("notes.txt"), b"mine").expect("write");
    let err = Store::open(&documents).expect_err("someone's files");
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    assert!(err.message.contains("notes.txt"), "{}", err.message);
    let listing = fs::read_dir(documents.join(STORE_DIR)).expect("ls").count();
    assert_eq!(listing, 1, "nothing was added");

    let garbage = dir.path().join("garbage");
    let garbage_store = garbage.join(STORE_DIR);
    fs::create_dir_all(&garbage_store).expect("mkdir");
    fs::write(
        garbage_store.join("conf"),
        b"\x00\xffgarbage garbage garbage",
    )
    .expect("write");
    fs::write(garbage_store.join("db"), vec![0xAB; 4096]).expect("write");
    let err = Store::open(&garbage).expect_err("garbage sled files");
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    assert!(err.message.contains("damaged"), "{}", err.message);
    let db = fs::read(garbage_store.join("db")).expect("read");
    assert_eq!(db, vec![0xAB; 4096], "not overwritten");
}

#[test]
fn the_store_keeps_to_its_subdirectory_of_the_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = dir.path().join("new/nested");
    let (_store, items) = open(&data_dir);
    let item = items.insert(Item::new("x", 1, "paid"));
    assert_eq!(item.expect("a missing directory is created").id, 1);
    let entries: Vec<String> = fs::read_dir(&data_dir)
        .expect("ls")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(entries, [STORE_DIR]);

    // Other files of the app may live beside it; OS metadata inside it is tolerated.
    let shared = dir.path().join("shared");
    fs::create_dir_all(shared.join(STORE_DIR)).expect("mkdir");
    fs::write(shared.join("keystore.json"), b"{}").expect("write");
    fs::write(shared.join(STORE_DIR).join(".DS_Store"), b"finder").expect("write");
    drop(open(&shared));
    let (_store, items) = open(&shared);
    assert_eq!(
        items.insert(Item::new("y", 1, "paid")).expect("insert").id,
        1
    );
    assert_eq!(fs::read(shared.join("keystore.json")).expect("read"), b"{}");
}

#[test]
fn a_damaged_db_file_is_refused_without_losing_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (_store, items) = open(dir.path());
        items
            .insert(Item::new("precious", 1, "paid"))
            .expect("insert");
    }
    let db_file = dir.path().join(STORE_DIR).join("db");
    let damaged = vec![0x5A; fs::metadata(&db_file).expect("stat").len() as usize];
    fs::write(&db_file, &damaged).expect("damage it");
    let err = Store::open(dir.path()).expect_err("damaged");
    assert_eq!(err.code, ErrorCode::StoreCorrupt, "{}", err.message);
    assert_eq!(
        fs::read(&db_file).expect("read"),
        damaged,
        "the damaged file is kept for recovery"
    );
}

#[test]
fn a_store_already_open_elsewhere_gives_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, _items) = open(dir.path());
    let err = Store::open(dir.path()).expect_err("locked");
    assert!(err.message.contains("in use"), "{}", err.message);
}

/// `Item` as a later version declares it: `code` also sortable, `qty` a key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemV2 {
    id: u64,
    code: String,
    qty: i64,
}

impl Record for ItemV2 {
    const COLLECTION: &'static str = "items";
    const LABEL: &'static str = "item";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("code").sortable().filterable(),
        Field::int("qty").key(),
    ];
}

#[test]
fn indexes_are_rebuilt_when_the_schema_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (_store, items) = open(dir.path());
        for (i, code) in ["m", "z", "a", "q"].iter().enumerate() {
            let mut item = Item::new(code, i as i64 % 2, "paid");
            item.code = (*code).into();
            items.insert(item).expect("insert");
        }
        items.soft_delete(4).expect("delete q");
    }
    let store = Store::open(dir.path()).expect("open");
    let v2 = store.collection::<ItemV2>().expect("the new schema opens");
    let page = v2
        .list(&query(None, Some("code:asc"), &[]))
        .expect("sorted by the new index");
    assert_eq!(
        page.items
            .iter()
            .map(|i| i.code.as_str())
            .collect::<Vec<_>>(),
        ["a", "m", "z"]
    );
    let page = v2
        .list(&query(None, Some("code:desc"), &[("qty", "eq", "0")]))
        .expect("by the new key");
    assert_eq!(
        (
            page.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            page.total_count
        ),
        (vec![1, 3], 2)
    );
    // And back: the old schema's indexes are rebuilt too, including what changed meanwhile.
    v2.soft_delete(1).expect("delete m");
    let items = store.collection::<Item>().expect("the old schema opens");
    assert_eq!(
        items
            .list(&query(None, None, &[("status", "eq", "paid")]))
            .expect("list")
            .total_count,
        2
    );
}

/// `Item` with covering indexes: the same fields, index keys carrying the entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
struct Covered(Item);

impl Record for Covered {
    const COLLECTION: &'static str = "covered_items";
    const LABEL: &'static str = "item";
    const FIELDS: &'static [Field] = Item::FIELDS;
    const COVERING: bool = true;
}

type Filters = &'static [(&'static str, &'static str, &'static str)];

#[test]
fn covering_indexes_list_what_lookups_by_id_list_through_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let plain = store.collection::<Item>().expect("plain");
    let covered = store.collection::<Covered>().expect("covered");
    let statuses = ["paid", "failed", "pending"];
    let items: Vec<Item> = (0..60)
        .map(|i| {
            Item::new(
                &format!("n{:02}", (i * 37) % 60),
                i % 7,
                statuses[i as usize % 3],
            )
        })
        .collect();
    plain.insert_many(items.clone()).expect("seed plain");
    covered
        .insert_many(items.into_iter().map(Covered))
        .expect("seed covered");
    for id in [3, 10, 11] {
        plain
            .update(id, set_code(&format!("new-{id}")))
            .expect("update");
        covered
            .update(id, |c| set_code(&format!("new-{id}"))(&mut c.0))
            .expect("update");
        assert_eq!(covered.get(id).expect("get").0.code, format!("new-{id}"));
    }
    for id in [4, 20] {
        plain.soft_delete(id).expect("delete");
        covered.soft_delete(id).expect("delete");
    }
    let queries: [(Option<&str>, Filters); 6] = [
        (None, &[]),
        (Some("name:desc"), &[("status", "eq", "paid")]),
        (Some("qty:asc"), &[("qty", "gte", "3")]),
        (
            Some("qty:desc"),
            &[("status", "eq", "failed"), ("qty", "lt", "5")],
        ),
        (Some("name:asc"), &[("code", "contains", "new")]),
        (Some("id:desc"), &[("status", "ne", "pending")]),
    ];
    for (sort, filters) in queries {
        // Tokens name their collection, so each side pages with its own.
        let (mut plain_query, mut covered_query) = (
            query(Some("7"), sort, filters),
            query(Some("7"), sort, filters),
        );
        loop {
            let ours = plain.list(&plain_query).expect("plain list");
            let theirs = covered.list(&covered_query).expect("covered list");
            let render = |items: Vec<String>| items.join(",");
            assert_eq!(
                render(
                    theirs
                        .items
                        .iter()
                        .map(|c| format!("{}:{}", c.0.id, c.0.code))
                        .collect()
                ),
                render(
                    ours.items
                        .iter()
                        .map(|i| format!("{}:{}", i.id, i.code))
                        .collect()
                ),
                "{sort:?} {filters:?}"
            );
            assert_eq!(theirs.total_count, ours.total_count, "{sort:?} {filters:?}");
            match (theirs.next_page_token, ours.next_page_token) {
                (Some(covered_token), Some(plain_token)) => {
                    covered_query.page_token = Some(covered_token);
                    plain_query.page_token = Some(plain_token);
                }
                (None, None) => break,
                other => panic!("one side ends early: {other:?}"),
            }
        }
    }
    assert_eq!(covered.count().expect("count"), 58);
}

#[test]
fn indexes_of_the_keys_only_format_are_rebuilt_to_carry_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("open");
        let items = store.collection::<Covered>().expect("covered");
        for (i, status) in ["paid", "failed", "paid"].iter().enumerate() {
            items
                .insert(Covered(Item::new(&format!("n{i}"), i as i64, status)))
                .expect("insert");
        }
    }
    {
        // What format 1 wrote: index keys with empty values, and its schema signature.
        let db = open_raw(&dir.path().join(STORE_DIR));
        for name in db.tree_names() {
            let name = String::from_utf8(name.to_vec()).expect("utf8 tree name");
            if name.starts_with("covered_items#sort#") || name.starts_with("covered_items#key#") {
                let tree = db.open_tree(&name).expect("tree");
                for key in tree.iter().keys() {
                    tree.insert(key.expect("key"), &[]).expect("write");
                }
            }
        }
        let meta = db.open_tree("covered_items#meta").expect("meta");
        let old = meta.get("schema").expect("read").expect("a schema");
        let old = String::from_utf8(old.to_vec()).expect("utf8 schema");
        let old = old.replace("index-format=2;covering=true", "index-format=1");
        meta.insert("schema", old.as_bytes()).expect("write");
        db.flush().expect("flush");
    }
    let store = Store::open(dir.path()).expect("open");
    let items = store.collection::<Covered>().expect("covered");
    let page = items
        .list(&query(None, Some("name:desc"), &[("status", "eq", "paid")]))
        .expect("the rebuilt index lists whole entries");
    assert_eq!(
        page.items
            .iter()
            .map(|i| (i.0.id, i.0.name.as_str()))
            .collect::<Vec<_>>(),
        [(3, "n2"), (1, "n0")]
    );
    assert_eq!(page.total_count, 2);
    let all = items.list(&query(None, None, &[])).expect("by id");
    assert_eq!(
        all.items.iter().map(|i| i.0.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[derive(Debug, Serialize, Deserialize)]
struct Broken {
    id: u64,
}

impl Record for Broken {
    const COLLECTION: &'static str = "broken";
    const LABEL: &'static str = "broken";
    const FIELDS: &'static [Field] = &[Field::int("id").filterable()];
}

#[test]
fn a_schema_without_a_sortable_id_is_a_programming_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let err = store
        .collection::<Broken>()
        .expect_err("id must be sortable");
    assert_eq!(err.code, ErrorCode::InternalError);
}
