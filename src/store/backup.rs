//! Backups, the SQL part: a consistent copy by `VACUUM INTO` (compact, and readable
//! while the app writes), checked by opening it and running `integrity_check`; a
//! restore through SQLite's online backup API, so a window holding the file sees the
//! restored data at its next read.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::guard::{self, Found};
use super::{Store, migrations};
use crate::error::{Error, Result};

/// What a good backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    pub version: u32,
    pub programmes: u32,
    pub applications: u32,
}

impl Store {
    /// Writes a consistent copy of the database to `target` (a new file, owner-only),
    /// then opens it and checks it. A copy that fails the check is removed.
    pub fn backup_into(&self, target: &Path) -> Result<Holds> {
        vacuum_into(&self.conn, target)
    }

    /// Replaces the database's content with the backup at `source` (checked first),
    /// then brings the schema up to date: a backup made before a migration restores
    /// into the current version.
    pub fn restore_from(&mut self, source: &Path) -> Result<Holds> {
        let holds = check_backup(source)?;
        let from = open_read_only(source)?;
        {
            let backup = rusqlite::backup::Backup::new(&from, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        self.restores += 1;
        migrations::migrate(&self.conn, migrations::LATEST_VERSION)?;
        self.conn
            .pragma_update(None, "application_id", guard::APPLICATION_ID)?;
        Ok(holds)
    }
}

/// [`Store::backup_into`] through a read-only connection of its own to `db`: it sees the
/// last committed state and leaves the store's connection free meanwhile.
pub fn backup_file(db: &Path, target: &Path) -> Result<Holds> {
    vacuum_into(&open_read_only(db)?, target)
}

pub(super) fn vacuum_into(conn: &Connection, target: &Path) -> Result<Holds> {
    let failed = |reason: String| Error::Backup {
        path: target.display().to_string(),
        reason,
    };
    let text = target
        .to_str()
        .ok_or_else(|| failed("der Pfad ist kein gültiger Text".into()))?;
    if target.exists() {
        return Err(failed("die Datei gibt es schon".into()));
    }
    // Created empty and owner-only first: VACUUM INTO accepts an empty file and keeps
    // its permissions.
    guard::create_private(target)?;
    let result = conn
        .execute("VACUUM INTO ?1", [text])
        .map_err(|e| failed(e.to_string()))
        .and_then(|_| check_backup(target));
    if result.is_err() {
        let _ = std::fs::remove_file(target);
    }
    result
}

/// Opens the backup at `path` read-only and checks it: a Kohorte file of a version this
/// app can read, passing `integrity_check`. Returns what it holds.
pub fn check_backup(path: &Path) -> Result<Holds> {
    let version = match guard::inspect(path)? {
        Found::Ours { version } | Found::Earlier { version } => version,
        Found::New => {
            return Err(Error::BackupDamaged {
                path: path.display().to_string(),
                detail: "die Datei ist leer".into(),
            });
        }
    };
    if version > migrations::LATEST_VERSION {
        return Err(Error::DatabaseTooNew {
            found: version,
            supported: migrations::LATEST_VERSION,
        });
    }
    let conn = open_read_only(path)?;
    guard::integrity_check(&conn).map_err(|detail| Error::BackupDamaged {
        path: path.display().to_string(),
        detail,
    })?;
    let count = |table: &str| -> Result<u32> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Holds {
        version,
        programmes: count("programme")?,
        applications: count("application")?,
    })
}

fn open_read_only(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::Open {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// A new backup's path in the folder beside `db` (created owner-only if missing), named
/// by the current time and `reason`.
pub fn new_backup_path(
    db: &Path,
    reason: crate::backup::BackupReason,
) -> Result<std::path::PathBuf> {
    let dir = crate::backup::folder(db);
    let failed = |e: std::io::Error| Error::Backup {
        path: dir.display().to_string(),
        reason: e.to_string(),
    };
    if !dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&dir).map_err(failed)?;
    }
    let mut at = chrono::Local::now().naive_local();
    loop {
        let path = dir.join(crate::backup::file_name(db, at, reason));
        if !path.exists() {
            return Ok(path);
        }
        // Two backups in the same millisecond: the next millisecond's name.
        at += chrono::TimeDelta::milliseconds(1);
    }
}
