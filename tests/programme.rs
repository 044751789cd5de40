//! A real programme year on real files: a programme created from nothing, edited,
//! copied for the next round, its modules dated, its letters carrying its own data,
//! several programmes side by side, and the demo removed without touching them.

mod common;

use std::process::Command;

use kohorte::Kohorte;
use kohorte::documents::LetterKind;
use kohorte::import::{Field, ImportOptions};
use kohorte::model::{MunicipalityKind, Status, TrackRole};
use kohorte::programme::{AgendaEntry, FellowEntry};
use kohorte::review::ApplicationForm;

fn empty() -> (tempfile::TempDir, Kohorte) {
    let dir = tempfile::tempdir().expect("temp dir");
    let k = Kohorte::open(&common::db_file(&dir)).expect("open");
    (dir, k)
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

fn applicant(email: &str) -> ApplicationForm {
    ApplicationForm::default()
        .set(Field::Salutation, "Frau")
        .set(Field::FirstName, "Ilse")
        .set(Field::LastName, "Brandt")
        .set(Field::Email, email)
        .set(Field::Street, "Fleethörn 9")
        .set(Field::PostalCode, "24103")
        .set(Field::City, "Kiel")
        .set(Field::Municipality, "Landeshauptstadt Kiel")
        .set(Field::State, "SH")
        .set(Field::MunicipalityKind, "kreisfreie Stadt")
        .set(Field::Track, "Change")
        .set(Field::ReceivedAt, "12.01.2027 11:00")
}

#[test]
fn a_programme_created_in_an_empty_file_starts_from_the_calls_shape() {
    let (_dir, k) = empty();
    assert!(k.programmes().unwrap().is_empty());
    let p = k.create_programme("Lernpfade 2027", None).unwrap();
    assert!(!p.is_demo);
    let overview = k.overview().unwrap();
    assert_eq!(overview.programme, "Lernpfade 2027");
    assert_eq!(overview.applications, 0);
    let places: Vec<(u32, u32)> = overview
        .tracks
        .iter()
        .map(|t| (t.capacity, t.free_places))
        .collect();
    assert_eq!(places, [(16, 7), (16, 7)]);
    let modules = k.module_forms().unwrap();
    assert_eq!(modules.len(), 3);
    assert!(modules.iter().all(|m| m.start_date.is_empty()));
    assert_eq!(
        k.create_programme(" lernpfade 2027", None)
            .unwrap_err()
            .code(),
        "programme.name_taken"
    );
}

#[test]
fn settings_are_checked_saved_audited_and_undone() {
    let (_dir, k) = empty();
    k.create_programme("Lernpfade 2027", None).unwrap();
    let mut s = k.settings().unwrap();
    s.tracks[1].free_places = 17;
    s.application_deadline = "31.02.2027".into();
    let e = k.save_settings(&s).unwrap_err();
    assert_eq!(e.code(), "programme.invalid");
    assert!(e.to_string().contains("kein gültiges Datum"), "{e}");
    assert_eq!(
        k.settings().unwrap().application_deadline,
        k.settings().unwrap().application_deadline,
        "nothing written"
    );
    assert_eq!(k.settings().unwrap().tracks[1].free_places, 7);

    let mut s = k.settings().unwrap();
    s.organiser_name = "Landesjugendamt Nord".into();
    s.signatory_name = "Dr. Karla Nommensen".into();
    s.signatory_role = "Referatsleitung".into();
    s.venue_state = "Sachsen".into();
    s.application_deadline = "15.03.2027".into();
    s.tracks[0].capacity = 18;
    let saved = k.save_settings(&s).unwrap();
    assert_eq!(saved.venue_state, "DE-SN", "the state is kept as its code");
    assert_eq!(saved.application_deadline, "2027-03-15");
    assert_eq!(k.overview().unwrap().tracks[0].capacity, 18);
    assert_eq!(k.programme().unwrap().signatory_name, "Dr. Karla Nommensen");

    assert_eq!(k.undo_settings_change().unwrap().label(), "Einstellungen");
    let back = k.settings().unwrap();
    assert_eq!(back.organiser_name, "");
    assert_eq!(back.tracks[0].capacity, 16);
    assert_eq!(
        k.undo_settings_change().unwrap_err().code(),
        "programme.nothing_to_undo"
    );
}

#[test]
fn module_dates_are_checked_revised_and_old_letters_named() {
    let (dir, k) = common::demo();
    let e = k
        .set_module(
            1,
            Some(("2026-03-10".into(), "2026-03-09".into())),
            None,
            None,
        )
        .unwrap_err();
    assert_eq!(e.to_string(), "Das Ende liegt vor dem Beginn des Moduls.");

    let out = dir.path().join("zusagen.pdf");
    k.write_letters(LetterKind::Zusage, None, None, &out, true)
        .unwrap();
    let zugesagt = k
        .applications()
        .unwrap()
        .into_iter()
        .filter(|a| a.status == Status::Zugesagt)
        .count();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let saved = k
        .set_module(
            1,
            Some(("13.03.2026".into(), "14.03.2026".into())),
            None,
            None,
        )
        .unwrap();
    assert!(saved.dates_changed);
    assert_eq!(saved.module.start_date, "2026-03-13");
    assert_eq!(
        saved.check.warnings[0].message,
        "Der 14.03.2026 ist ein Samstag."
    );
    assert_eq!(saved.outdated_letters.len(), zugesagt);

    // A change of the title only is no date change.
    let saved = k.set_module(2, None, None, Some("Neu".into())).unwrap();
    assert!(!saved.dates_changed);
    assert!(saved.outdated_letters.is_empty());
    assert_eq!(k.undo_settings_change().unwrap().label(), "Modul 2");
    assert_ne!(k.module_forms().unwrap()[1].title, "Neu");
}

#[test]
fn the_agenda_is_saved_in_printed_order() {
    let (_dir, k) = empty();
    k.create_programme("Lernpfade 2027", None).unwrap();
    let mut m = k.module_forms().unwrap().remove(0);
    let item = |day, start: &str, end: &str, title: &str| AgendaEntry {
        day,
        start: start.into(),
        end: end.into(),
        title: title.into(),
        format: "Impuls".into(),
    };
    m.agenda = vec![
        item(2, "09:00", "12:00", "Zweiter Tag"),
        item(1, "13:00", "14:00", "Nachmittag"),
        item(1, "09:00", "12:00", "Ankommen"),
    ];
    m.start_date = "2027-03-16".into();
    m.end_date = "2027-03-17".into();
    let saved = k.save_module(&m).unwrap();
    let titles: Vec<&str> = saved
        .module
        .agenda
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(titles, ["Ankommen", "Nachmittag", "Zweiter Tag"]);
    assert!(
        saved.check.warnings[0]
            .message
            .contains("Lücke von 60 Minuten")
    );

    m.agenda.push(item(3, "09:00", "10:00", "Dritter Tag"));
    assert_eq!(k.save_module(&m).unwrap_err().code(), "programme.invalid");
    assert_eq!(
        k.module_forms().unwrap()[0].agenda.len(),
        3,
        "nothing written"
    );
}

#[test]
fn a_next_round_copies_the_setup_but_no_person() {
    let (_dir, k) = common::demo();
    let demo = k.programme().unwrap();
    k.save_letter_template(
        LetterKind::Zusage,
        &LetterKind::Zusage
            .default_template()
            .replace("Wir freuen uns", "Wir freuen uns sehr"),
    )
    .unwrap();
    let demo_quotas = k.quotas().unwrap();
    let next = k.create_programme("Runde 2027", Some(demo.id)).unwrap();
    assert!(!next.is_demo, "a copy of the demo is a real programme");
    assert_eq!(next.organiser_name, demo.organiser_name);
    assert_eq!(k.applications().unwrap().len(), 0);
    assert_eq!(k.fellows().unwrap().len(), 0, "fellows are chosen per year");
    assert_eq!(k.quotas().unwrap(), demo_quotas);
    let modules = k.module_forms().unwrap();
    assert_eq!(modules.len(), 3);
    assert!(modules.iter().all(|m| m.start_date.is_empty()));
    assert!(!modules[0].agenda.is_empty(), "the agenda comes along");
    assert!(
        k.letter_template(LetterKind::Zusage)
            .unwrap()
            .body
            .contains("Wir freuen uns sehr")
    );

    // Both live side by side; the views follow the chosen one.
    assert_eq!(k.programmes().unwrap().len(), 2);
    k.select_programme(demo.id).unwrap();
    assert_eq!(k.applications().unwrap().len(), 42);
}

#[test]
fn undo_stays_inside_its_programme() {
    let (_dir, k) = common::demo();
    let demo = k.programme().unwrap();
    let id = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|a| a.status == Status::Eingegangen)
        .unwrap()
        .id;
    k.set_status(&[id], Status::InPruefung).unwrap();
    k.create_programme("Runde 2027", None).unwrap();
    assert_eq!(
        k.undo_last_change().unwrap_err().code(),
        "review.nothing_to_undo"
    );
    k.select_programme(demo.id).unwrap();
    assert_eq!(k.undo_last_change().unwrap().changed.len(), 1);
}

#[test]
fn the_first_start_card_stays_away_once_dismissed_in_that_file_only() {
    let (dir, k) = empty();
    assert!(
        k.intro_pending().expect("read"),
        "a new file shows the card"
    );
    k.create_demo(false).expect("demo");
    assert!(
        k.intro_pending().expect("read"),
        "the demo does not dismiss it"
    );
    k.dismiss_intro().expect("dismiss");
    k.dismiss_intro().expect("dismissing twice is harmless");
    drop(k);

    let reopened = Kohorte::open(&common::db_file(&dir)).expect("reopen");
    assert!(
        !reopened.intro_pending().expect("read"),
        "gone after reopening"
    );
    let other_dir = tempfile::tempdir().expect("temp dir");
    let other = Kohorte::open(&common::db_file(&other_dir)).expect("open");
    assert!(
        other.intro_pending().expect("read"),
        "another file shows it again"
    );
}

#[test]
fn removing_the_demo_keeps_real_programmes_and_their_people() {
    let (_dir, k) = common::demo();
    k.create_programme("Runde 2027", None).unwrap();
    let id = k
        .create_application(&applicant("ilse.brandt@kiel.example"))
        .unwrap();
    k.remove_demo().unwrap();
    let all = k.programmes().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Runde 2027");
    let rows = k.applications().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(k.remove_demo().unwrap_err().code(), "programme.no_demo");
}

#[test]
fn a_new_programmes_letter_carries_its_organiser_signatory_and_dates() {
    let (dir, k) = empty();
    k.create_programme("Lernpfade 2027", None).unwrap();
    let mut s = k.settings().unwrap();
    s.organiser_name = "Landesjugendamt Nord".into();
    s.organiser_address = "Hafenstraße 3\n24103 Kiel".into();
    s.signatory_name = "Dr. Karla Nommensen".into();
    s.signatory_role = "Referatsleitung Jugendhilfeplanung".into();
    s.venue = "Tagungshaus am Westensee".into();
    k.save_settings(&s).unwrap();
    k.set_module(
        1,
        Some(("16.03.2027".into(), "17.03.2027".into())),
        None,
        None,
    )
    .unwrap();
    let id = k
        .create_application(&applicant("ilse.brandt@kiel.example"))
        .unwrap();
    k.set_status(&[id], Status::InPruefung).unwrap();
    k.set_status(&[id], Status::Zugesagt).unwrap();
    let out = dir.path().join("zusage.pdf");
    k.write_letters(LetterKind::Zusage, None, None, &out, true)
        .unwrap();
    let text = pdf_text(&out);
    for expected in [
        "Landesjugendamt Nord",
        "Dr. Karla Nommensen",
        "Referatsleitung Jugendhilfeplanung",
        "Modul 1 „Auftakt“: 16.–17. März 2027",
        "Modul 2 „Vertiefung“: Termin folgt",
        "Ilse Brandt",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }
    assert!(!text.contains("Kommune 360"), "nothing of the demo");
    assert!(
        !text.contains("erreichen Sie uns unter"),
        "no contact, no empty sentence"
    );
    assert!(!text.contains("Miriam Falk"), "nothing of the demo");
}

#[test]
fn the_fellow_list_decides_and_the_forms_claim_is_flagged() {
    let (dir, k) = empty();
    k.create_programme("Lernpfade 2027", None).unwrap();
    k.add_fellows(&[FellowEntry {
        name: "Landkreis Görlitz".into(),
        state: "Sachsen".into(),
        kind: MunicipalityKind::Landkreis,
    }])
    .unwrap();
    let csv = "Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Fellow-Kommune;Eingang\n\
               Jana;Weber;jana@goerlitz.example;Landkreis Görlitz;Sachsen;Landkreis;Führung;nein;10.01.2027 10:00\n\
               Tom;Kraus;tom@halle.example;Stadt Halle (Saale);Sachsen-Anhalt;kreisfreie Stadt;Change;ja;10.01.2027 11:00\n";
    let path = dir.path().join("form.csv");
    std::fs::write(&path, csv).unwrap();
    let preview = k
        .import_file(
            &path,
            None,
            ImportOptions {
                dry_run: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(preview.invalid, vec![], "{:?}", preview.invalid);
    let claims: Vec<(usize, &str)> = preview
        .fellow_claims
        .iter()
        .map(|c| (c.row, c.reason.as_str()))
        .collect();
    assert_eq!(claims.len(), 2, "{claims:?}");
    assert_eq!(claims[0].0, 2);
    assert!(
        claims[0]
            .1
            .starts_with("Jana Weber: laut Formular keine Fellow-Kommune")
    );
    assert!(
        claims[1]
            .1
            .contains("„Stadt Halle (Saale)“ steht aber nicht in der")
    );

    k.import_file(&path, None, ImportOptions::default())
        .unwrap();
    let rows = k.applications().unwrap();
    let fellow = |last: &str| rows.iter().find(|r| r.last_name == last).unwrap().fellow;
    assert!(
        fellow("Weber"),
        "on the list: a fellow whatever the form says"
    );
    assert!(!fellow("Kraus"), "the form's yes alone makes no fellow");
    assert_eq!(k.fellows().unwrap().len(), 1);
    let overview = k.overview().unwrap();
    let change = overview
        .tracks
        .iter()
        .find(|t| t.role == TrackRole::Change)
        .unwrap();
    assert_eq!(change.fellow_places_taken, 0);
}

#[test]
fn a_fellow_list_imports_all_or_nothing() {
    let (dir, k) = empty();
    k.create_programme("Lernpfade 2027", None).unwrap();
    let good = dir.path().join("fellows.csv");
    std::fs::write(
        &good,
        "Name;Bundesland;Art\nLandkreis Görlitz;SN;Landkreis\nStadt Kiel;Schleswig-Holstein;kreisfreie Stadt\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Name;Bundesland\nStadt Kassel;Hessen\nStadt Wien;Österreich\n",
    )
    .unwrap();
    let e = k.import_fellows(&bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("Zeile 3: unbekanntes Bundesland „Österreich“"),
        "{e}"
    );
    assert!(k.fellows().unwrap().is_empty());
    let fellows = k.import_fellows(&good).unwrap();
    let names: Vec<&str> = fellows.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Landkreis Görlitz", "Stadt Kiel"]);
    assert_eq!(fellows[1].kind, MunicipalityKind::KreisfreieStadt);
}

#[test]
fn a_programme_document_round_trips_and_a_wrong_one_writes_nothing() {
    let (_dir, k) = common::demo();
    k.set_module(
        1,
        Some(("2026-03-16".into(), "2026-03-17".into())),
        None,
        None,
    )
    .unwrap();
    let doc = k.export_programme().unwrap();
    let json = serde_json::to_string_pretty(&doc).unwrap();

    let (_other_dir, other) = empty();
    let parsed = serde_json::from_str(&json).unwrap();
    let p = other.import_programme(&parsed).unwrap();
    assert_eq!(Some(p.id), doc.id, "created under the document's id");
    assert_eq!(other.export_programme().unwrap(), doc);

    let mut wrong = doc.clone();
    wrong.settings.name = "Geändert".into();
    wrong.modules[0].end_date = "2026-03-01".into();
    let e = other.import_programme(&wrong).unwrap_err();
    assert_eq!(e.code(), "programme.invalid");
    assert!(
        e.to_string()
            .starts_with("Modul 1: Das Ende liegt vor dem Beginn"),
        "{e}"
    );
    assert_eq!(other.export_programme().unwrap(), doc, "nothing written");

    let mut renamed = doc.clone();
    renamed.settings.name = "Lernpfade, neu benannt".into();
    other.import_programme(&renamed).unwrap();
    assert_eq!(other.programmes().unwrap().len(), 1, "updated, not added");
    assert_eq!(other.programme().unwrap().name, "Lernpfade, neu benannt");
}

#[test]
fn the_logo_and_signature_appear_in_every_letter_and_its_preview() {
    let (dir, k) = common::demo();
    let png = include_bytes!("../src-tauri/icons/icon.png");
    use kohorte::store::ImageSlot;
    assert_eq!(
        k.set_programme_image(ImageSlot::Logo, Some(b"GIF89a"))
            .unwrap_err()
            .code(),
        "programme.not_an_image"
    );
    k.set_programme_image(ImageSlot::Logo, Some(png)).unwrap();
    k.set_programme_image(ImageSlot::Signature, Some(png))
        .unwrap();
    let out = dir.path().join("zusagen.pdf");
    let files = k
        .write_letters(LetterKind::Zusage, None, None, &out, true)
        .unwrap();
    let letters = files[0].pages;
    let images = |pdf: &std::path::Path| {
        let out = Command::new("pdfimages")
            .args(["-list", pdf.to_str().unwrap()])
            .output()
            .expect("pdfimages (poppler-utils)");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count()
    };
    let people = k
        .applications()
        .unwrap()
        .iter()
        .filter(|a| a.status == Status::Zugesagt)
        .count();
    // A logo on each letter's first page and a signature at its end.
    assert_eq!(images(&out), 2 * people, "{letters} pages");
    let preview = k
        .preview_letter_pages(
            LetterKind::Zusage,
            None,
            k.applications()
                .unwrap()
                .iter()
                .find(|a| a.status == Status::Zugesagt)
                .unwrap()
                .id,
        )
        .unwrap();
    assert!(preview[0].contains("<image") && preview[0].contains("data:image/png;base64,"));

    k.set_programme_image(ImageSlot::Logo, None).unwrap();
    k.set_programme_image(ImageSlot::Signature, None).unwrap();
    let plain = dir.path().join("ohne.pdf");
    k.write_letters(LetterKind::Zusage, None, None, &plain, true)
        .unwrap();
    assert_eq!(images(&plain), 0);
}

#[test]
fn the_waitlist_moves_up_into_free_places_with_tandems_whole_and_undoably() {
    let (dir, k) = common::demo();
    let options = kohorte::selection::SelectionOptions::default();
    let before = k.applications().unwrap();
    let waiting: Vec<_> = before
        .iter()
        .filter(|a| a.status == Status::Warteliste)
        .map(|a| a.id)
        .collect();
    let zugesagt: Vec<_> = before
        .iter()
        .filter(|a| a.status == Status::Zugesagt)
        .map(|a| a.id)
        .collect();
    assert!(!waiting.is_empty());
    let proposal = k.waitlist_promotion(&options).unwrap();
    assert!(!proposal.promoted.is_empty(), "{proposal:?}");
    for e in &proposal.promoted {
        assert!(waiting.contains(&e.id), "only the waitlist moves up");
    }
    // A tandem moves up together: every promoted member's partner is promoted or zugesagt.
    let rows = k.applications().unwrap();
    for e in &proposal.promoted {
        let row = rows.iter().find(|r| r.id == e.id).unwrap();
        if let Some(tandem) = row.tandem_id {
            let partner = rows
                .iter()
                .find(|r| r.tandem_id == Some(tandem) && r.id != row.id)
                .unwrap();
            assert!(
                proposal.promoted.iter().any(|p| p.id == partner.id)
                    || partner.status == Status::Zugesagt,
                "{} moves up without their partner",
                e.name
            );
        }
    }
    let (_, change) = k.promote_from_waitlist(&options).unwrap();
    assert_eq!(change.changed.len(), proposal.promoted.len());
    let after = k.applications().unwrap();
    for id in &zugesagt {
        let row = after.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(row.status, Status::Zugesagt, "existing Zusagen stay");
    }
    let ids: Vec<_> = proposal.promoted.iter().map(|e| e.id).collect();
    let out = dir.path().join("nachrücker");
    let files = k
        .write_letters_to(LetterKind::Zusage, &ids, &out, false)
        .unwrap();
    assert_eq!(files.len(), ids.len(), "one letter each, nobody else");

    k.undo_last_change().unwrap();
    let undone = k.applications().unwrap();
    for id in &ids {
        let row = undone.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(row.status, Status::Warteliste);
    }
}

#[test]
fn a_terminaenderung_tells_the_zusagen_their_new_dates() {
    let (dir, k) = common::demo();
    k.write_letters(
        LetterKind::Zusage,
        None,
        None,
        &dir.path().join("z.pdf"),
        true,
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let saved = k
        .set_module(
            2,
            Some(("09.03.2026".into(), "10.03.2026".into())),
            None,
            None,
        )
        .unwrap();
    assert!(!saved.outdated_letters.is_empty());
    let out = dir.path().join("termine.pdf");
    k.write_letters(LetterKind::Terminaenderung, None, None, &out, true)
        .unwrap();
    let text = pdf_text(&out);
    assert!(text.contains("Geänderte Termine im Programm"), "{text}");
    assert!(text.contains("9.–10. März 2026"), "{text}");
    // Once they have the new dates, nobody is named any more.
    let again = k.set_module(2, None, None, None).unwrap();
    assert!(
        again.outdated_letters.is_empty(),
        "{:?}",
        again.outdated_letters
    );
    let id = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|a| a.status == Status::Zugesagt)
        .unwrap()
        .id;
    let kinds: Vec<_> = k
        .document_history(id)
        .unwrap()
        .into_iter()
        .map(|d| d.kind)
        .collect();
    assert!(kinds.contains(&kohorte::documents::DocumentKind::Terminaenderung));
}
