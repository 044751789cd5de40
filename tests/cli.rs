//! The `kohorte` binary as a script would use it.

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
