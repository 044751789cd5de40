//! Older database files open with the current app and keep their data.

use kohorte::Kohorte;
use kohorte::balance::{Dimension, Quota};
use kohorte::store::{LATEST_VERSION, Store, migrate_to};

/// A version 1 file holding the demo programme. Version 1 code cannot be run any
/// more, so the demo is written at the latest version and the tables of later
/// migrations are dropped again: what remains is exactly a version 1 schema with data.
fn version_1_file_with_demo(path: &std::path::Path) -> usize {
    migrate_to(path, 1).expect("version 1");
    let k = Kohorte::open(path).expect("open");
    k.create_demo(false).expect("demo");
    let count = k.applications().expect("rows").len();
    drop(k);
    let conn = rusqlite::Connection::open(path).expect("raw open");
    conn.execute_batch(
        "DROP TABLE letter_template; DROP TABLE change_batch_entry; DROP TABLE change_batch;
         DROP TABLE import_mapping;
         DROP TABLE selection_change; DROP TABLE selection_run; DROP TABLE selection_lock;
         DROP TABLE quota; PRAGMA user_version = 1;",
    )
    .expect("back to version 1");
    count
}

#[test]
fn version_1_file_with_demo_data_migrates_to_latest_and_keeps_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v1.db");
    let applications = version_1_file_with_demo(&path);
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, 1);
        let quota_table: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'quota'",
                [],
                |r| r.get(0),
            )
            .expect("schema");
        assert_eq!(quota_table, 0);
    }
    let store = Store::open(&path).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    const { assert!(LATEST_VERSION >= 2) };
    drop(store);
    let k = Kohorte::open(&path).expect("open migrated");
    assert_eq!(k.applications().expect("rows").len(), applications);
    assert!(k.quotas().expect("quotas").is_empty());
    let quota = Quota {
        track: None,
        dimension: Dimension::Region,
        value: "ost".into(),
        min: Some(1),
        max: Some(9),
        min_flex: None,
        max_flex: None,
    };
    k.set_quotas(None, std::slice::from_ref(&quota))
        .expect("store quota");
    assert_eq!(k.quotas().expect("quotas"), vec![quota]);
    assert!(k.propose_selection(&Default::default()).is_ok());
}
