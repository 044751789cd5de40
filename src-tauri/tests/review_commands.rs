//! The Bewerbungen and Tandems views' commands through Tauri's real IPC and ACL, on a
//! mock runtime (no window), against the demo programme in a temporary file.

mod common;

use common::{Harness, start};
use serde_json::{Value, json};

impl Harness {
    fn applications(&self) -> Vec<Value> {
        self.ok("applications", json!({}))
            .as_array()
            .expect("array")
            .clone()
    }

    fn status_of(&self, id: &Value) -> Value {
        self.applications()
            .into_iter()
            .find(|a| &a["id"] == id)
            .expect("application")["status"]
            .clone()
    }
}

const CSV: &str = "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\r\n\
    16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\r\n\
    02.10.2025 10:00;Ben;Kurz;ben@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Change\r\n\
    17.09.2025 10:00;Cem;Aydin;cem@halle.de;Stadt Halle;Preußen;kreisfreie Stadt;Change\r\n";

fn options(dry_run: bool, skip_invalid: bool) -> Value {
    json!({"dry_run": dry_run, "skip_invalid": skip_invalid, "merge_duplicates": false})
}

#[test]
fn import_previews_refuses_invalid_rows_and_commits_the_valid_ones() {
    let h = start();
    let path = h.dir.path().join("formular.csv");
    std::fs::write(&path, CSV).expect("write");
    let before = h.applications().len();

    let preview = h.ok(
        "import_applications",
        json!({"path": path, "mapping": null, "options": options(true, false)}),
    );
    // A dry run tells what the real run would do: refuse, for the invalid row.
    assert_ne!(preview["outcome"], "committed");
    assert_eq!(
        (preview["rows"].clone(), preview["new"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(preview["invalid"][0]["row"], 4);
    assert_eq!(preview["invalid"][0]["column"], "Bundesland");
    assert_eq!(preview["late"][0]["row"], 3);
    assert_eq!(preview["mapping"]["columns"][1]["field"], "first_name");
    assert_eq!(h.applications().len(), before, "a preview writes nothing");

    let refused = h.ok(
        "import_applications",
        json!({"path": path, "mapping": preview["mapping"], "options": options(false, false)}),
    );
    assert_eq!(refused["outcome"], "refused");
    assert_eq!(h.applications().len(), before, "a refusal writes nothing");

    let done = h.ok(
        "import_applications",
        json!({"path": path, "mapping": preview["mapping"], "options": options(false, true)}),
    );
    assert_eq!(done["outcome"], "committed");
    assert_eq!(done["imported"], 2);
    assert_eq!(h.applications().len(), before + 2);
    let remembered = h.ok("remembered_mapping", json!({}));
    assert!(
        remembered
            .as_array()
            .expect("array")
            .iter()
            .any(|c| c["header"] == "Vorname" && c["field"] == "first_name"),
        "{remembered}"
    );
}

#[test]
fn a_missing_import_file_is_a_coded_error() {
    let h = start();
    let error = h
        .call(
            "import_applications",
            json!({"path": h.dir.path().join("fehlt.csv"), "mapping": null, "options": options(true, false)}),
        )
        .unwrap_err();
    assert!(
        error["code"]
            .as_str()
            .is_some_and(|c| c.starts_with("import.")),
        "{error}"
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("fehlt.csv")),
        "{error}"
    );
}

#[test]
fn bulk_status_change_is_undone_in_one_step_and_shows_in_the_history() {
    let h = start();
    let received: Vec<Value> = h
        .applications()
        .into_iter()
        .filter(|a| a["status"] == "eingegangen")
        .take(3)
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(received.len(), 3);
    let change = h.ok(
        "set_status",
        json!({"ids": received, "status": "in_pruefung"}),
    );
    assert_eq!(change["changed"].as_array().map(Vec::len), Some(3));
    assert!(change["batch_id"].is_string());
    for id in &received {
        assert_eq!(h.status_of(id), "in_pruefung");
    }
    let history = h.ok("history", json!({"id": received[0]}));
    let last = history
        .as_array()
        .expect("array")
        .last()
        .expect("entry")
        .clone();
    assert_eq!(last["field"], "status");
    assert!(last["actor"].as_str().is_some_and(|a| !a.is_empty()));
    assert!(
        last["old_value"].is_string() && last["new_value"].is_string(),
        "{last}"
    );

    let undone = h.ok("undo_last_change", json!({}));
    assert_eq!(undone["changed"].as_array().map(Vec::len), Some(3));
    for id in &received {
        assert_eq!(h.status_of(id), "eingegangen");
    }
    let error = h.call("undo_last_change", json!({})).unwrap_err();
    assert_eq!(error["code"], "review.nothing_to_undo");
}

#[test]
fn score_and_notes_are_stored_audited_and_validated() {
    let h = start();
    let id = h.applications()[0]["id"].clone();
    h.ok("set_score", json!({"id": id, "score": 4}));
    h.ok(
        "set_reviewer_notes",
        json!({"id": id, "notes": "überzeugende Motivation"}),
    );
    assert_eq!(
        h.ok("reviewer_notes", json!({"id": id})),
        "überzeugende Motivation"
    );
    let row = h
        .applications()
        .into_iter()
        .find(|a| a["id"] == id)
        .expect("row");
    assert_eq!(row["score"], 4);
    let fields: Vec<Value> = h
        .ok("history", json!({"id": id}))
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert!(
        fields.ends_with(&[json!("score"), json!("reviewer_notes")]),
        "{fields:?}"
    );

    let error = h
        .call("set_score", json!({"id": id, "score": 6}))
        .unwrap_err();
    assert_eq!(error["code"], "review.score");
    assert!(error["message"].is_string());
}

#[test]
fn tandems_are_listed_confirmed_and_dissolved_through_the_commands() {
    let h = start();
    let board = h.ok("tandems", json!({}));
    let pairs = board["pairs"].as_array().expect("pairs").clone();
    assert!(!pairs.is_empty(), "the demo has tandems: {board}");
    assert!(board["unpaired"].is_array() && board["warnings"].is_array());

    let pair = pairs[0].clone();
    let id = match pair["id"].as_str() {
        Some(id) => {
            h.ok("confirm_tandem", json!({"id": id}));
            json!(id)
        }
        None => h.ok(
            "pair_tandem",
            json!({"leader": pair["leader"], "planner": pair["planner"], "confirmed": true}),
        ),
    };
    let confirmed = h.ok("tandems", json!({}));
    assert!(
        confirmed["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .any(|p| p["id"] == id && p["confirmed"] == true),
        "{confirmed}"
    );

    h.ok("dissolve_tandem", json!({"id": id}));
    let after = h.ok("tandems", json!({}));
    assert!(
        !after["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .any(|p| p["id"] == id),
        "{after}"
    );
    let error = h.call("dissolve_tandem", json!({"id": id})).unwrap_err();
    assert_eq!(error["code"], "review.tandem_not_found");
}

/// A complete manual-entry form for an existing demo municipality (so no kind needed).
fn form(email: &str) -> Value {
    json!({"values": {
        "salutation": "Frau",
        "first_name": "Greta",
        "last_name": "Sommer",
        "email": email,
        "municipality": "Stadt Leipzig",
        "state": "Sachsen",
        "track": "Change",
        "experience": "4,5",
        "received_at": "20.09.2025 10:15",
    }})
}

#[test]
fn a_form_with_a_bad_email_is_checked_field_by_field_and_not_created() {
    let h = start();
    let before = h.applications().len();
    let problems = h.ok(
        "check_application",
        json!({"form": form("greta(at)leipzig.de"), "editing": null}),
    );
    assert_eq!(
        problems,
        json!([{
            "field": "email",
            "label": "E-Mail",
            "code": "import.invalid_email",
            "message": "ungültige E-Mail-Adresse „greta(at)leipzig.de“"
        }])
    );
    let error = h
        .call(
            "create_application",
            json!({"form": form("greta(at)leipzig.de")}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "review.invalid");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("E-Mail: ungültige E-Mail-Adresse")),
        "{error}"
    );
    assert_eq!(h.applications().len(), before, "nothing written");
}

#[test]
fn a_typed_application_is_created_listed_with_its_band_and_audited() {
    let h = start();
    let checked = h.ok(
        "check_application",
        json!({"form": form("greta@leipzig.de"), "editing": null}),
    );
    assert_eq!(checked, json!([]));
    let id = h.ok(
        "create_application",
        json!({"form": form("greta@leipzig.de")}),
    );
    let row = h
        .applications()
        .into_iter()
        .find(|a| a["id"] == id)
        .expect("new row");
    assert_eq!(row["last_name"], "Sommer");
    assert_eq!(row["status"], "eingegangen");
    assert_eq!(row["track_role"], "change");
    assert_eq!(row["experience_years"], 4.5);
    // The balance report's own band label for 4.5 years.
    assert_eq!(row["experience_band"], "3–10 Jahre");
    let history = h.ok("history", json!({"id": id}));
    assert_eq!(history[0]["field"], "created");

    // The same e-mail a second time is a problem of the e-mail field.
    let again = h.ok(
        "check_application",
        json!({"form": form("greta@leipzig.de"), "editing": null}),
    );
    assert_eq!(again[0]["field"], "email");
    assert_eq!(again[0]["code"], "review.duplicate_email");
}

#[test]
fn an_application_is_read_into_the_form_edited_and_the_change_audited() {
    let h = start();
    let id = h.ok(
        "create_application",
        json!({"form": form("greta@leipzig.de")}),
    );
    let mut filled = h.ok("application_form", json!({"id": id}));
    assert_eq!(filled["values"]["email"], "greta@leipzig.de");
    assert_eq!(filled["values"]["state"], "Sachsen");
    assert_eq!(filled["values"]["received_at"], "20.09.2025 10:15");

    // Its own e-mail is not "taken" while editing it.
    assert_eq!(
        h.ok("check_application", json!({"form": filled, "editing": id})),
        json!([])
    );
    filled["values"]["experience"] = json!("12");
    let changes = h.ok("update_application", json!({"id": id, "form": filled}));
    assert_eq!(
        changes,
        json!([{"field": "experience", "label": "Jahre Leitungserfahrung", "old": "4,5", "new": "12"}])
    );
    let row = h
        .applications()
        .into_iter()
        .find(|a| a["id"] == id)
        .expect("row");
    assert_eq!(row["experience_band"], "über 10 Jahre");
    let history = h.ok("history", json!({"id": id}));
    let last = history
        .as_array()
        .expect("array")
        .last()
        .expect("entry")
        .clone();
    assert_eq!(
        (last["field"].clone(), last["new_value"].clone()),
        (json!("experience"), json!("12"))
    );

    let error = h
        .call(
            "application_form",
            json!({"id": "00000000-0000-0000-0000-000000000000"}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "review.not_found");
}
