//! Attendance through the facade: the confirmed participants of a module with a flag
//! per day, and recording it, one transaction and one audit entry per changed day.

use uuid::Uuid;

use crate::Kohorte;
use crate::attendance::{AttendanceError, AttendanceRow, DAYS, ModuleAttendance};
use crate::audit::{AuditField, presence};
use crate::error::Result;
use crate::model::{Module, Status};
use crate::review::local_user;
use crate::store::Store;

fn module(store: &Store, number: u32) -> Result<Module> {
    let programme = store.programme()?;
    Ok(store
        .modules(programme.id)?
        .into_iter()
        .find(|m| m.number == number)
        .ok_or(AttendanceError::UnknownModule(number))?)
}

impl Kohorte {
    /// The confirmed participants (status zugesagt) of module `number`, sorted as the
    /// lists are, each with present flags for day 1 and day 2 (unrecorded: absent).
    pub fn attendance(&self, number: u32) -> Result<ModuleAttendance> {
        let store = self.store();
        let module = module(&store, number)?;
        let programme = store.programme()?;
        let recorded = store.attendance(module.id)?;
        let rows = store
            .recipients(&programme, Some(Status::Zugesagt))?
            .into_iter()
            .map(|r| {
                let name = r.person.display_name();
                let present = DAYS.map(|day| {
                    recorded
                        .get(&(r.application_id, day))
                        .copied()
                        .unwrap_or(false)
                });
                AttendanceRow {
                    application_id: r.application_id,
                    name,
                    municipality: r.municipality,
                    track_role: r.track_role,
                    present,
                }
            })
            .collect();
        Ok(ModuleAttendance {
            module: module.number,
            title: module.title,
            rows,
        })
    }

    /// Records the listed participants as present (or absent) on `day` of module
    /// `number`, or on both days when `day` is `None`. All or nothing: an unknown
    /// module or day, an unknown application or one not confirmed refuses the whole
    /// change. Each changed day is audited with the local user; returns the module's
    /// attendance afterwards.
    pub fn set_attendance(
        &self,
        ids: &[Uuid],
        number: u32,
        day: Option<u8>,
        present: bool,
    ) -> Result<ModuleAttendance> {
        let days: Vec<u8> = match day {
            Some(d) if DAYS.contains(&d) => vec![d],
            Some(d) => return Err(AttendanceError::UnknownDay(d).into()),
            None => DAYS.to_vec(),
        };
        let actor = local_user();
        {
            let mut store = self.store();
            let module = module(&store, number)?;
            store.write(|w| {
                let mut seen = std::collections::HashSet::new();
                for id in ids.iter().filter(|id| seen.insert(**id)) {
                    let (status, name) = w
                        .status_of(*id)?
                        .ok_or(AttendanceError::UnknownApplication(*id))?;
                    if status != Status::Zugesagt {
                        return Err(AttendanceError::NotSelected { name, status }.into());
                    }
                    for &d in &days {
                        let old = w.presence(*id, module.id, d)?;
                        if old == Some(present) {
                            continue;
                        }
                        w.set_presence(*id, module.id, d, present)?;
                        w.audit(
                            &actor,
                            "application",
                            *id,
                            &AuditField::Attendance {
                                module: module.number,
                                day: d,
                            },
                            old.map(presence),
                            Some(presence(present)),
                        )?;
                    }
                }
                Ok(())
            })?;
        }
        self.attendance(number)
    }
}
