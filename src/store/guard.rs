//! Never touch a file that is not ours. Before a file is opened for writing it is
//! inspected without changing a byte: its header read as plain bytes, then (if it is
//! SQLite) a read-only connection asks for its `application_id`, tables, version and a
//! `quick_check`. Only Kohorte's own files, files of earlier Kohorte versions (no
//! application id yet, but Kohorte's tables) and empty files go on to be opened.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// Kohorte's mark in the SQLite header (`PRAGMA application_id`): "KOHR" in ASCII.
pub const APPLICATION_ID: i32 = 0x4B4F_4852;

/// The 16 bytes every SQLite 3 database file starts with.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Tables only Kohorte's schema has together; a file without an application id is an
/// earlier Kohorte's only if it holds all of them.
const OWN_TABLES: &[&str] = &["programme", "track", "person", "application", "audit_entry"];

/// What the inspection found in a file that may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// No file, an empty file, or a SQLite file without any table: a new database.
    New,
    /// A Kohorte file, marked with [`APPLICATION_ID`], at this schema version.
    Ours { version: u32 },
    /// A file of an earlier Kohorte version (application id 0, Kohorte's tables).
    Earlier { version: u32 },
}

/// Inspects `path` without writing to it (see the module comment). A file that is not
/// SQLite, is damaged or belongs to another application is refused.
pub fn inspect(path: &Path) -> Result<Found> {
    let shown = || path.display().to_string();
    let mut header = Vec::with_capacity(100);
    match std::fs::File::open(path) {
        Ok(file) => {
            file.take(100)
                .read_to_end(&mut header)
                .map_err(|e| Error::Open {
                    path: shown(),
                    reason: e.to_string(),
                })?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::New),
        Err(e) => {
            return Err(Error::Open {
                path: shown(),
                reason: e.to_string(),
            });
        }
    }
    if header.is_empty() {
        return Ok(Found::New);
    }
    if header.len() < 100 || !header.starts_with(MAGIC) {
        return Err(Error::NotSqlite { path: shown() });
    }
    // The mark as it stands in the main file; a newer one may sit in the WAL, so the
    // connection below asks again, but a foreign mark is refused without opening.
    let raw_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if raw_id != 0 && raw_id != APPLICATION_ID {
        return Err(Error::ForeignDatabase { path: shown() });
    }

    let damaged = |e: rusqlite::Error| Error::Damaged {
        path: shown(),
        detail: e.to_string(),
    };
    // Without a `-wal` file beside it nothing else has the file open: `immutable=1`
    // reads it without locks and without creating `-wal`/`-shm` files beside it.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let immutable = if Path::new(&wal).exists() {
        ""
    } else {
        "&immutable=1"
    };
    let conn = Connection::open_with_flags(
        format!("{}?mode=ro{immutable}", file_uri(path)),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(damaged)?;
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(damaged)?;
    if id != 0 && id != APPLICATION_ID {
        return Err(Error::ForeignDatabase { path: shown() });
    }
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(damaged)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(damaged)?;
    let ours = OWN_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    if id == 0 {
        if tables.is_empty() && version == 0 {
            return Ok(Found::New);
        }
        if !ours || version == 0 {
            return Err(Error::ForeignDatabase { path: shown() });
        }
    }
    quick_check(&conn).map_err(|detail| Error::Damaged {
        path: shown(),
        detail,
    })?;
    Ok(if id == 0 {
        Found::Earlier { version }
    } else {
        Found::Ours { version }
    })
}

/// A `file:` URI for `path`, every byte outside the unreserved set percent-encoded
/// (a file name may hold `?`, `#` or `%`).
fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().into_owned();
    if cfg!(windows) {
        // file:/C:/Users/… is SQLite's form of a Windows path.
        text = format!("/{}", text.replace('\\', "/"));
    }
    let mut uri = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// `PRAGMA quick_check`: `Ok` or the first problem SQLite names.
pub fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    check(conn, "quick_check")
}

/// `PRAGMA integrity_check` (slower, also compares indexes with their tables).
pub fn integrity_check(conn: &Connection) -> std::result::Result<(), String> {
    check(conn, "integrity_check")
}

fn check(conn: &Connection, pragma: &str) -> std::result::Result<(), String> {
    let first: Vec<String> = conn
        .prepare(&format!("PRAGMA {pragma}(5)"))
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| e.to_string())?;
    if first.len() == 1 && first[0] == "ok" {
        Ok(())
    } else {
        Err(first.join("; "))
    }
}

/// Creates the database file before SQLite does, readable by its owner only; SQLite
/// gives its `-wal` and `-shm` files the same permissions as the database file.
pub fn create_private(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::Open {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Makes an existing file owner-only (a file of an earlier version was created 0644).
pub fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            Error::Open {
                path: path.display().to_string(),
                reason: e.to_string(),
            }
        })?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
