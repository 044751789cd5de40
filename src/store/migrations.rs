//! Numbered schema migrations, embedded in the binary. Each is applied in its own
//! transaction and the reached version is kept in `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// (version, SQL) in ascending order; a new schema change is a new file and a new line.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_quotas.sql")),
    (3, include_str!("migrations/0003_import_mapping.sql")),
    (4, include_str!("migrations/0004_templates.sql")),
    (5, include_str!("migrations/0005_one_undo.sql")),
    (6, include_str!("migrations/0006_programmes.sql")),
    (7, include_str!("migrations/0007_exports.sql")),
    (8, include_str!("migrations/0008_terminaenderung.sql")),
    (9, include_str!("migrations/0009_accept_late.sql")),
];

pub const LATEST_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Every schema version a migration leads to, ascending (numbers are reserved per
/// change, so the list may have gaps while parallel work is merged).
pub fn versions() -> Vec<u32> {
    MIGRATIONS.iter().map(|(n, _)| *n).collect()
}

pub(super) fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// A file written by a newer Kohorte is refused, never altered.
pub(super) fn refuse_newer(conn: &Connection) -> Result<()> {
    let found = version(conn)?;
    if found > LATEST_VERSION {
        return Err(Error::DatabaseTooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(())
}

/// Brings the schema to `target`, one migration per transaction.
pub(super) fn migrate(conn: &Connection, target: u32) -> Result<()> {
    refuse_newer(conn)?;
    let found = version(conn)?;
    for &(number, sql) in MIGRATIONS
        .iter()
        .filter(|(n, _)| *n > found && *n <= target)
    {
        let failed = |e: rusqlite::Error| Error::Migration {
            version: number,
            reason: e.to_string(),
        };
        let tx = conn.unchecked_transaction().map_err(failed)?;
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", number)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}

/// Creates or migrates the file at `path` to exactly `target` (not beyond), so tests
/// can build every earlier version and then open it with the current app.
pub fn migrate_to(path: &Path, target: u32) -> Result<()> {
    let conn = super::connect(path)?;
    migrate(&conn, target)
}
