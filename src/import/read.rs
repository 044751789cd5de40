//! Bytes of a form export → a table of trimmed text cells. Knows file formats and
//! encodings, nothing about applications.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::ImportError;

/// How the file was understood, shown in the preview so a coordinator can spot a
/// wrongly guessed encoding or separator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[ts(export)]
pub enum Format {
    Csv { delimiter: String, encoding: String },
    Xlsx { sheet: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: Format,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The row number a spreadsheet program shows: the header is row 1.
    pub number: usize,
    pub cells: Vec<String>,
}

/// The most rows an import reads (header included). A programme gets a few hundred
/// applications; a file with more is a wrong export (a whole register, a log).
pub const MAX_ROWS: usize = 20_000;

/// The most bytes an import reads: 20,000 rows of a generous 1 KB each, plus room.
pub const MAX_BYTES: u64 = 25 * 1024 * 1024;

/// Refuses a file of more than [`MAX_BYTES`] by its size alone (before it is read).
pub fn check_size(bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_BYTES {
        return Err(ImportError::TooLarge {
            megabytes: bytes.div_ceil(1024 * 1024),
            limit: MAX_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}

/// The rows of a CSV text as a spreadsheet counts them: line breaks outside quotes,
/// plus a last line without one. One pass over the bytes, nothing allocated.
pub fn count_csv_rows(bytes: &[u8]) -> usize {
    let mut quoted = false;
    let mut rows = 0;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => rows += 1,
            _ => {}
        }
    }
    rows + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// Reads CSV or XLSX, told apart by content (XLSX is a ZIP archive), not by file name.
/// A file of more than [`MAX_BYTES`] or [`MAX_ROWS`] is refused before it is parsed.
pub fn read_table(bytes: &[u8]) -> Result<Table, ImportError> {
    check_size(bytes.len() as u64)?;
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

/// Text from bytes: a BOM decides (UTF-8, UTF-16 as Excel's "Unicode text"); without
/// one, valid UTF-8 is UTF-8, and anything else is Windows-1252, which is what German
/// Excel writes as "CSV (Trennzeichen-getrennt)" and which decodes every byte.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// The separator used most often outside quotes in the first line; on a tie the
/// semicolon wins, as German Excel writes it.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if quoted => {}
            _ => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
                    entry.1 += 1;
                }
            }
        }
    }
    let mut best = counts[0];
    for entry in counts {
        if entry.1 > best.1 {
            best = entry;
        }
    }
    best.0
}

fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    // UTF-16 has a NUL after each ASCII byte, but its line breaks are counted the same.
    let rows = count_csv_rows(bytes);
    if rows > MAX_ROWS {
        return Err(ImportError::TooManyRows {
            rows,
            limit: MAX_ROWS,
        });
    }
    let (text, encoding) = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        // Form tools drop trailing empty cells; a short row is not an error.
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // The csv reader skips blank lines, but a spreadsheet shows them as rows; so the row
    // number counts them back in, while a line break inside a quoted field stays in its
    // row. A record's position is where the reader started looking for it, before the
    // blank lines it skipped.
    let bytes = text.as_bytes();
    let mut row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv {
            row: row + 1,
            reason: e.to_string(),
        })?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let skipped = bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r')
            .filter(|b| **b == b'\n')
            .count();
        // A "\n" right after the previous record's "\r" ends that record, not a blank line.
        let ends_previous =
            start > 0 && bytes.get(start - 1) == Some(&b'\r') && bytes.get(start) == Some(&b'\n');
        row += 1 + skipped - usize::from(ends_previous);
        records.push((row, record.iter().map(clean).collect::<Vec<_>>()));
    }
    let format = Format::Csv {
        delimiter: match delimiter {
            b'\t' => "Tab".into(),
            d => char::from(d).to_string(),
        },
        encoding: encoding.into(),
    };
    table(format, records)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ImportError> {
    // calamine can panic on a damaged file (fuzzing found an arithmetic overflow in its
    // cell-reference parser, kept as a regression test in tests/fuzz_import.rs): a
    // broken file is a German error, never a crash of the window or the CLI.
    std::panic::catch_unwind(|| read_xlsx_unguarded(bytes)).unwrap_or_else(|_| {
        Err(ImportError::Xlsx(
            "die Datei ist beschädigt oder keine gültige Excel-Datei".into(),
        ))
    })
}

fn read_xlsx_unguarded(bytes: &[u8]) -> Result<Table, ImportError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let rows = range.end().map_or(0, |(row, _)| row as usize + 1);
    if rows > MAX_ROWS {
        return Err(ImportError::TooManyRows {
            rows,
            limit: MAX_ROWS,
        });
    }
    // The used range may start below row 1 when the sheet has blank rows on top.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let records = range
        .rows()
        .enumerate()
        .map(|(index, row)| {
            let mut cells = vec![String::new(); first_column];
            cells.extend(row.iter().map(cell_text));
            (first_row + index + 1, cells)
        })
        .collect();
    table(Format::Xlsx { sheet }, records)
}

/// A cell as the text a person would have typed: whole numbers without ".0", dates
/// in ISO form (the normaliser reads both).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "ja" } else { "nein" }.into(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// Trims and turns Windows line breaks inside a cell into plain ones.
fn clean(cell: &str) -> String {
    cell.trim().replace("\r\n", "\n")
}

/// Splits off the header row and drops rows without any text (trailing ";;;;" lines).
fn table(format: Format, records: Vec<(usize, Vec<String>)>) -> Result<Table, ImportError> {
    let mut records = records
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let (_, headers) = records.next().ok_or(ImportError::Empty)?;
    let rows = records
        .map(|(number, cells)| TableRow { number, cells })
        .collect();
    Ok(Table {
        format,
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn semicolon_comma_and_tab_are_sniffed() {
        for (text, delimiter) in [
            ("Vorname;Nachname\nAnna;Weber\n", ";"),
            ("Vorname,Nachname\nAnna,Weber\n", ","),
            ("Vorname\tNachname\nAnna\tWeber\n", "Tab"),
        ] {
            let table = read_table(text.as_bytes()).unwrap();
            assert_eq!(cells(&table), vec![vec!["Anna", "Weber"]], "{text:?}");
            let Format::Csv {
                delimiter: found, ..
            } = &table.format
            else {
                panic!("not csv")
            };
            assert_eq!(found, delimiter);
        }
    }

    #[test]
    fn commas_inside_quotes_do_not_decide_the_separator() {
        let text = "\"Name, Vorname\";\"Ort, Land\";E-Mail\n\"Weber, Anna\";Köln;a@b.de\n";
        let table = read_table(text.as_bytes()).unwrap();
        assert_eq!(table.headers, vec!["Name, Vorname", "Ort, Land", "E-Mail"]);
    }

    #[test]
    fn utf8_bom_is_dropped_from_the_first_header() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("Straße;Ort\nAm Bächle 1;Tübingen\n".as_bytes());
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, vec!["Straße", "Ort"]);
        assert_eq!(cells(&table), vec![vec!["Am Bächle 1", "Tübingen"]]);
    }

    #[test]
    fn windows_1252_umlauts_are_decoded() {
        // "Straße;Ort\nMüllerstraße 3;Gießen" as German Excel writes it.
        let bytes = b"Stra\xDFe;Ort\nM\xFCllerstra\xDFe 3;Gie\xDFen\n";
        let table = read_table(bytes).unwrap();
        assert_eq!(table.headers, vec!["Straße", "Ort"]);
        assert_eq!(cells(&table), vec![vec!["Müllerstraße 3", "Gießen"]]);
        assert!(
            matches!(&table.format, Format::Csv { encoding, .. } if encoding == "windows-1252")
        );
    }

    #[test]
    fn utf16_unicode_text_from_excel_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Vorname\tOrt\r\nJürgen\tLöbau\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let table = read_table(&bytes).unwrap();
        assert_eq!(cells(&table), vec![vec!["Jürgen", "Löbau"]]);
    }

    #[test]
    fn crlf_and_lf_give_the_same_table() {
        let lf = read_table(b"A;B\n1;2\n3;4\n").unwrap();
        let crlf = read_table(b"A;B\r\n1;2\r\n3;4\r\n").unwrap();
        assert_eq!(cells(&lf), cells(&crlf));
        assert_eq!(lf.rows.len(), 2);
    }

    #[test]
    fn quoted_fields_keep_line_breaks_and_doubled_quotes() {
        let text = "Motivation;Ort\r\n\"Ich will \"\"Planung\"\"\r\nund Steuerung; gemeinsam\";Halle\r\nkurz;Jena\r\n";
        let table = read_table(text.as_bytes()).unwrap();
        assert_eq!(
            cells(&table),
            vec![
                vec!["Ich will \"Planung\"\nund Steuerung; gemeinsam", "Halle"],
                vec!["kurz", "Jena"]
            ]
        );
        // Row numbers count records as a spreadsheet shows them, not physical lines.
        assert_eq!(
            table.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_short_rows_accepted() {
        let table = read_table(b"A;B;C\n1;2\n;;\n\n4;5;6\n").unwrap();
        assert_eq!(cells(&table), vec![vec!["1", "2"], vec!["4", "5", "6"]]);
        // Numbered as a spreadsheet shows them: ";;" is row 3, the blank line row 4.
        assert_eq!(table.rows[1].number, 5);
        let crlf = read_table(b"A\r\n\r\n\r\nb\r\n\"x\r\ny\"\r\nz\r\n").unwrap();
        let numbers: Vec<usize> = crlf.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![4, 5, 6]);
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(read_table(b"").unwrap_err(), ImportError::Empty);
        assert_eq!(
            read_table(b"\xEF\xBB\xBF\r\n").unwrap_err(),
            ImportError::Empty
        );
    }

    #[test]
    fn xlsx_cells_become_text_with_dates_and_whole_numbers() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Eingang").unwrap();
        sheet.write_string(0, 1, "PLZ").unwrap();
        sheet.write_string(0, 2, "Jahre").unwrap();
        let when = rust_xlsxwriter::ExcelDateTime::parse_from_str("2025-09-16 09:41:00").unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm");
        sheet
            .write_datetime_with_format(1, 0, &when, &format)
            .unwrap();
        sheet.write_number(1, 1, 4109.0).unwrap();
        sheet.write_number(1, 2, 1.5).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, vec!["Eingang", "PLZ", "Jahre"]);
        assert_eq!(
            cells(&table),
            vec![vec!["2025-09-16T09:41:00", "4109", "1.5"]]
        );
        assert!(matches!(table.format, Format::Xlsx { .. }));
    }

    #[test]
    fn a_broken_xlsx_is_an_error_not_a_panic() {
        let error = read_table(b"PK\x03\x04 not really a zip").unwrap_err();
        assert_eq!(error.code(), "import.xlsx");
    }
}
