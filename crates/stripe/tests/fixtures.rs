//! Stripe's example objects (`fixtures3.json`) decode into our response types, and keep
//! decoding when Stripe leaves out what the spec says it may leave out, sends `null` where the
//! spec allows it, or adds fields we do not know.

mod spec;

use connectdesk_stripe::account_links::AccountLink;
use connectdesk_stripe::accounts::{Account, DeletedAccount};
use connectdesk_stripe::balance::Balance;
use connectdesk_stripe::balance_transactions::BalanceTransaction;
use connectdesk_stripe::disputes::Dispute;
use connectdesk_stripe::events::Event;
use connectdesk_stripe::files::File;
use connectdesk_stripe::login_links::LoginLink;
use connectdesk_stripe::payment_intents::PaymentIntent;
use connectdesk_stripe::payment_method_configurations::PaymentMethodConfiguration;
use connectdesk_stripe::payouts::Payout;
use connectdesk_stripe::refunds::Refund;
use connectdesk_stripe::transfer_reversals::TransferReversal;
use connectdesk_stripe::transfers::Transfer;
use connectdesk_stripe::webhook_endpoints::WebhookEndpoint;
use connectdesk_stripe::List;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::{json, Map, Value};
use spec::Spec;

fn fixture(resource: &str) -> Value {
    let fixtures = spec::load("fixtures3-subset.json");
    fixtures["resources"]
        .get(resource)
        .cloned()
        .unwrap_or_else(|| panic!("no fixture {resource}"))
}

fn decode<T: DeserializeOwned>(what: &str, value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{what}: {err}\n{value:#}"))
}

/// The object schema behind `schema` (through `$ref` and single-object `anyOf`s), if any.
fn object_schema<'a>(spec: &'a Spec, schema: &'a Value) -> Option<&'a Value> {
    let schema = spec.resolve(schema);
    if schema.get("properties").is_some() {
        return Some(schema);
    }
    let branches = schema.get("anyOf")?.as_array()?;
    let objects: Vec<&Value> = branches
        .iter()
        .filter_map(|b| spec.resolve(b).get("properties").map(|_| spec.resolve(b)))
        .collect();
    match objects.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

fn is_nullable(spec: &Spec, property: &Value) -> bool {
    property.get("nullable") == Some(&Value::Bool(true))
        || spec.resolve(property).get("nullable") == Some(&Value::Bool(true))
}

/// Sets every property the spec marks nullable to `null`. `deep`: only leaves (values that are
/// not objects), descending into nested objects to reach theirs.
fn null_nullables(spec: &Spec, schema: &Value, value: &mut Value, deep: bool) {
    let Some(schema) = object_schema(spec, schema) else {
        return;
    };
    let Some(fields) = value.as_object_mut() else {
        return;
    };
    for (name, field) in fields.iter_mut() {
        let Some(property) = schema["properties"].get(name) else {
            continue;
        };
        let nested = field.is_object();
        if is_nullable(spec, property) && !(deep && nested) {
            *field = Value::Null;
        } else if nested {
            null_nullables(spec, property, field, deep);
        }
    }
}

/// Removes every property the spec does not list as required, at every depth when `deep`.
fn drop_optional(spec: &Spec, schema: &Value, value: &mut Value, deep: bool) {
    let Some(schema) = object_schema(spec, schema) else {
        return;
    };
    let Some(fields) = value.as_object_mut() else {
        return;
    };
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    fields.retain(|name, _| required.contains(&name.as_str()));
    if deep {
        for (name, field) in fields.iter_mut() {
            if let Some(property) = schema["properties"].get(name) {
                drop_optional(spec, property, field, deep);
            }
        }
    }
}

/// The field names a `Deserialize` struct asks for (serde passes them to `deserialize_struct`).
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// All the checks for one resource. `schema` is `None` for resources newer than the spec.
fn check<T: DeserializeOwned>(resource: &str, schema: Option<&str>) {
    let spec = Spec::load();
    let original = fixture(resource);
    let _: T = decode(resource, &original);

    let mut extended = original.clone();
    extended
        .as_object_mut()
        .expect("an object")
        .insert("field_from_the_future".into(), json!({"x": [1]}));
    let _: T = decode(&format!("{resource} with an unknown field"), &extended);

    let list =
        json!({"object": "list", "url": "/v1/x", "has_more": false, "data": [original.clone()]});
    let _: List<T> = decode(&format!("list of {resource}"), &list);

    let Some(schema_name) = schema else { return };
    let schema = spec
        .schema(schema_name)
        .unwrap_or_else(|| panic!("no schema {schema_name}"))
        .clone();
    for deep in [false, true] {
        let mut nulled = original.clone();
        null_nullables(&spec, &schema, &mut nulled, deep);
        let _: T = decode(
            &format!("{resource} with nullable fields null (deep: {deep})"),
            &nulled,
        );

        let mut minimal = original.clone();
        drop_optional(&spec, &schema, &mut minimal, deep);
        let _: T = decode(
            &format!("{resource} with only required fields (deep: {deep})"),
            &minimal,
        );
    }

    let known: Map<String, Value> = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let fields = field_names::<T>();
    assert!(!fields.is_empty(), "{resource}: no fields probed");
    for field in fields {
        assert!(
            known.contains_key(*field) || original.get(*field).is_some(),
            "{resource}.{field} is neither in the spec nor in Stripe's fixture"
        );
    }
}

#[test]
fn account() {
    check::<Account>("account", Some("account"));
    check::<DeletedAccount>("deleted_account", Some("deleted_account"));
}

#[test]
fn account_and_login_links() {
    check::<AccountLink>("account_link", Some("account_link"));
    check::<LoginLink>("login_link", Some("login_link"));
}

#[test]
fn payment_intent() {
    check::<PaymentIntent>("payment_intent", Some("payment_intent"));
}

#[test]
fn refund() {
    check::<Refund>("refund", Some("refund"));
}

#[test]
fn transfer_and_reversal() {
    check::<Transfer>("transfer", Some("transfer"));
    check::<TransferReversal>("transfer_reversal", Some("transfer_reversal"));
}

#[test]
fn payout() {
    check::<Payout>("payout", Some("payout"));
}

#[test]
fn balance_and_transactions() {
    check::<Balance>("balance", Some("balance"));
    check::<BalanceTransaction>("balance_transaction", Some("balance_transaction"));
}

#[test]
fn dispute() {
    check::<Dispute>("dispute", Some("dispute"));
}

#[test]
fn file() {
    check::<File>("file", Some("file"));
}

#[test]
fn event() {
    check::<Event>("event", Some("event"));
}

#[test]
fn webhook_endpoint() {
    check::<WebhookEndpoint>("webhook_endpoint", Some("webhook_endpoint"));
}

#[test]
fn payment_method_configuration() {
    check::<PaymentMethodConfiguration>("payment_method_configuration", None);
    let configuration: PaymentMethodConfiguration = decode(
        "payment_method_configuration",
        &fixture("payment_method_configuration"),
    );
    let methods = configuration.payment_methods();
    let card = methods.get("card").expect("card setting");
    assert!(card.available);
    assert_eq!(card.display_preference.value, "on");
}

#[test]
fn decoded_values_are_the_fixtures() {
    let account: Account = decode("account", &fixture("account"));
    assert_eq!(account.id, "acct_1PgafTB7WZ01zgkW");
    assert_eq!(account.capabilities.len(), 2);
    let requirements = account.requirements.expect("requirements");
    assert!(requirements
        .currently_due
        .contains(&"external_account".to_owned()));
    let schedule = account
        .settings
        .and_then(|s| s.payouts)
        .and_then(|p| p.schedule)
        .expect("schedule");
    assert_eq!(schedule.delay_days, 2);

    let intent: PaymentIntent = decode("payment_intent", &fixture("payment_intent"));
    let destination = intent.transfer_data.and_then(|data| data.destination);
    assert_eq!(
        destination.as_deref(),
        Some("obj_123"),
        "expanded destination reads as its id"
    );

    let dispute: Dispute = decode("dispute", &fixture("dispute"));
    assert_eq!(dispute.evidence_details.due_by, Some(1_723_679_999));
}
