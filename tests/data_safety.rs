//! Never touch a file that is not ours: every refusal leaves the file byte for byte as
//! it was (compared by SHA-256), through the core and through the CLI.

mod common;

use std::path::Path;
use std::process::Command;

use kohorte::store::{APPLICATION_ID, LATEST_VERSION, Store, migrate_to};
use kohorte::{Error, Kohorte};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

fn kohorte(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KOHORTE_DB")
        .output()
        .expect("run kohorte")
}

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).expect("read file")).to_vec()
}

/// The files in `dir`, sorted, to see that nothing was created beside a refused file.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `status` and `demo` on `path` and asserts both are refused with `message`,
/// the file unchanged and nothing new beside it.
fn cli_refuses_and_leaves_unchanged(path: &Path, message: &str) {
    let dir = path.parent().expect("parent");
    let before = hash(path);
    let files = names(dir);
    for args in [&["status"][..], &["demo"], &["demo", "--force"], &["list"]] {
        let out = kohorte(path, args);
        assert!(!out.status.success(), "{args:?} succeeded on {path:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(message),
            "{args:?}: expected „{message}“ in {stderr}"
        );
        assert!(
            stderr.contains("Die Datei wurde nicht verändert"),
            "{stderr}"
        );
        assert_eq!(hash(path), before, "{args:?} changed the file");
        assert_eq!(names(dir), files, "{args:?} left files beside it");
    }
}

#[test]
fn a_text_file_is_refused_by_every_command_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notizen.sqlite");
    std::fs::write(&path, "Das ist keine Datenbank, nur Notizen.\n".repeat(20)).unwrap();
    cli_refuses_and_leaves_unchanged(&path, "keine SQLite-Datei");
    assert!(matches!(Kohorte::open(&path), Err(Error::NotSqlite { .. })));
}

#[test]
fn another_applications_sqlite_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
             INSERT INTO moz_places (url) VALUES ('https://example.org/');",
        )
        .unwrap();
    }
    cli_refuses_and_leaves_unchanged(&path, "Datenbank eines anderen Programms");
    let err = Kohorte::open(&path).err().expect("refused");
    assert_eq!(err.code(), "store.foreign");
    assert_eq!(names(dir.path()), ["places.sqlite"]);
}

#[test]
fn another_applications_sqlite_in_wal_mode_is_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE visits (id INTEGER PRIMARY KEY, at TEXT);")
            .unwrap();
    }
    cli_refuses_and_leaves_unchanged(&path, "Datenbank eines anderen Programms");
}

#[test]
fn a_file_marked_by_another_application_is_refused_even_with_our_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fremd.sqlite");
    drop(common::demo_at(&path));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x1234_5678)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    cli_refuses_and_leaves_unchanged(&path, "Datenbank eines anderen Programms");
}

#[test]
fn a_damaged_file_is_refused_as_damaged_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kohorte.sqlite");
    drop(common::demo_at(&path));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    // Overwrite the middle of the file (b-tree pages of the data) with noise.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "the demo spans several pages");
    for (i, b) in bytes[3 * page..6 * page].iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();

    cli_refuses_and_leaves_unchanged(&path, "ist beschädigt");
    let err = Kohorte::open(&path).err().expect("refused");
    assert_eq!(err.code(), "store.damaged");
}

#[test]
fn a_new_database_is_marked_and_readable_by_its_owner_only() {
    let (dir, k) = common::demo();
    let path = common::db_file(&dir);
    assert!(k.opened().created);
    let conn = Connection::open(&path).unwrap();
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let file = dir.path().join(format!("{}{suffix}", common::DB_FILE));
            let mode = std::fs::metadata(&file)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file:?} has mode {mode:o}");
        }
    }
}

#[test]
fn a_file_of_an_earlier_version_is_recognised_marked_and_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alt.sqlite");
    migrate_to(&path, LATEST_VERSION - 1).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let id: i32 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, 0, "earlier versions did not mark their files");

    let store = Store::open(&path).unwrap();
    let opened = store.opened();
    assert!(opened.marked_earlier && !opened.created);
    assert_eq!(opened.migrated_from, Some(LATEST_VERSION - 1));
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);
    let id: i32 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Opened again, it is simply ours.
    let again = Store::open(&path).unwrap().opened();
    assert!(!again.marked_earlier && again.migrated_from.is_none());
}

#[test]
fn commits_are_durable_with_synchronous_full() {
    let (dir, k) = common::demo();
    drop(k);
    let store = Store::open(&common::db_file(&dir)).unwrap();
    // Through a connection of the store: `synchronous` is per connection.
    assert_eq!(store.synchronous().unwrap(), 2, "FULL");
}

#[test]
fn a_write_while_another_program_holds_the_file_is_refused_plainly_and_writes_nothing() {
    let (dir, k) = common::demo();
    let id = k.applications().unwrap()[0].id;
    // Another Kohorte (a second window, the CLI) in the middle of a change.
    let other = Connection::open(common::db_file(&dir)).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = k.set_reviewer_notes(id, "gleichzeitig").unwrap_err();
    assert_eq!(err.code(), "store.busy");
    assert!(err.to_string().contains("anderen Kohorte-Fenster"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(k.reviewer_notes(id).unwrap(), "");
    // Once the other is done, the same change goes through.
    k.set_reviewer_notes(id, "danach").unwrap();
    assert_eq!(k.reviewer_notes(id).unwrap(), "danach");
}
