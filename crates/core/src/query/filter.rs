//! Filter operations and how a value is tested against them.

use std::cmp::Ordering;

use crate::store::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    Contains,
    In,
}

impl Op {
    pub const ALL: [(&'static str, Op); 8] = [
        ("eq", Op::Eq),
        ("ne", Op::Ne),
        ("lt", Op::Lt),
        ("lte", Op::Lte),
        ("gt", Op::Gt),
        ("gte", Op::Gte),
        ("contains", Op::Contains),
        ("in", Op::In),
    ];

    pub fn parse(text: &str) -> Option<Op> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, op)| *op)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("?", |(name, _)| name)
    }
}

/// A validated filter: a field (by position in the schema), an operation and its operands
/// (several for `in`, one otherwise), normalised like stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub field: usize,
    pub op: Op,
    pub operands: Vec<Value>,
}

impl Filter {
    /// Whether an entry whose field holds `value` passes. A missing (null) value passes only
    /// `ne`, as it equals nothing.
    pub fn matches(&self, value: &Value) -> bool {
        let ordering = |operand: &Value| value.compare(operand);
        let Some(first) = self.operands.first() else {
            return false;
        };
        match self.op {
            Op::Eq => ordering(first) == Some(Ordering::Equal),
            Op::Ne => ordering(first) != Some(Ordering::Equal),
            Op::Lt => ordering(first) == Some(Ordering::Less),
            Op::Lte => matches!(ordering(first), Some(Ordering::Less | Ordering::Equal)),
            Op::Gt => ordering(first) == Some(Ordering::Greater),
            Op::Gte => matches!(ordering(first), Some(Ordering::Greater | Ordering::Equal)),
            Op::In => self
                .operands
                .iter()
                .any(|operand| ordering(operand) == Some(Ordering::Equal)),
            Op::Contains => match (value, first) {
                (Value::Text(haystack), Value::Text(needle)) => haystack.contains(needle.as_str()),
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{parse_as, FieldKind};

    fn text(raw: &str) -> Value {
        parse_as(FieldKind::Text, raw).expect("any text is valid")
    }

    fn filter(op: Op, operands: Vec<Value>) -> Filter {
        Filter {
            field: 0,
            op,
            operands,
        }
    }

    #[test]
    fn comparisons_follow_value_order() {
        let five = Value::Int(5);
        assert!(filter(Op::Lt, vec![Value::Int(6)]).matches(&five));
        assert!(!filter(Op::Lt, vec![Value::Int(5)]).matches(&five));
        assert!(filter(Op::Lte, vec![Value::Int(5)]).matches(&five));
        assert!(filter(Op::Gte, vec![Value::Int(5)]).matches(&five));
        assert!(!filter(Op::Gt, vec![Value::Int(5)]).matches(&five));
        assert!(filter(Op::In, vec![Value::Int(1), Value::Int(5)]).matches(&five));
    }

    #[test]
    fn null_matches_only_ne() {
        let one = vec![Value::Int(1)];
        for op in [Op::Eq, Op::Lt, Op::Lte, Op::Gt, Op::Gte, Op::In] {
            assert!(!filter(op, one.clone()).matches(&Value::Null), "{op:?}");
        }
        assert!(filter(Op::Ne, one).matches(&Value::Null));
    }

    #[test]
    fn contains_is_case_insensitive() {
        let stored = text("Acme Café");
        assert!(filter(Op::Contains, vec![text("CAFÉ")]).matches(&stored));
        assert!(!filter(Op::Contains, vec![text("tea")]).matches(&stored));
    }

    #[test]
    fn op_names_round_trip() {
        for (name, op) in Op::ALL {
            assert_eq!(Op::parse(name), Some(op));
            assert_eq!(op.name(), name);
        }
        assert_eq!(Op::parse("like"), None);
    }
}
