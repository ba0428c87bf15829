//! The audit log as CSV: one line per record, the changes as `field: before → after`.

use serde_json::Value;

use crate::audit::AuditRecord;
use crate::{CoreError, Result};

const HEADER: [&str; 11] = [
    "id",
    "time",
    "operator",
    "operatorId",
    "workspaceId",
    "action",
    "targetKind",
    "targetId",
    "outcome",
    "code",
    "changes",
];

pub fn audit_csv(records: &[AuditRecord]) -> Result<Vec<u8>> {
    let rows = records.iter().map(|record| {
        let changes = record
            .changes
            .iter()
            .map(|change| {
                format!(
                    "{}: {} → {}",
                    change.field,
                    words(change.before.as_ref()),
                    words(change.after.as_ref())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let outcome = serde_json::to_value(record.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        vec![
            record.id.to_string(),
            record.created_at.clone(),
            record.operator_name.clone(),
            record.operator_id.to_string(),
            record
                .workspace_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            record.action.clone(),
            record.target_kind.clone(),
            record.target_id.clone(),
            outcome,
            record.code.clone().unwrap_or_default(),
            changes,
        ]
    });
    csv_bytes(&HEADER, rows)
}

/// A CSV file (RFC 4180: CRLF line ends, cells quoted where needed) of `header` and `rows`;
/// every export writes through this.
pub(crate) fn csv_bytes(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(header).map_err(csv_error)?;
    for row in rows {
        out.write_record(row).map_err(csv_error)?;
    }
    out.into_inner()
        .map_err(|err| CoreError::internal(format!("Could not finish the CSV: {err}")))
}

/// Text as itself, nothing as an em dash, anything else as compact JSON.
fn words(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

fn csv_error(err: csv::Error) -> CoreError {
    CoreError::internal(format!("Could not write the CSV: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{FieldChange, Outcome};

    #[test]
    fn cells_with_commas_quotes_and_lines_are_quoted() {
        let record = AuditRecord {
            id: 7,
            operator_id: 2,
            operator_name: "Sam, \"the\" admin".into(),
            workspace_id: Some(1),
            action: "connection.update".into(),
            target_kind: "connection".into(),
            target_id: "sc_1".into(),
            outcome: Outcome::Ok,
            code: None,
            changes: vec![FieldChange {
                field: "connectionName".into(),
                before: Some(Value::String("Old".into())),
                after: Some(Value::String("New\nline".into())),
            }],
            prev_hash: String::new(),
            created_at: "2025-06-02T09:15:00.000Z".into(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        let text = String::from_utf8(audit_csv(&[record]).expect("csv")).expect("utf-8");
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(
            lines[1],
            "7,2025-06-02T09:15:00.000Z,\"Sam, \"\"the\"\" admin\",2,1,connection.update,connection,sc_1,ok,,\"connectionName: Old → New\nline\""
        );
    }
}
