//! Tables saved as CSV files the user asked for: a header line, then one line per record,
//! CRLF-terminated and quoted where needed (commas, quotes, line breaks).

use std::path::Path;

use crate::saved_file::{save_new_file, stamp, ExportedFile};
use crate::{CoreError, Result};

/// The CSV bytes of `rows` under `header`.
pub fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
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

/// Saves `rows` as a new `connectdesk-{what}-{time}.csv` in `dir` (never replacing a file).
pub fn save_csv(
    dir: &Path,
    what: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<ExportedFile> {
    let base = format!("connectdesk-{what}-{}", stamp(&crate::time::now_iso()));
    let path = save_new_file(dir, &base, "csv", &csv_bytes(header, rows)?)?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        count: u32::try_from(rows.len()).unwrap_or(u32::MAX),
    })
}

fn csv_error(err: csv::Error) -> CoreError {
    CoreError::internal(format!("Could not write the CSV: {err}"))
}
