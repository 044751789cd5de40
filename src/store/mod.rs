//! The only code that writes SQL. One SQLite file per coordinator: WAL for safe
//! concurrent reads, foreign keys on, a busy timeout so a second reader waits instead of
//! failing, and numbered migrations that are embedded in the binary.

mod attendance;
mod balance;
mod documents;
mod export;
mod import;
mod migrations;
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

pub use documents::DocumentRecord;
pub use migrations::{LATEST_VERSION, migrate_to, versions};
pub use programme::ImageSlot;
pub use values::UnknownKey;
pub use write::Writer;

pub struct Store {
    conn: Connection,
    /// The programme chosen for this connection; `None` means the newest.
    current: Option<uuid::Uuid>,
}

impl Store {
    /// Opens (or creates) the database file and brings its schema up to date.
    /// A file written by a newer Kohorte is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = connect(path)?;
        // Refuse a newer file before anything (even the journal mode) touches it.
        migrations::refuse_newer(&conn)?;
        // WAL keeps readers and the writer out of each other's way and survives crashes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrations::migrate(&conn, LATEST_VERSION)?;
        Ok(Store {
            conn,
            current: None,
        })
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<u32> {
        migrations::version(&self.conn)
    }

    /// Runs `change` in one transaction: everything it writes lands, or nothing does.
    pub fn write<T>(&mut self, change: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let result = change(&Writer::new(&tx))?;
        tx.commit()?;
        Ok(result)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Changes whenever the database may have changed since the last call: rows written
    /// through this connection, or a commit by another one (the CLI beside the app).
    pub fn change_marker(&self) -> Result<(u64, i64)> {
        let others: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.conn.total_changes(), others))
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
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(open_error)?;
    Ok(conn)
}
