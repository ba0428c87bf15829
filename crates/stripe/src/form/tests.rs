use std::collections::BTreeMap;

use serde::Serialize;

use super::{to_pairs, FormError};

fn pairs<T: Serialize>(value: &T) -> Vec<(String, String)> {
    to_pairs(value).expect("encodes")
}

fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[derive(Serialize)]
struct Capability {
    requested: bool,
}

#[derive(Serialize)]
struct Capabilities {
    transfers: Option<Capability>,
    card_payments: Option<Capability>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Express,
    AccountOnboarding,
}

#[derive(Serialize)]
struct Item {
    price: &'static str,
    quantity: u32,
}

#[derive(Serialize)]
struct Params {
    amount: i64,
    currency: &'static str,
    description: Option<String>,
    kind: Kind,
    other_kind: Kind,
    metadata: BTreeMap<String, String>,
    capabilities: Capabilities,
    payment_method_types: Vec<&'static str>,
    items: Vec<Item>,
    confirm: bool,
    ratio: f64,
}

#[test]
fn encodes_scalars_nested_objects_and_lists() {
    let params = Params {
        amount: 2500,
        currency: "usd",
        description: None,
        kind: Kind::Express,
        other_kind: Kind::AccountOnboarding,
        metadata: BTreeMap::from([("order".into(), "42".into()), ("loc".into(), String::new())]),
        capabilities: Capabilities {
            transfers: Some(Capability { requested: true }),
            card_payments: None,
        },
        payment_method_types: vec!["card", "sepa_debit"],
        items: vec![
            Item {
                price: "p_1",
                quantity: 2,
            },
            Item {
                price: "p_2",
                quantity: 1,
            },
        ],
        confirm: false,
        ratio: 0.25,
    };
    assert_eq!(
        pairs(&params),
        expect(&[
            ("amount", "2500"),
            ("currency", "usd"),
            ("kind", "express"),
            ("other_kind", "account_onboarding"),
            ("metadata[loc]", ""),
            ("metadata[order]", "42"),
            ("capabilities[transfers][requested]", "true"),
            ("payment_method_types[]", "card"),
            ("payment_method_types[]", "sepa_debit"),
            ("items[0][price]", "p_1"),
            ("items[0][quantity]", "2"),
            ("items[1][price]", "p_2"),
            ("items[1][quantity]", "1"),
            ("confirm", "false"),
            ("ratio", "0.25"),
        ])
    );
}

#[test]
fn empty_values_emit_nothing() {
    #[derive(Serialize)]
    struct Empty {
        a: Option<u8>,
        b: Vec<String>,
        c: BTreeMap<String, String>,
        d: (),
    }
    let empty = Empty {
        a: None,
        b: vec![],
        c: BTreeMap::new(),
        d: (),
    };
    assert!(pairs(&empty).is_empty());
    assert!(pairs(&None::<Empty>).is_empty());
}

#[test]
fn flattened_and_newtype_fields_are_transparent() {
    #[derive(Serialize)]
    struct Page {
        limit: Option<u8>,
        starting_after: Option<&'static str>,
    }
    #[derive(Serialize)]
    struct Id(&'static str);
    #[derive(Serialize)]
    struct List {
        destination: Id,
        #[serde(flatten)]
        page: Page,
    }
    let list = List {
        destination: Id("acct_1"),
        page: Page {
            limit: Some(3),
            starting_after: Some("tr_9"),
        },
    };
    assert_eq!(
        pairs(&list),
        expect(&[
            ("destination", "acct_1"),
            ("limit", "3"),
            ("starting_after", "tr_9")
        ])
    );
}

#[test]
fn lists_of_lists_use_indices() {
    #[derive(Serialize)]
    struct Grid {
        rows: Vec<Vec<u8>>,
    }
    assert_eq!(
        pairs(&Grid {
            rows: vec![vec![1, 2], vec![3]]
        }),
        expect(&[("rows[0][]", "1"), ("rows[0][]", "2"), ("rows[1][]", "3")])
    );
}

#[test]
fn map_keys_may_be_numbers_or_unit_enums() {
    let by_number = BTreeMap::from([(1u32, "a")]);
    assert_eq!(
        pairs(&BTreeMap::from([("m", by_number)])),
        expect(&[("m[1]", "a")])
    );
    let by_enum = BTreeMap::from([("caps", BTreeMap::from([(Kind::Express, true)]))]);
    assert_eq!(pairs(&by_enum), expect(&[("caps[express]", "true")]));
}

#[test]
fn rejects_shapes_a_form_cannot_carry() {
    assert_eq!(to_pairs(&5u8), Err(FormError::NotAnObject("a number")));
    assert_eq!(to_pairs(&vec![1]), Err(FormError::NotAnObject("a list")));
    assert_eq!(to_pairs(&"x"), Err(FormError::NotAnObject("a string")));

    let float_key = BTreeMap::from([("m", BTreeMap::from([(true, 1)]))]);
    assert_eq!(to_pairs(&float_key), Err(FormError::KeyNotAString));

    assert_eq!(
        to_pairs(&BTreeMap::from([("x", f64::NAN)])),
        Err(FormError::NonFinite)
    );

    #[derive(Serialize)]
    enum Data {
        Tuple(u8, u8),
    }
    let tagged = BTreeMap::from([("x", Data::Tuple(1, 2))]);
    assert!(matches!(to_pairs(&tagged), Err(FormError::Unsupported(_))));
}
