//! Letter runs as a coordinator prints them: the layout of a Zusage (one page where
//! its text allows, the closing never alone), duplex printing, the summary before a
//! run, and the tandem partner a letter names. Real demo database, real PDFs read
//! back with poppler's `pdftotext` and `pdfinfo`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kohorte::Kohorte;
use kohorte::documents::{LetterKind, ListKind};
use kohorte::job::Job;
use kohorte::model::Status;
use kohorte::service::LetterOptions;

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

    fn sql(&self, sql: &str) {
        let conn = rusqlite::Connection::open(common::db_file(&self.dir)).expect("sql open");
        conn.execute_batch(sql).expect("sql");
    }

    fn letters(
        &self,
        status: Option<Status>,
        template: Option<&str>,
        out: &Path,
        options: LetterOptions,
    ) -> Vec<kohorte::service::WrittenFile> {
        self.kohorte
            .write_letters_with_job(
                LetterKind::Zusage,
                status,
                template,
                out,
                options,
                &Job::NONE,
            )
            .expect("letters")
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

fn pages(pdf: &Path) -> usize {
    run("pdfinfo", &[&pdf.to_string_lossy()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count")
}

/// The text of every page, in order (pdftotext ends each page with a form feed).
fn page_texts(pdf: &Path) -> Vec<String> {
    let text = run("pdftotext", &[&pdf.to_string_lossy(), "-"]);
    let mut out: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    out.truncate(pages(pdf));
    out
}

/// The lines of text above the closing on the page that holds it, without the
/// running header of a follow-on page.
fn lines_before_closing(page: &str) -> Vec<&str> {
    page.lines()
        .take_while(|l| !l.contains("Mit freundlichen Grüßen"))
        .filter(|l| !l.trim().is_empty() && !l.contains(" · "))
        .collect()
}

fn assert_closing_never_alone(pdf: &Path, what: &str) {
    let texts = page_texts(pdf);
    let closings: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("Mit freundlichen Grüßen"))
        .collect();
    assert!(!closings.is_empty(), "{what}: no closing");
    for page in closings {
        let before = lines_before_closing(page);
        assert!(
            before.len() >= 2,
            "{what}: the closing stands with {} line(s) of text: {before:?}",
            before.len()
        );
        assert!(
            page.contains("Programmleitung Lernpfade"),
            "{what}: signatory"
        );
    }
}

#[test]
fn a_standard_zusage_fits_on_one_page_with_its_closing_and_signature() {
    let demo = Demo::new();
    let folder = demo.path("einzeln");
    let files = demo.letters(None, None, &folder, LetterOptions::merged(false));
    let people = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read");
    assert_eq!(files.len(), people.len());
    let mut one_page = 0;
    for (file, person) in files.iter().zip(&people) {
        let name = &person.person.last_name;
        let n = pages(&file.path);
        let extra = !person.person.dietary_needs.is_empty()
            || !person.person.accessibility_needs.is_empty();
        // The standard text (with or without tandem) fits; a letter with a further
        // paragraph of notes may take a second page, never for its closing alone.
        if !extra {
            assert_eq!(n, 1, "{name}: {n} pages");
            one_page += 1;
        } else {
            assert!(n <= 2, "{name}: {n} pages");
        }
        assert_closing_never_alone(&file.path, name);
    }
    assert!(one_page >= 10, "{one_page} standard letters");
}

#[test]
fn the_closing_takes_at_least_two_lines_of_text_along_wherever_the_page_breaks() {
    let demo = Demo::new();
    let filler = "Dieser Absatz läuft über zwei Zeilen, damit der Seitenumbruch einmal an \
                  jeder Stelle des Briefes geprüft wird, auch knapp vor dem Gruß.";
    let long_last = "Der letzte Absatz ist lang. ".repeat(3).to_string()
        + &"Er läuft über mehrere Zeilen, sodass ein Umbruch in ihm möglich ist. ".repeat(5);
    let mut split_seen = false;
    for last in [
        "Wir freuen uns auf die gemeinsame Arbeit mit Ihnen!",
        &long_last,
    ] {
        for k in 0..16 {
            let template = format!(
                "Ein Betreff\n\n{{{{ anrede }}}}\n\n{}\n\n{last}\n\nMit freundlichen Grüßen\n",
                vec![filler; k].join("\n\n")
            );
            let out = demo.path(&format!("k{k}-{}.pdf", last.len()));
            // The three on the waitlist: a short run per layout.
            demo.letters(
                Some(Status::Warteliste),
                Some(&template),
                &out,
                LetterOptions::merged(true),
            );
            assert_closing_never_alone(&out, &format!("{k} paragraphs, last {}", last.len()));
            // The long last paragraph splits, its last lines going with the closing,
            // rather than leaving its whole height empty on the page before.
            let texts = page_texts(&out);
            if let Some(p) = texts.iter().position(|t| t.contains("Der letzte Absatz"))
                && !texts[p].contains("Mit freundlichen Grüßen")
            {
                split_seen |= texts[p + 1].contains("sodass ein Umbruch");
            }
        }
    }
    assert!(split_seen, "the last paragraph never split across pages");
}

#[test]
fn duplex_starts_every_letter_of_the_merged_pdf_on_an_odd_page() {
    let demo = Demo::new();
    // A letter of two pages among the one-page ones: Krüger's notes need a second.
    let folder = demo.path("einzeln");
    let each = demo.letters(None, None, &folder, LetterOptions::merged(false));
    let lengths: Vec<usize> = each.iter().map(|f| pages(&f.path)).collect();
    assert!(lengths.contains(&1) && lengths.contains(&2), "{lengths:?}");

    let plain = demo.path("einfach.pdf");
    demo.letters(None, None, &plain, LetterOptions::merged(true));
    assert_eq!(pages(&plain), lengths.iter().sum::<usize>());

    let out = demo.path("duplex.pdf");
    let files = demo.letters(
        None,
        None,
        &out,
        LetterOptions {
            merged: true,
            duplex: true,
            skip_written: false,
        },
    );
    let expected: usize = lengths.iter().map(|n| n + n % 2).sum();
    assert_eq!(pages(&out), expected);
    assert_eq!(files[0].pages, expected);
    let texts = page_texts(&out);
    // A letter starts where its address field is: the return-address line.
    let starts: Vec<usize> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.contains("Musterstraße 12"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(starts.len(), each.len());
    for start in &starts {
        assert_eq!(start % 2, 1, "a letter starts on page {start}: {starts:?}");
    }
    // The pages inserted are blank.
    let blank = texts.iter().filter(|t| t.trim().is_empty()).count();
    assert_eq!(blank, lengths.iter().filter(|n| *n % 2 == 1).count());
}

#[test]
fn the_summary_counts_letters_those_written_to_and_those_without_an_address() {
    let demo = Demo::new();
    demo.sql(
        "UPDATE person SET street = '', postal_code = '' WHERE last_name = 'Sommer';
         UPDATE person SET city = ' ' WHERE last_name = 'Huber';",
    );
    let summary = demo
        .kohorte
        .letter_summary(LetterKind::Zusage, None)
        .expect("summary");
    let confirmed = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read");
    assert_eq!(summary.recipients, confirmed.len());
    assert!(summary.already_written.is_empty());
    let names: Vec<&str> = summary
        .without_address
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Florian Huber", "Martina Sommer"]);

    // Two got their Zusage already (moved up, say); the summary names them, and a run
    // that leaves them out writes to the rest only.
    let ids: Vec<uuid::Uuid> = confirmed[..2].iter().map(|r| r.application_id).collect();
    demo.kohorte
        .write_letters_to(LetterKind::Zusage, &ids, &demo.path("erste"), false)
        .expect("first letters");
    let summary = demo
        .kohorte
        .letter_summary(LetterKind::Zusage, None)
        .expect("summary");
    let written: Vec<uuid::Uuid> = summary
        .already_written
        .iter()
        .map(|p| p.application_id)
        .collect();
    assert_eq!(written, ids);
    assert_eq!(summary.new_letters(), confirmed.len() - 2);
    // Another kind's letters do not count.
    let absage = demo
        .kohorte
        .letter_summary(LetterKind::Absage, None)
        .expect("summary");
    assert!(absage.already_written.is_empty());

    let rest = demo.path("rest");
    let files = demo.letters(
        None,
        None,
        &rest,
        LetterOptions {
            merged: false,
            duplex: false,
            skip_written: true,
        },
    );
    assert_eq!(files.len(), confirmed.len() - 2);
    let all_written = demo
        .kohorte
        .write_letters_with_job(
            LetterKind::Zusage,
            None,
            None,
            &demo.path("nochmal"),
            LetterOptions {
                merged: false,
                duplex: false,
                skip_written: true,
            },
            &Job::NONE,
        )
        .expect_err("nobody left");
    assert_eq!(all_written.code(), "documents.all_written");
    assert!(!demo.path("nochmal").exists());
}

#[test]
fn a_tandem_stated_in_the_form_is_named_in_the_zusage_and_the_attendee_list() {
    let demo = Demo::new();
    // Martina Sommer and Kim Vogt are the only two of Bremen: the app suggests them,
    // and a suggestion is no tandem.
    demo.sql(
        "UPDATE application SET status = 'zugesagt'
         WHERE person_id IN (SELECT id FROM person WHERE last_name = 'Vogt');",
    );
    let letters = |name: &str| -> String {
        let out = demo.path(name);
        demo.letters(None, None, &out, LetterOptions::merged(true));
        page_texts(&out).join(" ").replace('\n', " ")
    };
    let letter_of = |text: &str, salutation: &str| -> String {
        text.split(salutation)
            .nth(1)
            .expect("the letter")
            .split("Programmleitung Lernpfade")
            .next()
            .expect("its end")
            .to_string()
    };
    let suggested = letters("vorschlag.pdf");
    assert!(!letter_of(&suggested, "Sehr geehrte Frau Sommer,").contains("als Tandem"));

    // Sommer names Vogt in the form: a stated tandem, not yet confirmed.
    demo.sql(
        "UPDATE application SET tandem_partner_text = 'mit Kim Vogt'
         WHERE person_id IN (SELECT id FROM person WHERE last_name = 'Sommer');",
    );
    let board = demo.kohorte.tandems().expect("board");
    assert!(
        board
            .pairs
            .iter()
            .any(|p| p.from_form && !p.confirmed && p.planner_name == "Kim Vogt")
    );
    let stated = letters("genannt.pdf");
    assert!(
        letter_of(&stated, "Sehr geehrte Frau Sommer,")
            .contains("Kim Vogt (Lernpfad Change) als Tandem"),
        "Sommer's letter names no partner"
    );
    assert!(
        letter_of(&stated, "Guten Tag Kim Vogt,")
            .contains("Martina Sommer (Lernpfad Führung) als Tandem")
    );
    // Confirmed tandems are named as before.
    assert!(
        letter_of(&stated, "Sehr geehrte Frau Dr. Weber,")
            .contains("Tobias Krüger (Lernpfad Change) als Tandem")
    );

    let list = demo.path("liste.pdf");
    demo.kohorte
        .write_list(ListKind::Teilnehmende, None, None, &list)
        .expect("list");
    let text = run("pdftotext", &["-layout", &list.to_string_lossy(), "-"]);
    let row = text
        .lines()
        .find(|l| l.contains("Sommer"))
        .expect("Sommer's row");
    assert!(row.contains("Kim Vogt"), "{row}");
    // The recipients the window shows carry the same partner.
    let sommer = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read")
        .into_iter()
        .find(|r| r.person.last_name == "Sommer")
        .expect("Sommer");
    assert_eq!(sommer.tandem_partner.as_deref(), Some("Kim Vogt"));
}

#[test]
fn cli_summarises_then_writes_duplex_and_leaves_out_those_written_to() {
    let demo = Demo::new();
    demo.sql("UPDATE person SET city = '' WHERE last_name = 'Sommer';");
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
    let count = demo
        .kohorte
        .recipients(Some(Status::Zugesagt))
        .expect("read")
        .len();
    let (ok, out, err) = cli(&["letters", "--kind", "zusage", "--summary"]);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("Zusage: {count} Brief(e)")), "{out}");
    assert!(
        out.contains("Ohne vollständige Postanschrift: 1 – Martina Sommer"),
        "{out}"
    );
    assert!(!out.contains("Bereits mit"), "{out}");

    let pdf = demo.path("duplex.pdf");
    let (ok, _, err) = cli(&[
        "letters",
        "--kind",
        "zusage",
        "--merged",
        "--duplex",
        "--out",
        &pdf.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    assert_eq!(pages(&pdf) % 2, 0);
    // --duplex means nothing without --merged.
    let (ok, _, _) = cli(&["letters", "--kind", "zusage", "--duplex", "--out", "x"]);
    assert!(!ok);

    let (_, out, _) = cli(&["letters", "--kind", "zusage", "--summary"]);
    assert!(
        out.contains(&format!("Bereits mit Zusage: {count}")),
        "{out}"
    );
    let folder = demo.path("rest");
    let (ok, _, err) = cli(&[
        "letters",
        "--kind",
        "zusage",
        "--skip-written",
        "--out",
        &folder.to_string_lossy(),
    ]);
    assert!(!ok);
    assert!(err.contains("haben bereits eine Zusage"), "{err}");
    assert!(!folder.exists());
}

#[test]
fn letters_of_a_subject_alone_or_a_single_paragraph_are_written() {
    let demo = Demo::new();
    for (name, template) in [
        ("betreff.pdf", "Nur ein Betreff\n"),
        ("gruss.pdf", "Ein Betreff\n\nMit freundlichen Grüßen\n"),
        (
            "kurz.pdf",
            "Ein Betreff\n\n{{ anrede }}\n\nMit freundlichen Grüßen\n",
        ),
    ] {
        let out = demo.path(name);
        let files = demo.letters(
            Some(Status::Warteliste),
            Some(template),
            &out,
            LetterOptions::merged(true),
        );
        assert_eq!(pages(&out), files[0].documents, "{name}: one page each");
    }
}
