//! The import against real SQLite files: a generated 500-row form export with known
//! duplicates, late and invalid rows; refusal writes nothing; re-import adds nothing.

mod common;

use std::path::Path;

use kohorte::Kohorte;
use kohorte::import::{DuplicateOf, Field, ImportOptions, Outcome, RowFate};

/// A demo database in a fresh temp folder.
const TOWNS: [(&str, &str, &str); 8] = [
    ("Stadt Gießen", "Hessen", "kreisangehörige Stadt/Gemeinde"),
    ("Landkreis Görlitz", "SN", "Landkreis"),
    ("Stadt Münster", "nrw", "kreisfreie Stadt"),
    (
        "Hansestadt Rostock",
        "Mecklenburg-Vorpommern",
        "kreisfreie Stadt",
    ),
    ("Kreis Soest", "NORDRHEIN-WESTFALEN", ""),
    ("Stadt Würzburg", "BY", "kreisfreie Stadt"),
    ("Landkreis Vorpommern-Greifswald", "MV", "Landkreis"),
    (
        "Stadt Tübingen",
        "Baden-Württemberg",
        "Kreisangehörige Gemeinde",
    ),
];

/// What the generator built in, to compare the report against.
struct Expected {
    rows: usize,
    invalid_rows: usize,
    duplicates: usize,
    late: usize,
    new: usize,
}

/// A form export as German Excel writes it: BOM, semicolons, CRLF, quoted motivations
/// with line breaks and quotes. Every 50 rows one unknown state and one broken e-mail;
/// every 40th row after the deadline; the last 15 rows repeat rows 85–99 with the
/// e-mail upper-cased and a newer phone number.
fn form_export(rows: usize) -> (Vec<u8>, Expected) {
    let mut out = String::from(
        "\u{feff}Zeitstempel;Anrede;Titel;Vorname;Nachname;E-Mail-Adresse;Telefon;Kommune;Bundesland;Art der Kommune;Funktion;Lernpfad;Jahre Leitungserfahrung;Tandem-Partner;Motivation;PLZ;Ort\r\n",
    );
    let duplicate_from = rows - 15;
    let (mut invalid, mut late) = (0, 0);
    for i in 0..rows {
        let source = if i >= duplicate_from { i - 400 } else { i };
        let (town, state, kind) = TOWNS[source % TOWNS.len()];
        let mut state = state.to_string();
        let mut email = format!("person{source}@kommune{}.example", source % TOWNS.len());
        let mut when = format!(
            "{:02}.09.2025 {:02}:{:02}",
            1 + source % 28,
            8 + source % 10,
            source % 60
        );
        let mut phone = format!("0{} {source}", 300 + source);
        if i >= duplicate_from {
            email = email.to_uppercase();
            when = "29.09.2025 23:00".into();
            phone = format!("0171 {i}");
        } else if i % 50 == 7 {
            state = "Preußen".into();
            invalid += 1;
        } else if i % 50 == 23 {
            email = format!("person{i}(at)kommune.example");
            invalid += 1;
        } else if i % 40 == 0 {
            when = format!("0{}.10.2025 10:00", 1 + i % 9);
            late += 1;
        }
        let track = if source % 2 == 0 {
            "Lernpfad Führung"
        } else {
            "Change"
        };
        let experience = ["über 10", "1,5", "8 Jahre", "unter 3", "4", ""][source % 6];
        let salutation = ["Frau", "Herr", ""][source % 3];
        out.push_str(&format!(
            "{when};{salutation};;Vor{source};Nach{source};{email};{phone};{town};{state};{kind};Leitung;{track};{experience};;\"Ich möchte \"\"Planung\"\"\r\nlernen; gemeinsam.\";{:05};{}\r\n",
            1000 + source,
            town.split(' ').next_back().unwrap_or(town)
        ));
    }
    let expected = Expected {
        rows,
        invalid_rows: invalid,
        duplicates: 15,
        late,
        new: rows - invalid - 15,
    };
    (out.into_bytes(), expected)
}

fn counts(k: &Kohorte) -> (usize, usize) {
    let rows = k.applications().unwrap();
    let overview = k.overview().unwrap();
    (rows.len(), overview.tandems.confirmed as usize)
}

fn table_counts(path: &Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    [
        "application",
        "person",
        "municipality",
        "audit_entry",
        "import_mapping",
        "programme_fellow",
    ]
    .iter()
    .map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

#[test]
fn generated_500_row_export_round_trips_with_exact_counts() {
    let (_dir, k) = common::demo();
    let (before, _) = counts(&k);
    let (bytes, expected) = form_export(500);
    assert_eq!(
        (expected.invalid_rows, expected.late, expected.new),
        (20, 13, 465)
    );

    let options = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    let report = k.import("formular.csv", &bytes, None, options).unwrap();
    assert_eq!(report.outcome, Outcome::Committed);
    assert_eq!(report.rows, expected.rows);
    assert_eq!(report.invalid_rows, expected.invalid_rows);
    assert_eq!(report.invalid.len(), expected.invalid_rows);
    assert_eq!(report.duplicates.len(), expected.duplicates);
    assert_eq!(report.late.len(), expected.late);
    assert_eq!(report.new, expected.new);
    assert_eq!(report.imported, expected.new);
    assert_eq!(counts(&k).0, before + expected.new);

    // Row numbers are spreadsheet rows: header 1, data from 2 (multi-line cells stay one row).
    assert_eq!(report.invalid[0].row, 7 + 2);
    assert_eq!(report.invalid[0].column, "Bundesland");
    assert_eq!(report.invalid[0].reason, "unbekanntes Bundesland „Preußen“");
    assert_eq!(report.invalid[1].row, 23 + 2);
    assert_eq!(report.invalid[1].column, "E-Mail-Adresse");
    assert_eq!(report.late[0].row, 2);
    let dup = &report.duplicates[0];
    assert_eq!(dup.row, 485 + 2);
    assert_eq!(dup.of, DuplicateOf::Row { row: 85 + 2 });
    let changed: Vec<&str> = dup.differences.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(changed, vec!["Telefon", "Eingangsdatum"]);

    // Every row has its result, named by person; one sentence says what happened.
    assert_eq!(report.results.len(), expected.rows);
    let fate = |f: RowFate| report.results.iter().filter(|r| r.fate == f).count();
    assert_eq!(
        (
            fate(RowFate::New),
            fate(RowFate::Duplicate),
            fate(RowFate::Invalid)
        ),
        (expected.new, expected.duplicates, expected.invalid_rows)
    );
    let first_invalid = &report.results[7];
    assert_eq!(first_invalid.row, 7 + 2);
    assert_eq!(first_invalid.fate, RowFate::Invalid);
    assert!(first_invalid.name.starts_with("Vor") && first_invalid.email.contains('@'));
    assert_eq!(report.invalid[0].name, first_invalid.name);
    assert!(
        report.summary.starts_with(
            "500 Zeilen: 465 neue Bewerbungen importiert, 15 Duplikate nicht übernommen, \
             20 ungültige Zeilen übersprungen – Zeile 9 (Vor"
        ),
        "{}",
        report.summary
    );
    assert!(
        report
            .summary
            .ends_with(", 13 Zeilen nach der Frist eingegangen."),
        "{}",
        report.summary
    );

    // Values arrive normalised.
    let rows = k.applications().unwrap();
    let first = rows
        .iter()
        .find(|r| r.email == "person0@kommune0.example")
        .unwrap();
    assert_eq!(first.state, "DE-HE");
    assert_eq!(first.track, "Lernpfad Führung");
    assert!(first.late);
    let form = k.application_form(first.id).unwrap();
    let motivation = &form.values[&kohorte::import::Field::Motivation];
    assert_eq!(motivation, "Ich möchte \"Planung\"\nlernen; gemeinsam.");
    assert_eq!(form.values[&kohorte::import::Field::Experience], "11");
    assert_eq!(form.values[&kohorte::import::Field::PostalCode], "01000");
}

#[test]
fn reimporting_the_same_file_adds_nothing() {
    let (dir, k) = common::demo();
    let (bytes, expected) = form_export(500);
    let options = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    k.import("formular.csv", &bytes, None, options).unwrap();
    let after_first = table_counts(&common::db_file(&dir));
    let again = k.import("formular.csv", &bytes, None, options).unwrap();
    assert_eq!(again.outcome, Outcome::Committed);
    assert_eq!(again.new, 0);
    assert_eq!(again.imported, 0);
    assert_eq!(again.duplicates.len(), expected.new + expected.duplicates);
    assert_eq!(table_counts(&common::db_file(&dir)), after_first);
    // Merging on request takes the file's 15 newer repeats once; a second time, the
    // database already holds the newest values and nothing changes.
    let merge = ImportOptions {
        merge_duplicates: true,
        ..options
    };
    let merged = k.import("formular.csv", &bytes, None, merge).unwrap();
    assert_eq!(merged.merged, expected.duplicates);
    assert_eq!(merged.imported, 0);
    let after_merge = table_counts(&common::db_file(&dir));
    assert_eq!(after_merge[0], after_first[0], "no new application");
    let again = k.import("formular.csv", &bytes, None, merge).unwrap();
    assert_eq!(again.merged, 0);
    assert_eq!(table_counts(&common::db_file(&dir)), after_merge);
}

#[test]
fn import_refuses_invalid_rows_and_writes_nothing() {
    let (dir, k) = common::demo();
    let path = common::db_file(&dir);
    let before = table_counts(&path);
    let bytes_before = std::fs::read(&path).unwrap();
    let (bytes, expected) = form_export(500);
    let report = k
        .import("formular.csv", &bytes, None, ImportOptions::default())
        .unwrap();
    assert_eq!(report.outcome, Outcome::Refused);
    assert_eq!(report.invalid_rows, expected.invalid_rows);
    assert_eq!(report.imported, 0);
    assert_eq!(
        report.new, expected.new,
        "the preview still says what would be new"
    );
    assert_eq!(table_counts(&path), before);
    assert_eq!(std::fs::read(&path).unwrap(), bytes_before);
}

#[test]
fn dry_run_writes_nothing_but_reports_everything() {
    let (dir, k) = common::demo();
    let path = common::db_file(&dir);
    let before = table_counts(&path);
    let (bytes, expected) = form_export(500);
    let options = ImportOptions {
        dry_run: true,
        skip_invalid: true,
        ..Default::default()
    };
    let report = k.import("f.csv", &bytes, None, options).unwrap();
    assert_eq!(report.outcome, Outcome::Preview);
    assert_eq!(report.new, expected.new);
    assert_eq!(table_counts(&path), before);
}

#[test]
fn merge_on_request_keeps_the_older_value_in_the_audit() {
    let (_dir, k) = common::demo();
    let header =
        "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Telefon\n";
    let first = format!(
        "{header}16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung;0221 1\n"
    );
    let newer = format!(
        "{header}20.09.2025 09:41;Anna;Weber;ANNA@koeln.de;Stadt Köln;NRW;;Führung;0221 2\n"
    );
    k.import("a.csv", first.as_bytes(), None, ImportOptions::default())
        .unwrap();
    let applications = counts(&k).0;
    let left = k
        .import("b.csv", newer.as_bytes(), None, ImportOptions::default())
        .unwrap();
    assert_eq!(left.merged, 0);
    assert_eq!(left.duplicates.len(), 1);
    let id = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.email == "anna@koeln.de")
        .unwrap()
        .id;
    assert_eq!(
        k.application_form(id).unwrap().values[&kohorte::import::Field::Phone],
        "0221 1"
    );

    let options = ImportOptions {
        merge_duplicates: true,
        ..Default::default()
    };
    let merged = k.import("b.csv", newer.as_bytes(), None, options).unwrap();
    assert_eq!(merged.merged, 1);
    assert_eq!(
        k.application_form(id).unwrap().values[&kohorte::import::Field::Phone],
        "0221 2"
    );
    let history = k.history(id).unwrap();
    let phone = history.iter().find(|e| e.field == "phone").unwrap();
    assert_eq!(phone.old_value.as_deref(), Some("0221 1"));
    assert_eq!(phone.new_value.as_deref(), Some("0221 2"));
    assert_eq!(counts(&k).0, applications, "a merge adds no application");
}

#[test]
fn the_mapping_is_remembered_for_the_next_import() {
    let (_dir, k) = common::demo();
    let mut mapping = None;
    let text = "Wann;Vorname;Nachname;E-Mail;Dienststelle;Bundesland;Art der Kommune;Lernpfad\n\
                16.09.2025;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\n";
    // Unknown headers: the proposal leaves them unassigned, so the import is refused…
    let error = k
        .import("a.csv", text.as_bytes(), None, ImportOptions::default())
        .unwrap_err();
    assert_eq!(error.code(), "import.missing_column");
    // …until the coordinator assigns them; the next import of that form needs no help.
    let mut proposed = kohorte::import::ColumnMapping::propose(
        &text
            .lines()
            .next()
            .unwrap()
            .split(';')
            .map(String::from)
            .collect::<Vec<_>>(),
        &[],
    );
    for c in &mut proposed.columns {
        match c.header.as_str() {
            "Wann" => c.field = Some(kohorte::import::Field::ReceivedAt),
            "Dienststelle" => c.field = Some(kohorte::import::Field::Municipality),
            _ => {}
        }
    }
    mapping.replace(proposed);
    let report = k
        .import(
            "a.csv",
            text.as_bytes(),
            mapping.as_ref(),
            ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(report.imported, 1);
    let next = text
        .replace("anna@koeln.de", "ben@koeln.de")
        .replace("Anna", "Ben");
    let report = k
        .import("b.csv", next.as_bytes(), None, ImportOptions::default())
        .unwrap();
    assert_eq!(report.imported, 1);
}

#[test]
fn xlsx_export_imports_like_csv() {
    let (_dir, k) = common::demo();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "Zeitstempel",
        "Vorname",
        "Nachname",
        "E-Mail",
        "Kommune",
        "Bundesland",
        "Art der Kommune",
        "Lernpfad",
        "PLZ",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let when = rust_xlsxwriter::ExcelDateTime::parse_from_str("2025-10-02 09:41:00").unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm");
    sheet
        .write_datetime_with_format(1, 0, &when, &format)
        .unwrap();
    for (c, v) in [
        "Jana",
        "Öztürk",
        "jana@leipzig.de",
        "Stadt Leipzig",
        "Sachsen",
        "",
        "Change",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16 + 1, *v).unwrap();
    }
    sheet.write_number(1, 8, 4109.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let report = k
        .import("formular.xlsx", &bytes, None, ImportOptions::default())
        .unwrap();
    assert_eq!(
        report.invalid,
        vec![],
        "Stadt Leipzig exists in the demo, so no kind is needed"
    );
    assert_eq!(report.imported, 1);
    assert_eq!(report.late.len(), 1);
    let row = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.email == "jana@leipzig.de")
        .unwrap();
    assert_eq!(
        (row.state.as_str(), row.late, row.fellow),
        ("DE-SN", true, true)
    );
}

/// The commit after a preview reuses the preview's plan. It must plan again when the
/// database changed in between, whether through another connection (the CLI beside
/// the window) or through this one.
#[test]
fn a_commit_after_a_preview_plans_again_when_the_database_changed() {
    let (dir, k) = common::demo();
    let path = common::db_file(&dir);
    let (bytes, expected) = form_export(500);
    let preview = ImportOptions {
        dry_run: true,
        skip_invalid: true,
        ..Default::default()
    };
    let commit = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };

    // Another connection imports the same file between preview and commit.
    assert_eq!(
        k.import("f.csv", &bytes, None, preview).unwrap().new,
        expected.new
    );
    Kohorte::open(&path)
        .unwrap()
        .import("f.csv", &bytes, None, commit)
        .unwrap();
    let after_other = table_counts(&path);
    let report = k.import("f.csv", &bytes, None, commit).unwrap();
    assert_eq!(report.imported, 0, "every row is a duplicate by now");
    assert_eq!(table_counts(&path), after_other);

    // This connection enters a person of the next file by hand in between.
    let (bytes, _) = form_export(500);
    let bytes = String::from_utf8(bytes)
        .unwrap()
        .replace("@kommune", "@stadt")
        .replace(";Vor", ";Neu")
        .replace(";Neuname;", ";Vorname;");
    let planned = k
        .import("g.csv", bytes.as_bytes(), None, preview)
        .unwrap()
        .new;
    k.create_application(
        &kohorte::review::ApplicationForm::default()
            .set(Field::FirstName, "Neu1")
            .set(Field::LastName, "Nach1")
            .set(Field::Email, "person1@stadt1.example")
            .set(Field::Municipality, "Landkreis Görlitz")
            .set(Field::State, "SN")
            .set(Field::Track, "Change")
            .set(Field::ReceivedAt, "02.09.2025 09:01"),
    )
    .unwrap();
    let report = k.import("g.csv", bytes.as_bytes(), None, commit).unwrap();
    assert_eq!(
        report.imported,
        planned - 1,
        "the hand-entered person is known"
    );
    assert_eq!(report.duplicates.len(), expected.duplicates + 1);
}

/// Without a change in between, the commit writes exactly what the preview showed.
#[test]
fn a_commit_after_a_preview_writes_what_the_preview_showed() {
    let (dir, k) = common::demo();
    let (bytes, expected) = form_export(500);
    let preview = k
        .import(
            "f.csv",
            &bytes,
            None,
            ImportOptions {
                dry_run: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(preview.outcome, Outcome::Refused, "invalid rows, no skip");
    let before = table_counts(&common::db_file(&dir));
    let report = k
        .import(
            "f.csv",
            &bytes,
            None,
            ImportOptions {
                skip_invalid: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(report.outcome, Outcome::Committed);
    assert_eq!(report.imported, preview.new);
    assert_eq!(report.imported, expected.new);
    assert_eq!(report.duplicates, preview.duplicates);
    let after = table_counts(&common::db_file(&dir));
    assert_eq!(after[0] - before[0], expected.new as i64);
}
