//! The CSV files of customers and suppliers, read the same way for both: UTF-8 with or
//! without a byte-order mark, a header naming any of the importer's columns in any order
//! (`legal_name` required, none unknown or repeated), blank lines skipped, and every problem
//! with the file's line number. Each importer turns the cells into its own input and adds
//! the store's field checks. Never panics on any input (`fuzz/` and the tests feed it junk).

use std::io::Read;
use trastienda_core::{Problem, ProblemCode};

/// A data row: its line in the file and its cells in the importer's column order, trimmed
/// ("" for a column the file does not have).
pub(crate) struct PartyRow {
    pub row: u32,
    cells: Vec<String>,
}

impl PartyRow {
    pub fn get(&self, column: usize) -> String {
        self.cells[column].clone()
    }

    /// The cell, or None when it is empty.
    pub fn some(&self, column: usize) -> Option<String> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }

    /// The cell, or `default` when it is empty.
    pub fn or(&self, column: usize, default: &str) -> String {
        self.some(column).unwrap_or_else(|| default.to_string())
    }

    /// The payment days in `column`: 0 when empty; a problem naming `payment_days` (and 0)
    /// when not a whole number.
    pub fn days(&self, column: usize, problems: &mut Vec<Problem>) -> i64 {
        let text = self.get(column);
        if text.is_empty() {
            return 0;
        }
        text.parse::<i64>().unwrap_or_else(|_| {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("'{text}' is not a number of days (0-365)"),
                )
                .at_row(self.row)
                .field("payment_days")
                .param("value", &text),
            );
            0
        })
    }
}

/// Reads `input` against the importer's `columns`. Err: the file or its header cannot be
/// used (every header problem at row 1). Ok: the data rows and the problems already found in
/// them (unreadable rows, rows with more cells than the header).
pub(crate) fn read(
    input: impl Read,
    columns: &[&str],
) -> Result<(Vec<PartyRow>, Vec<Problem>), Vec<Problem>> {
    read_requiring(input, columns, &["legal_name"])
}

/// `read`, with the header needing each of `required` (the employees' CSV needs more than
/// a name).
pub(crate) fn read_requiring(
    input: impl Read,
    columns: &[&str],
    required: &[&str],
) -> Result<(Vec<PartyRow>, Vec<Problem>), Vec<Problem>> {
    let mut bytes = Vec::new();
    if let Err(e) = input.take(64 * 1024 * 1024).read_to_end(&mut bytes) {
        return Err(vec![Problem::new(
            ProblemCode::MissingColumn,
            format!("the file could not be read: {e}"),
        )]);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Err(vec![Problem::new(
                ProblemCode::MissingColumn,
                format!("the file has no readable header row: {e}"),
            )
            .at_row(1)])
        }
    };
    let mut p = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if !columns.contains(&h.as_str()) {
            p.push(
                Problem::new(
                    ProblemCode::MissingColumn,
                    format!("column {} '{h}' is not one of {}", i + 1, columns.join(",")),
                )
                .at_row(1)
                .field(h.clone())
                .param("column", h),
            );
        } else if header[..i].contains(h) {
            p.push(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("column '{h}' appears twice"),
                )
                .at_row(1)
                .field(h.clone()),
            );
        }
    }
    for need in required {
        if !header.iter().any(|h| h == need) {
            p.push(
                Problem::new(
                    ProblemCode::MissingColumn,
                    format!(
                        "the header needs a {need} column; the columns are {}",
                        columns.join(",")
                    ),
                )
                .at_row(1)
                .field(*need),
            );
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    let cols: Vec<Option<usize>> = columns
        .iter()
        .map(|n| header.iter().position(|h| h == n))
        .collect();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        // The record's line in the file: csv counts the header as line 1.
        let line_before = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = record
                    .position()
                    .map(|p| line_of(body, p.byte()))
                    .unwrap_or(line_before as u32);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.len() > header.len() {
                    p.push(
                        Problem::new(
                            ProblemCode::OutOfRange,
                            format!(
                                "this row has {} cells, the header {}",
                                record.len(),
                                header.len()
                            ),
                        )
                        .at_row(row),
                    );
                }
                let cells = cols
                    .iter()
                    .map(|c| {
                        c.and_then(|c| record.get(c))
                            .unwrap_or("")
                            .trim()
                            .to_string()
                    })
                    .collect();
                rows.push(PartyRow { row, cells });
            }
            Err(e) => {
                let row = e
                    .position()
                    .map(|p| line_of(body, p.byte()))
                    .unwrap_or(line_before as u32 + 1);
                p.push(
                    Problem::new(ProblemCode::InvalidCode, format!("unreadable row: {e}"))
                        .at_row(row),
                );
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    Ok((rows, p))
}

/// The end of an import's reading: `inputs` when nothing was found wrong, else every problem
/// in file order. `validate` is the store's check of one input; `what` names the records
/// ("customers") for an empty file.
pub(crate) fn finish<T, V, E: IntoIterator<Item = Problem>>(
    inputs: Vec<(u32, T)>,
    mut p: Vec<Problem>,
    validate: impl Fn(&T) -> Result<V, E>,
    what: &str,
) -> Result<Vec<(u32, T)>, Vec<Problem>> {
    for (row, input) in &inputs {
        if let Err(found) = validate(input) {
            p.extend(found.into_iter().map(|x| x.at_row(*row)));
        }
    }
    if inputs.is_empty() && p.is_empty() {
        p.push(Problem::new(ProblemCode::Required, format!("the file has no {what}")).at_row(2));
    }
    if p.is_empty() {
        Ok(inputs)
    } else {
        p.sort_by_key(|x| x.row);
        Err(p)
    }
}

/// The file line (1-based) a record starting at `byte` is on; a record's position may be the
/// blank lines before it, which are skipped.
fn line_of(body: &[u8], byte: u64) -> u32 {
    let mut at = (byte as usize).min(body.len());
    while at < body.len() && (body[at] == b'\n' || body[at] == b'\r') {
        at += 1;
    }
    body[..at].iter().filter(|b| **b == b'\n').count() as u32 + 1
}
