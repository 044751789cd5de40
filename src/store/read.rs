//! Reads. Values from the file are checked on the way in: a corrupt key becomes a typed
//! error naming table and column, never a panic.

use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::model::{
    AgendaItem, ApplicationRow, Module, Programme, ProgrammeImages, Track, display_name,
};
use crate::reference::state_name;

/// The display name from title, first and last name in columns `i`, `i + 1`, `i + 2`.
pub(super) fn name_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<String> {
    let part = |k: usize| r.get::<_, String>(i + k);
    Ok(display_name(&part(0)?, &part(1)?, &part(2)?))
}

impl Store {
    /// The programme every view and command works on: the one chosen with
    /// [`Store::select_programme`], else the newest.
    pub fn programme(&self) -> Result<Programme> {
        self.conn()
            .query_row(
                "SELECT id, name, is_demo, organiser_name, organiser_address, organiser_contact,
                        signatory_name, signatory_role, venue, application_deadline, cost_note,
                        travel_note, venue_state, logo, signature
                 FROM programme
                 ORDER BY id IS ?1 DESC, created_at DESC, id DESC LIMIT 1",
                [self.current],
                |r| {
                    Ok(Programme {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        is_demo: r.get(2)?,
                        organiser_name: r.get(3)?,
                        organiser_address: r.get(4)?,
                        organiser_contact: r.get(5)?,
                        signatory_name: r.get(6)?,
                        signatory_role: r.get(7)?,
                        venue: r.get(8)?,
                        venue_state: r.get(12)?,
                        application_deadline: r.get(9)?,
                        cost_note: r.get(10)?,
                        travel_note: r.get(11)?,
                        images: ProgrammeImages {
                            logo: r.get::<_, Option<Vec<u8>>>(13)?.map(Into::into),
                            signature: r.get::<_, Option<Vec<u8>>>(14)?.map(Into::into),
                        },
                    })
                },
            )
            .optional()?
            .ok_or(Error::NoProgramme)
    }

    pub fn has_programme(&self) -> Result<bool> {
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM programme", [], |r| r.get(0))?;
        Ok(count > 0)
    }

    /// Tracks in a stable order: Führung before Change.
    pub fn tracks(&self, programme_id: Uuid) -> Result<Vec<Track>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, programme_id, name, role, target_role, capacity, free_places
             FROM track WHERE programme_id = ?1
             ORDER BY CASE role WHEN 'fuehrung' THEN 0 ELSE 1 END, name",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok(Track {
                id: r.get(0)?,
                programme_id: r.get(1)?,
                name: r.get(2)?,
                role: r.get(3)?,
                target_role: r.get(4)?,
                capacity: r.get(5)?,
                free_places: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn modules(&self, programme_id: Uuid) -> Result<Vec<Module>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, programme_id, number, title, topics, date_label, start_date, end_date,
                    venue
             FROM module WHERE programme_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok((
                Module {
                    id: r.get(0)?,
                    programme_id: r.get(1)?,
                    number: r.get(2)?,
                    title: r.get(3)?,
                    topics: Vec::new(),
                    date_label: r.get(5)?,
                    start_date: r.get(6)?,
                    end_date: r.get(7)?,
                    venue: r.get(8)?,
                },
                r.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (mut module, topics) = row?;
            module.topics = serde_json::from_str(&topics).map_err(|_| Error::CorruptValue {
                table: "module",
                column: "topics",
                value: topics,
            })?;
            Ok(module)
        })
        .collect()
    }

    pub fn agenda(&self, module_id: Uuid) -> Result<Vec<AgendaItem>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, module_id, day, start_time, end_time, title, format
             FROM agenda_item WHERE module_id = ?1 ORDER BY day, start_time",
        )?;
        let rows = stmt.query_map([module_id], |r| {
            Ok(AgendaItem {
                id: r.get(0)?,
                module_id: r.get(1)?,
                day: r.get(2)?,
                start: r.get(3)?,
                end: r.get(4)?,
                title: r.get(5)?,
                format: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Municipalities that get a guaranteed place in this programme.
    pub fn fellow_count(&self, programme_id: Uuid) -> Result<u32> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM programme_fellow WHERE programme_id = ?1",
            [programme_id],
            |r| r.get(0),
        )?)
    }

    /// Every application of the programme with what the table shows beside it, ordered
    /// by last name, first name. `late` is computed here from the deadline; the
    /// experience band is left empty for the service to fill from the programme's bands.
    pub fn application_rows(&self, programme: &Programme) -> Result<Vec<ApplicationRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, p.first_name, p.last_name, p.email, m.name, m.state_code, t.name,
                    t.role, a.status, a.received_at, a.score,
                    EXISTS (SELECT 1 FROM programme_fellow f
                            WHERE f.programme_id = a.programme_id
                              AND f.municipality_id = m.id),
                    (SELECT d.id FROM tandem d
                     WHERE d.leader_application_id = a.id OR d.planner_application_id = a.id),
                    t.id, a.experience_years
             FROM application a
             JOIN person p ON p.id = a.person_id
             JOIN municipality m ON m.id = p.municipality_id
             JOIN track t ON t.id = a.track_id
             WHERE a.programme_id = ?1
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, a.id",
        )?;
        let deadline = programme.application_deadline;
        let rows = stmt.query_map([programme.id], raw_row)?;
        rows.map(|row| {
            let mut out = row?;
            out.late = out.received_at.date() > deadline;
            out.state_name = state_name(&out.state).to_string();
            Ok(out)
        })
        .collect()
    }
}

fn raw_row(r: &Row<'_>) -> rusqlite::Result<ApplicationRow> {
    Ok(ApplicationRow {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        email: r.get(3)?,
        municipality: r.get(4)?,
        state: r.get(5)?,
        state_name: String::new(),
        track_id: r.get(13)?,
        track: r.get(6)?,
        track_role: r.get(7)?,
        status: r.get(8)?,
        received_at: r.get(9)?,
        late: false,
        score: r.get(10)?,
        fellow: r.get(11)?,
        tandem_id: r.get(12)?,
        experience_years: r.get(14)?,
        experience_band: String::new(),
    })
}
