//! The Export view's commands through Tauri's real IPC and ACL, on a mock runtime (no
//! window), against the demo programme in a temporary file.

mod common;

use common::start;
use serde_json::json;

#[test]
fn columns_come_with_their_german_headers() {
    let h = start();
    let columns = h.ok("list_columns", json!({}));
    let columns = columns.as_array().expect("array");
    assert!(
        columns
            .iter()
            .any(|c| c["column"] == "street" && c["label"] == "Straße")
    );
    assert!(columns.iter().any(|c| c["column"] == "attendance"));
}

#[test]
fn a_list_is_written_and_its_settings_remembered() {
    let h = start();
    let defaults = h.ok("list_settings", json!({}));
    assert_eq!(defaults["status"], "zugesagt");
    let settings = json!({"columns": ["last_name", "email"], "track": "change",
                          "status": null, "module": null});
    let out = h.dir.path().join("liste.xlsx");
    let file = h.ok(
        "export_list",
        json!({"format": "xlsx", "settings": settings, "out": out}),
    );
    assert_eq!(file["entries"], 20);
    assert!(std::fs::read(&out).expect("written").starts_with(b"PK"));
    assert_eq!(h.ok("list_settings", json!({})), settings);
}

#[test]
fn a_calendar_without_dates_is_refused_with_code_and_german_message() {
    let h = start();
    let out = h.dir.path().join("t.ics");
    let e = h
        .call("export_calendar", json!({"tentative": false, "out": out}))
        .expect_err("no dates in the demo");
    assert_eq!(e["code"], "export.no_dates");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("Kein Modul hat feste Termine")
    );
}

#[test]
fn mail_drafts_are_written_as_a_job_and_the_text_can_be_saved() {
    let h = start();
    let saved = h.ok(
        "save_mail_template",
        json!({"kind": "warteliste", "template": "Warteliste {{ programm }}\n\nHallo {{ vorname }}"}),
    );
    assert_eq!(saved["custom"], true);
    let out = h.dir.path().join("mails");
    let drafts = h.ok(
        "write_mail_drafts",
        json!({"kind": "warteliste", "status": null, "template": null, "out": out,
               "job": "mail-1"}),
    );
    assert_eq!(drafts["files"].as_array().unwrap().len(), 3);
    assert_eq!(
        h.ok("reset_mail_template", json!({"kind": "warteliste"}))["custom"],
        false
    );
}
