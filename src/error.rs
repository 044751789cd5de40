//! The root error of the core. Each carries a stable code for programs and a German
//! message for people; both faces (CLI and app) show the message, the UI may branch on
//! the code. The root wraps the domain errors, never the other way round: they share
//! only the leaf [`crate::coded`].

use serde::{Serialize, Serializer};

use crate::coded::serialize_coded;
use crate::documents::DocumentError;

use crate::store::UnknownKey;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Die Datenbank „{path}“ konnte nicht geöffnet werden: {reason}")]
    Open { path: String, reason: String },

    #[error(
        "„{path}“ ist keine Kohorte-Datenbank (keine SQLite-Datei). \
         Die Datei wurde nicht verändert."
    )]
    NotSqlite { path: String },

    #[error(
        "„{path}“ ist die Datenbank eines anderen Programms, keine Kohorte-Datenbank. \
         Die Datei wurde nicht verändert."
    )]
    ForeignDatabase { path: String },

    #[error(
        "Die Datenbank „{path}“ ist beschädigt ({detail}). Die Datei wurde nicht verändert; \
         stellen Sie die neueste Sicherung wieder her oder öffnen Sie eine andere Datei."
    )]
    Damaged { path: String, detail: String },

    #[error("Die Sicherung „{path}“ konnte nicht geschrieben werden: {reason}")]
    Backup { path: String, reason: String },

    #[error("Die Sicherung „{path}“ ist beschädigt ({detail}) und kann nicht verwendet werden.")]
    BackupDamaged { path: String, detail: String },

    #[error(
        "Die Datenbank wird gerade von einem anderen Kohorte-Fenster oder -Befehl geändert. \
         Es wurde nichts geschrieben; bitte versuchen Sie es gleich noch einmal."
    )]
    Busy,

    #[error("Zu „{0}“ ist keine Person und keine Bewerbung gespeichert.")]
    PersonNotFound(uuid::Uuid),

    #[error("„{path}“ konnte nicht geschrieben werden: {reason}")]
    Export { path: String, reason: String },

    #[error(
        "Die Datenbank hat Version {found}, diese Kohorte-Version kennt nur bis {supported}. \
         Bitte installieren Sie eine neuere Kohorte-Version; die Datei bleibt unverändert."
    )]
    DatabaseTooNew { found: u32, supported: u32 },

    #[error("Die Aktualisierung der Datenbank auf Version {version} ist fehlgeschlagen: {reason}")]
    Migration { version: u32, reason: String },

    #[error(
        "Die Datenbank enthält bereits Daten. Um sie zu überschreiben, \
         wiederholen Sie den Befehl mit --force."
    )]
    NotEmpty,

    #[error("In der Datenbank ist noch kein Programm angelegt.")]
    NoProgramme,

    #[error("Der gespeicherte Wert „{value}“ in {table}.{column} ist ungültig.")]
    CorruptValue {
        table: &'static str,
        column: &'static str,
        value: String,
    },

    /// Any other SQLite failure; a stored text that is no key arrives as `CorruptValue`
    /// (see the `From` impl below).
    #[error("Fehler beim Zugriff auf die Datenbank: {0}")]
    Database(rusqlite::Error),

    #[error(transparent)]
    Quota(#[from] crate::quota_csv::QuotaError),

    #[error(transparent)]
    Selection(#[from] crate::selection::SelectionError),

    #[error(transparent)]
    Import(#[from] crate::import::ImportError),

    #[error(transparent)]
    Review(#[from] crate::review::ReviewError),

    #[error(transparent)]
    Attendance(#[from] crate::attendance::AttendanceError),

    #[error(transparent)]
    Programme(#[from] crate::programme::ProgrammeError),

    #[error(transparent)]
    Cancelled(#[from] crate::job::Cancelled),
}

impl Error {
    /// A stable, dotted code for programs (the UI, scripts, tests).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Open { .. } => "store.open",
            Error::NotSqlite { .. } => "store.not_sqlite",
            Error::ForeignDatabase { .. } => "store.foreign",
            Error::Damaged { .. } => "store.damaged",
            Error::Backup { .. } => "backup.write",
            Error::BackupDamaged { .. } => "backup.damaged",
            Error::Busy => "store.busy",
            Error::PersonNotFound(_) => "person.not_found",
            Error::Export { .. } => "person.export",
            Error::DatabaseTooNew { .. } => "store.too_new",
            Error::Migration { .. } => "store.migration",
            Error::NotEmpty => "store.not_empty",
            Error::NoProgramme => "store.no_programme",
            Error::CorruptValue { .. } => "store.corrupt_value",
            Error::Database(_) => "store.database",
            Error::Quota(e) => e.code(),
            Error::Selection(e) => e.code(),
            Error::Import(e) => e.code(),
            Error::Review(e) => e.code(),
            Error::Attendance(e) => e.code(),
            Error::Programme(e) => e.code(),
            Error::Cancelled(_) => crate::job::Cancelled::CODE,
        }
    }
}

/// A value decoded by the store's `FromSql` impls fails as an [`UnknownKey`] inside
/// rusqlite's conversion error; it is unpacked here so the caller gets the same
/// `store.corrupt_value` as from every hand-written check, naming table and column.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::FromSqlConversionFailure(index, kind, source) => {
                match source.downcast::<UnknownKey>() {
                    Ok(key) => Error::CorruptValue {
                        table: key.table,
                        column: key.column,
                        value: key.value,
                    },
                    Err(source) => Error::Database(rusqlite::Error::FromSqlConversionFailure(
                        index, kind, source,
                    )),
                }
            }
            // Another connection (a second window, the CLI) held the write lock longer
            // than the busy timeout: SQLite's locking kept both safe; say so plainly.
            rusqlite::Error::SqliteFailure(ref f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Error::Busy
            }
            other => Error::Database(other),
        }
    }
}

/// Document generation reads through the store: a store failure reaches the documents'
/// callers with its own code and message, while `DocumentError` itself knows nothing of
/// the root error.
impl From<Error> for DocumentError {
    fn from(e: Error) -> DocumentError {
        DocumentError::Store {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// The exports read through the store the same way.
impl From<Error> for crate::export::ExportError {
    fn from(e: Error) -> crate::export::ExportError {
        crate::export::ExportError::Store {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_coded(serializer, self.code(), &self.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_crosses_as_code_and_german_message() {
        let json = serde_json::to_value(Error::DatabaseTooNew {
            found: 7,
            supported: 1,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "store.too_new",
                "message": "Die Datenbank hat Version 7, diese Kohorte-Version kennt nur bis 1. \
                            Bitte installieren Sie eine neuere Kohorte-Version; die Datei bleibt unverändert."
            })
        );
    }

    #[test]
    fn store_errors_keep_their_own_code_inside_document_errors() {
        let e = DocumentError::from(Error::NoProgramme);
        assert_eq!(e.code(), "store.no_programme");
        assert_eq!(e.to_string(), Error::NoProgramme.to_string());
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::to_value(Error::NoProgramme).unwrap()
        );
    }
}
