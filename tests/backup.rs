//! Backups on real files: made before every risky change, checked, owner-only, kept by
//! the rolling retention, listed with what they hold, and restored with the current
//! content kept first.

mod common;

use std::path::Path;
use std::process::Command;

use kohorte::Kohorte;
use kohorte::backup::BackupReason;
use kohorte::import::ImportOptions;
use kohorte::model::Status;
use kohorte::store::{LATEST_VERSION, check_backup, migrate_to};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

fn kohorte_cli(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KOHORTE_DB")
        .output()
        .expect("run kohorte")
}

fn reasons(k: &Kohorte) -> Vec<BackupReason> {
    k.backups().unwrap().iter().map(|b| b.reason).collect()
}

fn statuses(k: &Kohorte) -> Vec<(uuid::Uuid, Status)> {
    let mut rows: Vec<_> = k
        .applications()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_bulk_status_change_is_backed_up_first_and_restore_brings_it_back() {
    let (_dir, k) = common::demo();
    assert!(k.backups().unwrap().is_empty(), "a new file has no backup");
    let before = statuses(&k);
    let ids: Vec<uuid::Uuid> = k
        .applications()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == Status::Eingegangen)
        .take(3)
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 3);
    k.set_status(&ids, Status::InPruefung).unwrap();
    // One application's status alone is not backed up.
    k.set_status(&ids[..1], Status::Abgesagt).unwrap();

    let backups = k.backups().unwrap();
    assert_eq!(reasons(&k), [BackupReason::StatusChange]);
    assert_eq!(backups[0].applications, Some(42));
    assert_eq!(backups[0].programmes, Some(1));
    assert_eq!(backups[0].problem, None);
    assert_ne!(statuses(&k), before);

    let kept = k.restore(Path::new(&backups[0].path)).unwrap();
    assert_eq!(kept.reason, BackupReason::Restore);
    assert_eq!(
        statuses(&k),
        before,
        "restored to the state before the change"
    );
    // The state before the restore is a backup itself, and holds the changed statuses.
    let restored_before = Kohorte::open(Path::new(&kept.path));
    assert!(restored_before.is_ok());
}

#[test]
fn backups_are_owner_only_checked_copies_beside_the_database() {
    let (dir, k) = common::demo();
    let info = k.create_backup(BackupReason::Manual).unwrap();
    let folder = dir.path().join("kohorte.sqlite.backups");
    assert_eq!(k.backup_folder(), folder);
    assert!(Path::new(&info.path).starts_with(&folder));
    let conn = Connection::open(&info.path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let emails: i64 = conn
        .query_row("SELECT count(DISTINCT email) FROM person", [], |r| r.get(0))
        .unwrap();
    assert!(emails >= 42);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(Path::new(&info.path)), 0o600);
        assert_eq!(mode(&folder), 0o700);
    }
}

#[test]
fn a_start_backup_is_made_only_when_the_file_changed() {
    let (_dir, k) = common::demo();
    assert!(k.backup_if_changed().unwrap().is_some(), "no backup yet");
    assert!(
        k.backup_if_changed().unwrap().is_none(),
        "nothing changed since the last backup"
    );
    let id = k.applications().unwrap()[0].id;
    k.set_reviewer_notes(id, "nach dem Gespräch").unwrap();
    let made = k.backup_if_changed().unwrap().expect("changed");
    assert_eq!(made.reason, BackupReason::Start);
    assert_eq!(reasons(&k), [BackupReason::Start, BackupReason::Start]);
}

#[test]
fn the_list_of_backups_waits_for_an_announced_start_backup() {
    let (_dir, k) = common::demo();
    k.announce_start_backup();
    std::thread::scope(|s| {
        let made = s.spawn(|| k.backup_if_changed());
        // Listed while the copy may still be under way: the list waits for it.
        assert_eq!(reasons(&k), [BackupReason::Start]);
        let made = made.join().expect("no panic").expect("made");
        assert_eq!(made.expect("the first").applications, Some(42));
    });
    // Ended: the list no longer waits.
    assert_eq!(k.backups().unwrap().len(), 1);
}

#[test]
fn the_retention_keeps_the_last_ten_of_today() {
    let (_dir, k) = common::demo();
    for _ in 0..13 {
        k.create_backup(BackupReason::Manual).unwrap();
    }
    assert_eq!(k.backups().unwrap().len(), 10);
}

#[test]
fn a_migration_is_preceded_by_a_backup_of_the_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alt.sqlite");
    migrate_to(&path, LATEST_VERSION - 1).unwrap();
    let k = Kohorte::open(&path).unwrap();
    assert_eq!(reasons(&k), [BackupReason::Migration]);
    let holds = check_backup(Path::new(&k.backups().unwrap()[0].path)).unwrap();
    assert_eq!(holds.version, LATEST_VERSION - 1);
    // Opening it again migrates nothing, so makes no backup.
    drop(k);
    let k = Kohorte::open(&path).unwrap();
    assert_eq!(k.backups().unwrap().len(), 1);
}

#[test]
fn an_import_a_selection_and_a_demo_replacement_are_backed_up_first() {
    let (_dir, k) = common::demo();
    let csv = "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\n\
               16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\n";
    let dry = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    k.import("a.csv", csv.as_bytes(), None, dry).unwrap();
    assert!(k.backups().unwrap().is_empty(), "a dry run writes nothing");
    k.import("a.csv", csv.as_bytes(), None, ImportOptions::default())
        .unwrap();
    assert_eq!(reasons(&k), [BackupReason::Import]);
    assert_eq!(k.backups().unwrap()[0].applications, Some(42));

    k.apply_selection(&Default::default()).unwrap();
    k.create_demo(true).unwrap();
    assert_eq!(
        reasons(&k),
        [
            BackupReason::Demo,
            BackupReason::Selection,
            BackupReason::Import
        ]
    );
    assert_eq!(k.backups().unwrap()[0].applications, Some(43));
}

#[test]
fn restore_refuses_a_damaged_backup_and_another_file_and_changes_nothing() {
    let (dir, k) = common::demo();
    let info = k.create_backup(BackupReason::Manual).unwrap();
    let mut bytes = std::fs::read(&info.path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 2] {
        *b = 0x5A;
    }
    let damaged = dir.path().join("kaputt.sqlite");
    std::fs::write(&damaged, &bytes).unwrap();
    let notes = dir.path().join("notizen.txt");
    std::fs::write(&notes, "keine Datenbank").unwrap();
    let before = statuses(&k);

    let err = k.restore(&damaged).expect_err("refused");
    assert!(
        err.code() == "backup.damaged" || err.code() == "store.damaged",
        "{}",
        err.code()
    );
    assert_eq!(
        k.restore(&notes).expect_err("refused").code(),
        "store.not_sqlite"
    );
    assert_eq!(statuses(&k), before);
    assert_eq!(
        k.backups().unwrap().len(),
        1,
        "no safety copy for a refused restore"
    );
    assert!(k.backups().unwrap()[0].problem.is_none());
}

#[test]
fn cli_backs_up_lists_and_restores_also_over_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    assert!(kohorte_cli(&db, &["demo"]).status.success());
    let out_file = dir.path().join("stick").join("sicherung.sqlite");
    std::fs::create_dir(out_file.parent().unwrap()).unwrap();
    let out = kohorte_cli(&db, &["backup", "--out", out_file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("42 Bewerbungen"));
    // Refused over an existing file.
    let again = kohorte_cli(&db, &["backup", "--out", out_file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("die Datei gibt es schon"));

    assert!(kohorte_cli(&db, &["backup"]).status.success());
    let listed = kohorte_cli(&db, &["backups", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["reason"], "manual");
    assert_eq!(list[0]["applications"], 42);

    // Damage the database; status refuses it, restore replaces it and keeps the copy.
    {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let damaged_hash = {
        for b in &mut bytes[3 * 4096..6 * 4096] {
            *b = 0xA5;
        }
        Sha256::digest(&bytes).to_vec()
    };
    std::fs::write(&db, &bytes).unwrap();
    assert!(!kohorte_cli(&db, &["status"]).status.success());
    let restored = kohorte_cli(&db, &["restore", out_file.to_str().unwrap()]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("unverändert aufbewahrt"));
    let status = kohorte_cli(&db, &["status", "--json"]);
    assert!(status.status.success());
    let listed = kohorte_cli(&db, &["backups", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let kept = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reason"] == "damaged")
        .expect("the damaged file is kept");
    let kept_bytes = std::fs::read(kept["path"].as_str().unwrap()).unwrap();
    assert_eq!(Sha256::digest(&kept_bytes).to_vec(), damaged_hash);
}

#[test]
fn the_revision_changes_with_every_write_a_reader_must_see_and_only_then() {
    let (dir, k) = common::demo();
    let start = k.revision().unwrap();
    k.applications().unwrap();
    k.overview().unwrap();
    assert_eq!(k.revision().unwrap(), start, "reading changes nothing");

    let ids: Vec<uuid::Uuid> = statuses(&k)
        .into_iter()
        .filter(|(_, status)| *status == Status::Eingegangen)
        .map(|(id, _)| id)
        .take(1)
        .collect();
    assert_eq!(ids.len(), 1);
    let backup = k.create_backup(BackupReason::Manual).unwrap();
    k.set_status(&ids, Status::InPruefung).unwrap();
    let changed = k.revision().unwrap();
    assert_ne!(changed, start, "a status change");

    // A commit through another connection (the CLI beside the window).
    let other = Kohorte::open(&common::db_file(&dir)).unwrap();
    other.set_status(&ids, Status::Abgesagt).unwrap();
    let by_other = k.revision().unwrap();
    assert_ne!(by_other, changed, "a write by another connection");

    // A restore replaces every row without counting as changes of this connection.
    k.restore(Path::new(&backup.path)).unwrap();
    assert_ne!(k.revision().unwrap(), by_other, "a restore");
    assert_eq!(
        statuses(&k)
            .iter()
            .find(|(id, _)| *id == ids[0])
            .map(|s| s.1),
        Some(Status::Eingegangen)
    );

    // Another programme chosen shows other applications.
    let first = k.programme().unwrap().id;
    let second = k.create_programme("Zweiter Durchgang", None).unwrap().id;
    assert_ne!(first, second);
    let on_second = k.revision().unwrap();
    k.select_programme(first).unwrap();
    assert_ne!(k.revision().unwrap(), on_second, "another programme");
}
