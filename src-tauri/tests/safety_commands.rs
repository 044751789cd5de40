//! Backups through the real IPC, and the start on a damaged file: the window gets the
//! problem with the backups, and the restore opens the database for the views.

mod common;

use serde_json::json;
use tauri::Manager;
use tauri::test::mock_builder;

#[test]
fn a_backup_is_listed_with_what_it_holds_and_restores() {
    let h = common::start();
    assert_eq!(h.ok("backups", json!({})), json!([]));
    let made = h.ok("create_backup", json!({}));
    assert_eq!(made["reason"], "manual");
    assert_eq!(made["applications"], 42);
    let list = h.ok("backups", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    let kept = h.ok("restore_backup", json!({ "path": made["path"] }));
    assert_eq!(kept["reason"], "restore");
    assert_eq!(h.ok("database_problem", json!({})), json!(null));
}

#[test]
fn a_damaged_database_is_reported_with_its_backups_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite");
    let backup = {
        let k = kohorte_app::open_database(&db, true).unwrap();
        let backup = k
            .create_backup(kohorte::backup::BackupReason::Manual)
            .unwrap();
        // The last connection closing folds the WAL into the file.
        drop(k);
        backup
    };
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[3 * 4096..6 * 4096] {
        *b = 0x33;
    }
    std::fs::write(&db, &bytes).unwrap();
    let error = match kohorte::Kohorte::open(&db) {
        Err(e) => e,
        Ok(_) => panic!("a damaged file opened"),
    };

    let app = kohorte_app::with_commands(mock_builder())
        .build(tauri::generate_context!())
        .expect("build app");
    let problem = kohorte_app::commands::safety::DatabaseProblem::new(&db, &error);
    *app.state::<kohorte_app::commands::safety::Startup>()
        .0
        .lock()
        .unwrap() = Some(problem);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    let h = common::Harness::over(dir, app, window);

    let problem = h.ok("database_problem", json!({}));
    assert_eq!(problem["code"], "store.damaged");
    assert_eq!(problem["restorable"], true);
    assert_eq!(problem["backups"][0]["path"], backup.path.as_str());
    assert!(h.call("overview", json!({})).is_err(), "no database yet");

    h.ok("restore_damaged_database", json!({ "path": backup.path }));
    assert_eq!(h.ok("database_problem", json!({})), json!(null));
    assert_eq!(h.ok("overview", json!({}))["applications"], 42);
}

#[test]
fn a_person_is_previewed_exported_and_deleted_through_the_commands() {
    let h = common::start();
    let rows = h.ok("applications", json!({}));
    let id = rows[0]["id"].clone();
    let preview = h.ok("person_preview", json!({ "id": id }));
    assert_eq!(preview["counts"]["applications"], 1);
    let folder = h.dir.path().join("auskunft");
    let written = h.ok(
        "export_person",
        json!({ "id": id, "folder": folder.to_str().unwrap() }),
    );
    assert!(std::path::Path::new(written["pdf"].as_str().unwrap()).exists());
    let deleted = h.ok("delete_person", json!({ "id": id }));
    assert_eq!(deleted["backups_holding"].as_array().unwrap().len(), 1);
    let err = h.call("person_preview", json!({ "id": id })).unwrap_err();
    assert_eq!(err["code"], "person.not_found");
    let pruned = h.ok(
        "prune_backups",
        json!({ "paths": deleted["backups_holding"] }),
    );
    assert_eq!(pruned, 1);
    let other = rows[1]["id"].clone();
    let anonymised = h.ok("anonymise_person", json!({ "id": other }));
    assert_eq!(anonymised["counts"]["applications"], 1);
}

#[test]
fn another_applications_file_is_left_and_a_new_database_opened_instead() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("notizen.sqlite");
    std::fs::write(&foreign, "keine Datenbank, nur Text ".repeat(10)).unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let error = match kohorte::Kohorte::open(&foreign) {
        Err(e) => e,
        Ok(_) => panic!("a text file opened"),
    };
    let app = kohorte_app::with_commands(mock_builder())
        .build(tauri::generate_context!())
        .expect("build app");
    let problem = kohorte_app::commands::safety::DatabaseProblem::new(&foreign, &error);
    *app.state::<kohorte_app::commands::safety::Startup>()
        .0
        .lock()
        .unwrap() = Some(problem);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    let h = common::Harness::over(dir, app, window);

    let problem = h.ok("database_problem", json!({}));
    assert_eq!(problem["code"], "store.not_sqlite");
    assert_eq!(
        problem["restorable"], false,
        "a foreign file is never replaced"
    );
    // Even a good backup never replaces another program's file.
    let other = kohorte_app::open_database(&h.dir.path().join("andere.sqlite"), true).unwrap();
    let backup = other
        .create_backup(kohorte::backup::BackupReason::Manual)
        .unwrap();
    let err = h
        .call("restore_damaged_database", json!({ "path": backup.path }))
        .unwrap_err();
    assert_eq!(err["code"], "store.not_sqlite");
    // Opening the same file again is refused the same way; a new one opens.
    let again = h
        .call(
            "open_database_file",
            json!({ "path": foreign.to_str().unwrap() }),
        )
        .unwrap_err();
    assert_eq!(again["code"], "store.not_sqlite");
    let fresh = h.dir.path().join("neu.sqlite");
    h.ok(
        "open_database_file",
        json!({ "path": fresh.to_str().unwrap() }),
    );
    assert_eq!(h.ok("database_problem", json!({})), json!(null));
    assert_eq!(
        h.ok("app_info", json!({}))["database"],
        fresh.to_str().unwrap()
    );
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
}

#[test]
fn retention_deletes_only_the_confirmed_persons_still_proposed() {
    let h = common::start();
    assert_eq!(h.ok("retention", json!({ "months": 6 })), json!([]));
    // Nobody is proposed for a programme that has not ended: nothing is deleted,
    // whatever ids the window sends.
    let rows = h.ok("applications", json!({}));
    let deleted = h.ok(
        "apply_retention",
        json!({ "months": 6, "ids": [rows[0]["id"]] }),
    );
    assert_eq!(deleted, json!([]));
    assert_eq!(
        h.ok("applications", json!({})).as_array().unwrap().len(),
        42
    );
}
