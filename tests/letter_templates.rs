//! The coordinator's own letter templates: saved per programme, checked before they are
//! saved, used by letters and previews, and carried over from older database files.

mod common;

use std::path::Path;
use std::process::Command;

use kohorte::Kohorte;
use kohorte::documents::LetterKind;
use kohorte::store::{self, Store};

fn pdftotext(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args([&pdf.to_string_lossy(), "-"])
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn without_a_saved_template_the_default_applies() {
    let (_dir, k) = common::demo();
    let t = k.letter_template(LetterKind::Absage).unwrap();
    assert!(!t.custom);
    assert_eq!(t.body, LetterKind::Absage.default_template());
}

#[test]
fn saved_template_persists_and_is_used_by_letters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite");
    let body = LetterKind::Zusage.default_template().replacen(
        '\n',
        "\nHerzlichen Glückwunsch zur Aufnahme – Sonnenblume.\n\n",
        1,
    );
    common::demo_at(&path)
        .save_letter_template(LetterKind::Zusage, &body)
        .unwrap();

    // A new session on the same file sees the saved text.
    let k = Kohorte::open(&path).unwrap();
    let t = k.letter_template(LetterKind::Zusage).unwrap();
    assert!(t.custom);
    assert_eq!(t.body, body);
    // Other kinds keep their defaults.
    assert!(!k.letter_template(LetterKind::Warteliste).unwrap().custom);

    let out = dir.path().join("zusagen.pdf");
    k.write_letters(LetterKind::Zusage, None, None, &out, true)
        .unwrap();
    assert!(pdftotext(&out).contains("Sonnenblume"));
}

#[test]
fn template_with_unknown_placeholder_is_not_saved() {
    let (_dir, k) = common::demo();
    let err = k
        .save_letter_template(LetterKind::Zusage, "Betreff\n\nHallo {{ vornahme }}")
        .unwrap_err();
    assert_eq!(err.code(), "documents.unknown_placeholder");
    assert!(err.to_string().contains("„vornahme“"), "{err}");
    assert!(!k.letter_template(LetterKind::Zusage).unwrap().custom);
}

#[test]
fn reset_brings_back_the_default() {
    let (_dir, k) = common::demo();
    k.save_letter_template(LetterKind::Absage, "Eigener Betreff\n\nText.")
        .unwrap();
    let t = k.reset_letter_template(LetterKind::Absage).unwrap();
    assert!(!t.custom);
    assert_eq!(t.body, LetterKind::Absage.default_template());
}

#[test]
fn preview_pages_are_svg_with_the_edited_text_escaped() {
    let (_dir, k) = common::demo();
    let person = k.recipients(None).unwrap()[0].clone();
    let template =
        "Ihre Bewerbung <bitte lesen> & mehr\n\nGuten Tag {{ vorname }} {{ nachname }},\n\nText.";
    let pages = k
        .preview_letter_pages(LetterKind::Zusage, Some(template), person.application_id)
        .unwrap();
    assert_eq!(pages.len(), 1);
    let svg = &pages[0];
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("Ihre Bewerbung &lt;bitte lesen&gt; &amp; mehr"));
    assert!(svg.contains(&person.person.last_name));
    // Nothing was written or recorded.
    assert!(k.documents().unwrap().is_empty());
}

#[test]
fn a_version_3_file_with_a_programme_migrates_and_keeps_templates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.sqlite");
    store::migrate_to(&path, 3).unwrap();
    {
        // A programme as the previous release stored it, without the template table.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO programme (id, name, application_deadline, created_at)
             VALUES (?1, 'Alt', '2025-09-30', '2025-01-01T00:00:00')",
            [uuid::Uuid::now_v7()],
        )
        .unwrap();
        let exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'letter_template'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exists, 0);
    }
    let k = Kohorte::open(&path).unwrap();
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        store::LATEST_VERSION
    );
    assert_eq!(k.programme().unwrap().name, "Alt");
    assert!(!k.letter_template(LetterKind::Warteliste).unwrap().custom);
    k.save_letter_template(LetterKind::Warteliste, "Betreff\n\nText.")
        .unwrap();
    assert!(k.letter_template(LetterKind::Warteliste).unwrap().custom);
}
