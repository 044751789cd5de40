//! Exports end to end: a real demo database in a temp folder, files written by the
//! service and read back by the libraries that read them (csv, calamine, zip, the
//! icalendar parser, mail-parser), with umlauts, ß, line breaks and formula-like values.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use kohorte::Kohorte;
use kohorte::documents::{DocumentKind, LetterKind};
use kohorte::export::{Column, ListFormat, ListSettings};
use kohorte::job::{Job, Progress};
use kohorte::model::{Status, TrackRole};
use tempfile::TempDir;
use uuid::Uuid;

struct Demo {
    dir: TempDir,
    k: Kohorte,
}

/// What the tricky applicant typed into the online form.
const LAST: &str = "Müßig-Öztürk";
const FIRST: &str = "Jörg";
const DIET: &str = "vegetarisch\r\nkeine Nüsse; kein Käse";
const JOB: &str = "=HYPERLINK(\"http://evil.example\",\"Klick\")";
const PHONE: &str = "+49 30 1234567";
const ACCESS: &str = "@Rollstuhl, \"Rampe\"";

impl Demo {
    /// The demo with one confirmed applicant whose fields are as tricky as real ones.
    fn new() -> (Demo, Uuid) {
        let (dir, k) = common::demo();
        let id = k
            .applications()
            .expect("rows")
            .into_iter()
            .find(|r| r.status == Status::Zugesagt && r.track_role == TrackRole::Fuehrung)
            .expect("a confirmed leader")
            .id;
        let conn = rusqlite::Connection::open(common::db_file(&dir)).expect("sql open");
        conn.execute(
            "UPDATE person SET last_name = ?2, first_name = ?3, dietary_needs = ?4,
                 job_title = ?5, phone = ?6, accessibility_needs = ?7, title = 'Dr.'
             WHERE id = (SELECT person_id FROM application WHERE id = ?1)",
            rusqlite::params![id, LAST, FIRST, DIET, JOB, PHONE, ACCESS],
        )
        .expect("tricky person");
        conn.execute(
            "UPDATE application SET experience_years = 3.5 WHERE id = ?1",
            [id],
        )
        .expect("experience");
        (Demo { dir, k }, id)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn settings(columns: &[Column]) -> ListSettings {
    ListSettings {
        columns: columns.to_vec(),
        ..ListSettings::default()
    }
}

const COLUMNS: &[Column] = &[
    Column::LastName,
    Column::FirstName,
    Column::Name,
    Column::JobTitle,
    Column::Phone,
    Column::DietaryNeeds,
    Column::AccessibilityNeeds,
    Column::ReceivedAt,
    Column::ExperienceYears,
    Column::Status,
];

fn read_csv(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

fn row_of<'a>(rows: &'a [Vec<String>], last: &str) -> &'a Vec<String> {
    rows.iter().find(|r| r[0] == last).expect("the tricky row")
}

#[test]
fn german_excel_csv_has_bom_semicolons_crlf_german_dates_and_guarded_formulas() {
    let (demo, _) = Demo::new();
    let out = demo.path("Teilnehmende.csv");
    let file = demo
        .k
        .export_list(ListFormat::Csv, &settings(COLUMNS), &out)
        .expect("export");
    let bytes = std::fs::read(&out).expect("read");
    assert_eq!(file.bytes, bytes.len());
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    assert!(text.starts_with("Nachname;Vorname;Name;Funktion;Telefon;Verpflegung;"));
    assert!(
        text.split('\n').next().expect("header").ends_with('\r'),
        "CRLF"
    );
    let rows = read_csv(&bytes[3..], b';');
    assert_eq!(rows.len(), 1 + file.entries);
    // Only confirmed people by default: 15 in the demo.
    assert_eq!(file.entries, 15);
    let row = row_of(&rows, LAST);
    assert_eq!(row[1], FIRST);
    assert_eq!(row[2], format!("Dr. {FIRST} {LAST}"));
    assert_eq!(row[3], format!("'{JOB}"), "a formula stays text");
    assert_eq!(row[4], format!("'{PHONE}"));
    assert_eq!(
        row[5], "vegetarisch\nkeine Nüsse; kein Käse",
        "line break kept in the cell"
    );
    assert_eq!(row[6], format!("'{ACCESS}"));
    let date = NaiveDate::parse_from_str(&row[7], "%d.%m.%Y").expect("German date");
    assert!(date.format("%Y").to_string().starts_with("202"));
    assert_eq!(row[8], "3,5", "decimal comma");
    assert_eq!(row[9], "zugesagt");
}

#[test]
fn comma_csv_has_no_bom_commas_and_iso_dates() {
    let (demo, _) = Demo::new();
    let out = demo.path("liste.csv");
    demo.k
        .export_list(ListFormat::CsvComma, &settings(COLUMNS), &out)
        .expect("export");
    let bytes = std::fs::read(&out).expect("read");
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    let rows = read_csv(&bytes, b',');
    assert_eq!(rows[0][0], "Nachname");
    let row = row_of(&rows, LAST);
    assert_eq!(row[3], format!("'{JOB}"));
    assert_eq!(row[5], "vegetarisch\nkeine Nüsse; kein Käse");
    NaiveDate::parse_from_str(&row[7], "%Y-%m-%d").expect("ISO date");
    assert_eq!(row[8], "3.5");
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("entry")
        .read_to_string(&mut text)
        .expect("xml");
    text
}

#[test]
fn xlsx_keeps_text_as_text_dates_as_dates_with_a_frozen_filtered_bold_header() {
    use calamine::{Data, Reader, Xlsx};
    let (demo, _) = Demo::new();
    let out = demo.path("Teilnehmende.xlsx");
    let file = demo
        .k
        .export_list(ListFormat::Xlsx, &settings(COLUMNS), &out)
        .expect("export");
    let bytes = std::fs::read(&out).expect("read");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("xlsx");
    let range = book.worksheet_range("Teilnehmende").expect("sheet");
    assert_eq!(range.height(), 1 + file.entries);
    assert_eq!(range.get((0, 0)), Some(&Data::String("Nachname".into())));
    let row = range
        .rows()
        .find(|r| r[0] == Data::String(LAST.into()))
        .expect("the tricky row");
    assert_eq!(row[1], Data::String(FIRST.into()));
    assert_eq!(
        row[3],
        Data::String(JOB.into()),
        "the value itself, as text"
    );
    assert_eq!(row[4], Data::String(PHONE.into()));
    assert_eq!(
        row[5],
        Data::String("vegetarisch\nkeine Nüsse; kein Käse".into())
    );
    assert!(
        matches!(row[7], Data::DateTime(_)),
        "a real date: {:?}",
        row[7]
    );
    assert_eq!(row[8], Data::Float(3.5));
    let formulas = book.worksheet_formula("Teilnehmende").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere"
    );

    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#));
    assert!(sheet.contains("<autoFilter ref=\"A1:J"));
    assert!(sheet.contains("<col "), "fitted column widths");
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "bold header");
    assert!(
        styles.contains(r#"quotePrefix="1""#),
        "formula-like text marked as text"
    );
    assert!(
        styles.contains(r#"wrapText="1""#),
        "line breaks shown in the cell"
    );
}

#[test]
fn the_list_filters_by_track_status_and_module_and_remembers_the_choice() {
    let (demo, id) = Demo::new();
    // Present on day 2 of module 1: only this person, of the Führung track.
    demo.k
        .set_attendance(&[id], 1, Some(2), true)
        .expect("attendance");
    let chosen = ListSettings {
        columns: vec![Column::LastName, Column::Track, Column::Attendance],
        track: Some(TrackRole::Fuehrung),
        status: Some(Status::Zugesagt),
        module: Some(1),
    };
    let out = demo.path("m1.csv");
    let file = demo
        .k
        .export_list(ListFormat::CsvComma, &chosen, &out)
        .expect("export");
    assert_eq!(file.entries, 1);
    let rows = read_csv(&std::fs::read(&out).expect("read"), b',');
    assert_eq!(
        rows[0],
        [
            "Nachname",
            "Lernpfad",
            "Modul 1, Tag 1",
            "Modul 1, Tag 2",
            "Modul 2, Tag 1",
            "Modul 2, Tag 2",
            "Modul 3, Tag 1",
            "Modul 3, Tag 2"
        ]
    );
    assert_eq!(
        rows[1],
        [LAST, "Lernpfad Führung", "", "ja", "", "", "", ""]
    );

    // Change-track people are filtered out even with attendance.
    let all = ListSettings {
        track: Some(TrackRole::Change),
        ..chosen.clone()
    };
    let none = demo
        .k
        .export_list(ListFormat::Csv, &all, &demo.path("c.csv"))
        .expect("export");
    assert_eq!(none.entries, 0);

    // Remembered per programme, across opening the file again.
    drop(demo.k);
    let again = Kohorte::open(&common::db_file(&demo.dir)).expect("reopen");
    assert_eq!(again.list_settings().expect("settings"), all);
}

#[test]
fn an_unknown_module_in_the_filter_is_refused_and_nothing_is_written() {
    let (demo, _) = Demo::new();
    let wrong = ListSettings {
        module: Some(9),
        ..ListSettings::default()
    };
    let out = demo.path("x.csv");
    let e = demo
        .k
        .export_list(ListFormat::Csv, &wrong, &out)
        .unwrap_err();
    assert_eq!(e.code(), "export.unknown_module");
    assert!(!out.exists());
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

struct Event {
    uid: String,
    sequence: u32,
    props: Vec<(String, String)>,
}

impl Event {
    fn get(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn events(path: &Path) -> Vec<Event> {
    let text = std::fs::read_to_string(path).expect("read ics");
    assert!(text.contains("\r\n"), "CRLF lines");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            let props: Vec<(String, String)> = c
                .properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect();
            let find = |name: &str| {
                props
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            Event {
                uid: find("UID"),
                sequence: find("SEQUENCE").parse().expect("sequence"),
                props: props.clone(),
            }
        })
        .collect()
}

#[test]
fn calendar_keeps_the_uid_and_raises_the_sequence_when_a_date_changes() {
    let (demo, _) = Demo::new();
    let modules = demo.k.modules().expect("modules");
    demo.k
        .set_module_dates(2, Some(date(2026, 3, 12)), Some(date(2026, 3, 13)))
        .expect("dates");
    let out = demo.path("Termine.ics");
    let file = demo.k.export_calendar(false, &out).expect("calendar");
    assert_eq!(file.entries, 1);
    let first = events(&out);
    assert_eq!(first.len(), 1);
    let event = &first[0];
    assert_eq!(event.uid, format!("modul-{}@kohorte", modules[1].id));
    assert_eq!(event.sequence, 0);
    // Timed from the agenda's first and last item (floating local time).
    assert_eq!(event.get("DTSTART"), Some("20260312T100000"));
    assert_eq!(event.get("DTEND"), Some("20260313T140000"));
    assert_eq!(event.get("LOCATION"), Some(modules[1].venue.as_str()));
    assert_eq!(event.get("STATUS"), Some("CONFIRMED"));
    assert!(event.get("SUMMARY").expect("summary").contains("Modul 2"));

    // Exporting again without a change keeps the sequence.
    demo.k.export_calendar(false, &out).expect("calendar");
    assert_eq!(events(&out)[0].sequence, 0);

    // A moved module: same UID, higher SEQUENCE, new date.
    demo.k
        .set_module_dates(2, Some(date(2026, 3, 19)), Some(date(2026, 3, 20)))
        .expect("dates");
    demo.k.export_calendar(false, &out).expect("calendar");
    let moved = events(&out);
    assert_eq!(moved[0].uid, event.uid);
    assert_eq!(moved[0].sequence, 1);
    assert_eq!(moved[0].get("DTSTART"), Some("20260319T100000"));
}

#[test]
fn tentative_modules_are_left_out_unless_asked_for_and_then_marked() {
    let (demo, _) = Demo::new();
    // Module 1's label says "voraussichtlich KW 49, 2025": its dates are tentative.
    demo.k
        .set_module_dates(1, Some(date(2025, 12, 4)), Some(date(2025, 12, 5)))
        .expect("dates");
    let out = demo.path("t.ics");
    let e = demo.k.export_calendar(false, &out).unwrap_err();
    assert_eq!(e.code(), "export.no_dates");
    assert!(!out.exists());

    demo.k.export_calendar(true, &out).expect("with tentative");
    let all = events(&out);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].get("STATUS"), Some("TENTATIVE"));
    assert_eq!(all[0].get("X-MICROSOFT-CDO-BUSYSTATUS"), Some("TENTATIVE"));
    assert!(
        all[0]
            .get("DESCRIPTION")
            .expect("description")
            .contains("voraussichtlich KW 49, 2025")
    );
}

fn parse_mail(bytes: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(bytes)
        .expect("a MIME message")
}

#[test]
fn mail_drafts_carry_to_subject_body_letter_and_dates_and_are_recorded() {
    use mail_parser::MimeHeaders;
    let (demo, id) = Demo::new();
    demo.k
        .set_module_dates(2, Some(date(2026, 3, 12)), Some(date(2026, 3, 13)))
        .expect("dates");
    let out = demo.path("entwuerfe");
    let drafts = demo
        .k
        .write_mail_drafts(LetterKind::Zusage, None, None, &out)
        .expect("drafts");
    assert_eq!(drafts.files.len() + drafts.without_email.len(), 15);
    let mine = drafts
        .files
        .iter()
        .find(|f| {
            f.path
                .file_name()
                .is_some_and(|n| n == "Zusage_Muessig-Oeztuerk_Joerg.eml")
        })
        .expect("the tricky person's draft");
    let bytes = std::fs::read(&mine.path).expect("read");
    assert!(bytes.is_ascii(), "headers and parts encoded for transport");
    let message = parse_mail(&bytes);
    let to = message.to().and_then(|a| a.first()).expect("to");
    assert_eq!(to.name(), Some(format!("Dr. {FIRST} {LAST}").as_str()));
    assert!(to.address().is_some_and(|a| a.contains('@')));
    let from = message.from().and_then(|a| a.first()).expect("from");
    assert_eq!(from.address(), Some("lernpfade@kommune360.example"));
    let subject = message.subject().expect("subject");
    assert!(
        subject.starts_with("Ihre Zusage für den Lernpfad Führung"),
        "{subject}"
    );
    let body = message.body_text(0).expect("body");
    // The salutation of the letters, with umlauts and ß intact.
    assert!(body.contains(&format!("{LAST},")), "{body}");
    assert!(body.contains("Grüßen"));
    assert_eq!(
        message.header_raw("X-Unsent").map(str::trim),
        Some("1"),
        "Outlook opens it as a draft to send"
    );
    let attachments: Vec<_> = message.attachments().collect();
    assert_eq!(attachments.len(), 2);
    let pdf = attachments
        .iter()
        .find(|a| a.attachment_name() == Some("Zusage_Muessig-Oeztuerk_Joerg.pdf"))
        .expect("the letter");
    assert!(pdf.contents().starts_with(b"%PDF"));
    let ics = attachments
        .iter()
        .find(|a| a.attachment_name() == Some("Termine.ics"))
        .expect("the dates");
    let ics_path = demo.path("aus-mail.ics");
    std::fs::write(&ics_path, ics.contents()).expect("write");
    let events = events(&ics_path);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get("DTSTART"), Some("20260312T100000"));

    let history = demo.k.document_history(id).expect("history");
    let recorded = history
        .iter()
        .find(|d| d.file_name == "Zusage_Muessig-Oeztuerk_Joerg.eml")
        .expect("recorded like a letter");
    assert_eq!(recorded.kind, DocumentKind::Zusage);
}

#[test]
fn an_edited_mail_text_is_used_and_an_unknown_placeholder_is_refused() {
    let (demo, _) = Demo::new();
    let e = demo
        .k
        .save_mail_template(LetterKind::Absage, "Betreff {{ vornahme }}\n\nText")
        .unwrap_err();
    assert_eq!(e.code(), "documents.unknown_placeholder");
    demo.k
        .save_mail_template(
            LetterKind::Absage,
            "Absage für {{ name }} – Straße\n\nLiebe Grüße",
        )
        .expect("save");
    assert!(
        demo.k
            .mail_template(LetterKind::Absage)
            .expect("tpl")
            .custom
    );
    let out = demo.path("absagen");
    let drafts = demo
        .k
        .write_mail_drafts(LetterKind::Absage, None, None, &out)
        .expect("drafts");
    assert!(!drafts.files.is_empty());
    let bytes = std::fs::read(&drafts.files[0].path).expect("read");
    let message = parse_mail(&bytes);
    assert!(
        message
            .subject()
            .expect("subject")
            .starts_with("Absage für ")
    );
    assert!(message.subject().expect("subject").ends_with("– Straße"));
    // An Absage carries the letter only, no dates.
    assert_eq!(message.attachments().count(), 1);
    assert!(
        !demo
            .k
            .reset_mail_template(LetterKind::Absage)
            .expect("reset")
            .custom
    );
}

#[test]
fn cancelled_drafts_write_no_file_and_record_nothing() {
    let (demo, _) = Demo::new();
    let before = demo.k.documents().expect("docs").len();
    let cancel = AtomicBool::new(false);
    let report = |p: Progress| {
        if p.done >= 2 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let job = Job::new(&cancel, &report);
    let out = demo.path("abgebrochen");
    let e = demo
        .k
        .write_mail_drafts_with_job(LetterKind::Zusage, None, None, &out, &job)
        .unwrap_err();
    assert_eq!(e.code(), "job.cancelled");
    assert!(!out.exists());
    assert_eq!(demo.k.documents().expect("docs").len(), before);
}
