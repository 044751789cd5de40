//! Setting up and switching programmes: the service calls behind Einstellungen, the
//! Module view and `kohorte programme` / `kohorte module`.

use std::path::Path;

use chrono::Local;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Kohorte;
use crate::audit::AuditField;
use crate::error::{Error, Result};
use crate::import::{fold, read_table};
use crate::model::{MunicipalityKind, Programme};
use crate::programme::{
    DOCUMENT_FORMAT, DOCUMENT_VERSION, Fellow, FellowEntry, ModuleCheck, ModuleForm,
    ProgrammeDocument, ProgrammeError, ProgrammeSummary, Settings, check_document, check_module,
    check_settings, default_modules, default_settings, parse_date,
};
use crate::reference::federal_state;
use crate::review::local_user;
use crate::store::{ImageSlot, Writer};

/// What saving a module tells the coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModuleSaved {
    pub module: ModuleForm,
    pub check: ModuleCheck,
    pub dates_changed: bool,
    /// People whose Zusage was written before the module's dates last changed: their
    /// letter names the old dates.
    pub outdated_letters: Vec<String>,
}

impl Kohorte {
    pub fn programmes(&self) -> Result<Vec<ProgrammeSummary>> {
        self.store().programmes()
    }

    /// Makes `id` the programme of every view and command, and remembers it for the
    /// next start of the window.
    pub fn select_programme(&self, id: Uuid) -> Result<Programme> {
        let mut store = self.store();
        store.select_programme(id)?;
        store.remember_programme(id)?;
        store.programme()
    }

    /// Chooses the programme the window worked on last, when it still exists.
    pub fn select_remembered_programme(&self) -> Result<()> {
        let mut store = self.store();
        if let Some(id) = store.remembered_programme()? {
            // A programme deleted since leaves the newest in place.
            let _ = store.select_programme(id);
        }
        Ok(())
    }

    /// Whether the Übersicht still shows the first-start card with the year's workflow:
    /// until it is dismissed once, in this file.
    pub fn intro_pending(&self) -> Result<bool> {
        Ok(!self.store().intro_dismissed()?)
    }

    /// "Verstanden" on the first-start card: it stays away for this file.
    pub fn dismiss_intro(&self) -> Result<()> {
        self.store().dismiss_intro()
    }

    /// Chooses a programme for this session only (the CLI's `--programme`), by id or
    /// by name (exact, else the one whose name contains the text).
    pub fn use_programme(&self, name_or_id: &str) -> Result<Programme> {
        let id = self.find_programme(name_or_id)?;
        let mut store = self.store();
        store.select_programme(id)?;
        store.programme()
    }

    pub fn find_programme(&self, name_or_id: &str) -> Result<Uuid> {
        let all = self.programmes()?;
        let wanted = name_or_id.trim();
        if let Ok(id) = Uuid::parse_str(wanted)
            && all.iter().any(|p| p.id == id)
        {
            return Ok(id);
        }
        let key = fold(wanted);
        if key == "demo"
            && let [demo] = all
                .iter()
                .filter(|p| p.is_demo)
                .collect::<Vec<_>>()
                .as_slice()
        {
            return Ok(demo.id);
        }
        let exact: Vec<&ProgrammeSummary> = all.iter().filter(|p| fold(&p.name) == key).collect();
        let matches = if exact.is_empty() {
            all.iter()
                .filter(|p| fold(&p.name).contains(&key))
                .collect()
        } else {
            exact
        };
        match matches.as_slice() {
            [one] => Ok(one.id),
            [] => Err(ProgrammeError::Unknown(wanted.into()).into()),
            _ => Err(ProgrammeError::Ambiguous(wanted.into()).into()),
        }
    }

    /// Creates a programme and makes it current: from defaults, or as the next round of
    /// `from` (its settings, tracks, modules with agenda, bands, quotas and templates;
    /// module dates cleared, no person, application or document).
    pub fn create_programme(&self, name: &str, from: Option<Uuid>) -> Result<Programme> {
        let name = name.trim();
        let today = Local::now().date_naive();
        if self
            .programmes()?
            .iter()
            .any(|p| fold(&p.name) == fold(name))
        {
            return Err(ProgrammeError::NameTaken(name.into()).into());
        }
        let (settings, modules) = match from {
            Some(from) => {
                let mut store = self.store();
                store.select_programme(from)?;
                let source = store.programme()?;
                let mut settings = store.settings(&source)?;
                settings.name = name.into();
                settings.application_deadline = default_settings(name, today).application_deadline;
                let modules = store
                    .module_forms(source.id)?
                    .into_iter()
                    .map(|m| ModuleForm {
                        start_date: String::new(),
                        end_date: String::new(),
                        date_label: "Termin folgt".into(),
                        ..m
                    })
                    .collect();
                (settings, modules)
            }
            None => (default_settings(name, today), default_modules()),
        };
        let problems = check_settings(&settings);
        if !problems.is_empty() {
            return Err(ProgrammeError::Invalid(problems).into());
        }
        let id = Uuid::now_v7();
        let mut store = self.store();
        store.write(|w| {
            insert_programme(w, id, &settings)?;
            for m in &modules {
                w.save_module(id, m)?;
            }
            match from {
                Some(from) => w.copy_programme_extras(from, id)?,
                None => insert_default_bands(w, id)?,
            }
            Ok(())
        })?;
        store.select_programme(id)?;
        store.remember_programme(id)?;
        store.programme()
    }

    pub fn settings(&self) -> Result<Settings> {
        let store = self.store();
        let programme = store.programme()?;
        store.settings(&programme)
    }

    /// Saves the settings form, audited and undoable. Refused, with nothing written,
    /// while a field is wrong.
    pub fn save_settings(&self, settings: &Settings) -> Result<Settings> {
        let problems = check_settings(settings);
        if !problems.is_empty() {
            return Err(ProgrammeError::Invalid(problems).into());
        }
        let mut settings = settings.clone();
        settings.venue_state = federal_state(&settings.venue_state)
            .map(|s| s.code.to_string())
            .unwrap_or_default();
        settings.application_deadline = normalised_date(&settings.application_deadline);
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        let old = store.settings(&programme)?;
        if old == settings {
            return Ok(settings);
        }
        let taken = store
            .programmes()?
            .into_iter()
            .any(|p| p.id != programme.id && fold(&p.name) == fold(&settings.name));
        if taken {
            return Err(ProgrammeError::NameTaken(settings.name.trim().into()).into());
        }
        store.write(|w| {
            w.update_settings(programme.id, &settings)?;
            w.audit_settings(
                programme.id,
                &actor,
                &AuditField::Settings,
                &json(&old),
                &json(&settings),
            )
        })?;
        let programme = store.programme()?;
        store.settings(&programme)
    }

    /// Undoes the newest saved change of the settings or of a module, in one step.
    pub fn undo_settings_change(&self) -> Result<AuditField> {
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        let current_settings = store.settings(&programme)?;
        let current_modules = store.module_forms(programme.id)?;
        store.write(|w| {
            let (batch, field, old) = w
                .last_settings_change(programme.id)?
                .ok_or(ProgrammeError::NothingToUndo)?;
            let corrupt = || Error::CorruptValue {
                table: "audit_entry",
                column: "old_value",
                value: old.clone(),
            };
            match &field {
                AuditField::Settings => {
                    let settings: Settings = serde_json::from_str(&old).map_err(|_| corrupt())?;
                    w.update_settings(programme.id, &settings)?;
                    w.audit(
                        &actor,
                        "programme",
                        programme.id,
                        &field,
                        Some(&json(&current_settings)),
                        Some(&old),
                    )?;
                }
                AuditField::Module(number) => {
                    let module: ModuleForm = serde_json::from_str(&old).map_err(|_| corrupt())?;
                    w.save_module(programme.id, &module)?;
                    let now = current_modules.iter().find(|m| m.number == *number);
                    let id = w.module_id(programme.id, *number)?.unwrap_or(programme.id);
                    w.audit(
                        &actor,
                        "module",
                        id,
                        &field,
                        now.map(json).as_deref(),
                        Some(&old),
                    )?;
                }
                _ => return Err(corrupt()),
            }
            w.mark_undone(batch)?;
            Ok(field)
        })
    }

    pub fn fellows(&self) -> Result<Vec<Fellow>> {
        let store = self.store();
        let programme = store.programme()?;
        store.fellows(programme.id)
    }

    /// Adds fellow municipalities by name, state and kind (the municipality is created
    /// when unknown), all in one transaction; each audited.
    pub fn add_fellows(&self, entries: &[FellowEntry]) -> Result<Vec<Fellow>> {
        let mut resolved = Vec::new();
        for (index, e) in entries.iter().enumerate() {
            let state = federal_state(&e.state);
            match state {
                Some(state) if !e.name.trim().is_empty() => {
                    resolved.push((e.name.trim().to_string(), state.code, e.kind))
                }
                _ => {
                    return Err(ProgrammeError::Invalid(vec![crate::programme::Problem {
                        field: format!("fellows.{index}"),
                        message: format!(
                            "Fellow-Kommune „{}“: Name und ein deutsches Bundesland sind nötig \
                             (angegeben: „{}“).",
                            e.name.trim(),
                            e.state.trim()
                        ),
                    }])
                    .into());
                }
            }
        }
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| {
            for (name, state, kind) in &resolved {
                let id = w.municipality_named(name, state, *kind)?;
                if !w.is_fellow(programme.id, id)? {
                    w.add_fellow(programme.id, id)?;
                    w.audit(
                        &actor,
                        "programme",
                        programme.id,
                        &AuditField::Fellow,
                        None,
                        Some(name),
                    )?;
                }
            }
            Ok(())
        })?;
        store.fellows(programme.id)
    }

    pub fn remove_fellow(&self, municipality_id: Uuid) -> Result<Vec<Fellow>> {
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| {
            if let Some(name) = w.remove_fellow(programme.id, municipality_id)? {
                w.audit(
                    &actor,
                    "programme",
                    programme.id,
                    &AuditField::Fellow,
                    Some(&name),
                    None,
                )?;
            }
            Ok(())
        })?;
        store.fellows(programme.id)
    }

    /// Reads a list of fellow municipalities (CSV or XLSX with the columns Name,
    /// Bundesland and optionally Art) and adds them all, or none when a row is wrong.
    pub fn import_fellows(&self, path: &Path) -> Result<Vec<Fellow>> {
        let unreadable = |reason: String| ProgrammeError::Unreadable {
            path: path.display().to_string(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
        let table = read_table(&bytes)?;
        let column = |names: &[&str]| {
            table
                .headers
                .iter()
                .position(|h| names.iter().any(|n| fold(h) == fold(n)))
        };
        let name = column(&["Name", "Kommune", "Fellow-Kommune", "Gebietskörperschaft"])
            .ok_or_else(|| unreadable("Es fehlt die Spalte „Name“ (oder „Kommune“).".into()))?;
        let state = column(&["Bundesland", "Land"])
            .ok_or_else(|| unreadable("Es fehlt die Spalte „Bundesland“.".into()))?;
        let kind = column(&["Art", "Typ", "Kommunentyp"]);
        let mut entries = Vec::new();
        for row in &table.rows {
            let cell = |i: usize| row.cells.get(i).map(|c| c.trim()).unwrap_or_default();
            if cell(name).is_empty() && cell(state).is_empty() {
                continue;
            }
            let kind = match kind.map(cell).filter(|k| !k.is_empty()) {
                None => MunicipalityKind::Landkreis,
                Some(text) => municipality_kind(text).ok_or_else(|| {
                    unreadable(format!(
                        "Zeile {}: unbekannte Art „{text}“ (kreisfreie Stadt, Landkreis, \
                         kreisangehörige Gemeinde, Stadtstaat).",
                        row.number
                    ))
                })?,
            };
            if federal_state(cell(state)).is_none() {
                return Err(unreadable(format!(
                    "Zeile {}: unbekanntes Bundesland „{}“.",
                    row.number,
                    cell(state)
                ))
                .into());
            }
            entries.push(FellowEntry {
                name: cell(name).into(),
                state: cell(state).into(),
                kind,
            });
        }
        self.add_fellows(&entries)
    }

    pub fn module_forms(&self) -> Result<Vec<ModuleForm>> {
        let store = self.store();
        let programme = store.programme()?;
        store.module_forms(programme.id)
    }

    /// The problems and warnings of a module form, against the venue's holidays.
    pub fn check_module(&self, module: &ModuleForm) -> Result<ModuleCheck> {
        let programme = self.programme()?;
        Ok(check_module(module, &programme.venue_state))
    }

    /// Saves a module with its agenda, audited and undoable; refused while a field is
    /// wrong. Says whose Zusage now names old dates.
    pub fn save_module(&self, module: &ModuleForm) -> Result<ModuleSaved> {
        // As stored: ISO dates, trimmed times, so an unchanged form compares equal.
        let module = &ModuleForm {
            start_date: normalised_date(&module.start_date),
            end_date: normalised_date(&module.end_date),
            agenda: crate::programme::sorted_agenda(&module.agenda)
                .into_iter()
                .map(|a| crate::programme::AgendaEntry {
                    start: a.start.trim().into(),
                    end: a.end.trim().into(),
                    title: a.title.trim().into(),
                    format: a.format.trim().into(),
                    ..a
                })
                .collect(),
            title: module.title.trim().into(),
            ..module.clone()
        };
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        let check = check_module(module, &programme.venue_state);
        if !check.problems.is_empty() {
            return Err(ProgrammeError::Invalid(check.problems).into());
        }
        let old = store
            .module_forms(programme.id)?
            .into_iter()
            .find(|m| m.number == module.number)
            .ok_or(ProgrammeError::UnknownModule(module.number))?;
        let mut dates_changed = false;
        if old != *module {
            dates_changed = store.write(|w| {
                let changed = w.save_module(programme.id, module)?;
                w.audit_settings(
                    programme.id,
                    &actor,
                    &AuditField::Module(module.number),
                    &json(&old),
                    &json(module),
                )?;
                Ok(changed)
            })?;
        }
        let saved = store
            .module_forms(programme.id)?
            .into_iter()
            .find(|m| m.number == module.number)
            .ok_or(ProgrammeError::UnknownModule(module.number))?;
        let outdated_letters = outdated_letters(&store, programme.id, module.number)?;
        Ok(ModuleSaved {
            check: check_module(&saved, &programme.venue_state),
            module: saved,
            dates_changed,
            outdated_letters,
        })
    }

    /// The CLI's `module set`: changes only what is given.
    pub fn set_module(
        &self,
        number: u32,
        dates: Option<(String, String)>,
        label: Option<String>,
        title: Option<String>,
    ) -> Result<ModuleSaved> {
        let mut module = self
            .module_forms()?
            .into_iter()
            .find(|m| m.number == number)
            .ok_or(ProgrammeError::UnknownModule(number))?;
        if let Some((start, end)) = dates {
            module.start_date = normalised_date(&start);
            module.end_date = normalised_date(&end);
        }
        if let Some(label) = label {
            module.date_label = label;
        }
        if let Some(title) = title {
            module.title = title;
        }
        self.save_module(&module)
    }

    /// Removes the demo programme with all its fictional people; real programmes and
    /// the people in them stay. The newest remaining programme becomes current.
    pub fn remove_demo(&self) -> Result<()> {
        let demos: Vec<Uuid> = self
            .programmes()?
            .into_iter()
            .filter(|p| p.is_demo)
            .map(|p| p.id)
            .collect();
        if demos.is_empty() {
            return Err(ProgrammeError::NoDemo.into());
        }
        let mut store = self.store();
        store.write(|w| {
            for id in &demos {
                w.delete_programme(*id)?;
            }
            Ok(())
        })?;
        store.forget_programme_choice();
        Ok(())
    }

    /// The current programme as a readable JSON document (see [`ProgrammeDocument`]).
    pub fn export_programme(&self) -> Result<ProgrammeDocument> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(ProgrammeDocument {
            format: DOCUMENT_FORMAT.into(),
            version: DOCUMENT_VERSION,
            id: Some(programme.id),
            settings: store.settings(&programme)?,
            fellows: store
                .fellows(programme.id)?
                .into_iter()
                .map(|f| FellowEntry {
                    name: f.name,
                    state: f.state,
                    kind: f.kind,
                })
                .collect(),
            modules: store.module_forms(programme.id)?,
        })
    }

    /// Imports a programme document: updates the programme it names by id, or creates
    /// one. Checked like the window's edits; all or nothing. Makes it current.
    pub fn import_programme(&self, doc: &ProgrammeDocument) -> Result<Programme> {
        let problems = check_document(doc);
        if !problems.is_empty() {
            return Err(ProgrammeError::Invalid(problems).into());
        }
        let existing = self
            .programmes()?
            .into_iter()
            .find(|p| Some(p.id) == doc.id);
        let name_taken = self.programmes()?.into_iter().any(|p| {
            Some(p.id) != existing.as_ref().map(|e| e.id)
                && fold(&p.name) == fold(&doc.settings.name)
        });
        if name_taken {
            return Err(ProgrammeError::NameTaken(doc.settings.name.trim().into()).into());
        }
        let mut settings = doc.settings.clone();
        settings.venue_state = federal_state(&settings.venue_state)
            .map(|s| s.code.to_string())
            .unwrap_or_default();
        let id = existing
            .as_ref()
            .map_or_else(|| doc.id.unwrap_or_else(Uuid::now_v7), |e| e.id);
        let actor = local_user();
        let mut store = self.store();
        let old = match &existing {
            Some(_) => {
                store.select_programme(id)?;
                let p = store.programme()?;
                Some(store.settings(&p)?)
            }
            None => None,
        };
        store.write(|w| {
            match &old {
                Some(old) => {
                    w.update_settings(id, &settings)?;
                    w.audit_settings(
                        id,
                        &actor,
                        &AuditField::Settings,
                        &json(old),
                        &json(&settings),
                    )?;
                }
                None => {
                    insert_programme(w, id, &settings)?;
                    insert_default_bands(w, id)?;
                }
            }
            for m in &doc.modules {
                w.save_module(id, m)?;
            }
            for f in &doc.fellows {
                let state = federal_state(&f.state).map(|s| s.code).unwrap_or_default();
                let municipality = w.municipality_named(&f.name, state, f.kind)?;
                w.add_fellow(id, municipality)?;
            }
            Ok(())
        })?;
        store.select_programme(id)?;
        store.remember_programme(id)?;
        store.programme()
    }

    /// Stores the letterhead logo or the signature image shown in every PDF; `None`
    /// removes it.
    pub fn set_programme_image(&self, slot: ImageSlot, bytes: Option<&[u8]>) -> Result<()> {
        if let Some(bytes) = bytes {
            crate::programme::check_image(bytes)?;
        }
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| w.set_programme_image(programme.id, slot, bytes))
    }

    pub fn programme_image(&self, slot: ImageSlot) -> Result<Option<Vec<u8>>> {
        let store = self.store();
        let programme = store.programme()?;
        store.programme_image(programme.id, slot)
    }
}

fn json<T: Serialize>(value: &T) -> String {
    // Plain forms of strings and numbers: serialising cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// `30.09.2026` and `2026-09-30` alike become `2026-09-30`; anything else stays as typed
/// so the check can name it.
fn normalised_date(text: &str) -> String {
    parse_date(text).map_or_else(
        || text.trim().to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

fn municipality_kind(text: &str) -> Option<MunicipalityKind> {
    let wanted = fold(text);
    MunicipalityKind::ALL.into_iter().find(|k| {
        fold(k.key()) == wanted || fold(k.label()) == wanted || fold(k.label()).starts_with(&wanted)
    })
}

fn insert_programme(w: &Writer<'_>, id: Uuid, s: &Settings) -> Result<()> {
    let deadline = parse_date(&s.application_deadline)
        .ok_or_else(|| ProgrammeError::Invalid(check_settings(s)))?;
    w.insert_programme(&Programme {
        id,
        name: s.name.trim().into(),
        is_demo: false,
        organiser_name: s.organiser_name.clone(),
        organiser_address: s.organiser_address.clone(),
        organiser_contact: s.organiser_contact.clone(),
        signatory_name: s.signatory_name.clone(),
        signatory_role: s.signatory_role.clone(),
        venue: s.venue.clone(),
        venue_state: s.venue_state.clone(),
        application_deadline: deadline,
        cost_note: s.cost_note.clone(),
        travel_note: s.travel_note.clone(),
        images: Default::default(),
    })?;
    w.update_settings(id, s)
}

/// The experience bands of the call, for a programme that has none to copy.
fn insert_default_bands(w: &Writer<'_>, id: Uuid) -> Result<()> {
    for (position, (label, min, max)) in crate::demo::EXPERIENCE_BANDS.iter().enumerate() {
        w.insert_experience_band(id, label, *min, *max, position as u32)?;
    }
    Ok(())
}

/// Names of the people whose newest Zusage was written before the module's dates last
/// changed.
fn outdated_letters(
    store: &crate::store::Store,
    programme_id: Uuid,
    number: u32,
) -> Result<Vec<String>> {
    let Some(module) = store
        .modules(programme_id)?
        .into_iter()
        .find(|m| m.number == number)
    else {
        return Ok(Vec::new());
    };
    let (_, changed_at) = store.module_revision(module.id)?;
    let Some(changed_at) = changed_at else {
        return Ok(Vec::new());
    };
    store.letters_written_before(programme_id, &changed_at)
}
