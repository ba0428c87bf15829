//! Emitting events: stored on the account the object belongs to, queued for the webhook
//! endpoints.

use serde_json::{Map, Value};

use crate::domain::Ctx;
use crate::model::{Event, EventData};
use crate::API_VERSION;

impl Ctx<'_> {
    /// Records an event of `kind` about `object`, which lives on `owner`'s account.
    /// `previous` holds the changed attributes' old values (for `*.updated` events).
    pub fn emit(&mut self, owner: &str, kind: &str, object: Value, previous: Option<Value>) {
        let id = self.next_id("evt");
        let account = (owner != self.db.platform()).then(|| owner.to_owned());
        let registered = self
            .db
            .webhook_endpoints
            .rows()
            .filter(|row| row.value.receives(kind, account.is_some()))
            .count();
        let event = Event {
            id,
            object: "event".into(),
            account,
            api_version: API_VERSION.into(),
            created: self.now(),
            data: EventData {
                object,
                previous_attributes: previous,
            },
            livemode: false,
            pending_webhooks: self.env.pending_webhooks + registered as i64,
            request: self.request.clone(),
            kind: kind.into(),
        };
        self.db.events.insert(owner, event.clone());
        self.db.outbox.push(event);
    }
}

/// The old values of what changed between `before` and `after` (recursing into hashes, like
/// Stripe's `previous_attributes`); `None` when nothing changed.
pub fn previous_attributes(before: &Value, after: &Value) -> Option<Value> {
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            let mut changed = Map::new();
            for (key, old_value) in old {
                match new.get(key) {
                    Some(new_value) if new_value == old_value => {}
                    Some(new_value @ Value::Object(_)) if old_value.is_object() => {
                        if let Some(diff) = previous_attributes(old_value, new_value) {
                            changed.insert(key.clone(), diff);
                        }
                    }
                    _ => {
                        changed.insert(key.clone(), old_value.clone());
                    }
                }
            }
            for key in new.keys().filter(|k| !old.contains_key(*k)) {
                changed.insert(key.clone(), Value::Null);
            }
            (!changed.is_empty()).then_some(Value::Object(changed))
        }
        _ if before == after => None,
        _ => Some(before.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn previous_attributes_recurses_into_hashes() {
        let before = json!({"a": 1, "b": {"c": 1, "d": 2}, "e": [1]});
        let after = json!({"a": 1, "b": {"c": 1, "d": 3}, "e": [1, 2], "f": true});
        assert_eq!(
            previous_attributes(&before, &after),
            Some(json!({"b": {"d": 2}, "e": [1], "f": null}))
        );
        assert_eq!(previous_attributes(&before, &before), None);
    }
}
