//! The coordinator's own letter templates, one per programme and kind.

use chrono::{Local, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::Store;
use crate::documents::LetterKind;
use crate::error::Result;

impl Store {
    /// The saved template of `kind`, if the coordinator saved one.
    pub fn letter_template(&self, programme_id: Uuid, kind: LetterKind) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT body FROM letter_template WHERE programme_id = ?1 AND kind = ?2",
                params![programme_id, kind.key()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Saves (or replaces) the template of `kind`.
    pub fn save_letter_template(
        &self,
        programme_id: Uuid,
        kind: LetterKind,
        body: &str,
    ) -> Result<()> {
        let now: NaiveDateTime = Local::now().naive_local();
        self.conn().execute(
            "INSERT INTO letter_template (programme_id, kind, body, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (programme_id, kind) DO UPDATE
                 SET body = excluded.body, updated_at = excluded.updated_at",
            params![programme_id, kind.key(), body, now],
        )?;
        Ok(())
    }

    /// Forgets the saved template of `kind`; the default applies again.
    pub fn delete_letter_template(&self, programme_id: Uuid, kind: LetterKind) -> Result<()> {
        self.conn().execute(
            "DELETE FROM letter_template WHERE programme_id = ?1 AND kind = ?2",
            params![programme_id, kind.key()],
        )?;
        Ok(())
    }
}
