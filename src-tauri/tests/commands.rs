//! The app's commands through Tauri's real IPC and ACL, on a mock runtime (no window).

mod common;

use common::{start, start_on};
use kohorte::model::{ApplicationRow, Overview};
use serde_json::json;

#[test]
fn first_start_shows_the_demo_overview() {
    let h = start();
    let overview: Overview =
        serde_json::from_value(h.call("overview", json!({})).unwrap()).unwrap();
    assert!(overview.is_demo);
    assert_eq!(overview.programme, "Lernpfad Führung & Change 2025/2026");
    assert_eq!(overview.tracks.len(), 2);
    assert!(
        overview
            .tracks
            .iter()
            .all(|t| t.capacity == 16 && t.free_places == 7)
    );
}

#[test]
fn the_first_start_card_is_pending_until_dismissed() {
    let h = start();
    assert_eq!(h.ok("intro_pending", json!({})), json!(true));
    h.ok("dismiss_intro", json!({}));
    assert_eq!(h.ok("intro_pending", json!({})), json!(false));
}

#[test]
fn applications_command_returns_every_row() {
    let h = start();
    let rows: Vec<ApplicationRow> =
        serde_json::from_value(h.call("applications", json!({})).unwrap()).unwrap();
    let overview: Overview =
        serde_json::from_value(h.call("overview", json!({})).unwrap()).unwrap();
    assert_eq!(rows.len() as u32, overview.applications);
    assert!(rows.iter().any(|r| r.last_name == "Krüger"));
}

#[test]
fn app_info_names_the_open_database() {
    let h = start();
    let info = h.call("app_info", json!({})).unwrap();
    assert!(info["database"].as_str().unwrap().ends_with("app.sqlite"));
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let h = start();
    // Not an app command and not granted: the ACL must stop it before any handler runs.
    let refused = h.call("plugin:fs|read_file", json!({}));
    assert!(refused.is_err(), "{refused:?}");
}

#[test]
fn core_errors_reach_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    // A file without a programme (opened by the core directly, so no demo is added).
    let kohorte = kohorte::Kohorte::open(&dir.path().join("empty.sqlite")).unwrap();
    let h = start_on(dir, kohorte);
    let error = h.call("overview", json!({})).unwrap_err();
    assert_eq!(error["code"], "store.no_programme");
    assert_eq!(
        error["message"],
        "In der Datenbank ist noch kein Programm angelegt."
    );
}
