//! Documents end to end: a real demo database in a temp folder, real PDFs written by
//! the service, read back with poppler's `pdftotext` and `pdfinfo`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Local;
use kohorte::Kohorte;
use kohorte::documents::{DocumentKind, LetterKind, ListKind, german_date};
use kohorte::model::{Status, TrackRole};
use kohorte::service::LetterOptions;
use sha2::{Digest, Sha256};

/// Millimetres to PDF points.
fn pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

struct Demo {
    dir: tempfile::TempDir,
    kohorte: Kohorte,
}

impl Demo {
    fn new() -> Demo {
        let (dir, kohorte) = common::demo();
        Demo { dir, kohorte }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Direct SQL for set-ups the app has no command for yet (fixed dates).
    fn sql(&self, sql: &str) {
        let conn = rusqlite::Connection::open(common::db_file(&self.dir)).expect("sql open");
        conn.execute_batch(sql).expect("sql");
    }

    fn zusagen_merged(&self) -> PathBuf {
        let out = self.path("zusagen.pdf");
        self.kohorte
            .write_letters(LetterKind::Zusage, None, None, &out, true)
            .expect("letters");
        out
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (poppler-utils): {e}"));
    assert!(output.status.success(), "{program} {args:?} failed");
    String::from_utf8(output.stdout).expect("utf-8")
}

fn text(pdf: &Path) -> String {
    run("pdftotext", &[&pdf.to_string_lossy(), "-"])
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    run(
        "pdftotext",
        &["-f", &p, "-l", &p, &pdf.to_string_lossy(), "-"],
    )
}

fn info(pdf: &Path, field: &str) -> String {
    run("pdfinfo", &[&pdf.to_string_lossy()])
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("pdfinfo has no {field}"))
}

fn pages(pdf: &Path) -> usize {
    info(pdf, "Pages").parse().expect("page count")
}

/// Every word's box from `pdftotext -bbox`: (page width, page height, word, xMin, yMax).
fn words(pdf: &Path) -> Vec<(f64, f64, String, f64, f64, f64)> {
    let html = run("pdftotext", &["-bbox", &pdf.to_string_lossy(), "-"]);
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse().expect("number")
    };
    let (mut width, mut height) = (0.0, 0.0);
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            width = attr(line, "width");
            height = attr(line, "height");
        } else if line.starts_with("<word ") {
            let word = line[line.find('>').expect("tag end") + 1..]
                .trim_end_matches("</word>")
                .to_string();
            out.push((
                width,
                height,
                word,
                attr(line, "xMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            ));
        }
    }
    out
}

/// No word reaches into the right margin (`right_mm` from the page edge).
fn assert_inside_right_margin(pdf: &Path, right_mm: f64) {
    let words = words(pdf);
    assert!(words.len() > 50, "too few words to judge");
    for (width, _, word, _, x_max, _) in &words {
        assert!(
            *x_max <= width - pt(right_mm) + 0.5,
            "„{word}“ ends at {x_max:.1} pt, beyond the margin of {:.1} pt",
            width - pt(right_mm)
        );
    }
}

#[test]
fn zusage_letter_keeps_umlauts_quotes_and_dashes_as_text() {
    let demo = Demo::new();
    let text = text(&demo.zusagen_merged());
    for expected in [
        "Sehr geehrte Frau Dr. Weber,",
        "Sehr geehrter Herr Köhler,",
        "Sehr geehrter Herr Claußen,",
        "Frau Merve Aydın",
        "„Lernpfad Führung & Change 2025/2026“",
        "Berlin, Bezirk Neukölln",
        "Mit freundlichen Grüßen",
        "Dr. Miriam Falk",
        "Programmleitung Lernpfade",
        "Initiative Kommune 360° (Demo) · Musterstraße 12 · 10115 Berlin",
    ] {
        assert!(text.contains(expected), "missing „{expected}“");
    }
    assert!(text.contains(&german_date(Local::now().date_naive())));
    assert!(text.contains("Seite 1 von 2"));
    // En dashes survive too (the Warteliste letter has a parenthesis set off by them).
    let out = demo.path("warteliste.pdf");
    demo.kohorte
        .write_letters(LetterKind::Warteliste, None, None, &out, true)
        .expect("letters");
    let warteliste = flat_text(&out);
    assert!(warteliste.contains(
        "ausgewogen zusammengesetzt sein soll – nach Regionen, Erfahrung und Perspektiven –"
    ));
    assert!(warteliste.contains("Sehr geehrte Frau Dr. Fischer,"));
}

/// Text with line breaks as spaces, for phrases that may wrap.
fn flat_text(pdf: &Path) -> String {
    text(pdf).replace('\n', " ")
}

#[test]
fn salutation_without_anrede_uses_the_full_name() {
    let demo = Demo::new();
    let out = demo.path("pruefung.pdf");
    demo.kohorte
        .write_letters(
            LetterKind::Zusage,
            Some(Status::InPruefung),
            None,
            &out,
            true,
        )
        .expect("letters");
    let text = text(&out);
    assert!(text.contains("Guten Tag Kim Vogt,"));
    assert!(text.contains("Sehr geehrter Herr Dr. Meißner,"));
}

#[test]
fn zusage_names_module_dates_venue_costs_and_tandem_partner() {
    let demo = Demo::new();
    let text = text(&demo.zusagen_merged()).replace('\n', " ");
    let weber = text
        .split("Sehr geehrte Frau Dr. Weber,")
        .nth(1)
        .expect("Weber's letter")
        .split("Programmleitung Lernpfade")
        .next()
        .expect("ends with the signatory")
        .to_string();
    for expected in [
        "Tobias Krüger (Lernpfad Change) als Tandem",
        "voraussichtlich KW 49, 2025",
        "März 2026",
        "Juni 2026",
        "Veranstaltungsort: Stadt in Mitteldeutschland",
        "kostenfrei",
        "Anreise und Unterkunft organisieren und tragen die Teilnehmenden selbst",
        "Vortag",
        "Nachmittag des zweiten",
    ] {
        assert!(weber.contains(expected), "missing „{expected}“ in {weber}");
    }
    // Martina Sommer applied solo: her letter names no partner.
    let sommer = text
        .split("Sehr geehrte Frau Sommer,")
        .nth(1)
        .expect("Sommer's letter")
        .split("Programmleitung Lernpfade")
        .next()
        .expect("ends");
    assert!(!sommer.contains("als Tandem"));
}

#[test]
fn fixed_module_dates_replace_the_tentative_label() {
    let demo = Demo::new();
    demo.sql(
        "UPDATE module SET start_date = '2025-12-04', end_date = '2025-12-05' WHERE number = 1;
         UPDATE module SET start_date = '2026-03-19', end_date = '2026-03-20' WHERE number = 2;
         UPDATE module SET start_date = '2026-06-30', end_date = '2026-07-01' WHERE number = 3;",
    );
    let text = text(&demo.zusagen_merged()).replace('\n', " ");
    assert!(text.contains("zu folgenden Terminen"));
    assert!(text.contains("4.–5. Dezember 2025"));
    assert!(text.contains("19.–20. März 2026"));
    assert!(text.contains("30. Juni – 1. Juli 2026"));
    assert!(!text.contains("voraussichtlich KW 49"));
}

#[test]
fn merged_pdf_holds_every_letter_and_each_numbers_its_pages() {
    let demo = Demo::new();
    let merged = demo.zusagen_merged();
    let folder = demo.path("einzeln");
    let files = demo
        .kohorte
        .write_letters(LetterKind::Zusage, None, None, &folder, false)
        .expect("letters");
    let confirmed = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read");
    assert_eq!(files.len(), confirmed.len());
    let total: usize = files.iter().map(|f| pages(&f.path)).sum();
    assert_eq!(pages(&merged), total);
    for file in &files {
        let n = pages(&file.path);
        assert_eq!(n, file.pages);
        if n > 1 {
            for page in 1..=n {
                assert!(
                    page_text(&file.path, page).contains(&format!("Seite {page} von {n}")),
                    "{} page {page}",
                    file.path.display()
                );
            }
        }
    }
    assert_eq!(
        text(&merged).matches("Mit freundlichen Grüßen").count(),
        confirmed.len()
    );
}

#[test]
fn letter_text_never_crosses_the_right_margin() {
    let demo = Demo::new();
    assert_inside_right_margin(&demo.zusagen_merged(), 20.0);
    for kind in [LetterKind::Warteliste, LetterKind::Absage] {
        let out = demo.path(&format!("{}.pdf", kind.key()));
        demo.kohorte
            .write_letters(kind, None, None, &out, true)
            .expect("letters");
        assert_inside_right_margin(&out, 20.0);
    }
}

#[test]
fn long_letters_wrap_and_break_onto_further_pages_inside_the_margins() {
    let demo = Demo::new();
    let paragraph = "Dies ist ein sehr langer Absatz über integrierte Planung und Steuerung \
                     in der Kinder- und Jugendhilfe, der mehrfach umbrechen muss. "
        .repeat(6);
    let template = format!(
        "Ein Betreff\n\n{{{{ anrede }}}}\n\n{}\n\nKinder-und-Jugendhilfeplanungsfachkräftefortbildungsprogrammteilnahmebestätigungsschreiben\n\nMit freundlichen Grüßen\n",
        vec![paragraph; 6].join("\n\n")
    );
    let out = demo.path("lang.pdf");
    let files = demo
        .kohorte
        .write_letters(LetterKind::Zusage, None, Some(&template), &out, true)
        .expect("letters");
    assert!(
        files[0].pages >= 2 * files[0].documents,
        "each letter spans pages"
    );
    assert_inside_right_margin(&out, 20.0);
    // Body text stays above the footer rule at 279 mm.
    for (_, height, word, _, _, y_max) in words(&out) {
        let is_footer = word.starts_with("Seite")
            || word == "von"
            || word.chars().all(|c| c.is_ascii_digit())
            || [
                "Initiative",
                "Kommune",
                "360°",
                "(Demo)",
                "·",
                "030",
                "1234567-0",
            ]
            .contains(&word.as_str())
            || word.starts_with("lernpfade@");
        if !is_footer {
            assert!(
                y_max < pt(279.0),
                "„{word}“ reaches the footer (of {height})"
            );
        }
    }
}

#[test]
fn template_with_unknown_placeholder_is_refused_in_german_and_writes_nothing() {
    let demo = Demo::new();
    let out = demo.path("nichts");
    let err = demo
        .kohorte
        .write_letters(
            LetterKind::Zusage,
            None,
            Some("Betreff\n\n{{ anrede }}\n\n{{ vornahme }} {{ nachname }}"),
            &out,
            false,
        )
        .expect_err("vornahme is unknown");
    assert_eq!(err.code(), "documents.unknown_placeholder");
    assert!(
        err.to_string()
            .starts_with("Unbekannter Platzhalter „vornahme“"),
        "{err}"
    );
    assert!(!out.exists());
    assert!(demo.kohorte.documents().expect("read").is_empty());
}

#[test]
fn one_file_per_person_gets_a_safe_transliterated_name() {
    let demo = Demo::new();
    let folder = demo.path("zusagen");
    let files = demo
        .kohorte
        .write_letters(LetterKind::Zusage, None, None, &folder, false)
        .expect("letters");
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for expected in [
        "Zusage_Weber_Jana.pdf",
        "Zusage_Krueger_Tobias.pdf",
        "Zusage_Claussen_Jonas.pdf",
        "Zusage_Aydin_Merve.pdf",
        "Zusage_Schaefer_Leonie.pdf",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    for (file, name) in files.iter().zip(&names) {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
            "{name}"
        );
        assert_eq!(file.path.parent(), Some(folder.as_path()));
    }
}

#[test]
fn every_generated_letter_is_recorded_with_its_hash_each_time() {
    let demo = Demo::new();
    let folder = demo.path("zusagen");
    let first = demo
        .kohorte
        .write_letters(LetterKind::Zusage, None, None, &folder, false)
        .expect("letters");
    demo.kohorte
        .write_letters(LetterKind::Zusage, None, None, &folder, false)
        .expect("again");
    let weber = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read")
        .into_iter()
        .find(|r| r.person.last_name == "Weber")
        .expect("Weber");
    let history = demo
        .kohorte
        .document_history(weber.application_id)
        .expect("history");
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|d| d.kind == DocumentKind::Zusage));
    assert!(
        history
            .iter()
            .all(|d| d.file_name == "Zusage_Weber_Jana.pdf")
    );
    // The newest record holds the hash of the file now on disk.
    let bytes = std::fs::read(folder.join("Zusage_Weber_Jana.pdf")).expect("file");
    assert_eq!(
        history[0].content_hash,
        format!("{:x}", Sha256::digest(&bytes))
    );
    assert_eq!(
        demo.kohorte.documents().expect("all").len(),
        2 * first.len()
    );
}

#[test]
fn pdf_carries_title_and_todays_creation_date() {
    let demo = Demo::new();
    let out = demo.zusagen_merged();
    assert_eq!(
        info(&out, "Title"),
        "Zusage – Lernpfad Führung & Change 2025/2026"
    );
    let created = info(&out, "CreationDate");
    let year = Local::now().format("%Y").to_string();
    assert!(
        created.contains(&year) && !created.contains("1970"),
        "{created}"
    );
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let demo = Demo::new();
    let out = demo.zusagen_merged();
    let fonts = run("pdffonts", &[&out.to_string_lossy()]);
    assert!(fonts.contains("LiberationSans-Bold"), "{fonts}");
    for line in fonts.lines().filter(|l| l.contains("LiberationSans")) {
        assert!(
            line.contains(" yes yes yes "),
            "embedded, subset, unicode: {line}"
        );
    }
    // Whole fonts would be about 800 KB; subsets keep 15 letters far below that.
    assert!(std::fs::metadata(&out).expect("size").len() < 200_000);
}

#[test]
fn one_file_per_person_embeds_subsets_and_keeps_every_character() {
    let demo = Demo::new();
    let folder = demo.path("zusagen");
    let files = demo
        .kohorte
        .write_letters(LetterKind::Zusage, None, None, &folder, false)
        .expect("letters");
    let merged = flat_text(&demo.zusagen_merged());
    let mut separate = String::new();
    for file in &files {
        let fonts = run("pdffonts", &[&file.path.to_string_lossy()]);
        let faces: Vec<&str> = fonts
            .lines()
            .filter(|l| l.contains("LiberationSans"))
            .collect();
        assert!(!faces.is_empty(), "{fonts}");
        for line in faces {
            assert!(
                line.contains(" yes yes yes "),
                "embedded, subset, unicode: {line}"
            );
        }
        // A subset of both faces, not the 800 KB of whole fonts.
        assert!(std::fs::metadata(&file.path).expect("size").len() < 80_000);
        separate.push_str(&flat_text(&file.path));
    }
    // The same words as the merged PDF, umlauts, ß, quotes and dashes included.
    let words = |text: &str| {
        let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        words.sort();
        words
    };
    assert_eq!(words(&separate), words(&merged));
    assert!(separate.contains("Sehr geehrter Herr Claußen,"));
    assert!(separate.contains("„Lernpfad Führung & Change 2025/2026“"));
}

#[test]
fn agenda_is_landscape_with_both_days_and_the_module_header() {
    let demo = Demo::new();
    let out = demo.path("agenda.pdf");
    demo.kohorte.write_agenda(2, &out).expect("agenda");
    assert!(info(&out, "Page size").starts_with("841.89 x 595.27"));
    let text = text(&out).replace('\n', " ");
    for expected in [
        "Lernpfad Führung & Change 2025/2026",
        "Modul 2: Zusammenarbeit und Veränderung in Verwaltung",
        "Wie können Sie eine neue Qualität der Zusammenarbeit in Ihrem Amt entwickeln?",
        "März 2026",
        "Stadt in Mitteldeutschland",
        "Anreise am Vortag",
        "Zeit",
        "Thema",
        "Format",
        "Tag 1",
        "Tag 2",
        "10:00–10:30",
        "Kollegiale Beratung",
    ] {
        assert!(text.contains(expected), "missing „{expected}“");
    }
    assert_inside_right_margin(&out, 15.0);
    let err = demo
        .kohorte
        .write_agenda(7, &demo.path("x.pdf"))
        .expect_err("no module 7");
    assert_eq!(err.to_string(), "Modul 7 gibt es in diesem Programm nicht.");
}

#[test]
fn agenda_names_weekdays_once_dates_are_fixed() {
    let demo = Demo::new();
    demo.sql(
        "UPDATE module SET start_date = '2025-12-04', end_date = '2025-12-05' WHERE number = 1;",
    );
    let out = demo.path("agenda.pdf");
    demo.kohorte.write_agenda(1, &out).expect("agenda");
    let text = text(&out);
    assert!(text.contains("Tag 1 · Donnerstag, 4. Dezember 2025"));
    assert!(text.contains("Tag 2 · Freitag, 5. Dezember 2025"));
}

#[test]
fn attendee_list_repeats_its_header_on_every_page() {
    let demo = Demo::new();
    // Everyone confirmed: 42 rows need more than one page.
    demo.sql("UPDATE application SET status = 'zugesagt';");
    let out = demo.path("teilnehmende.pdf");
    let file = demo
        .kohorte
        .write_list(ListKind::Teilnehmende, None, None, &out)
        .expect("list");
    let n = pages(&out);
    assert!(n >= 2, "{n} pages");
    assert_eq!(file.pages, n);
    for page in 1..=n {
        let text = page_text(&out, page);
        for header in [
            "Name",
            "Kommune",
            "Bundesland",
            "Lernpfad",
            "Tandem mit",
            "Verpflegung",
        ] {
            assert!(text.contains(header), "page {page} lacks „{header}“");
        }
        assert!(text.contains(&format!("Seite {page} von {n}")));
    }
    let all = text(&out);
    // German order: Köhler before Krüger (SQLite's NOCASE would swap them).
    let kohler = all.find("Köhler, Sebastian").expect("Köhler");
    assert!(kohler < all.find("Krüger, Tobias").expect("Krüger"));
    for expected in [
        "Weber, Jana",
        "Stadt Leipzig",
        "Sachsen",
        "Tobias Krüger",
        "vegetarisch",
        "Günther, René",
    ] {
        assert!(all.contains(expected), "missing „{expected}“");
    }
    assert_inside_right_margin(&out, 20.0);
}

#[test]
fn attendee_list_for_one_track_holds_only_that_track() {
    let demo = Demo::new();
    let out = demo.path("change.pdf");
    demo.kohorte
        .write_list(ListKind::Teilnehmende, Some(TrackRole::Change), None, &out)
        .expect("list");
    let text = text(&out);
    assert!(text.contains("Teilnehmendenliste – Lernpfad Change"));
    assert!(text.contains("Krüger, Tobias"));
    assert!(!text.contains("Weber, Jana"), "Weber is in Führung");
}

#[test]
fn sign_in_sheets_cover_both_days_with_a_signature_column() {
    let demo = Demo::new();
    demo.sql("UPDATE application SET status = 'zugesagt';");
    let out = demo.path("unterschriften.pdf");
    demo.kohorte
        .write_list(ListKind::Unterschriften, None, Some(1), &out)
        .expect("list");
    let n = pages(&out);
    assert!(n >= 4, "two days of 42 rows: {n} pages");
    let mut days = Vec::new();
    for page in 1..=n {
        let text = page_text(&out, page);
        assert!(
            text.contains("Unterschrift\n") || text.contains("Unterschrift "),
            "page {page}"
        );
        assert!(text.contains("Kommune"), "page {page}");
        days.extend(
            ["Tag 1", "Tag 2"]
                .into_iter()
                .filter(|d| text.contains(&format!("Modul 1, {d}"))),
        );
    }
    assert!(days.contains(&"Tag 1") && days.contains(&"Tag 2"));
    assert!(text(&out).contains("Datum: ____"));
    let err = demo
        .kohorte
        .write_list(ListKind::Unterschriften, None, None, &demo.path("x.pdf"))
        .expect_err("needs a module");
    assert_eq!(err.code(), "documents.module_required");
}

#[test]
fn certificate_lists_only_the_modules_attended() {
    let demo = Demo::new();
    let err = demo
        .kohorte
        .write_certificates(&demo.path("keine.pdf"), true)
        .expect_err("no attendance yet");
    assert_eq!(err.code(), "documents.no_attendance");
    let weber = confirmed(&demo, "Weber");
    for module in [1, 2] {
        demo.kohorte
            .set_attendance(&[weber], module, Some(1), true)
            .expect("attendance");
    }
    let folder = demo.path("bescheinigungen");
    let files = demo
        .kohorte
        .write_certificates(&folder, false)
        .expect("certificates");
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].path,
        folder.join("Teilnahmebescheinigung_Weber_Jana.pdf")
    );
    let text = text(&files[0].path).replace('\n', " ");
    assert!(text.contains("Teilnahmebescheinigung"));
    assert!(text.contains("Frau Dr. Jana Weber"));
    assert!(text.contains("Modul 1: Neue Anforderungen an Planung und Steuerung"));
    assert!(text.contains("Modul 2: Zusammenarbeit und Veränderung in Verwaltung"));
    assert!(!text.contains("Modul 3"));
}

/// The application of the confirmed person with this last name.
fn confirmed(demo: &Demo, last_name: &str) -> uuid::Uuid {
    demo.kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("recipients")
        .into_iter()
        .find(|r| r.person.last_name == last_name)
        .unwrap_or_else(|| panic!("{last_name} is confirmed in the demo"))
        .application_id
}

fn count(demo: &Demo, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(common::db_file(&demo.dir)).expect("sql open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// The text of the certificate page that names `name` (one page per certificate).
fn certificate_of(pdf: &Path, name: &str) -> String {
    (1..=pages(pdf))
        .map(|p| page_text(pdf, p).replace('\n', " "))
        .find(|t| t.contains(name))
        .unwrap_or_else(|| panic!("no certificate names {name}"))
}

#[test]
fn attendance_lists_every_confirmed_participant_with_both_days_absent_at_first() {
    let demo = Demo::new();
    let people = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("recipients");
    let attendance = demo.kohorte.attendance(2).expect("attendance");
    assert_eq!(attendance.module, 2);
    assert_eq!(
        attendance
            .rows
            .iter()
            .map(|r| r.application_id)
            .collect::<Vec<_>>(),
        people.iter().map(|r| r.application_id).collect::<Vec<_>>()
    );
    assert!(attendance.rows.iter().all(|r| r.present == [false, false]));
    let weber = attendance
        .rows
        .iter()
        .find(|r| r.application_id == confirmed(&demo, "Weber"))
        .expect("Weber listed");
    assert_eq!(weber.name, "Dr. Jana Weber");
}

#[test]
fn recorded_attendance_is_kept_per_day_and_audited_once_per_change() {
    let demo = Demo::new();
    let krueger = confirmed(&demo, "Krüger");
    let after = demo
        .kohorte
        .set_attendance(&[krueger], 1, Some(2), true)
        .expect("set");
    let row = after
        .rows
        .iter()
        .find(|r| r.application_id == krueger)
        .expect("row");
    assert_eq!(row.present, [false, true]);
    // Setting it again changes nothing and audits nothing.
    demo.kohorte
        .set_attendance(&[krueger], 1, Some(2), true)
        .expect("again");
    demo.kohorte
        .set_attendance(&[krueger], 1, Some(2), false)
        .expect("absent");
    let entries: Vec<_> = demo
        .kohorte
        .history(krueger)
        .expect("history")
        .into_iter()
        .filter(|e| e.field.starts_with("attendance"))
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].label, "Anwesenheit Modul 1, Tag 2");
    assert_eq!(entries[0].old_value, None);
    assert_eq!(entries[0].new_value.as_deref(), Some("anwesend"));
    assert_eq!(entries[1].old_value.as_deref(), Some("anwesend"));
    assert_eq!(entries[1].new_value.as_deref(), Some("abwesend"));
    let stored = demo.kohorte.attendance(1).expect("attendance");
    let row = stored
        .rows
        .iter()
        .find(|r| r.application_id == krueger)
        .expect("row");
    assert_eq!(row.present, [false, false]);
}

#[test]
fn certificate_names_the_person_and_exactly_the_modules_attended() {
    let demo = Demo::new();
    let krueger = confirmed(&demo, "Krüger");
    let schaefer = confirmed(&demo, "Schäfer");
    let k = &demo.kohorte;
    // Krüger: module 1 both days, module 2 recorded absent, module 3 only day 2.
    k.set_attendance(&[krueger, schaefer], 1, None, true)
        .expect("module 1");
    k.set_attendance(&[krueger], 2, None, false)
        .expect("module 2 absent");
    k.set_attendance(&[schaefer], 2, Some(1), true)
        .expect("module 2");
    k.set_attendance(&[krueger], 3, Some(2), true)
        .expect("module 3");

    let out = demo.path("bescheinigungen.pdf");
    let files = k.write_certificates(&out, true).expect("certificates");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].documents, 2);
    assert_eq!(pages(&out), 2);

    let krueger_page = certificate_of(&out, "Tobias Krüger");
    assert!(krueger_page.contains("Teilnahmebescheinigung"));
    assert!(krueger_page.contains("Modul 1: Neue Anforderungen an Planung und Steuerung"));
    assert!(!krueger_page.contains("Modul 2"), "{krueger_page}");
    assert!(krueger_page.contains("Modul 3: Kooperation mit Politik und Trägern"));

    let schaefer_page = certificate_of(&out, "Leonie Schäfer");
    assert!(schaefer_page.contains("Modul 1"));
    assert!(schaefer_page.contains("Modul 2: Zusammenarbeit und Veränderung in Verwaltung"));
    assert!(!schaefer_page.contains("Modul 3"), "{schaefer_page}");
    assert_eq!(
        count(
            &demo,
            "SELECT count(*) FROM document WHERE kind = 'teilnahmebescheinigung'"
        ),
        2
    );
}

#[test]
fn attendance_for_an_application_not_selected_is_refused_in_german_and_writes_nothing() {
    let demo = Demo::new();
    let weber = confirmed(&demo, "Weber");
    let waiting = demo
        .kohorte
        .recipients(Some(Status::Warteliste))
        .expect("recipients")
        .into_iter()
        .next()
        .expect("the demo has a waitlisted applicant");
    let audit_before = count(&demo, "SELECT count(*) FROM audit_entry");
    // Weber comes first and is fine; the waitlisted one refuses the whole change.
    let err = demo
        .kohorte
        .set_attendance(&[weber, waiting.application_id], 1, None, true)
        .expect_err("not selected");
    assert_eq!(err.code(), "attendance.not_selected");
    let name = waiting.person.display_name();
    assert_eq!(
        err.to_string(),
        format!(
            "{name} ist nicht ausgewählt (Status „Warteliste“): Anwesenheit wird nur für \
             zugesagte Teilnehmende erfasst. Es wurde nichts gespeichert."
        )
    );
    assert_eq!(count(&demo, "SELECT count(*) FROM attendance"), 0);
    assert_eq!(
        count(&demo, "SELECT count(*) FROM audit_entry"),
        audit_before
    );

    let err = demo
        .kohorte
        .set_attendance(&[uuid::Uuid::nil()], 1, None, true)
        .expect_err("unknown application");
    assert_eq!(err.code(), "attendance.unknown_application");
    assert_eq!(count(&demo, "SELECT count(*) FROM attendance"), 0);
}

#[test]
fn attendance_for_an_unknown_module_or_day_is_refused_in_german_and_writes_nothing() {
    let demo = Demo::new();
    let weber = confirmed(&demo, "Weber");
    let err = demo
        .kohorte
        .set_attendance(&[weber], 4, None, true)
        .expect_err("unknown module");
    assert_eq!(err.code(), "attendance.unknown_module");
    assert_eq!(
        err.to_string(),
        "Modul 4 gibt es in diesem Programm nicht. Es wurde nichts gespeichert."
    );
    let err = demo
        .kohorte
        .set_attendance(&[weber], 1, Some(3), true)
        .expect_err("unknown day");
    assert_eq!(err.code(), "attendance.unknown_day");
    assert_eq!(
        err.to_string(),
        "Tag 3 gibt es nicht: Jedes Modul hat Tag 1 und Tag 2."
    );
    assert_eq!(
        demo.kohorte.attendance(4).expect_err("unknown").code(),
        "attendance.unknown_module"
    );
    assert_eq!(count(&demo, "SELECT count(*) FROM attendance"), 0);
    assert_eq!(
        count(
            &demo,
            "SELECT count(*) FROM audit_entry WHERE field LIKE 'attendance%'"
        ),
        0
    );
}

#[test]
fn cli_records_and_lists_attendance() {
    let demo = Demo::new();
    let weber = confirmed(&demo, "Weber").to_string();
    let db = common::db_file(&demo.dir);
    let cli = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_kohorte"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run kohorte");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, _, err) = cli(&["attendance", "--module", "2", "--set", &weber, "--day", "1"]);
    assert!(ok, "{err}");
    let (ok, out, err) = cli(&["attendance", "--module", "2", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let row = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["application_id"] == weber.as_str())
        .expect("Weber listed");
    assert_eq!(row["present"], serde_json::json!([true, false]));
    let (ok, out, _) = cli(&["attendance", "--module", "2"]);
    assert!(ok);
    assert!(out.contains("[x]     [ ]     Dr. Jana Weber"), "{out}");

    let (ok, _, err) = cli(&["attendance", "--module", "9", "--set", &weber]);
    assert!(!ok);
    assert!(
        err.contains("Modul 9 gibt es in diesem Programm nicht"),
        "{err}"
    );
}

#[test]
fn cli_writes_letters_agenda_and_lists() {
    let demo = Demo::new();
    let db = common::db_file(&demo.dir);
    let db = db.to_string_lossy();
    let cli = |args: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_kohorte"))
            .arg("--db")
            .arg(db.as_ref())
            .args(args)
            .output()
            .expect("run kohorte");
        (
            status.status.success(),
            String::from_utf8_lossy(&status.stderr).into_owned(),
        )
    };
    let merged = demo.path("w.pdf");
    let (ok, err) = cli(&[
        "letters",
        "--kind",
        "warteliste",
        "--out",
        &merged.to_string_lossy(),
        "--merged",
    ]);
    assert!(ok, "{err}");
    assert!(text(&merged).contains("Warteliste"));
    let agenda = demo.path("a.pdf");
    assert!(
        cli(&[
            "agenda",
            "--module",
            "3",
            "--out",
            &agenda.to_string_lossy()
        ])
        .0
    );
    assert!(text(&agenda).contains("Kooperation mit Politik und Trägern"));
    let list = demo.path("u.pdf");
    assert!(
        cli(&[
            "lists",
            "--kind",
            "unterschriften",
            "--module",
            "1",
            "--out",
            &list.to_string_lossy()
        ])
        .0
    );
    assert!(pages(&list) >= 2);
    let (ok, err) = cli(&["letters", "--kind", "einladung", "--out", "x"]);
    assert!(!ok);
    assert!(err.contains("zusage, warteliste, absage"), "{err}");
}

#[test]
fn cancelled_letters_write_no_file_and_record_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (dir, k) = common::demo();
    let out = dir.path().join("zusagen.pdf");
    let cancel = AtomicBool::new(false);
    // Cancelled after the fifth letter, as a click on "Abbrechen" would.
    let report = |p: kohorte::job::Progress| {
        if p.done == 5 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let job = kohorte::job::Job::new(&cancel, &report);
    let error = k
        .write_letters_with_job(
            LetterKind::Zusage,
            None,
            None,
            &out,
            LetterOptions::merged(true),
            &job,
        )
        .expect_err("cancelled");
    assert_eq!(error.code(), "job.cancelled");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "a temporary file stayed behind");
    assert!(k.documents().expect("documents").is_empty());
}

#[test]
fn cancelled_import_writes_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (_dir, k) = common::demo();
    let before = k.applications().expect("rows").len();
    let cancel = AtomicBool::new(false);
    // Cancelled as the write starts: the rows are written, then rolled back.
    let report = |p: kohorte::job::Progress| {
        if p.done == 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let job = kohorte::job::Job::new(&cancel, &report);
    let csv = "Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Eingang\n\
               Ada;Özdemir;ada@kiel.example;Stadt Kiel;SH;kreisfreie Stadt;Change;16.09.2025 09:41\n";
    let error = k
        .import_with_job("f.csv", csv.as_bytes(), None, Default::default(), &job)
        .expect_err("cancelled");
    assert_eq!(error.code(), "job.cancelled");
    assert_eq!(k.applications().expect("rows").len(), before);
}
