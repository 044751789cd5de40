//! The CLI as a script sees it: exit codes, JSON shapes, nothing written on refusal.

use std::process::Command;

fn kohorte(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

const CSV: &str = "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\r\n\
    16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\r\n\
    02.10.2025 10:00;Ben;Kurz;ben@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Change\r\n\
    17.09.2025 10:00;Cem;Aydin;cem@halle.de;Stadt Halle;Preußen;kreisfreie Stadt;Change\r\n";

#[test]
fn import_refusal_exits_non_zero_and_list_and_tandems_speak_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    let file = dir.path().join("formular.csv");
    std::fs::write(&file, CSV).unwrap();
    assert!(kohorte(&db, &["demo"]).status.success());
    let count = |db| {
        json(&kohorte(db, &["list", "--json"]))
            .as_array()
            .unwrap()
            .len()
    };
    let before = count(&db);

    let refused = kohorte(&db, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(refused.status.code(), Some(2));
    let report = json(&refused);
    assert_eq!(report["rows"], 3);
    assert_eq!(report["imported"], 0);
    assert_eq!(report["invalid"][0]["row"], 4);
    assert_eq!(report["invalid"][0]["column"], "Bundesland");
    assert_eq!(
        report["invalid"][0]["reason"],
        "unbekanntes Bundesland „Preußen“"
    );
    assert_eq!(report["late"][0]["row"], 3);
    assert!(report["duplicates"].as_array().unwrap().is_empty());
    assert_eq!(count(&db), before);

    let done = kohorte(
        &db,
        &["import", file.to_str().unwrap(), "--skip-invalid", "--json"],
    );
    assert!(done.status.success());
    assert_eq!(json(&done)["imported"], 2);
    assert_eq!(count(&db), before + 2);

    let list = json(&kohorte(
        &db,
        &[
            "list",
            "--track",
            "Change",
            "--status",
            "eingegangen",
            "--json",
        ],
    ));
    let ben = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "ben@koeln.de")
        .unwrap();
    for key in [
        "id",
        "first_name",
        "last_name",
        "email",
        "municipality",
        "state",
        "track",
        "status",
        "late",
        "score",
        "tandem_id",
    ] {
        assert!(ben.get(key).is_some(), "{key}");
    }
    assert_eq!(ben["state"], "DE-NW");
    assert_eq!(ben["status"], "eingegangen");
    assert_eq!(ben["late"], true);

    let id = ben["id"].as_str().unwrap();
    assert!(
        kohorte(&db, &["set-status", id, "in_pruefung"])
            .status
            .success()
    );
    assert!(
        !kohorte(&db, &["set-status", id, "eingegangen"])
            .status
            .success()
    );

    let tandems = json(&kohorte(&db, &["tandems", "--json"]));
    let pair = tandems["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["planner"] == id)
        .expect("Anna and Ben of Köln are proposed");
    assert_eq!(pair["municipality"], "Stadt Köln");
    assert_eq!(pair["confirmed"], false);
    assert!(pair["id"].is_null());
    assert!(tandems["unpaired"].is_array() && tandems["warnings"].is_array());
}
