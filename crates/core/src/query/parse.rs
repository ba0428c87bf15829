//! Validates a [`ListQuery`] against a collection's declared fields.

use std::num::IntErrorKind;

use super::filter::{Filter, Op};
use super::{ListQuery, Restriction};
use crate::store::{Field, FieldKind, Value};
use crate::{CoreError, ErrorCode, Result};

pub(crate) const DEFAULT_SIZE: usize = 50;
pub(crate) const MAX_SIZE: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sort {
    /// Position of the field in the schema.
    pub field: usize,
    pub desc: bool,
}

/// A list request with every parameter but the page token validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub size: usize,
    pub sort: Sort,
    pub filters: Vec<Filter>,
}

/// Parses `size`, `sort` and the filters, in that order; the first problem is reported.
pub(crate) fn parse(fields: &[Field], query: &ListQuery) -> Result<Parsed> {
    let size = parse_size(query.size.as_deref())?;
    let sort = parse_sort(fields, query.sort.as_deref())?;
    let mut filters: Vec<Filter> = query
        .filters
        .iter()
        .enumerate()
        .map(|(index, filter)| {
            parse_filter(fields, index, &filter.field, &filter.op, &filter.value)
        })
        .collect::<Result<_>>()?;
    for restriction in &query.restrictions {
        filters.push(restriction_filter(fields, restriction)?);
    }
    Ok(Parsed {
        size,
        sort,
        filters,
    })
}

fn parse_size(raw: Option<&str>) -> Result<usize> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_SIZE);
    };
    let out_of_range = || {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "size",
            format!("size must be between 1 and {MAX_SIZE}."),
        )
    };
    match raw.parse::<i64>() {
        Ok(size) => usize::try_from(size)
            .ok()
            .filter(|size| (1..=MAX_SIZE).contains(size))
            .ok_or_else(out_of_range),
        // Digits beyond i64 are still an integer, just far out of range.
        Err(err)
            if matches!(
                err.kind(),
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow
            ) =>
        {
            Err(out_of_range())
        }
        Err(_) => Err(CoreError::on_field(
            ErrorCode::InvalidCharacters,
            "size",
            format!("size must be a whole number, not `{raw}`."),
        )),
    }
}

fn parse_sort(fields: &[Field], raw: Option<&str>) -> Result<Sort> {
    let Some(raw) = raw else {
        let id = field_position(fields, crate::store::ID)
            .ok_or_else(|| CoreError::internal("No `id` field"))?;
        return Ok(Sort {
            field: id,
            desc: false,
        });
    };
    let mut parts = raw.split(':');
    let (Some(name), Some(direction), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CoreError::on_field(
            ErrorCode::SyntaxError,
            "sort",
            format!("sort must be `field:asc` or `field:desc`, not `{raw}`."),
        ));
    };
    let field = field_position(fields, name)
        .filter(|&index| fields[index].sortable)
        .ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::UnknownDataField,
                "sort",
                format!(
                    "Cannot sort by `{name}`. Sortable fields: {}.",
                    names(fields, |f| f.sortable)
                ),
            )
        })?;
    let desc = match direction {
        "asc" => false,
        "desc" => true,
        other => {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "sort",
                format!("The sort direction must be `asc` or `desc`, not `{other}`."),
            ))
        }
    };
    Ok(Sort { field, desc })
}

fn parse_filter(
    fields: &[Field],
    index: usize,
    name: &str,
    op: &str,
    value: &str,
) -> Result<Filter> {
    let at = |part: &str| format!("filters[{index}].{part}");
    let field = field_position(fields, name)
        .filter(|&i| fields[i].filterable)
        .ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::UnknownDataField,
                at("field"),
                format!(
                    "Cannot filter on `{name}`. Filterable fields: {}.",
                    names(fields, |f| f.filterable)
                ),
            )
        })?;
    let kind = fields[field].kind;
    let unknown_op = |why: String| CoreError::on_field(ErrorCode::UnknownOperation, at("op"), why);
    let op = Op::parse(op).ok_or_else(|| {
        let known: Vec<&str> = Op::ALL.iter().map(|(name, _)| *name).collect();
        unknown_op(format!(
            "Unknown filter operation `{op}`. Operations: {}.",
            known.join(", ")
        ))
    })?;
    if op == Op::Contains && kind != FieldKind::Text {
        return Err(unknown_op(format!(
            "`contains` applies to text fields only; `{name}` is {kind:?}."
        )));
    }
    let operand = |text: &str| {
        crate::store::parse_as(kind, text).ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::InvalidCharacters,
                at("value"),
                format!("`{text}` is not a valid {} for `{name}`.", kind_noun(kind)),
            )
        })
    };
    // `in` takes a comma-separated list; items are trimmed so `a, b` reads as expected.
    let operands: Vec<Value> = match op {
        Op::In => value
            .split(',')
            .map(|item| operand(item.trim()))
            .collect::<Result<_>>()?,
        _ => vec![operand(value)?],
    };
    Ok(Filter {
        field,
        op,
        operands,
    })
}

/// A restriction is the core's own, so a field or value that does not fit is a bug, not input.
fn restriction_filter(fields: &[Field], restriction: &Restriction) -> Result<Filter> {
    let bug = || {
        CoreError::internal(format!(
            "The list restriction on `{}` does not fit this list.",
            restriction.field
        ))
    };
    let field = field_position(fields, restriction.field).ok_or_else(bug)?;
    let kind = fields[field].kind;
    let operands = restriction
        .values
        .iter()
        .map(|value| crate::store::parse_as(kind, value).ok_or_else(bug))
        .collect::<Result<_>>()?;
    Ok(Filter {
        field,
        op: Op::In,
        operands,
    })
}

fn field_position(fields: &[Field], name: &str) -> Option<usize> {
    fields.iter().position(|field| field.name == name)
}

fn names(fields: &[Field], allowed: impl Fn(&Field) -> bool) -> String {
    fields
        .iter()
        .filter(|f| allowed(f))
        .map(|f| f.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_noun(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Int => "whole number",
        FieldKind::Text => "text",
        FieldKind::Bool => "boolean (`true` or `false`)",
        FieldKind::Timestamp => "ISO 8601 timestamp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("name").sortable().filterable(),
        Field::bool("archived").filterable(),
        Field::text("secret"),
    ];

    fn query(size: Option<&str>, sort: Option<&str>) -> ListQuery {
        ListQuery {
            size: size.map(Into::into),
            sort: sort.map(Into::into),
            ..ListQuery::default()
        }
    }

    fn code(result: Result<Parsed>) -> (ErrorCode, Option<String>) {
        let err = result.expect_err("the query should be rejected");
        (err.code, err.field)
    }

    #[test]
    fn defaults_to_fifty_by_id_ascending() {
        let parsed = parse(FIELDS, &ListQuery::default()).expect("valid");
        assert_eq!(
            (parsed.size, parsed.sort),
            (
                50,
                Sort {
                    field: 0,
                    desc: false
                }
            )
        );
    }

    #[test]
    fn size_errors() {
        for (raw, expected) in [
            ("0", ErrorCode::InvalidValue),
            ("301", ErrorCode::InvalidValue),
            ("-5", ErrorCode::InvalidValue),
            ("99999999999999999999", ErrorCode::InvalidValue),
            ("ten", ErrorCode::InvalidCharacters),
            ("2.5", ErrorCode::InvalidCharacters),
            ("", ErrorCode::InvalidCharacters),
        ] {
            assert_eq!(
                code(parse(FIELDS, &query(Some(raw), None))),
                (expected, Some("size".into())),
                "{raw}"
            );
        }
        assert_eq!(
            parse(FIELDS, &query(Some("300"), None)).expect("max").size,
            300
        );
        assert_eq!(parse(FIELDS, &query(Some("1"), None)).expect("min").size, 1);
    }

    #[test]
    fn sort_errors() {
        for (raw, expected) in [
            ("name", ErrorCode::SyntaxError),
            ("name:asc:desc", ErrorCode::SyntaxError),
            ("name:up", ErrorCode::InvalidValue),
            ("name:ASC", ErrorCode::InvalidValue),
            ("colour:asc", ErrorCode::UnknownDataField),
            ("archived:asc", ErrorCode::UnknownDataField),
        ] {
            assert_eq!(
                code(parse(FIELDS, &query(None, Some(raw)))),
                (expected, Some("sort".into())),
                "{raw}"
            );
        }
        assert_eq!(
            parse(FIELDS, &query(None, Some("name:desc")))
                .expect("valid")
                .sort,
            Sort {
                field: 1,
                desc: true
            }
        );
    }
}
