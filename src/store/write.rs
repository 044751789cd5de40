//! Writes, always inside one transaction opened by `Store::write`.

use chrono::{Local, NaiveDateTime};
use rusqlite::{Transaction, params};
use uuid::Uuid;

use crate::error::Result;
use crate::model::{AgendaItem, Application, Module, Municipality, Person, Programme, Track};

pub struct Writer<'a> {
    // Visible to the other store files, which add their writes as `impl Writer` blocks.
    pub(super) tx: &'a Transaction<'a>,
    pub(super) now: NaiveDateTime,
    /// `now` as stored, for the statements a large import repeats.
    pub(super) now_text: String,
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>) -> Writer<'a> {
        let now = Local::now().naive_local();
        Writer {
            tx,
            now,
            // As rusqlite writes a NaiveDateTime, formatted once: an import binds the
            // time of the change some 30,000 times.
            now_text: now.format("%F %T%.f").to_string(),
        }
    }

    /// True while no programme has been stored.
    pub fn is_empty(&self) -> Result<bool> {
        let count: i64 = self
            .tx
            .query_row("SELECT count(*) FROM programme", [], |r| r.get(0))?;
        Ok(count == 0)
    }

    /// Deletes every programme, person and municipality, keeping the reference data.
    pub fn clear_all(&self) -> Result<()> {
        self.tx.execute_batch(
            "DELETE FROM change_batch; DELETE FROM audit_entry; DELETE FROM document;
             DELETE FROM attendance;
             DELETE FROM tandem; DELETE FROM application; DELETE FROM person;
             DELETE FROM programme_fellow; DELETE FROM agenda_item; DELETE FROM module;
             DELETE FROM track; DELETE FROM experience_band; DELETE FROM programme;
             DELETE FROM municipality;",
        )?;
        Ok(())
    }

    pub fn insert_programme(&self, p: &Programme) -> Result<()> {
        self.tx.execute(
            "INSERT INTO programme (id, name, is_demo, organiser_name, organiser_address,
                 organiser_contact, signatory_name, signatory_role, venue, application_deadline,
                 cost_note, travel_note, created_at, venue_state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                p.id,
                p.name,
                p.is_demo,
                p.organiser_name,
                p.organiser_address,
                p.organiser_contact,
                p.signatory_name,
                p.signatory_role,
                p.venue,
                p.application_deadline,
                p.cost_note,
                p.travel_note,
                self.now,
                p.venue_state
            ],
        )?;
        Ok(())
    }

    pub fn insert_experience_band(
        &self,
        programme_id: Uuid,
        label: &str,
        min_years: f64,
        max_years: Option<f64>,
        position: u32,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO experience_band (id, programme_id, label, min_years, max_years, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                Uuid::now_v7(),
                programme_id,
                label,
                min_years,
                max_years,
                position
            ],
        )?;
        Ok(())
    }

    pub fn insert_track(&self, t: &Track) -> Result<()> {
        self.tx.execute(
            "INSERT INTO track (id, programme_id, name, role, target_role, capacity, free_places)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                t.id,
                t.programme_id,
                t.name,
                t.role,
                t.target_role,
                t.capacity,
                t.free_places
            ],
        )?;
        Ok(())
    }

    pub fn insert_module(&self, m: &Module) -> Result<()> {
        let topics = serde_json::to_string(&m.topics).unwrap_or_else(|_| "[]".into());
        self.tx.execute(
            "INSERT INTO module (id, programme_id, number, title, topics, date_label,
                 start_date, end_date, venue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                m.id,
                m.programme_id,
                m.number,
                m.title,
                topics,
                m.date_label,
                m.start_date,
                m.end_date,
                m.venue
            ],
        )?;
        Ok(())
    }

    pub fn insert_agenda_item(&self, a: &AgendaItem) -> Result<()> {
        self.tx.execute(
            "INSERT INTO agenda_item (id, module_id, day, start_time, end_time, title, format)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![a.id, a.module_id, a.day, a.start, a.end, a.title, a.format],
        )?;
        Ok(())
    }

    pub fn insert_municipality(&self, m: &Municipality) -> Result<()> {
        self.tx.execute(
            "INSERT INTO municipality (id, name, kind, state_code) VALUES (?1, ?2, ?3, ?4)",
            params![m.id, m.name, m.kind, m.state],
        )?;
        Ok(())
    }

    pub fn add_fellow(&self, programme_id: Uuid, municipality_id: Uuid) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO programme_fellow (programme_id, municipality_id) VALUES (?1, ?2)",
            params![programme_id, municipality_id],
        )?;
        Ok(())
    }

    pub fn insert_person(&self, p: &Person) -> Result<()> {
        self.tx.execute(
            "INSERT INTO person (id, salutation, title, first_name, last_name, email, phone,
                 job_title, municipality_id, street, postal_code, city, gender, dietary_needs,
                 accessibility_needs, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            params![
                p.id,
                p.salutation,
                p.title,
                p.first_name,
                p.last_name,
                p.email,
                p.phone,
                p.job_title,
                p.municipality_id,
                p.street,
                p.postal_code,
                p.city,
                p.gender,
                p.dietary_needs,
                p.accessibility_needs,
                self.now
            ],
        )?;
        Ok(())
    }

    pub fn insert_application(&self, a: &Application) -> Result<()> {
        self.tx.execute(
            "INSERT INTO application (id, programme_id, person_id, track_id, received_at, source,
                 motivation, experience_years, tandem_partner_text, status, score,
                 reviewer_notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            params![
                a.id,
                a.programme_id,
                a.person_id,
                a.track_id,
                a.received_at,
                a.source,
                a.motivation,
                a.experience_years,
                a.tandem_partner_text,
                a.status,
                a.score,
                a.reviewer_notes,
                self.now
            ],
        )?;
        Ok(())
    }

    pub fn insert_tandem(
        &self,
        programme_id: Uuid,
        leader_application_id: Uuid,
        planner_application_id: Uuid,
        confirmed: bool,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        self.tx.execute(
            "INSERT INTO tandem (id, programme_id, leader_application_id, planner_application_id,
                 confirmed, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                programme_id,
                leader_application_id,
                planner_application_id,
                confirmed,
                self.now
            ],
        )?;
        Ok(id)
    }
}
