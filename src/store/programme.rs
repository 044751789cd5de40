//! Programmes as the coordinator sets them up: which one is current, their settings,
//! tracks, fellow municipalities and modules, a copy for the next round, and removing
//! the demo.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, Writer};
use crate::audit::{AuditField, BatchKind};
use crate::error::Result;
use crate::import::municipality_key;
use crate::model::{AgendaItem, Module, Municipality, MunicipalityKind, Programme, Track};
use crate::programme::{
    AgendaEntry, Fellow, ModuleForm, ProgrammeError, ProgrammeSummary, Settings, TrackSettings,
    parse_date, sorted_agenda,
};
use crate::reference::state_name;

/// The `app_setting` key of the programme the window last worked on.
const CURRENT_PROGRAMME: &str = "current_programme";

/// The `app_setting` key set once the Übersicht's first-start card was dismissed.
const INTRO_DISMISSED: &str = "intro_dismissed";

/// Which of a programme's images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSlot {
    Logo,
    Signature,
}

impl ImageSlot {
    fn column(self) -> &'static str {
        match self {
            ImageSlot::Logo => "logo",
            ImageSlot::Signature => "signature",
        }
    }
}

impl Store {
    /// Makes `id` the programme every read and write works on.
    pub fn select_programme(&mut self, id: Uuid) -> Result<()> {
        let known: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM programme WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        if known == 0 {
            return Err(ProgrammeError::Unknown(id.to_string()).into());
        }
        self.current = Some(id);
        Ok(())
    }

    /// Every programme, newest first, with the current one marked.
    pub fn programmes(&self) -> Result<Vec<ProgrammeSummary>> {
        let current = self.programme().ok().map(|p| p.id);
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.name, p.is_demo, p.application_deadline,
                    (SELECT count(*) FROM application a WHERE a.programme_id = p.id)
             FROM programme p ORDER BY p.created_at DESC, p.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: Uuid = r.get(0)?;
            Ok(ProgrammeSummary {
                id,
                name: r.get(1)?,
                is_demo: r.get(2)?,
                application_deadline: r.get(3)?,
                applications: r.get(4)?,
                current: Some(id) == current,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The programme the window worked on last, if it still exists.
    pub fn remembered_programme(&self) -> Result<Option<Uuid>> {
        let text = self.app_setting(CURRENT_PROGRAMME)?;
        Ok(text.and_then(|t| Uuid::parse_str(&t).ok()))
    }

    pub fn remember_programme(&self, id: Uuid) -> Result<()> {
        self.set_app_setting(CURRENT_PROGRAMME, &id.to_string())
    }

    /// Whether the first-start card (the year's workflow) was dismissed in this file.
    pub fn intro_dismissed(&self) -> Result<bool> {
        Ok(self.app_setting(INTRO_DISMISSED)?.is_some())
    }

    pub fn dismiss_intro(&self) -> Result<()> {
        self.set_app_setting(INTRO_DISMISSED, "1")
    }

    /// The value stored in `app_setting` under `key`, if any.
    fn app_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM app_setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn set_app_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO app_setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The settings form of a programme, as stored.
    pub fn settings(&self, programme: &Programme) -> Result<Settings> {
        let tracks = self.tracks(programme.id)?;
        Ok(settings_of(
            programme,
            &tracks,
            self.accepts_late(programme.id)?,
        ))
    }

    /// Whether the programme accepts applications received after its deadline.
    pub fn accepts_late(&self, programme_id: Uuid) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT accept_late FROM programme WHERE id = ?1",
                [programme_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false))
    }

    pub fn fellows(&self, programme_id: Uuid) -> Result<Vec<Fellow>> {
        let mut stmt = self.conn().prepare(
            "SELECT m.id, m.name, m.state_code, m.kind,
                    (SELECT count(*) FROM application a JOIN person p ON p.id = a.person_id
                     WHERE a.programme_id = f.programme_id AND p.municipality_id = m.id)
             FROM programme_fellow f JOIN municipality m ON m.id = f.municipality_id
             WHERE f.programme_id = ?1
             ORDER BY m.name COLLATE NOCASE, m.state_code",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            let state: String = r.get(2)?;
            Ok(Fellow {
                municipality_id: r.get(0)?,
                name: r.get(1)?,
                state_name: state_name(&state).to_string(),
                state,
                kind: r.get(3)?,
                applications: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The fellow municipalities' (name, state code), without the counts of
    /// [`Store::fellows`], which scan every application.
    pub fn fellow_names(&self, programme_id: Uuid) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare(
            "SELECT m.name, m.state_code
             FROM programme_fellow f JOIN municipality m ON m.id = f.municipality_id
             WHERE f.programme_id = ?1",
        )?;
        let rows = stmt.query_map([programme_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every module as the Module view edits it, with its agenda in printed order.
    pub fn module_forms(&self, programme_id: Uuid) -> Result<Vec<ModuleForm>> {
        self.modules(programme_id)?
            .into_iter()
            .map(|m| {
                let agenda = self.agenda(m.id)?;
                Ok(module_form(&m, &agenda))
            })
            .collect()
    }

    /// How often a module's dates changed, and when last (iCalendar SEQUENCE; the
    /// letters written before carry the old dates).
    pub fn module_revision(&self, module_id: Uuid) -> Result<(u32, Option<String>)> {
        Ok(self.conn().query_row(
            "SELECT date_revision, dates_changed_at FROM module WHERE id = ?1",
            [module_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Back to the newest programme, and forget the window's last choice.
    pub fn forget_programme_choice(&mut self) {
        self.current = None;
        // Only a convenience: a failure here leaves the newest programme chosen anyway.
        let _ = self.conn().execute(
            "DELETE FROM app_setting WHERE key = ?1",
            [CURRENT_PROGRAMME],
        );
    }

    /// Names of the people with a Zusage whose newest letter naming the dates (a Zusage
    /// or a Terminänderung) was written before `moment` (stored time text).
    pub fn letters_written_before(&self, programme_id: Uuid, moment: &str) -> Result<Vec<String>> {
        use crate::documents::DocumentKind;
        let mut stmt = self.conn().prepare(
            "SELECT p.title, p.first_name, p.last_name
             FROM application a JOIN person p ON p.id = a.person_id
             WHERE a.programme_id = ?1 AND a.status = 'zugesagt'
               AND (SELECT max(d.created_at) FROM document d
                    WHERE d.application_id = a.id AND d.kind IN (?2, ?3)) < ?4
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map(
            params![
                programme_id,
                DocumentKind::Zusage,
                DocumentKind::Terminaenderung,
                moment
            ],
            |r| super::read::name_at(r, 0),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn programme_image(&self, programme_id: Uuid, slot: ImageSlot) -> Result<Option<Vec<u8>>> {
        let sql = format!("SELECT {} FROM programme WHERE id = ?1", slot.column());
        Ok(self
            .conn()
            .query_row(&sql, [programme_id], |r| r.get::<_, Option<Vec<u8>>>(0))
            .optional()?
            .flatten())
    }
}

pub(crate) fn settings_of(p: &Programme, tracks: &[Track], accept_late: bool) -> Settings {
    Settings {
        name: p.name.clone(),
        organiser_name: p.organiser_name.clone(),
        organiser_address: p.organiser_address.clone(),
        organiser_contact: p.organiser_contact.clone(),
        signatory_name: p.signatory_name.clone(),
        signatory_role: p.signatory_role.clone(),
        venue: p.venue.clone(),
        venue_state: p.venue_state.clone(),
        application_deadline: p.application_deadline.format("%Y-%m-%d").to_string(),
        cost_note: p.cost_note.clone(),
        travel_note: p.travel_note.clone(),
        accept_late,
        tracks: tracks
            .iter()
            .map(|t| TrackSettings {
                role: t.role,
                name: t.name.clone(),
                target_role: t.target_role.clone(),
                capacity: t.capacity,
                free_places: t.free_places,
            })
            .collect(),
    }
}

fn module_form(m: &Module, agenda: &[AgendaItem]) -> ModuleForm {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    ModuleForm {
        number: m.number,
        title: m.title.clone(),
        topics: m.topics.clone(),
        date_label: m.date_label.clone(),
        start_date: date(m.start_date).unwrap_or_default(),
        end_date: date(m.end_date).unwrap_or_default(),
        venue: m.venue.clone(),
        agenda: agenda
            .iter()
            .map(|a| AgendaEntry {
                day: a.day,
                start: a.start.clone(),
                end: a.end.clone(),
                title: a.title.clone(),
                format: a.format.clone(),
            })
            .collect(),
    }
}

impl Writer<'_> {
    /// Writes a checked settings form over the programme and its tracks.
    pub fn update_settings(&self, programme_id: Uuid, s: &Settings) -> Result<()> {
        let deadline = parse_date(&s.application_deadline)
            .ok_or_else(|| ProgrammeError::Invalid(crate::programme::check_settings(s)))?;
        self.tx.execute(
            "UPDATE programme SET name = ?2, organiser_name = ?3, organiser_address = ?4,
                 organiser_contact = ?5, signatory_name = ?6, signatory_role = ?7, venue = ?8,
                 venue_state = ?9, application_deadline = ?10, cost_note = ?11, travel_note = ?12,
                 accept_late = ?13
             WHERE id = ?1",
            params![
                programme_id,
                s.name.trim(),
                s.organiser_name,
                s.organiser_address,
                s.organiser_contact,
                s.signatory_name,
                s.signatory_role,
                s.venue,
                s.venue_state,
                deadline,
                s.cost_note,
                s.travel_note,
                s.accept_late
            ],
        )?;
        for t in &s.tracks {
            let changed = self.tx.execute(
                "UPDATE track SET name = ?3, target_role = ?4, capacity = ?5, free_places = ?6
                 WHERE programme_id = ?1 AND role = ?2",
                params![
                    programme_id,
                    t.role,
                    t.name.trim(),
                    t.target_role,
                    t.capacity,
                    t.free_places
                ],
            )?;
            if changed == 0 {
                self.insert_track(&Track {
                    id: Uuid::now_v7(),
                    programme_id,
                    name: t.name.trim().into(),
                    role: t.role,
                    target_role: t.target_role.clone(),
                    capacity: t.capacity,
                    free_places: t.free_places,
                })?;
            }
        }
        Ok(())
    }

    /// Writes one checked module form: its fields, and its agenda replaced as a whole.
    /// A change of its dates counts up its revision. Returns whether the dates changed.
    pub fn save_module(&self, programme_id: Uuid, m: &ModuleForm) -> Result<bool> {
        let row: Option<(Uuid, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> = self
            .tx
            .query_row(
                "SELECT id, start_date, end_date FROM module
                 WHERE programme_id = ?1 AND number = ?2",
                params![programme_id, m.number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (start, end) = (parse_date(&m.start_date), parse_date(&m.end_date));
        let topics = serde_json::to_string(&m.topics).unwrap_or_else(|_| "[]".into());
        let (id, dates_changed) = match row {
            Some((id, old_start, old_end)) => {
                let changed = (old_start, old_end) != (start, end);
                self.tx.execute(
                    "UPDATE module SET title = ?2, topics = ?3, date_label = ?4, start_date = ?5,
                         end_date = ?6, venue = ?7,
                         date_revision = date_revision + ?8,
                         dates_changed_at = CASE WHEN ?8 THEN ?9 ELSE dates_changed_at END
                     WHERE id = ?1",
                    params![
                        id,
                        m.title.trim(),
                        topics,
                        m.date_label,
                        start,
                        end,
                        m.venue,
                        changed,
                        self.now
                    ],
                )?;
                (id, changed)
            }
            None => {
                let module = Module {
                    id: Uuid::now_v7(),
                    programme_id,
                    number: m.number,
                    title: m.title.trim().into(),
                    topics: m.topics.clone(),
                    date_label: m.date_label.clone(),
                    start_date: start,
                    end_date: end,
                    venue: m.venue.clone(),
                };
                self.insert_module(&module)?;
                (module.id, false)
            }
        };
        self.tx
            .execute("DELETE FROM agenda_item WHERE module_id = ?1", [id])?;
        for a in sorted_agenda(&m.agenda) {
            self.insert_agenda_item(&AgendaItem {
                id: Uuid::now_v7(),
                module_id: id,
                day: a.day,
                start: a.start.trim().into(),
                end: a.end.trim().into(),
                title: a.title.trim().into(),
                format: a.format.trim().into(),
            })?;
        }
        Ok(dates_changed)
    }

    /// The municipality named so in `state`, created with `kind` when unknown.
    pub fn municipality_named(
        &self,
        name: &str,
        state: &str,
        kind: MunicipalityKind,
    ) -> Result<Uuid> {
        let wanted = municipality_key(name, state);
        let mut stmt = self
            .tx
            .prepare("SELECT id, name FROM municipality WHERE state_code = ?1")?;
        let found = stmt
            .query_map([state], |r| {
                Ok((r.get::<_, Uuid>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .find(|(_, n)| municipality_key(n, state) == wanted);
        if let Some((id, _)) = found {
            return Ok(id);
        }
        let municipality = Municipality {
            id: Uuid::now_v7(),
            name: name.trim().into(),
            kind,
            state: state.into(),
        };
        self.insert_municipality(&municipality)?;
        Ok(municipality.id)
    }

    /// Removes a fellow municipality; returns its name, or `None` if it was none.
    pub fn remove_fellow(
        &self,
        programme_id: Uuid,
        municipality_id: Uuid,
    ) -> Result<Option<String>> {
        let name: Option<String> = self
            .tx
            .query_row(
                "SELECT m.name FROM programme_fellow f JOIN municipality m ON m.id = f.municipality_id
                 WHERE f.programme_id = ?1 AND f.municipality_id = ?2",
                params![programme_id, municipality_id],
                |r| r.get(0),
            )
            .optional()?;
        self.tx.execute(
            "DELETE FROM programme_fellow WHERE programme_id = ?1 AND municipality_id = ?2",
            params![programme_id, municipality_id],
        )?;
        Ok(name)
    }

    pub fn is_fellow(&self, programme_id: Uuid, municipality_id: Uuid) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM programme_fellow
                            WHERE programme_id = ?1 AND municipality_id = ?2)",
            params![programme_id, municipality_id],
            |r| r.get(0),
        )?)
    }

    /// Copies what a new round keeps from `from`: experience bands, quotas and letter
    /// templates. Never a person, an application or a document.
    pub fn copy_programme_extras(&self, from: Uuid, to: Uuid) -> Result<()> {
        self.tx.execute(
            "INSERT INTO experience_band (id, programme_id, label, min_years, max_years, position)
             SELECT randomblob(16), ?2, label, min_years, max_years, position
             FROM experience_band WHERE programme_id = ?1",
            params![from, to],
        )?;
        self.tx.execute(
            "INSERT INTO quota (id, programme_id, track_role, dimension, value, min_count,
                 max_count, min_flex, max_flex, position)
             SELECT randomblob(16), ?2, track_role, dimension, value, min_count, max_count,
                    min_flex, max_flex, position
             FROM quota WHERE programme_id = ?1",
            params![from, to],
        )?;
        self.tx.execute(
            "INSERT INTO letter_template (programme_id, kind, body, updated_at)
             SELECT ?2, kind, body, ?3 FROM letter_template WHERE programme_id = ?1",
            params![from, to, self.now],
        )?;
        Ok(())
    }

    /// Deletes a programme with everything that belongs to it, then the people and
    /// municipalities nothing refers to any more. Audit entries about its applications
    /// and the programme go too: they describe data that no longer exists.
    pub fn delete_programme(&self, programme_id: Uuid) -> Result<()> {
        self.tx.execute(
            "DELETE FROM audit_entry WHERE entity_id = ?1
                OR entity_id IN (SELECT id FROM application WHERE programme_id = ?1)
                OR entity_id IN (SELECT id FROM module WHERE programme_id = ?1)",
            [programme_id],
        )?;
        self.tx.execute(
            "DELETE FROM change_batch WHERE programme_id = ?1",
            [programme_id],
        )?;
        self.tx
            .execute("DELETE FROM programme WHERE id = ?1", [programme_id])?;
        self.tx.execute_batch(
            "DELETE FROM person WHERE id NOT IN (SELECT person_id FROM application);
             DELETE FROM municipality
             WHERE id NOT IN (SELECT municipality_id FROM person)
               AND id NOT IN (SELECT municipality_id FROM programme_fellow);",
        )?;
        Ok(())
    }

    pub fn set_programme_image(
        &self,
        programme_id: Uuid,
        slot: ImageSlot,
        bytes: Option<&[u8]>,
    ) -> Result<()> {
        let sql = format!("UPDATE programme SET {} = ?2 WHERE id = ?1", slot.column());
        self.tx.execute(&sql, params![programme_id, bytes])?;
        Ok(())
    }

    /// Opens a settings batch with its one audit entry, so undo finds it. The entry is
    /// about the programme, or about the module a [`AuditField::Module`] names.
    pub fn audit_settings(
        &self,
        programme_id: Uuid,
        actor: &str,
        field: &AuditField,
        old: &str,
        new: &str,
    ) -> Result<()> {
        let (entity, entity_id) = match field {
            AuditField::Module(number) => (
                "module",
                self.module_id(programme_id, *number)?
                    .unwrap_or(programme_id),
            ),
            _ => ("programme", programme_id),
        };
        let batch = self.open_batch(programme_id, BatchKind::Settings, actor)?;
        let entry = self.audit(actor, entity, entity_id, field, Some(old), Some(new))?;
        self.add_to_batch(batch, entry)
    }

    /// The newest settings change not yet undone: (batch, field, old JSON).
    pub fn last_settings_change(
        &self,
        programme_id: Uuid,
    ) -> Result<Option<(Uuid, AuditField, String)>> {
        let row: Option<(Uuid, String, Option<String>)> = self
            .tx
            .query_row(
                "SELECT b.id, e.field, e.old_value
                 FROM change_batch b
                 JOIN change_batch_entry be ON be.batch_id = b.id
                 JOIN audit_entry e ON e.id = be.audit_entry_id
                 WHERE b.kind = ?1 AND b.programme_id = ?2 AND b.undone_at IS NULL
                 ORDER BY b.at DESC, b.rowid DESC LIMIT 1",
                params![BatchKind::Settings.key(), programme_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.map(|(batch, field, old)| {
            (batch, AuditField::from_key(&field), old.unwrap_or_default())
        }))
    }

    pub fn module_id(&self, programme_id: Uuid, number: u32) -> Result<Option<Uuid>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id FROM module WHERE programme_id = ?1 AND number = ?2",
                params![programme_id, number],
                |r| r.get(0),
            )
            .optional()?)
    }
}
