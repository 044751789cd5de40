//! Hostile and broken input on real files: an export too large by rows or bytes is
//! refused before it is parsed, with a German message giving its count and the limit;
//! nothing is written.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use kohorte::import::{ImportError, ImportOptions, MAX_BYTES, MAX_ROWS, read_table};

const HEADER: &str =
    "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\n";

fn csv(rows: usize) -> String {
    let mut text = String::from(HEADER);
    for i in 0..rows {
        text.push_str(&format!(
            "16.09.2025 09:41;Vor{i};Nach{i};p{i}@x.example;Gemeinde {};Sachsen;kreisangehörige Gemeinde;Change\n",
            i % 300
        ));
    }
    text
}

#[test]
fn a_csv_of_more_than_the_row_limit_is_refused_with_count_and_limit() {
    let (_dir, k) = common::demo();
    let before = k.applications().unwrap().len();
    let text = csv(MAX_ROWS); // plus the header: one row too many
    let err = k
        .import("gross.csv", text.as_bytes(), None, ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), "import.too_many_rows");
    assert!(
        err.to_string()
            .starts_with("Die Datei hat 20.001 Zeilen; importiert werden höchstens 20.000."),
        "{err}"
    );
    assert_eq!(k.applications().unwrap().len(), before);
}

#[test]
fn a_csv_at_the_row_limit_is_read() {
    let text = csv(MAX_ROWS - 1);
    let table = read_table(text.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), MAX_ROWS - 1);
}

#[test]
fn line_breaks_inside_quoted_cells_are_not_counted_as_rows() {
    let text = "a;b\n\"eins\nzwei\";x\n\"drei\";y";
    assert_eq!(kohorte::import::count_csv_rows(text.as_bytes()), 3);
}

#[test]
fn an_xlsx_of_more_than_the_row_limit_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.trim().split(';').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    // One cell in the last row is enough for the sheet's used range.
    sheet
        .write_string(MAX_ROWS as u32 + 4, 0, "16.09.2025")
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    match read_table(&bytes) {
        Err(ImportError::TooManyRows { rows, limit }) => {
            assert_eq!(rows, MAX_ROWS + 5);
            assert_eq!(limit, MAX_ROWS);
        }
        other => panic!("expected too many rows, got {other:?}"),
    }
}

#[test]
fn a_file_over_the_byte_limit_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    drop(common::demo_at(&db));
    let path = dir.path().join("export.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(HEADER.as_bytes()).unwrap();
    // One long line: few rows, many bytes.
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..=(MAX_BYTES / (1024 * 1024)) {
        file.write_all(&chunk).unwrap();
    }
    drop(file);
    let out = Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .args(["--db", db.to_str().unwrap(), "import"])
        .arg(&path)
        .env_remove("KOHORTE_DB")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Die Datei ist 27 MB groß; importiert werden höchstens 25 MB."),
        "{stderr}"
    );
    assert!(Path::new(&db).exists());
}
