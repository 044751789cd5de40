//! The SQLite file: migrations from empty and from every earlier version, the settings
//! every connection needs, and refusal of files from a newer Kohorte.

use kohorte::store::{LATEST_VERSION, Store, migrate_to, versions};
use kohorte::{Error, Kohorte};
use rusqlite::Connection;

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kohorte.sqlite");
    (dir, path)
}

const TABLES: &[&str] = &[
    "federal_state",
    "programme",
    "experience_band",
    "track",
    "module",
    "agenda_item",
    "municipality",
    "programme_fellow",
    "person",
    "application",
    "tandem",
    "document",
    "attendance",
    "audit_entry",
];

#[test]
fn empty_file_is_migrated_to_the_latest_schema() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);

    let conn = Connection::open(&path).unwrap();
    for table in TABLES {
        let exists: bool = conn
            .query_row(
                "SELECT count(*) = 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(exists, "table {table} is missing");
    }
    let states: i64 = conn
        .query_row("SELECT count(*) FROM federal_state", [], |r| r.get(0))
        .unwrap();
    assert_eq!(states, 16);
}

#[test]
fn connection_uses_wal_and_foreign_keys() {
    let (_dir, path) = temp_db();
    let kohorte = Kohorte::open(&path).unwrap();
    kohorte.create_demo(false).unwrap();
    drop(kohorte);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");

    // Foreign keys are per connection: a fresh Store must refuse a dangling reference.
    let mut store = Store::open(&path).unwrap();
    let programme = store.programme().unwrap();
    let dangling = store.write(|w| {
        w.insert_tandem(
            programme.id,
            uuid::Uuid::now_v7(),
            uuid::Uuid::now_v7(),
            false,
        )
    });
    assert!(
        matches!(dangling, Err(Error::Database(_))),
        "a tandem of unknown applications was stored"
    );
}

#[test]
fn every_earlier_version_migrates_to_the_latest() {
    let earlier = std::iter::once(0).chain(versions().into_iter().filter(|v| *v < LATEST_VERSION));
    for version in earlier {
        let (_dir, path) = temp_db();
        migrate_to(&path, version).unwrap();
        let conn = Connection::open(&path).unwrap();
        let found: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(found, version);
        drop(conn);

        let kohorte = Kohorte::open(&path).unwrap();
        kohorte.create_demo(false).unwrap();
        assert_eq!(kohorte.applications().unwrap().len(), 42);
    }
}

#[test]
fn file_from_a_newer_kohorte_is_refused_and_left_unchanged() {
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    match Store::open(&path) {
        Err(Error::DatabaseTooNew { found, supported }) => {
            assert_eq!(found, LATEST_VERSION + 1);
            assert_eq!(supported, LATEST_VERSION);
        }
        other => panic!("expected DatabaseTooNew, got {:?}", other.map(|_| ())),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_failed_change_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let result: kohorte::Result<()> = store.write(|w| {
        kohorte::demo::create(w)?;
        // Something later in the same change fails: the demo rows must vanish too.
        Err(Error::NoProgramme)
    });
    assert!(result.is_err());
    assert!(!store.has_programme().unwrap());
}

#[test]
fn a_stored_status_that_is_a_label_not_a_key_is_refused_as_corrupt() {
    let (_dir, path) = temp_db();
    Kohorte::open(&path)
        .expect("open")
        .create_demo(false)
        .expect("demo");
    // What a lenient reader would take for "in_pruefung": the label, as people type it.
    // The schema's CHECK refuses it, so the damage is made with checks off.
    Connection::open(&path)
        .expect("sql")
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE application SET status = 'in Prüfung'
             WHERE id = (SELECT id FROM application LIMIT 1);",
        )
        .expect("update");
    let k = Kohorte::open(&path).expect("reopen");
    for error in [
        k.applications().map(|_| ()).expect_err("rows"),
        k.balance().map(|_| ()).expect_err("pool"),
        k.tandems().map(|_| ()).expect_err("tandems"),
    ] {
        assert!(
            matches!(
                &error,
                Error::CorruptValue { table: "application", column: "status", value }
                    if value == "in Prüfung"
            ),
            "{error:?}"
        );
        assert_eq!(error.code(), "store.corrupt_value");
    }
}
