//! The review: statuses (single and bulk, with undo), scores, notes, manual entry and
//! editing, and each application's history. Every change is audited with the local user.

use uuid::Uuid;

use crate::Kohorte;
use crate::audit::{AuditField, BatchKind};
use crate::error::Result;
use crate::import::{Difference, Field, Problem, Record, municipality_key};
use crate::model::{Source, Status, TrackRole};
use crate::review::{
    ApplicationForm, AuditEntry, FieldProblem, ReviewError, SkipReason, StatusChange,
    StatusChanged, StatusPlan, local_user,
};
use crate::store::Writer;

impl Kohorte {
    /// What setting `status` would do to each listed application, for every status the
    /// bulk menu offers: which would change, which are skipped and why. Reads only.
    pub fn status_plans(&self, ids: &[Uuid]) -> Result<Vec<StatusPlan>> {
        let store = self.store();
        let programme_id = store.programme()?.id;
        let statuses = store.statuses(programme_id)?;
        let current = ids
            .iter()
            .map(|id| {
                statuses
                    .get(id)
                    .map(|s| (*id, *s))
                    .ok_or(ReviewError::NotFound(*id))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Status::ALL
            .into_iter()
            .map(|to| StatusPlan::new(&current, to))
            .collect())
    }

    /// Sets the status of every listed application the rules let go there, in one
    /// transaction and one undoable batch, one audit entry per changed application.
    /// The others are left alone and reported with the reason ([`StatusPlan`]); when
    /// none can change and some are refused, the change is refused with the first.
    pub fn set_status(&self, ids: &[Uuid], status: Status) -> Result<StatusChange> {
        let actor = local_user();
        let mut store = self.store();
        let programme_id = store.programme()?.id;
        // A bulk change is backed up first; one application's status is not.
        if ids.len() > 1 {
            self.backup_locked(&store, crate::backup::BackupReason::StatusChange)?;
        }
        store.write(|w| {
            let mut current = Vec::with_capacity(ids.len());
            let mut names = std::collections::HashMap::new();
            for id in ids {
                let (old, name) = w.status_of(*id)?.ok_or(ReviewError::NotFound(*id))?;
                current.push((*id, old));
                names.insert(*id, name);
            }
            let plan = StatusPlan::new(&current, status);
            let (unchanged, skipped): (Vec<_>, Vec<_>) = plan
                .skipped
                .into_iter()
                .partition(|s| s.reason == SkipReason::Already);
            if plan.change.is_empty()
                && let Some(refused) = skipped.first()
            {
                return Err(ReviewError::Transition {
                    name: names.remove(&refused.ids[0]).unwrap_or_default(),
                    from: refused.from,
                    to: status,
                }
                .into());
            }
            let mut change = StatusChange {
                batch_id: None,
                changed: Vec::new(),
                unchanged: unchanged.into_iter().flat_map(|s| s.ids).collect(),
                skipped,
            };
            let old_of: std::collections::HashMap<_, _> = current.into_iter().collect();
            for id in plan.change {
                let old = old_of[&id];
                let batch = match change.batch_id {
                    Some(b) => b,
                    None => *change.batch_id.insert(w.open_batch(
                        programme_id,
                        BatchKind::Status,
                        &actor,
                    )?),
                };
                w.update_status(id, status)?;
                let entry = w.audit(
                    &actor,
                    "application",
                    id,
                    &AuditField::Status,
                    Some(old.key()),
                    Some(status.key()),
                )?;
                w.add_to_batch(batch, entry)?;
                change.changed.push(StatusChanged {
                    id,
                    old,
                    new: status,
                });
            }
            Ok(change)
        })
    }

    /// Undoes the newest status change not yet undone, in one step: every application
    /// goes back to its old status, each audited. Refused, with nothing changed, when
    /// one of them has been changed since.
    pub fn undo_last_change(&self) -> Result<StatusChange> {
        let actor = local_user();
        let mut store = self.store();
        let programme_id = store.programme()?.id;
        store.write(|w| {
            let undone = w
                .undo_batch(programme_id, BatchKind::Status, &actor)?
                .ok_or(ReviewError::NothingToUndo)?;
            Ok(StatusChange {
                batch_id: Some(undone.batch_id),
                changed: undone
                    .reverted
                    .into_iter()
                    .map(|(id, old, new)| StatusChanged { id, old, new })
                    .collect(),
                unchanged: Vec::new(),
                skipped: Vec::new(),
            })
        })
    }

    /// Sets (or with `None` clears) the reviewer's score, 1 to 5.
    pub fn set_score(&self, id: Uuid, score: Option<u8>) -> Result<()> {
        if let Some(s) = score.filter(|s| !(1..=5).contains(s)) {
            return Err(ReviewError::Score(s).into());
        }
        let actor = local_user();
        self.store().write(|w| {
            let (old, _) = w.score_and_notes(id)?.ok_or(ReviewError::NotFound(id))?;
            if old != score {
                w.update_score(id, score)?;
                let text = |s: Option<u8>| s.map(|s| s.to_string());
                w.audit(
                    &actor,
                    "application",
                    id,
                    &AuditField::Score,
                    text(old).as_deref(),
                    text(score).as_deref(),
                )?;
            }
            Ok(())
        })
    }

    /// The reviewer's notes, as the detail panel shows them for editing.
    pub fn reviewer_notes(&self, id: Uuid) -> Result<String> {
        Ok(self
            .store()
            .reviewer_notes(id)?
            .ok_or(ReviewError::NotFound(id))?)
    }

    pub fn set_reviewer_notes(&self, id: Uuid, notes: &str) -> Result<()> {
        let actor = local_user();
        self.store().write(|w| {
            let (_, old) = w.score_and_notes(id)?.ok_or(ReviewError::NotFound(id))?;
            if old != notes {
                w.update_notes(id, notes)?;
                w.audit(
                    &actor,
                    "application",
                    id,
                    &AuditField::ReviewerNotes,
                    Some(&old),
                    Some(notes),
                )?;
            }
            Ok(())
        })
    }

    /// Every problem of a manual-entry form, for showing next to its fields.
    pub fn check_application(
        &self,
        form: &ApplicationForm,
        editing: Option<Uuid>,
    ) -> Result<Vec<FieldProblem>> {
        let record = match form.record() {
            Ok(r) => r,
            Err(problems) => return Ok(problems),
        };
        let programme = self.programme()?;
        self.store()
            .write(|w| database_problems(w, programme.id, &record, editing))
    }

    /// Creates an application typed in by the coordinator (source "manual").
    pub fn create_application(&self, form: &ApplicationForm) -> Result<Uuid> {
        let record = form.record().map_err(ReviewError::Invalid)?;
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        let tracks = store.tracks(programme.id)?;
        store.write(|w| {
            let problems = database_problems(w, programme.id, &record, None)?;
            if !problems.is_empty() {
                return Err(ReviewError::Invalid(problems).into());
            }
            let track = track_id(&tracks, record.track)?;
            let municipality = municipality(w, &record)?;
            if record.fellow == Some(true) {
                w.add_fellow(programme.id, municipality)?;
            }
            let id = w.insert_record(programme.id, track, municipality, &record, Source::Manual)?;
            w.audit(
                &actor,
                "application",
                id,
                &AuditField::Created,
                None,
                Some("von Hand angelegt"),
            )?;
            Ok(id)
        })
    }

    /// The stored application as a filled form, for editing.
    pub fn application_form(&self, id: Uuid) -> Result<ApplicationForm> {
        let existing = self
            .store()
            .application_record(id)?
            .ok_or(ReviewError::NotFound(id))?;
        Ok(ApplicationForm::from_record(&existing.record))
    }

    /// Saves an edited application; returns what changed, each change audited.
    pub fn update_application(&self, id: Uuid, form: &ApplicationForm) -> Result<Vec<Difference>> {
        let record = form.record().map_err(ReviewError::Invalid)?;
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        let tracks = store.tracks(programme.id)?;
        let existing = store
            .application_record(id)?
            .ok_or(ReviewError::NotFound(id))?;
        store.write(|w| {
            let problems = database_problems(w, programme.id, &record, Some(id))?;
            if !problems.is_empty() {
                return Err(ReviewError::Invalid(problems).into());
            }
            let changes = existing.record.differences(&record);
            if changes.is_empty() {
                return Ok(changes);
            }
            let municipality = municipality(w, &record)?;
            if record.fellow == Some(true) {
                w.add_fellow(programme.id, municipality)?;
            }
            w.update_record(
                id,
                existing.person_id,
                track_id(&tracks, record.track)?,
                municipality,
                &record,
            )?;
            for c in &changes {
                w.audit(
                    &actor,
                    "application",
                    id,
                    &AuditField::Record(c.field),
                    Some(&c.old),
                    Some(&c.new),
                )?;
            }
            Ok(changes)
        })
    }

    /// Everything that happened to an application, oldest first.
    pub fn history(&self, id: Uuid) -> Result<Vec<AuditEntry>> {
        self.store().history(id)
    }
}

/// What only the database can tell about a valid form: a taken e-mail, a new
/// municipality without its kind.
fn database_problems(
    w: &Writer<'_>,
    programme_id: Uuid,
    record: &Record,
    editing: Option<Uuid>,
) -> Result<Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if w.email_taken(programme_id, &record.email, editing)? {
        problems.push(FieldProblem {
            field: Field::Email,
            label: Field::Email.label().into(),
            code: "review.duplicate_email".into(),
            message: format!("eine Bewerbung mit „{}“ gibt es bereits", record.email),
        });
    }
    let key = municipality_key(&record.municipality, &record.state);
    if record.municipality_kind.is_none() && !w.municipality_ids()?.contains_key(&key) {
        problems.push(FieldProblem::new(
            Field::MunicipalityKind,
            &Problem::KindNeededForNewMunicipality(record.municipality.clone()),
        ));
    }
    Ok(problems)
}

fn municipality(w: &Writer<'_>, record: &Record) -> Result<Uuid> {
    let mut known = w.municipality_ids()?;
    w.municipality_for(record, &mut known, &Default::default())
}

fn track_id(tracks: &[crate::model::Track], role: TrackRole) -> Result<Uuid> {
    tracks
        .iter()
        .find(|t| t.role == role)
        .map(|t| t.id)
        .ok_or_else(|| {
            crate::import::ImportError::NoTrack(
                match role {
                    TrackRole::Fuehrung => "Führung",
                    TrackRole::Change => "Change",
                }
                .into(),
            )
            .into()
        })
}
