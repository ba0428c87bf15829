//! Exports of a list the operator may see: every entry of the current filter, narrowed like
//! the list itself, saved as CSV; the export is audited.

use std::path::Path;

use super::{Action, Guard, Reach};
use crate::audit::diff;
use crate::csv_file::save_csv;
use crate::operators::Permission;
use crate::query::{every_page, ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::Result;

/// How one kind of record becomes a CSV table.
pub struct CsvTable<T> {
    /// In the file name: `connectdesk-{what}-{time}.csv`.
    pub what: &'static str,
    pub header: &'static [&'static str],
    pub row: fn(&T) -> Vec<String>,
}

impl Guard {
    /// Saves every entry `query` matches that the operator may see with `permission` into a new
    /// CSV file in `dir`.
    #[allow(clippy::too_many_arguments)]
    pub fn export_list<T>(
        &self,
        permission: Permission,
        action: Action,
        query: &ListQuery,
        reach: Reach,
        list: impl FnMut(&ListQuery) -> Result<Page<T>>,
        table: &CsvTable<T>,
        dir: &Path,
    ) -> Result<ExportedFile> {
        let narrowed = self.narrow(permission, action, query, reach)?;
        let by = self.operator()?;
        let workspace = query
            .eq_value(reach.workspace)
            .and_then(|raw| raw.parse::<u64>().ok());
        let result = every_page(&narrowed, list).and_then(|records| {
            let rows: Vec<Vec<String>> = records.iter().map(table.row).collect();
            save_csv(dir, table.what, table.header, &rows)
        });
        self.record(&by, workspace, action, "", &result, |file| {
            diff(
                &serde_json::Value::Null,
                &serde_json::json!({ "file": file.path, "records": file.count }),
            )
        });
        result
    }
}
