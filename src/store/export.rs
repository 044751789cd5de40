//! Reads and writes for the exports: what a list adds to the recipients (fellow, date
//! received, experience, attendance), the remembered list settings, the calendar's
//! sequence per module, and the coordinator's e-mail texts.

use std::collections::HashMap;

use chrono::{Local, NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, Writer};
use crate::documents::LetterKind;
use crate::error::{Error, Result};
use crate::export::ListSettings;

/// What a list shows beside a recipient: fellow municipality, received at, experience.
pub type ListFacts = HashMap<Uuid, (bool, NaiveDateTime, Option<f64>)>;

impl Store {
    /// Per application of the programme: fellow, received at, years of experience.
    pub fn list_facts(&self, programme_id: Uuid) -> Result<ListFacts> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id,
                    EXISTS (SELECT 1 FROM programme_fellow f
                            WHERE f.programme_id = a.programme_id
                              AND f.municipality_id = p.municipality_id),
                    a.received_at, a.experience_years
             FROM application a JOIN person p ON p.id = a.person_id
             WHERE a.programme_id = ?1",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every recorded present day of the programme: (application, module, day).
    pub fn present_days(&self, programme_id: Uuid) -> Result<Vec<(Uuid, Uuid, u8)>> {
        let mut stmt = self.conn().prepare(
            "SELECT at.application_id, at.module_id, at.day
             FROM attendance at JOIN application a ON a.id = at.application_id
             WHERE a.programme_id = ?1 AND at.present = 1",
        )?;
        let rows = stmt.query_map([programme_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The list settings saved for the programme, if any.
    pub fn list_settings(&self, programme_id: Uuid) -> Result<Option<ListSettings>> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT settings FROM export_setting WHERE programme_id = ?1",
                [programme_id],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|_| Error::CorruptValue {
                table: "export_setting",
                column: "settings",
                value: json,
            })
        })
        .transpose()
    }

    pub fn save_list_settings(&self, programme_id: Uuid, settings: &ListSettings) -> Result<()> {
        // Plain enums and options: serialising cannot fail.
        let json = serde_json::to_string(settings).unwrap_or_default();
        self.conn().execute(
            "INSERT INTO export_setting (programme_id, settings, updated_at)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (programme_id) DO UPDATE
                 SET settings = excluded.settings, updated_at = excluded.updated_at",
            params![programme_id, json, Local::now().naive_local()],
        )?;
        Ok(())
    }

    /// The fingerprint and sequence the last calendar export gave each module.
    pub fn calendar_states(&self) -> Result<HashMap<Uuid, (String, u32)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT module_id, fingerprint, sequence FROM module_calendar")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The saved e-mail text of `kind`, if the coordinator saved one.
    pub fn mail_template(&self, programme_id: Uuid, kind: LetterKind) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT body FROM mail_template WHERE programme_id = ?1 AND kind = ?2",
                params![programme_id, kind.key()],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn save_mail_template(
        &self,
        programme_id: Uuid,
        kind: LetterKind,
        body: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO mail_template (programme_id, kind, body, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (programme_id, kind) DO UPDATE
                 SET body = excluded.body, updated_at = excluded.updated_at",
            params![programme_id, kind.key(), body, Local::now().naive_local()],
        )?;
        Ok(())
    }

    pub fn delete_mail_template(&self, programme_id: Uuid, kind: LetterKind) -> Result<()> {
        self.conn().execute(
            "DELETE FROM mail_template WHERE programme_id = ?1 AND kind = ?2",
            params![programme_id, kind.key()],
        )?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Keeps what a calendar export said about a module.
    pub fn set_calendar_state(
        &self,
        module_id: Uuid,
        fingerprint: &str,
        sequence: u32,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO module_calendar (module_id, fingerprint, sequence) VALUES (?1, ?2, ?3)
             ON CONFLICT (module_id) DO UPDATE
                 SET fingerprint = excluded.fingerprint, sequence = excluded.sequence",
            params![module_id, fingerprint, sequence],
        )?;
        Ok(())
    }

    /// Sets the dates of module `number`; false if the programme has no such module.
    pub fn set_module_dates(
        &self,
        programme_id: Uuid,
        number: u32,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Result<bool> {
        let changed = self.tx.execute(
            "UPDATE module SET start_date = ?3, end_date = ?4
             WHERE programme_id = ?1 AND number = ?2",
            params![programme_id, number, start, end],
        )?;
        Ok(changed > 0)
    }
}
