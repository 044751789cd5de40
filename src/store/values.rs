//! How the vocabulary enums cross into and out of SQLite: as their exact key, both ways.
//! Reading accepts nothing but a key, unlike the lenient parsers for what people type
//! (`Status::parse` takes "in Prüfung" too): a stored value that is no key means the
//! file is damaged or from an unknown version, and must not pass for a valid one.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::balance::{Dimension, Lock};
use crate::import::Field;
use crate::model::{MunicipalityKind, Salutation, Source, Status, TrackRole};
use crate::reference::Region;

/// A stored text that is no key of its type, with the column the type is stored in.
/// `Error::from(rusqlite::Error)` turns it into [`crate::Error::CorruptValue`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Der gespeicherte Wert „{value}“ in {table}.{column} ist ungültig.")]
pub struct UnknownKey {
    pub table: &'static str,
    pub column: &'static str,
    pub value: String,
}

/// ToSql and FromSql through the type's `key()` and `from_key()`. `$table.$column` is
/// where the type lives, named in the error (a track role also keys the quotas).
macro_rules! stored_as_key {
    ($ty:ty, $table:literal, $column:literal) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.key()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                <$ty>::from_key(text).ok_or_else(|| {
                    FromSqlError::Other(Box::new(UnknownKey {
                        table: $table,
                        column: $column,
                        value: text.to_string(),
                    }))
                })
            }
        }
    };
}

stored_as_key!(Status, "application", "status");
stored_as_key!(Source, "application", "source");
stored_as_key!(TrackRole, "track", "role");
stored_as_key!(Salutation, "person", "salutation");
stored_as_key!(MunicipalityKind, "municipality", "kind");
stored_as_key!(Region, "federal_state", "region");
stored_as_key!(Lock, "selection_lock", "lock");
stored_as_key!(Dimension, "quota", "dimension");
stored_as_key!(Field, "import_mapping", "field");

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::Error;

    fn read<T: FromSql>(stored: &str) -> crate::Result<T> {
        let conn = Connection::open_in_memory()?;
        Ok(conn.query_row("SELECT ?1", [stored], |r| r.get(0))?)
    }

    #[test]
    fn a_stored_key_reads_back_as_its_value() {
        for status in Status::ALL {
            assert_eq!(read::<Status>(status.key()).ok(), Some(status));
        }
        assert_eq!(read::<Lock>("out").ok(), Some(Lock::Out));
        assert_eq!(read::<Field>("first_name").ok(), Some(Field::FirstName));
    }

    #[test]
    fn a_status_label_in_the_file_is_corrupt_not_accepted() {
        for stored in ["in Prüfung", "Zugesagt", " zugesagt"] {
            match read::<Status>(stored) {
                Err(Error::CorruptValue {
                    table,
                    column,
                    value,
                }) => {
                    assert_eq!(
                        (table, column, value.as_str()),
                        ("application", "status", stored)
                    )
                }
                other => panic!("{stored}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_value_is_written_as_its_key() {
        let conn = Connection::open_in_memory().expect("memory");
        let stored: String = conn
            .query_row("SELECT ?1", [Status::InPruefung], |r| r.get(0))
            .expect("query");
        assert_eq!(stored, "in_pruefung");
    }
}
