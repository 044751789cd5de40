//! Personal data on request (DSGVO Art. 15 and 17) on real files: the Auskunft holds
//! everything stored, a deletion leaves no byte of the person's e-mail address in the
//! database file, an anonymisation keeps the statistics, and the retention proposes
//! before it deletes.

mod common;

use std::path::Path;
use std::process::Command;

use kohorte::Kohorte;
use kohorte::balance::Dimension;
use kohorte::documents::LetterKind;
use kohorte::model::Status;
use kohorte::store::ERASED;
use rusqlite::Connection;
use uuid::Uuid;

fn kohorte_cli(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KOHORTE_DB")
        .output()
        .expect("run kohorte")
}

/// Whether `needle` occurs in the database file or its WAL, byte for byte.
fn in_file(db: &Path, needle: &str) -> bool {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.to_path_buf(), wal.into()].iter().any(|path| {
        std::fs::read(path)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    })
}

/// A confirmed applicant in a stored tandem, with a letter and attendance recorded and
/// a reviewer note: a person with something in every table. Returns (application, e-mail).
fn person_with_everything(k: &Kohorte, dir: &Path) -> (Uuid, String) {
    let rows = k.applications().unwrap();
    let board = k.tandems().unwrap();
    let pair = board
        .pairs
        .iter()
        .find(|p| {
            p.id.is_some()
                && rows
                    .iter()
                    .any(|r| r.id == p.leader && r.status == Status::Eingegangen)
        })
        .expect("a new applicant in a stored tandem");
    let id = pair.leader;
    k.set_status(&[id], Status::InPruefung).unwrap();
    k.set_status(&[id], Status::Zugesagt).unwrap();
    k.set_attendance(&[id], 1, None, true).unwrap();
    k.write_letters(
        LetterKind::Zusage,
        None,
        None,
        &dir.join("briefe.pdf"),
        true,
    )
    .unwrap();
    k.set_reviewer_notes(id, "Notiz-über-die-Person").unwrap();
    let email = rows.iter().find(|r| r.id == id).unwrap().email.clone();
    (id, email)
}

#[test]
fn the_auskunft_holds_everything_stored_as_json_and_readable_pdf() {
    let (dir, k) = common::demo();
    let (id, email) = person_with_everything(&k, dir.path());
    let out = dir.path().join("auskunft");
    let written = k.write_person_export(id, &out).unwrap();

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&written.json).unwrap()).unwrap();
    let data = &json["daten"];
    assert_eq!(data["person"]["email"], email.as_str());
    assert_eq!(data["applications"].as_array().unwrap().len(), 1);
    assert_eq!(data["applications"][0]["status"], "zugesagt");
    assert_eq!(
        data["applications"][0]["reviewer_notes"],
        "Notiz-über-die-Person"
    );
    assert_eq!(data["tandems"].as_array().unwrap().len(), 1);
    assert_eq!(data["attendance"].as_array().unwrap().len(), 2);
    assert!(!data["documents"].as_array().unwrap().is_empty());
    let fields: Vec<&str> = data["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(fields.contains(&"status") && fields.contains(&"reviewer_notes"));

    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&written.pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Auskunft über gespeicherte Daten"), "{text}");
    assert!(text.contains(&email));
    assert!(text.contains("Bewerbungen") && text.contains("Änderungsverlauf"));
    assert!(text.contains("Notiz-über-die-Person"));
}

#[test]
fn a_deleted_persons_email_is_gone_from_the_files_bytes_and_the_audit_stays() {
    let (dir, k) = common::demo();
    let (id, email) = person_with_everything(&k, dir.path());
    let db = common::db_file(&dir);
    let audit_before: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
        .unwrap();
    assert!(in_file(&db, &email), "the test must be able to fail");

    let preview = k.preview_person_deletion(id).unwrap();
    assert_eq!(preview.counts.applications, 1);
    assert_eq!(preview.counts.tandems, 1);
    assert_eq!(preview.counts.attendance, 2);
    assert!(preview.counts.documents >= 1);
    assert!(in_file(&db, &email), "a preview deletes nothing");

    let shred = k.delete_person(id).unwrap();
    assert_eq!(
        shred.counts,
        preview
            .counts
            .clone_with_audit(shred.counts.audit_overwritten)
    );
    assert!(shred.compacted);
    assert!(
        !in_file(&db, &email),
        "the e-mail address is still in the file"
    );
    assert!(!in_file(&db, "Notiz-über-die-Person"));
    assert!(k.applications().unwrap().iter().all(|r| r.id != id));
    assert_eq!(k.person_data(id).unwrap_err().code(), "person.not_found");

    let conn = Connection::open(&db).unwrap();
    let audit_after: i64 = conn
        .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audit_after, audit_before, "the audit trail stays");
    let erased: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE entity_id = ?1 AND new_value = ?2",
            rusqlite::params![id, ERASED],
            |r| r.get(0),
        )
        .unwrap();
    assert!(erased >= 1, "the note's audit value is overwritten");
    let status_kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE entity_id = ?1 AND field = 'status'
             AND new_value = 'zugesagt'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        status_kept, 1,
        "neutral keys stay for the programme's history"
    );
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // The backup made before the deletion still holds the person, and says so.
    assert_eq!(shred.backups_holding.len(), 1);
    assert_eq!(k.prune_backups(&shred.backups_holding).unwrap(), 1);
    assert!(!Path::new(&shred.backups_holding[0]).exists());
    assert!(
        k.prune_backups(&[db.display().to_string()]).is_err(),
        "only backups are pruned, never the database"
    );
    assert!(db.exists());
}

trait WithAudit {
    fn clone_with_audit(&self, audit: u32) -> Self;
}
impl WithAudit for kohorte::store::Shredded {
    fn clone_with_audit(&self, audit: u32) -> Self {
        kohorte::store::Shredded {
            audit_overwritten: audit,
            ..*self
        }
    }
}

#[test]
fn an_anonymised_person_keeps_the_statistics_but_not_the_identity() {
    let (dir, k) = common::demo();
    let (id, email) = person_with_everything(&k, dir.path());
    let db = common::db_file(&dir);
    let value_of = |k: &Kohorte, dimension: Dimension| {
        let candidate = k
            .candidates()
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .expect("still a candidate");
        match dimension {
            Dimension::State => candidate.state,
            Dimension::Kind => format!("{:?}", candidate.kind),
            Dimension::Region => format!("{:?}", candidate.region),
            _ => String::new(),
        }
    };
    let before: Vec<String> = [Dimension::State, Dimension::Region, Dimension::Kind]
        .into_iter()
        .map(|d| value_of(&k, d))
        .collect();
    let band_before = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
        .experience_band;

    let shred = k.anonymise_person(id).unwrap();
    assert_eq!(shred.counts.applications, 1);
    let after: Vec<String> = [Dimension::State, Dimension::Region, Dimension::Kind]
        .into_iter()
        .map(|d| value_of(&k, d))
        .collect();
    assert_eq!(after, before);
    let row = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(row.experience_band, band_before);
    assert_eq!(row.status, Status::Zugesagt);
    assert_eq!(row.email, "");
    assert_eq!(row.first_name, "Anonymisiert");
    assert_eq!(row.last_name, "");
    assert!(!in_file(&db, &email));
    assert!(!in_file(&db, "Notiz-über-die-Person"));
}

#[test]
fn retention_proposes_rejected_applicants_of_ended_programmes_and_deletes_only_on_apply() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    drop(common::demo_at(&db));
    let k = Kohorte::open(&db).unwrap();
    let rows = k.applications().unwrap();
    let rejected: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.status == Status::Eingegangen)
        .take(2)
        .map(|r| r.id)
        .collect();
    k.set_status(&rejected, Status::InPruefung).unwrap();
    k.set_status(&rejected, Status::Abgesagt).unwrap();
    assert!(
        k.retention(6).unwrap().is_empty(),
        "the demo programme has not ended"
    );
    // The programme ended three years ago.
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE module SET start_date = '2022-06-01', end_date = '2022-06-02'",
            [],
        )
        .unwrap();
    }
    let proposed = k.retention(6).unwrap();
    let proposed_ids: Vec<Uuid> = proposed.iter().map(|c| c.person_id).collect();
    assert!(proposed.len() >= 2, "{proposed:?}");
    assert!(
        k.retention(12 * 10).unwrap().is_empty(),
        "ten years of retention keep them"
    );

    // Only confirmed ids the retention still proposes go.
    let kept = k.apply_retention_to(6, &[]).unwrap();
    assert!(kept.is_empty());
    let one = k.apply_retention_to(6, &[proposed_ids[0]]).unwrap();
    assert_eq!(one.len(), 1);
    assert!(k.person_data(proposed_ids[0]).is_err());
    let proposed = k.retention(6).unwrap();
    let proposed_ids: Vec<Uuid> = proposed.iter().map(|c| c.person_id).collect();
    let rows = k.applications().unwrap();

    let out = kohorte_cli(&db, &["retention"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nichts gelöscht"));
    assert_eq!(
        k.applications().unwrap().len(),
        rows.len(),
        "nothing deleted"
    );

    let out = kohorte_cli(&db, &["retention", "--apply", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deleted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(deleted.as_array().unwrap().len(), proposed.len());
    let left = k.applications().unwrap();
    assert_eq!(
        left.len(),
        rows.len() - proposed.len(),
        "one application per proposed person"
    );
    for person in proposed_ids {
        assert!(k.person_data(person).is_err());
    }
    assert!(left.iter().all(|r| r.status != Status::Abgesagt));
}

#[test]
fn cli_exports_deletes_and_anonymises_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    let k = common::demo_at(&db);
    let rows = k.applications().unwrap();
    drop(k);
    let (a, b) = (rows[0].id.to_string(), rows[1].id.to_string());
    let out_dir = dir.path().join("auskunft");
    let out = kohorte_cli(
        &db,
        &["person", "export", &a, "--out", out_dir.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(files.len(), 2);

    let dry = kohorte_cli(&db, &["person", "delete", &a, "--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Würde entfernt"));
    assert!(in_file(&db, &rows[0].email));
    let out = kohorte_cli(&db, &["person", "delete", &a, "--prune-backups"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Gelöscht"));
    assert!(!in_file(&db, &rows[0].email));
    let out = kohorte_cli(&db, &["person", "anonymise", &b]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Noch in 1 Sicherung"));
    assert!(!in_file(&db, &rows[1].email));
    let missing = kohorte_cli(&db, &["person", "delete", &a]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("keine Person"));
}
