//! Operators: the first Admin, PINs, switching, and the last Admin who always stays.

use connectdesk_core::operators::{CreateOperator, Grant, Operators, Role};
use connectdesk_core::settings::Settings;
use connectdesk_core::store::Store;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_core::ErrorCode;

struct Harness {
    _dir: tempfile::TempDir,
    operators: Operators,
    workspace_id: u64,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    let settings = Settings::open(&store).expect("settings");
    let workspace_id = Workspaces::new(&store)
        .expect("workspaces")
        .create(CreateWorkspace {
            name: "Main".into(),
        })
        .expect("workspace")
        .id;
    Harness {
        operators: Operators::new(&store, settings).expect("operators"),
        _dir: dir,
        workspace_id,
    }
}

fn support(workspace_id: u64, pin: Option<&str>) -> CreateOperator {
    CreateOperator {
        display_name: "Sam from support".into(),
        grants: vec![Grant {
            workspace_id: Some(workspace_id),
            role: Role::Support,
            merchant_ids: Vec::new(),
        }],
        pin: pin.map(str::to_string),
    }
}

#[test]
fn the_first_start_makes_an_admin_without_a_pin() {
    let h = harness();
    let first = h.operators.current().expect("first operator");
    assert!(first.is_global_admin());
    assert!(!first.has_pin);
    assert_eq!(h.operators.current().expect("again").id, first.id);
}

#[test]
fn a_second_operator_needs_a_pin_and_so_does_the_admin_adding_them() {
    let h = harness();
    let admin = h.operators.current().expect("admin");
    let err = h
        .operators
        .create(&admin, support(h.workspace_id, None))
        .expect_err("no pin");
    assert_eq!(err.field.as_deref(), Some("pin"));
    let err = h
        .operators
        .create(&admin, support(h.workspace_id, Some("4321")))
        .expect_err("admin has no pin");
    assert!(err.message.contains("Set your own PIN"), "{}", err.message);
    let admin = h.operators.set_pin(admin.id, "1234").expect("admin pin");
    let sam = h
        .operators
        .create(&admin, support(h.workspace_id, Some("4321")))
        .expect("support");
    assert!(sam.has_pin);

    let wrong = h
        .operators
        .switch(sam.id, Some("0000"))
        .expect_err("wrong pin");
    assert_eq!(
        (wrong.code, wrong.field.as_deref()),
        (ErrorCode::InvalidValue, Some("pin"))
    );
    assert!(h.operators.switch(sam.id, None).is_err());
    assert_eq!(h.operators.current().expect("still admin").id, admin.id);
    h.operators.switch(sam.id, Some("4321")).expect("switch");
    assert_eq!(h.operators.current().expect("now sam").id, sam.id);
}

#[test]
fn the_last_admin_can_be_neither_demoted_nor_deactivated() {
    let h = harness();
    let admin = h.operators.current().expect("admin");
    let demote = h.operators.set_grants(
        admin.id,
        vec![Grant {
            workspace_id: Some(h.workspace_id),
            role: Role::Support,
            merchant_ids: Vec::new(),
        }],
    );
    assert_eq!(demote.expect_err("last admin").code, ErrorCode::Conflict);
    assert_eq!(
        h.operators
            .set_active(admin.id, false)
            .expect_err("last admin")
            .code,
        ErrorCode::Conflict
    );
    assert!(h.operators.current().expect("admin").is_global_admin());
}

#[test]
fn a_shop_owner_needs_a_workspace_and_merchants() {
    let h = harness();
    let admin = h
        .operators
        .set_pin(h.operators.current().expect("admin").id, "1234")
        .expect("pin");
    let owner = |workspace_id, merchants: Vec<String>| CreateOperator {
        display_name: "Olga".into(),
        grants: vec![Grant {
            workspace_id,
            role: Role::ShopOwner,
            merchant_ids: merchants,
        }],
        pin: Some("9999".into()),
    };
    assert!(h
        .operators
        .create(&admin, owner(Some(h.workspace_id), Vec::new()))
        .is_err());
    assert!(h
        .operators
        .create(&admin, owner(None, vec!["shop-1".into()]))
        .is_err());
    assert!(h
        .operators
        .create(&admin, owner(Some(999), vec!["shop-1".into()]))
        .is_err());
    h.operators
        .create(&admin, owner(Some(h.workspace_id), vec!["shop-1".into()]))
        .expect("shop owner");
}

#[test]
fn a_taken_name_is_refused_in_words() {
    let h = harness();
    let admin = h
        .operators
        .set_pin(h.operators.current().expect("admin").id, "1234")
        .expect("pin");
    let mut input = support(h.workspace_id, Some("4321"));
    input.display_name = "admin".into();
    let err = h.operators.create(&admin, input).expect_err("taken");
    assert_eq!(
        (err.code, err.field.as_deref(), err.message.as_str()),
        (
            ErrorCode::Conflict,
            Some("displayName"),
            "Another operator is already called “admin”."
        )
    );
}

#[test]
fn the_first_start_makes_one_admin_however_many_ask_at_once() {
    let h = harness();
    let operators = h.operators.clone();
    let askers: Vec<_> = (0..8)
        .map(|_| {
            let operators = operators.clone();
            std::thread::spawn(move || operators.current())
        })
        .collect();
    let ids: Vec<u64> = askers
        .into_iter()
        .map(|asker| asker.join().expect("thread").expect("an operator").id)
        .collect();
    assert!(ids.windows(2).all(|pair| pair[0] == pair[1]), "{ids:?}");
}
