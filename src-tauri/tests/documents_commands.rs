//! The Dokumente view's commands through Tauri's real IPC and ACL, on a mock
//! runtime (no window), against the demo programme in a temporary file.

mod common;

use common::{Harness, start};
use serde_json::{Value, json};

impl Harness {
    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, returned {v}"),
            Err(e) => e,
        }
    }
}

fn pdftotext(path: &std::path::Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .args([&path.to_string_lossy(), "-"])
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

const UMLAUTS: &[char] = &['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü'];

#[test]
fn placeholders_come_with_german_descriptions() {
    let h = start();
    let list = h.ok("placeholders", json!({}));
    let names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    for wanted in ["vorname", "nachname", "anrede"] {
        assert!(names.contains(&wanted), "{wanted} missing in {names:?}");
    }
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|p| !p["description"].as_str().unwrap_or("").is_empty())
    );
}

#[test]
fn unknown_placeholder_is_rejected_with_code_and_german_message() {
    let h = start();
    let e = h.err(
        "validate_template",
        json!({"template": "Betreff\n\nHallo {{ vornahme }}"}),
    );
    assert_eq!(e["code"], "documents.unknown_placeholder");
    assert_eq!(
        e["message"],
        "Unbekannter Platzhalter „vornahme“ in der Vorlage. \
         Bitte wählen Sie einen Platzhalter aus der Liste."
    );
    // Saving it is refused the same way, and the default stays in use.
    let e = h.err(
        "save_letter_template",
        json!({"kind": "zusage", "template": "Betreff\n\n{{ vornahme }}"}),
    );
    assert_eq!(e["code"], "documents.unknown_placeholder");
    assert_eq!(
        h.ok("letter_template", json!({"kind": "zusage"}))["custom"],
        false
    );
}

#[test]
fn saved_template_is_returned_and_reset_restores_the_default() {
    let h = start();
    let default = h.ok("default_letter_template", json!({"kind": "absage"}));
    let saved = h.ok(
        "save_letter_template",
        json!({"kind": "absage", "template": "Eigener Betreff\n\nText."}),
    );
    assert_eq!(saved["custom"], true);
    let now = h.ok("letter_template", json!({"kind": "absage"}));
    assert_eq!(now["body"], "Eigener Betreff\n\nText.");
    let reset = h.ok("reset_letter_template", json!({"kind": "absage"}));
    assert_eq!(reset["custom"], false);
    assert_eq!(reset["body"], default);
}

#[test]
fn preview_returns_svg_pages_and_records_nothing() {
    let h = start();
    let people = h.ok("recipients", json!({"status": "zugesagt"}));
    let id = people[0]["application_id"]
        .as_str()
        .expect("id")
        .to_string();
    let last = people[0]["person"]["last_name"]
        .as_str()
        .unwrap()
        .to_string();
    let pages = h.ok(
        "preview_letter",
        json!({"kind": "zusage", "template": null, "applicationId": id}),
    );
    let first = pages[0].as_str().expect("svg");
    assert!(first.starts_with("<svg"));
    assert!(first.contains(&last));
    assert_eq!(h.ok("documents", json!({})), json!([]));
}

#[test]
fn generated_letters_are_written_with_umlauts_and_recorded() {
    let h = start();
    let people = h.ok("recipients", json!({"status": "zugesagt"}));
    let with_umlaut = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["person"]["first_name"].as_str().unwrap(),
                p["person"]["last_name"].as_str().unwrap()
            )
        })
        .find(|n| n.contains(UMLAUTS))
        .expect("the demo has a confirmed person with an umlaut");
    let out = h.dir.path().join("briefe").join("zusagen.pdf");
    let files = h.ok(
        "write_letters",
        json!({"kind": "zusage", "status": null, "template": null,
               "out": out, "merged": true}),
    );
    assert_eq!(files.as_array().unwrap().len(), 1);
    assert_eq!(files[0]["documents"], people.as_array().unwrap().len());
    let text = pdftotext(&out);
    let last = with_umlaut.rsplit(' ').next().unwrap();
    assert!(text.contains(last), "{with_umlaut} not in the letters");

    let each = h.dir.path().join("einzeln");
    let files = h.ok(
        "write_letters",
        json!({"kind": "zusage", "status": "zugesagt", "template": "Ihre Zusage\n\nGuten Tag {{ vorname }} {{ nachname }},\n\nwillkommen.",
               "out": each, "merged": false}),
    );
    assert_eq!(
        files.as_array().unwrap().len(),
        people.as_array().unwrap().len()
    );
    let recorded = h.ok("documents", json!({}));
    assert_eq!(
        recorded.as_array().unwrap().len(),
        2 * people.as_array().unwrap().len()
    );
}

#[test]
fn agenda_and_lists_are_written() {
    let h = start();
    let modules = h.ok("modules", json!({}));
    let number = modules[0]["number"].as_u64().expect("number");
    let agenda = h.dir.path().join("agenda.pdf");
    h.ok("write_agenda", json!({"module": number, "out": agenda}));
    assert!(pdftotext(&agenda).contains(modules[0]["title"].as_str().unwrap()));
    let list = h.dir.path().join("liste.pdf");
    h.ok(
        "write_list",
        json!({"kind": "teilnehmende", "track": null, "module": null, "out": list}),
    );
    let signatures = h.dir.path().join("unterschriften.pdf");
    h.ok(
        "write_list",
        json!({"kind": "unterschriften", "track": null, "module": number, "out": signatures}),
    );
    let e = h.err(
        "write_list",
        json!({"kind": "unterschriften", "track": null, "module": null, "out": signatures}),
    );
    assert_eq!(e["code"], "documents.module_required");
    assert_eq!(h.ok("documents", json!({})).as_array().unwrap().len(), 3);
}

/// The confirmed applications of the demo as (id, "First Last").
fn confirmed(h: &Harness) -> Vec<(String, String)> {
    h.ok("recipients", json!({"status": "zugesagt"}))
        .as_array()
        .expect("array")
        .iter()
        .map(|p| {
            (
                p["application_id"].as_str().expect("id").to_string(),
                format!(
                    "{} {}",
                    p["person"]["first_name"].as_str().unwrap(),
                    p["person"]["last_name"].as_str().unwrap()
                ),
            )
        })
        .collect()
}

#[test]
fn certificates_need_attendance_first() {
    let h = start();
    let out = h.dir.path().join("bescheinigungen.pdf");
    let e = h.err("write_certificates", json!({"out": out, "merged": true}));
    assert_eq!(e["code"], "documents.no_attendance");
    assert!(!out.exists());
}

#[test]
fn recorded_attendance_comes_back_and_certificates_list_the_attended_modules() {
    let h = start();
    let people = confirmed(&h);
    let (id, name) = people
        .iter()
        .find(|(_, n)| n.contains(UMLAUTS))
        .expect("a confirmed person with an umlaut")
        .clone();
    let before = h.ok("attendance", json!({"module": 1}));
    assert_eq!(before["rows"].as_array().unwrap().len(), people.len());

    let after = h.ok(
        "set_attendance",
        json!({"ids": [id], "module": 1, "day": null, "present": true}),
    );
    let row = after["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["application_id"] == id.as_str())
        .expect("row");
    assert_eq!(row["present"], json!([true, true]));
    h.ok(
        "set_attendance",
        json!({"ids": [id], "module": 3, "day": 2, "present": true}),
    );

    let folder = h.dir.path().join("einzeln");
    let files = h.ok(
        "write_certificates",
        json!({"out": folder, "merged": false}),
    );
    assert_eq!(files.as_array().unwrap().len(), 1);
    let text = pdftotext(std::path::Path::new(files[0]["path"].as_str().unwrap()));
    assert!(text.contains(&name), "{name} not in {text}");
    assert!(text.contains("Modul 1:"));
    assert!(!text.contains("Modul 2"));
    assert!(text.contains("Modul 3:"));
}

#[test]
fn attendance_errors_cross_as_code_and_german_message_and_write_nothing() {
    let h = start();
    let (id, _) = confirmed(&h).remove(0);
    let e = h.err(
        "set_attendance",
        json!({"ids": [id], "module": 7, "day": 1, "present": true}),
    );
    assert_eq!(e["code"], "attendance.unknown_module");
    assert_eq!(
        e["message"],
        "Modul 7 gibt es in diesem Programm nicht. Es wurde nichts gespeichert."
    );
    let waiting = h.ok("recipients", json!({"status": "warteliste"}))[0]["application_id"]
        .as_str()
        .expect("a waitlisted applicant")
        .to_string();
    let e = h.err(
        "set_attendance",
        json!({"ids": [id, waiting], "module": 1, "day": 1, "present": true}),
    );
    assert_eq!(e["code"], "attendance.not_selected");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("ist nicht ausgewählt (Status „Warteliste“)")
    );
    let rows = h.ok("attendance", json!({"module": 1}));
    assert!(
        rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["present"] == json!([false, false]))
    );
}

#[test]
fn each_letter_kind_names_who_gets_it() {
    let h = start();
    for (kind, status) in [
        ("zusage", "zugesagt"),
        ("warteliste", "warteliste"),
        ("absage", "abgesagt"),
    ] {
        let template = h.ok("letter_template", json!({ "kind": kind }));
        assert_eq!(template["recipient_status"], status, "{kind}");
    }
}

#[test]
fn letter_summary_and_duplex_letters_cross_the_ipc() {
    let h = start();
    let summary = h.ok("letter_summary", json!({"kind": "zusage", "status": null}));
    let people = h.ok("recipients", json!({"status": "zugesagt"}));
    let count = people.as_array().unwrap().len();
    assert_eq!(summary["kind"], "zusage");
    assert_eq!(summary["recipients"], count);
    assert_eq!(summary["already_written"], json!([]));
    assert!(summary["without_address"].is_array());

    let out = h.dir.path().join("duplex.pdf");
    let files = h.ok(
        "write_letters",
        json!({"kind": "zusage", "status": null, "template": null, "out": out,
               "merged": true, "duplex": true, "skipWritten": false}),
    );
    assert_eq!(files[0]["pages"].as_u64().unwrap() % 2, 0, "{files}");
    let summary = h.ok("letter_summary", json!({"kind": "zusage", "status": null}));
    assert_eq!(summary["already_written"].as_array().unwrap().len(), count);

    // Leaving out everyone already written to leaves nobody: refused, nothing written.
    let again = h.dir.path().join("nochmal.pdf");
    let e = h.err(
        "write_letters",
        json!({"kind": "zusage", "status": null, "template": null, "out": again,
               "merged": true, "skipWritten": true}),
    );
    assert_eq!(e["code"], "documents.all_written");
    assert!(!again.exists());
}
