//! The only code that writes SQL. One SQLite file per coordinator: WAL for safe
//! concurrent reads, foreign keys on, a busy timeout so a second reader waits instead of
//! failing, and numbered migrations that are embedded in the binary.

mod attendance;
mod backup;
mod balance;
mod documents;
mod export;
pub mod guard;
mod import;
mod migrations;
mod person;
mod programme;
mod read;
mod review;
mod tandem;
mod templates;
mod values;
mod write;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, Result};

pub use backup::{Holds, backup_file, check_backup, new_backup_path};
pub use documents::DocumentRecord;
pub use guard::APPLICATION_ID;
pub use migrations::{LATEST_VERSION, migrate_to, versions};
pub use person::{ERASED, PersonRows, RetentionCandidate, Row, Shredded};
pub use programme::ImageSlot;
pub use values::UnknownKey;
pub use write::Writer;

pub struct Store {
    conn: Connection,
    /// The programme chosen for this connection; `None` means the newest.
    current: Option<uuid::Uuid>,
    opened: Opened,
    /// Restores so far: a restore replaces every row without counting as changes.
    restores: u64,
}

/// Which state of the database a read saw: equal markers mean nothing was written in
/// between, through this connection or another, and the same programme is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMarker {
    restores: u64,
    changes: u64,
    others: i64,
    programme: Option<uuid::Uuid>,
}

impl std::fmt::Display for ChangeMarker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let programme = self.programme.map(|p| p.simple().to_string());
        write!(
            f,
            "{}.{}.{}.{}",
            self.restores,
            self.changes,
            self.others,
            programme.as_deref().unwrap_or("-")
        )
    }
}

/// What opening the file did, for the faces to tell the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Opened {
    /// The file was new (missing or empty) and was created.
    pub created: bool,
    /// The file was written by an earlier Kohorte without the mark; it is marked now.
    pub marked_earlier: bool,
    /// The schema version found, when the file was migrated from it.
    pub migrated_from: Option<u32>,
}

impl Store {
    /// Opens (or creates) the database file and brings its schema up to date.
    /// A file that is not SQLite, is damaged, belongs to another application or was
    /// written by a newer Kohorte is refused and left byte for byte unchanged
    /// ([`guard::inspect`] looks at it without writing).
    pub fn open(path: &Path) -> Result<Store> {
        let found = guard::inspect(path)?;
        let mut opened = Opened::default();
        let version = match found {
            guard::Found::New => {
                guard::create_private(path)?;
                guard::make_private(path)?;
                opened.created = true;
                0
            }
            guard::Found::Ours { version } => version,
            guard::Found::Earlier { version } => {
                opened.marked_earlier = true;
                version
            }
        };
        if version > LATEST_VERSION {
            return Err(Error::DatabaseTooNew {
                found: version,
                supported: LATEST_VERSION,
            });
        }
        let conn = connect(path)?;
        // Refuse a newer file before anything (even the journal mode) touches it.
        migrations::refuse_newer(&conn)?;
        // WAL keeps readers and the writer out of each other's way and survives crashes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        if found != (guard::Found::Ours { version }) {
            conn.pragma_update(None, "application_id", guard::APPLICATION_ID)?;
        }
        if opened.marked_earlier {
            guard::make_private(path)?;
        }
        if version > 0 && version < LATEST_VERSION {
            opened.migrated_from = Some(version);
            // A checked copy of the file as it was, before the schema changes.
            let target = new_backup_path(path, crate::backup::BackupReason::Migration)?;
            backup::vacuum_into(&conn, &target)?;
        }
        migrations::migrate(&conn, LATEST_VERSION)?;
        Ok(Store {
            conn,
            current: None,
            opened,
            restores: 0,
        })
    }

    /// The connection's `PRAGMA synchronous` (2 = FULL), for the durability test.
    pub fn synchronous(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))?)
    }

    /// What opening the file did.
    pub fn opened(&self) -> Opened {
        self.opened
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<u32> {
        migrations::version(&self.conn)
    }

    /// Runs `change` in one transaction: everything it writes lands, or nothing does.
    pub fn write<T>(&mut self, change: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        // IMMEDIATE takes the write lock at the start, so a second writer (another window,
        // the CLI) waits for the busy timeout instead of failing at its first write.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let result = change(&Writer::new(&tx))?;
        tx.commit()?;
        Ok(result)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Changes whenever the database may have changed since the last call: rows written
    /// through this connection, a commit by another one (the CLI beside the app), a
    /// restore, or another programme chosen.
    pub fn change_marker(&self) -> Result<ChangeMarker> {
        let others: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok(ChangeMarker {
            restores: self.restores,
            changes: self.conn.total_changes(),
            others,
            programme: self.current,
        })
    }
}

/// Opens a connection with the settings every Kohorte connection needs.
fn connect(path: &Path) -> Result<Connection> {
    let open_error = |e: rusqlite::Error| Error::Open {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let conn = Connection::open(path).map_err(open_error)?;
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(open_error)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(open_error)?;
    // FULL: in WAL mode NORMAL may lose the last commits on a power cut (they stay
    // durable only once checkpointed); a coordinator's confirmed import or selection must
    // survive one, and the cost (one fsync per commit) is small for a desktop app.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(open_error)?;
    // Deleted personal data is overwritten with zeros, not just unlinked from the b-tree.
    conn.pragma_update(None, "secure_delete", true)
        .map_err(open_error)?;
    Ok(conn)
}
