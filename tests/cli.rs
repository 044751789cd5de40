//! The CLI as a script sees it: exit codes, JSON shapes, nothing written on refusal.

use std::process::Command;

fn kohorte(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KOHORTE_DB")
        .output()
        .expect("run kohorte")
}

#[test]
fn status_json_reports_the_overview_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    let out = kohorte(&db, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = kohorte(&db, &["status", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["programme"], "Lernpfad Führung & Change 2025/2026");
    let tracks = json["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2);
    for track in tracks {
        assert_eq!(track["capacity"], 16);
        assert_eq!(track["free_places"], 7);
        assert!(track["fellow_places_taken"].as_u64().unwrap() > 0);
        assert!(track["free_places_taken"].is_u64());
        let by_status = track["by_status"].as_object().unwrap();
        // serde_json's map sorts keys; the set must be exactly the six status keys.
        let keys: std::collections::BTreeSet<_> = by_status.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            std::collections::BTreeSet::from([
                "eingegangen",
                "in_pruefung",
                "zugesagt",
                "warteliste",
                "abgesagt",
                "zurueckgezogen"
            ])
        );
    }
    let total: u64 = tracks
        .iter()
        .flat_map(|t| t["by_status"].as_object().unwrap().values())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(json["applications"].as_u64(), Some(total));
}

#[test]
fn demo_refuses_a_file_with_data_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());
    let before = kohorte(&db, &["status", "--json"]).stdout;

    let out = kohorte(&db, &["demo"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(kohorte(&db, &["status", "--json"]).stdout, before);

    assert!(kohorte(&db, &["demo", "--force"]).status.success());
}

#[test]
fn status_without_a_programme_says_so_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let out = kohorte(&dir.path().join("empty.sqlite"), &["status"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("noch kein Programm"));
}

#[test]
fn status_table_is_german_and_marks_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());
    let out = kohorte(&db, &["status"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(Demodaten)"), "{text}");
    assert!(
        text.contains("Lernpfad Führung – 16 Plätze, davon 7 frei"),
        "{text}"
    );
    assert!(text.contains("in Prüfung"), "{text}");
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

    // Ben applied late: he is proposed only once the programme accepts late ones.
    let tandems = json(&kohorte(&db, &["tandems", "--json"]));
    assert!(
        !tandems["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["planner"] == id)
    );
    let settings = dir.path().join("programm.json");
    assert!(
        kohorte(
            &db,
            &["programme", "export", "--out", settings.to_str().unwrap()]
        )
        .status
        .success()
    );
    let mut document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&settings).unwrap()).unwrap();
    assert_eq!(document["settings"]["accept_late"], false);
    document["settings"]["accept_late"] = true.into();
    std::fs::write(&settings, document.to_string()).unwrap();
    assert!(
        kohorte(&db, &["programme", "import", settings.to_str().unwrap()])
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

#[test]
fn programmes_are_created_listed_chosen_and_round_trip_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    let ok = |args: &[&str]| {
        let out = kohorte(&db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["demo"]);
    ok(&["programme", "new", "--name", "Runde 2027", "--from", "demo"]);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&["programme", "list", "--json"])).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Runde 2027", "Lernpfad Führung & Change 2025/2026"]);

    // The newest is the default; --programme chooses another for one command.
    let status: serde_json::Value = serde_json::from_str(&ok(&["status", "--json"])).unwrap();
    assert_eq!(status["applications"], 0);
    let status: serde_json::Value = serde_json::from_str(&ok(&[
        "--programme",
        "Lernpfad Führung",
        "status",
        "--json",
    ]))
    .unwrap();
    assert_eq!(status["applications"], 42);

    let out = ok(&[
        "module",
        "set",
        "1",
        "--start",
        "2027-03-16",
        "--end",
        "2027-03-17",
    ]);
    assert!(out.contains("16.03.–17.03.2027"), "{out}");
    let refused = kohorte(
        &db,
        &[
            "module",
            "set",
            "2",
            "--start",
            "2027-05-10",
            "--end",
            "2027-05-01",
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Das Ende liegt vor dem Beginn"));

    let json = dir.path().join("runde.json");
    ok(&["programme", "export", "--out", json.to_str().unwrap()]);
    let other = dir.path().join("other.sqlite");
    let imported = kohorte(&other, &["programme", "import", json.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let shown = kohorte(&other, &["programme", "show", "--json"]);
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let copy: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(copy, original);

    let unknown = kohorte(&db, &["--programme", "Gibt es nicht", "status"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("Ein Programm „Gibt es nicht“ gibt es")
    );
}

#[test]
fn export_writes_each_format_with_the_chosen_columns_and_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());

    let csv = dir.path().join("liste.csv");
    let out = kohorte(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
            "--track",
            "change",
            "--status",
            "zugesagt",
            "--columns",
            "last_name,first_name,track",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Nachname;Vorname;Lernpfad");
    // The demo's seven confirmed planners.
    assert_eq!(lines.len(), 1 + 7);
    assert!(lines[1..].iter().all(|l| l.ends_with(";Lernpfad Change")));

    // The choice is remembered: without flags the next export uses it.
    let comma = dir.path().join("liste2.csv");
    let out = kohorte(
        &db,
        &[
            "export",
            "--format",
            "csv-comma",
            "--out",
            comma.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&comma).unwrap();
    assert!(text.starts_with("Nachname,Vorname,Lernpfad\r\n"));
    assert_eq!(text.matches("\r\n").count(), 1 + 7);

    let xlsx = dir.path().join("liste.xlsx");
    let out = kohorte(
        &db,
        &[
            "export",
            "--format",
            "xlsx",
            "--status",
            "alle",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    // Every status now, still only the remembered track: the demo's 20 planners.
    assert!(String::from_utf8_lossy(&out.stdout).contains("20 Zeilen"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn export_refuses_an_unknown_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());
    let csv = dir.path().join("x.csv");
    let out = kohorte(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
            "--columns",
            "name,iban",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Unbekannte Spalte „iban“"), "{err}");
    assert!(!csv.exists());
}

#[test]
fn ics_export_needs_dates_and_mail_writes_one_draft_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());
    let ics = dir.path().join("termine.ics");
    // The demo's modules have no dates yet.
    let out = kohorte(
        &db,
        &["export", "--format", "ics", "--out", ics.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kein Modul hat feste Termine"));
    assert!(!ics.exists());

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE module SET start_date = '2026-03-12', end_date = '2026-03-13' WHERE number = 2",
        [],
    )
    .unwrap();
    drop(conn);
    let out = kohorte(
        &db,
        &["export", "--format", "ics", "--out", ics.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);

    let drafts = dir.path().join("mails");
    let out = kohorte(
        &db,
        &[
            "mail",
            "--kind",
            "warteliste",
            "--out",
            drafts.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&drafts).unwrap().collect();
    // The demo's three people on the waitlist.
    assert_eq!(files.len(), 3);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 E-Mail-Entwürfe geschrieben"));
}

#[test]
fn tandems_are_confirmed_all_at_once_and_undone_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte(&db, &["demo"]).status.success());
    let counts = |db| json(&kohorte(db, &["status", "--json"]))["tandems"].clone();
    let before = counts(&db);
    assert_eq!(
        before,
        json(&kohorte(&db, &["tandems", "--json"]))["counts"]
    );
    let open = before["total"].as_u64().unwrap() - before["confirmed"].as_u64().unwrap();
    assert!(open > 1, "{before}");

    let done = kohorte(&db, &["tandems", "--confirm-all", "--json"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(json(&done)["confirmed"], open);
    let after = counts(&db);
    assert_eq!(after["confirmed"], before["total"]);
    assert_eq!(after["stated"], 0);
    assert_eq!(after["proposed"], 0);

    let undo = kohorte(&db, &["tandems", "--undo"]);
    assert!(undo.status.success());
    let text = String::from_utf8_lossy(&undo.stdout);
    assert!(
        text.contains(&format!(
            "Bestätigung von {open} Tandems rückgängig gemacht."
        )),
        "{text}"
    );
    assert_eq!(counts(&db), before);
    assert!(!kohorte(&db, &["tandems", "--undo"]).status.success());
}
