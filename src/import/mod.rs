//! Import of the application form's export. Pure: bytes in, a preview out (mapped,
//! normalised, validated rows, then duplicates and late rows found against what the
//! database already holds). No SQL here; the store writes what [`plan`] decides.
//!
//! ```text
//! bytes ─ read_table ─> Table ─ parse(mapping) ─> Parsed ─ plan(existing) ─> Plan
//!                                                                            ├ report (the preview)
//!                                                                            └ inserts, merges (for the store)
//! ```

mod error;
mod mapping;
mod normalise;
mod plan;
mod read;
mod record;

use std::collections::BTreeMap;

pub use error::{ImportError, Problem};
pub use mapping::{ColumnAssignment, ColumnMapping, Field, fold, guess};
pub use plan::{
    DuplicateOf, DuplicateRow, Existing, ImportOptions, ImportReport, Outcome, Plan, PlannedInsert,
    PlannedMerge, RowFate, RowNote, RowResult, plan,
};
pub use read::{
    Format, MAX_BYTES, MAX_ROWS, Table, TableRow, check_size, count_csv_rows, decode, read_table,
    sniff_delimiter,
};
pub use record::{Difference, Record, municipality_key};

/// The file read and every row normalised or refused, before any database is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    pub mapping: ColumnMapping,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// (spreadsheet row number, record) of every valid row, in file order.
    pub valid: Vec<(usize, Record)>,
    /// One [`ImportError::Cell`] per problem; a row may have several.
    pub invalid: Vec<ImportError>,
    /// Who each row is, as written (name, e-mail), valid or not: problem rows are named
    /// by person as well as by number.
    pub people: BTreeMap<usize, (String, String)>,
}

/// Reads `bytes` and normalises every row under `mapping`, or under a mapping proposed
/// from the headers and the `remembered` assignments when none is given.
pub fn parse(
    bytes: &[u8],
    mapping: Option<&ColumnMapping>,
    remembered: &[ColumnAssignment],
) -> Result<Parsed, ImportError> {
    let table = read_table(bytes)?;
    let mapping = match mapping {
        // A mapping file or a corrected mapping from the UI matches columns by header,
        // so it still fits when the form's columns were reordered.
        Some(given) => ColumnMapping::propose(&table.headers, &given.columns),
        None => ColumnMapping::propose(&table.headers, remembered),
    };
    let fields = mapping.resolve(table.headers.len())?;
    let headers: BTreeMap<Field, String> = Field::ALL
        .into_iter()
        .map(|f| (f, mapping.header_of(f)))
        .collect();
    // Each row is normalised alone, so the rows are spread over the cores (a third of a
    // 10,000-row preview's time) and put back in file order.
    let normalised = per_row(&table.rows, |row| {
        let values: BTreeMap<Field, String> = fields
            .iter()
            .zip(&row.cells)
            .filter_map(|(field, cell)| field.map(|f| (f, cell.clone())))
            .collect();
        let text = |f: Field| values.get(&f).map_or("", |v| v.trim());
        let person = (
            crate::model::display_name("", text(Field::FirstName), text(Field::LastName)),
            text(Field::Email).to_string(),
        );
        (person, Record::from_texts(&values))
    });
    let mut valid = Vec::with_capacity(table.rows.len());
    let mut invalid = Vec::new();
    let mut people = BTreeMap::new();
    for (row, (person, record)) in table.rows.iter().zip(normalised) {
        people.insert(row.number, person);
        match record {
            Ok(record) => valid.push((row.number, record)),
            Err(problems) => {
                invalid.extend(
                    problems
                        .into_iter()
                        .map(|(field, problem)| ImportError::Cell {
                            row: row.number,
                            column: headers.get(&field).cloned().unwrap_or_default(),
                            problem,
                        }),
                )
            }
        }
    }
    Ok(Parsed {
        format: table.format,
        mapping,
        rows: table.rows.len(),
        valid,
        invalid,
        people,
    })
}

/// `make` of every row, in the rows' order, worked out on every core for a large file.
fn per_row<T: Send>(rows: &[TableRow], make: impl Fn(&TableRow) -> T + Sync) -> Vec<T> {
    // Below this a thread costs more than it saves.
    const ROWS_PER_THREAD: usize = 1_000;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(rows.len() / ROWS_PER_THREAD)
        .max(1);
    if workers == 1 {
        return rows.iter().map(make).collect();
    }
    let make = &make;
    std::thread::scope(|scope| {
        let parts: Vec<_> = rows
            .chunks(rows.len().div_ceil(workers))
            .map(|part| scope.spawn(move || part.iter().map(make).collect::<Vec<T>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Zeitstempel;Anrede;Vorname;Nachname;E-Mail;Kommune;Bundesland;Lernpfad;Jahre Leitungserfahrung\n";

    #[test]
    fn a_large_file_keeps_its_row_order_and_row_numbers() {
        // Large enough to be split over the cores.
        let mut text = HEADER.to_string();
        for i in 0..2_500 {
            let state = if i % 997 == 0 { "Preußen" } else { "NRW" };
            text.push_str(&format!(
                "16.09.2025 09:41;Frau;Anna{i};Weber;a{i}@koeln.de;Stadt Köln;{state};Führung;3\n"
            ));
        }
        let parsed = parse(text.as_bytes(), None, &[]).unwrap();
        assert_eq!(parsed.rows, 2_500);
        let numbers: Vec<usize> = parsed.valid.iter().map(|(n, _)| *n).collect();
        let expected: Vec<usize> = (0..2_500).filter(|i| i % 997 != 0).map(|i| i + 2).collect();
        assert_eq!(numbers, expected, "valid rows in file order");
        assert!(
            parsed
                .valid
                .iter()
                .all(|(n, r)| r.first_name == format!("Anna{}", n - 2))
        );
        let refused: Vec<String> = parsed.invalid.iter().map(|e| e.to_string()).collect();
        assert_eq!(refused.len(), 3);
        assert!(
            refused[2].starts_with("Zeile 1996, Spalte „Bundesland“"),
            "{refused:?}"
        );
        assert_eq!(parsed.people[&1996].0, "Anna1994 Weber");
    }

    #[test]
    fn a_row_with_an_unknown_state_names_row_and_column() {
        let text = format!(
            "{HEADER}16.09.2025 09:41;Frau;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;Führung;über 10\n\
             17.09.2025 10:00;Herr;Ben;Kurz;ben@halle.de;Stadt Halle;Preußen;Change;3\n"
        );
        let parsed = parse(text.as_bytes(), None, &[]).unwrap();
        assert_eq!(parsed.rows, 2);
        assert_eq!(parsed.valid.len(), 1);
        assert_eq!(parsed.valid[0].1.experience_years, Some(11.0));
        assert_eq!(
            parsed.invalid[0].to_string(),
            "Zeile 3, Spalte „Bundesland“: unbekanntes Bundesland „Preußen“"
        );
    }

    #[test]
    fn a_given_mapping_decides_over_the_headers() {
        let text = "Wann;Wer;Name;Mail;Ort;Land;Pfad\n\
                    16.09.2025;Anna;Weber;a@b.de;Köln;NRW;Change\n";
        let assign = |header: &str, field| ColumnAssignment {
            index: 0,
            header: header.into(),
            field: Some(field),
        };
        let mapping = ColumnMapping {
            columns: vec![
                assign("Wann", Field::ReceivedAt),
                assign("Wer", Field::FirstName),
                assign("Name", Field::LastName),
                assign("Mail", Field::Email),
                assign("Ort", Field::Municipality),
                assign("Land", Field::State),
                assign("Pfad", Field::Track),
            ],
        };
        let parsed = parse(text.as_bytes(), Some(&mapping), &[]).unwrap();
        assert!(parsed.invalid.is_empty(), "{:?}", parsed.invalid);
        assert_eq!(parsed.valid[0].1.first_name, "Anna");
        assert_eq!(parsed.valid[0].1.municipality, "Köln");
    }
}
