//! Older database files open with the current app and keep their data: a file of every
//! earlier schema version, filled with the demo programme and an applied selection,
//! migrates to the latest version with nothing lost and the selection still undoable.

mod common;

use std::path::Path;

use kohorte::Kohorte;
use kohorte::balance::{Dimension, Quota};
use kohorte::model::Status;
use kohorte::store::{LATEST_VERSION, Store, migrate_to, versions};

/// Statuses by application id, to compare before and after.
fn statuses(k: &Kohorte) -> Vec<(uuid::Uuid, Status)> {
    let mut rows: Vec<_> = k
        .applications()
        .expect("rows")
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    rows.sort();
    rows
}

/// What a file of an earlier version was filled with.
struct Filled {
    applications: usize,
    /// Statuses before the selection was applied, and how many it changed.
    before_selection: Vec<(uuid::Uuid, Status)>,
    selected: usize,
}

/// A file at schema `version` holding the demo programme with an applied selection.
/// Code of earlier versions cannot be run any more, so the data is written by the
/// current code into a file of the latest version and copied, table by table, into a
/// file the real migrations built up to `version`. Where the schema stored things
/// differently then (applied selections before version 5), they are written in that
/// version's form.
fn file_at(version: u32, dir: &Path) -> (std::path::PathBuf, Filled) {
    let source = dir.join(format!("source-{version}.db"));
    let k = common::demo_at(&source);
    let before_selection = statuses(&k);
    let (_, applied) = k
        .apply_selection(&Default::default())
        .expect("apply selection");
    let filled = Filled {
        applications: before_selection.len(),
        before_selection,
        selected: applied.changes.len(),
    };
    assert!(filled.selected > 0, "the demo selection changes statuses");
    drop(k);

    let path = dir.join(format!("v{version}.db"));
    migrate_to(&path, version).expect("earlier version");
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch("PRAGMA foreign_keys = OFF;")
        .expect("pragma");
    conn.execute(
        "ATTACH DATABASE ?1 AS source",
        [source.to_str().expect("utf-8")],
    )
    .expect("attach");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    for table in &tables {
        let seeded: i64 = conn
            .query_row(&format!("SELECT count(*) FROM main.{table}"), [], |r| {
                r.get(0)
            })
            .expect("count");
        // Only the columns this version had: later migrations added some.
        let columns: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}', 'main')"
            ))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("names");
        let columns = columns.join(", ");
        let copy = match table.as_str() {
            // Reference data the migrations seed themselves.
            _ if seeded > 0 => continue,
            // Before version 5 an applied selection had its own tables.
            "selection_run" => {
                "INSERT INTO main.selection_run (id, programme_id, at, actor, undone_at)
                 SELECT b.id, (SELECT id FROM source.programme), b.at, b.actor, b.undone_at
                 FROM source.change_batch b WHERE b.kind = 'selection'"
                    .to_string()
            }
            "selection_change" => "INSERT INTO main.selection_change
                 SELECT x.batch_id, e.entity_id, e.old_value, e.new_value
                 FROM source.change_batch_entry x
                 JOIN source.change_batch b ON b.id = x.batch_id AND b.kind = 'selection'
                 JOIN source.audit_entry e ON e.id = x.audit_entry_id"
                .to_string(),
            "change_batch" if version < 5 => {
                format!(
                    "INSERT INTO main.change_batch ({columns}) SELECT {columns}
                     FROM source.change_batch WHERE kind <> 'selection'"
                )
            }
            "change_batch_entry" if version < 5 => "INSERT INTO main.change_batch_entry
                 SELECT x.* FROM source.change_batch_entry x
                 JOIN source.change_batch b ON b.id = x.batch_id AND b.kind <> 'selection'"
                .to_string(),
            _ => {
                format!("INSERT INTO main.{table} ({columns}) SELECT {columns} FROM source.{table}")
            }
        };
        conn.execute_batch(&copy)
            .unwrap_or_else(|e| panic!("copying {table} into version {version}: {e}"));
    }
    let found: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(found, version);
    (path, filled)
}

#[test]
fn every_earlier_version_migrates_to_the_latest_and_keeps_its_data() {
    const { assert!(LATEST_VERSION >= 5) };
    let dir = tempfile::tempdir().expect("temp dir");
    for version in versions().into_iter().filter(|v| *v < LATEST_VERSION) {
        let (path, filled) = file_at(version, dir.path());
        let store = Store::open(&path).expect("migrate");
        assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
        drop(store);

        let k = Kohorte::open(&path).expect("open migrated");
        assert_eq!(
            k.applications().expect("rows").len(),
            filled.applications,
            "version {version}"
        );
        let board = k.tandems().expect("tandems");
        assert_eq!(
            board.pairs.iter().filter(|p| p.id.is_some()).count(),
            11,
            "version {version}"
        );
        assert_eq!(k.overview().expect("overview").tandems, board.counts);
        if version == 1 {
            // Version 1 had no selection assistant: nothing to undo, statuses as written.
            assert_eq!(
                k.undo_selection().unwrap_err().code(),
                "selection.nothing_to_undo"
            );
            continue;
        }
        // The selection applied in the old form is still undone in one step.
        let reverted = k.undo_selection().expect("undo the old selection");
        assert_eq!(reverted.len(), filled.selected, "version {version}");
        assert_eq!(statuses(&k), filled.before_selection, "version {version}");
        assert_eq!(
            k.undo_selection().unwrap_err().code(),
            "selection.nothing_to_undo"
        );
    }
}

#[test]
fn a_version_1_file_gets_working_quotas_and_assistant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = file_at(1, dir.path());
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        let quota_table: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'quota'",
                [],
                |r| r.get(0),
            )
            .expect("schema");
        assert_eq!(quota_table, 0);
    }
    let k = Kohorte::open(&path).expect("open migrated");
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

#[test]
fn a_version_5_file_gets_remembered_exports_and_calendar_sequences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = file_at(5, dir.path());
    let k = Kohorte::open(&path).expect("open migrated");
    assert_eq!(
        k.list_settings().expect("settings"),
        kohorte::export::ListSettings::default()
    );
    let chosen = kohorte::export::ListSettings {
        status: None,
        ..Default::default()
    };
    let out = dir.path().join("alle.csv");
    let file = k
        .export_list(kohorte::export::ListFormat::Csv, &chosen, &out)
        .expect("export");
    assert_eq!(file.entries, 42);
    assert_eq!(k.list_settings().expect("settings"), chosen);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 6, 18);
    k.set_module_dates(3, date, date).expect("dates");
    let ics = dir.path().join("t.ics");
    assert_eq!(k.export_calendar(false, &ics).expect("calendar").entries, 1);
}

#[test]
fn a_version_8_file_accepts_no_late_applications_until_told_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = file_at(8, dir.path());
    let k = Kohorte::open(&path).expect("open migrated");
    let mut settings = k.settings().expect("settings");
    assert!(!settings.accept_late);
    settings.accept_late = true;
    k.save_settings(&settings).expect("save");
    assert!(k.settings().expect("settings").accept_late);
}
