//! Reads and writes of the import: the applications to compare with, the learned column
//! mapping, and the execution of a [`Plan`] inside the caller's transaction.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use super::{Store, Writer};
use crate::audit::AuditField;
use crate::error::{Error, Result};
use crate::import::{
    ColumnAssignment, ColumnMapping, Existing, Field, ImportError, Plan, Record, fold,
    municipality_key,
};
use crate::model::{MunicipalityKind, Programme, Source, Status, Track, TrackRole};

const EXISTING_SQL: &str = "
    SELECT a.id, p.id, p.salutation, p.title, p.first_name, p.last_name, p.email, p.phone,
           m.name, m.state_code, m.kind, p.job_title, t.role, a.experience_years,
           EXISTS (SELECT 1 FROM programme_fellow f
                   WHERE f.programme_id = a.programme_id AND f.municipality_id = m.id),
           a.tandem_partner_text, p.street, p.postal_code, p.city, a.motivation,
           p.dietary_needs, p.accessibility_needs, p.gender, a.received_at
    FROM application a
    JOIN person p ON p.id = a.person_id
    JOIN municipality m ON m.id = p.municipality_id
    JOIN track t ON t.id = a.track_id";

fn existing_row(r: &Row<'_>) -> rusqlite::Result<Existing> {
    Ok(Existing {
        application_id: r.get(0)?,
        person_id: r.get(1)?,
        record: Record {
            salutation: r.get(2)?,
            title: r.get(3)?,
            first_name: r.get(4)?,
            last_name: r.get(5)?,
            email: r.get(6)?,
            phone: r.get(7)?,
            municipality: r.get(8)?,
            state: r.get(9)?,
            municipality_kind: Some(r.get(10)?),
            job_title: r.get(11)?,
            track: r.get(12)?,
            experience_years: r.get(13)?,
            fellow: Some(r.get(14)?),
            tandem_partner: r.get(15)?,
            street: r.get(16)?,
            postal_code: r.get(17)?,
            city: r.get(18)?,
            motivation: r.get(19)?,
            dietary_needs: r.get(20)?,
            accessibility_needs: r.get(21)?,
            gender: r.get(22)?,
            received_at: r.get(23)?,
        },
    })
}

impl Store {
    /// Lets one transaction hold a large import in memory: with SQLite's default 2 MB page
    /// cache, 10,000 applications spill pages to the WAL mid-transaction (random UUID keys
    /// touch pages all over the indexes). 64 MB is a ceiling, not an allocation.
    pub fn allow_large_transactions(&self) -> Result<()> {
        self.conn().pragma_update(None, "cache_size", -65_536)?;
        Ok(())
    }

    /// Every application of the programme as a record, for duplicate detection.
    pub fn import_existing(&self, programme_id: Uuid) -> Result<Vec<Existing>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{EXISTING_SQL} WHERE a.programme_id = ?1"))?;
        let rows = stmt.query_map([programme_id], existing_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One application as a record (for editing and comparing), if it exists.
    pub fn application_record(&self, application_id: Uuid) -> Result<Option<Existing>> {
        Ok(self
            .conn()
            .query_row(
                &format!("{EXISTING_SQL} WHERE a.id = ?1"),
                [application_id],
                existing_row,
            )
            .optional()?)
    }

    /// (name, state code) of every municipality.
    pub fn municipality_names(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name, state_code FROM municipality")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The header → field assignments learned from earlier imports.
    pub fn remembered_mapping(&self) -> Result<Vec<ColumnAssignment>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT header, field FROM import_mapping ORDER BY header_key")?;
        let rows = stmt.query_map([], |r| {
            Ok(ColumnAssignment {
                index: 0,
                header: r.get(0)?,
                field: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Writes an audit entry and returns its id.
    pub fn audit(
        &self,
        actor: &str,
        entity: &str,
        entity_id: Uuid,
        field: &AuditField,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        self.tx
            .prepare_cached(
                "INSERT INTO audit_entry (id, at, actor, entity, entity_id, field, old_value,
                     new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                self.now_text,
                actor,
                entity,
                entity_id,
                field.key(),
                old,
                new
            ])?;
        Ok(id)
    }

    /// Municipalities by [`municipality_key`], so an import reuses them whatever the case.
    pub fn municipality_ids(&self) -> Result<HashMap<String, Uuid>> {
        let mut stmt = self
            .tx
            .prepare("SELECT id, name, state_code FROM municipality")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Uuid>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut ids = HashMap::new();
        for row in rows {
            let (id, name, state) = row?;
            ids.insert(municipality_key(&name, &state), id);
        }
        Ok(ids)
    }

    /// The municipality of a record: reused when known, created (name, state, kind)
    /// otherwise. `kinds` supplies a kind stated in another row of the same import.
    pub fn municipality_for(
        &self,
        record: &Record,
        known: &mut HashMap<String, Uuid>,
        kinds: &HashMap<String, MunicipalityKind>,
    ) -> Result<Uuid> {
        let key = municipality_key(&record.municipality, &record.state);
        if let Some(id) = known.get(&key) {
            return Ok(*id);
        }
        let kind = record
            .municipality_kind
            .or_else(|| kinds.get(&key).copied())
            .ok_or_else(|| ImportError::Cell {
                row: 0,
                column: Field::MunicipalityKind.label().into(),
                problem: crate::import::Problem::KindNeededForNewMunicipality(
                    record.municipality.clone(),
                ),
            })?;
        let id = Uuid::now_v7();
        self.tx
            .prepare_cached(
                "INSERT INTO municipality (id, name, kind, state_code) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, record.municipality, kind, record.state])?;
        known.insert(key, id);
        Ok(id)
    }

    /// Runs `sql` (an insert or update of a person) with the record's person columns
    /// bound in one order for both: ?1 id, ?2 … ?15 the columns, ?16 now.
    fn write_person(
        &self,
        sql: &str,
        person_id: Uuid,
        municipality_id: Uuid,
        record: &Record,
    ) -> Result<()> {
        self.tx.prepare_cached(sql)?.execute(params![
            person_id,
            record.salutation,
            record.title,
            record.first_name,
            record.last_name,
            record.email,
            record.phone,
            record.job_title,
            municipality_id,
            record.street,
            record.postal_code,
            record.city,
            record.gender,
            record.dietary_needs,
            record.accessibility_needs,
            self.now_text
        ])?;
        Ok(())
    }

    /// Creates person and application from a record; returns the application's id.
    pub fn insert_record(
        &self,
        programme_id: Uuid,
        track_id: Uuid,
        municipality_id: Uuid,
        record: &Record,
        source: Source,
    ) -> Result<Uuid> {
        let person_id = Uuid::now_v7();
        self.write_person(
            "INSERT INTO person (id, salutation, title, first_name, last_name, email, phone,
                 job_title, municipality_id, street, postal_code, city, gender,
                 dietary_needs, accessibility_needs, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            person_id,
            municipality_id,
            record,
        )?;
        let application_id = Uuid::now_v7();
        self.tx
            .prepare_cached(
                "INSERT INTO application (id, programme_id, person_id, track_id, received_at,
                     source, motivation, experience_years, tandem_partner_text, status, score,
                     reviewer_notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, '', ?11, ?11)",
            )?
            .execute(params![
                application_id,
                programme_id,
                person_id,
                track_id,
                record.received_at,
                source,
                record.motivation,
                record.experience_years,
                record.tandem_partner,
                Status::Eingegangen,
                self.now_text
            ])?;
        Ok(application_id)
    }

    /// Overwrites person and application with a record (status, score and notes stay).
    pub fn update_record(
        &self,
        application_id: Uuid,
        person_id: Uuid,
        track_id: Uuid,
        municipality_id: Uuid,
        record: &Record,
    ) -> Result<()> {
        self.write_person(
            "UPDATE person SET salutation = ?2, title = ?3, first_name = ?4, last_name = ?5,
                 email = ?6, phone = ?7, job_title = ?8, municipality_id = ?9, street = ?10,
                 postal_code = ?11, city = ?12, gender = ?13, dietary_needs = ?14,
                 accessibility_needs = ?15, updated_at = ?16
             WHERE id = ?1",
            person_id,
            municipality_id,
            record,
        )?;
        self.tx
            .prepare_cached(
                "UPDATE application SET track_id = ?2, received_at = ?3, motivation = ?4,
                     experience_years = ?5, tandem_partner_text = ?6, updated_at = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                application_id,
                track_id,
                record.received_at,
                record.motivation,
                record.experience_years,
                record.tandem_partner,
                self.now
            ])?;
        Ok(())
    }

    /// Executes a plan the caller has checked is not refused: creates the new
    /// applications and merges the requested duplicates, auditing both. Returns how many
    /// applications were created.
    pub fn execute_import(
        &self,
        programme: &Programme,
        tracks: &[Track],
        plan: &Plan,
        actor: &str,
    ) -> Result<usize> {
        let track_id = |role: TrackRole| {
            tracks
                .iter()
                .find(|t| t.role == role)
                .map(|t| t.id)
                .ok_or_else(|| {
                    Error::from(ImportError::NoTrack(
                        match role {
                            TrackRole::Fuehrung => "Führung",
                            TrackRole::Change => "Change",
                        }
                        .into(),
                    ))
                })
        };
        let mut municipalities = self.municipality_ids()?;
        let kinds: HashMap<String, MunicipalityKind> = plan
            .inserts
            .iter()
            .map(|i| &i.record)
            .chain(plan.merges.iter().map(|m| &m.record))
            .filter_map(|r| {
                r.municipality_kind
                    .map(|k| (municipality_key(&r.municipality, &r.state), k))
            })
            .collect();
        let source_note =
            |row: usize| format!("Import aus „{}“, Zeile {row}", plan.report.file_name);

        for insert in &plan.inserts {
            let record = &insert.record;
            // The form's fellow answer is a claim (see `Plan::note_fellow_claims`):
            // only the programme's list makes a municipality a fellow.
            let municipality_id = self.municipality_for(record, &mut municipalities, &kinds)?;
            let id = self.insert_record(
                programme.id,
                track_id(record.track)?,
                municipality_id,
                record,
                Source::Import,
            )?;
            self.audit(
                actor,
                "application",
                id,
                &AuditField::Created,
                None,
                Some(&source_note(insert.row)),
            )?;
            for older in &insert.superseded {
                self.audit(
                    actor,
                    "application",
                    id,
                    &AuditField::Record(older.field),
                    Some(&older.old),
                    Some(&older.new),
                )?;
            }
        }
        for merge in &plan.merges {
            let record = &merge.record;
            // The form's fellow answer is a claim (see `Plan::note_fellow_claims`):
            // only the programme's list makes a municipality a fellow.
            let municipality_id = self.municipality_for(record, &mut municipalities, &kinds)?;
            self.update_record(
                merge.application_id,
                merge.person_id,
                track_id(record.track)?,
                municipality_id,
                record,
            )?;
            for change in &merge.changes {
                self.audit(
                    actor,
                    "application",
                    merge.application_id,
                    &AuditField::Record(change.field),
                    Some(&change.old),
                    Some(&change.new),
                )?;
            }
        }
        Ok(plan.inserts.len())
    }

    /// Remembers which header filled which field, for the next import's proposal.
    pub fn remember_mapping(&self, mapping: &ColumnMapping) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO import_mapping (header_key, header, field, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (header_key) DO UPDATE
                 SET header = excluded.header, field = excluded.field,
                     updated_at = excluded.updated_at",
        )?;
        for column in &mapping.columns {
            let key = fold(&column.header);
            if key.is_empty() {
                continue;
            }
            stmt.execute(params![
                key,
                column.header,
                column.field.map(Field::key),
                self.now
            ])?;
        }
        Ok(())
    }
}
