//! Tandems: the board of stored pairings, proposals and warnings; and the coordinator's
//! decisions (confirm, change, dissolve), each audited on both applications.

use std::collections::HashSet;

use uuid::Uuid;

use crate::Kohorte;
use crate::audit::{AuditField, BatchKind};
use crate::error::Result;
use crate::model::TrackRole;
use crate::review::{ReviewError, local_user};
use crate::tandem::{PairKey, TandemBoard, TandemsConfirmed, board};

/// The audit values of a tandem's own entries (no personal data in them).
const PROPOSED: &str = "vorgeschlagen";
const CONFIRMED: &str = "bestätigt";

impl Kohorte {
    /// Stored pairings, proposals for the rest (applications still in play only),
    /// unpaired applicants and warnings.
    pub fn tandems(&self) -> Result<TandemBoard> {
        let store = self.store();
        let programme = store.programme()?;
        tandem_board(&store, &programme)
    }

    /// Pairs a Führung and a Change application, confirmed or not: confirms a proposal,
    /// or changes a pairing (either application leaves its old tandem). Returns the
    /// tandem's id.
    pub fn pair_tandem(&self, leader: Uuid, planner: Uuid, confirmed: bool) -> Result<Uuid> {
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| {
            let (leader_role, leader_name) = w
                .role_and_name(leader)?
                .ok_or(ReviewError::NotFound(leader))?;
            let (planner_role, planner_name) = w
                .role_and_name(planner)?
                .ok_or(ReviewError::NotFound(planner))?;
            if leader_role != TrackRole::Fuehrung || planner_role != TrackRole::Change {
                return Err(ReviewError::TandemRoles.into());
            }
            for old in w.tandems_of(&[leader, planner])? {
                if old.leader == leader && old.planner == planner {
                    if old.confirmed != confirmed {
                        w.set_tandem_confirmed(old.id, confirmed)?;
                        let text = |c: bool| if c { "bestätigt" } else { "vorgeschlagen" };
                        for id in [leader, planner] {
                            w.audit(
                                &actor,
                                "application",
                                id,
                                &AuditField::Tandem,
                                Some(text(old.confirmed)),
                                Some(text(confirmed)),
                            )?;
                        }
                    }
                    return Ok(old.id);
                }
                dissolve(w, &actor, old.id)?;
            }
            let id = w.insert_tandem(programme.id, leader, planner, confirmed)?;
            w.audit(
                &actor,
                "application",
                leader,
                &AuditField::Tandem,
                None,
                Some(&format!("Tandem mit {planner_name}")),
            )?;
            w.audit(
                &actor,
                "application",
                planner,
                &AuditField::Tandem,
                None,
                Some(&format!("Tandem mit {leader_name}")),
            )?;
            Ok(id)
        })
    }

    /// Confirms a stored pairing.
    pub fn confirm_tandem(&self, id: Uuid) -> Result<()> {
        let tandem = self
            .store()
            .write(|w| w.tandem(id))?
            .ok_or(ReviewError::TandemNotFound(id))?;
        self.pair_tandem(tandem.leader, tandem.planner, true)
            .map(|_| ())
    }

    /// Confirms several pairs in one transaction, all or nothing, as one change batch
    /// that [`Kohorte::undo_tandem_confirmation`] takes back in one step: a stored pairing
    /// gets confirmed, a proposal is stored confirmed. Refused, with nothing written, when
    /// an application appears twice or is already in another tandem.
    pub fn confirm_tandems(&self, pairs: &[PairKey]) -> Result<TandemsConfirmed> {
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| {
            let mut done = TandemsConfirmed {
                batch_id: None,
                confirmed: 0,
                unchanged: 0,
            };
            let mut seen = HashSet::new();
            for pair in pairs {
                let (leader_role, leader_name) = w
                    .role_and_name(pair.leader)?
                    .ok_or(ReviewError::NotFound(pair.leader))?;
                let (planner_role, planner_name) = w
                    .role_and_name(pair.planner)?
                    .ok_or(ReviewError::NotFound(pair.planner))?;
                if leader_role != TrackRole::Fuehrung || planner_role != TrackRole::Change {
                    return Err(ReviewError::TandemRoles.into());
                }
                for (id, name) in [(pair.leader, &leader_name), (pair.planner, &planner_name)] {
                    if !seen.insert(id) {
                        return Err(ReviewError::TandemTwice(name.clone()).into());
                    }
                }
                let existing = w.tandems_of(&[pair.leader, pair.planner])?;
                let same = existing
                    .iter()
                    .find(|t| t.leader == pair.leader && t.planner == pair.planner);
                if let Some(other) = existing.iter().find(|&t| Some(t) != same) {
                    let (name, partner) = if other.leader == pair.leader {
                        (leader_name, other.planner)
                    } else if other.planner == pair.planner {
                        (planner_name, other.leader)
                    } else if other.leader == pair.planner {
                        (planner_name, other.planner)
                    } else {
                        (leader_name, other.leader)
                    };
                    let partner = w
                        .role_and_name(partner)?
                        .map(|(_, n)| n)
                        .unwrap_or_default();
                    return Err(ReviewError::TandemTaken { name, partner }.into());
                }
                if same.is_some_and(|t| t.confirmed) {
                    done.unchanged += 1;
                    continue;
                }
                let batch = match done.batch_id {
                    Some(b) => b,
                    None => *done.batch_id.insert(w.open_batch(
                        programme.id,
                        BatchKind::Tandems,
                        &actor,
                    )?),
                };
                let (tandem, old) = match same {
                    Some(t) => {
                        w.set_tandem_confirmed(t.id, true)?;
                        (t.id, Some(PROPOSED))
                    }
                    None => (
                        w.insert_tandem(programme.id, pair.leader, pair.planner, true)?,
                        None,
                    ),
                };
                // The tandem's own entry is what undo reads; the applications' entries
                // are their history.
                let mut entries = vec![w.audit(
                    &actor,
                    "tandem",
                    tandem,
                    &AuditField::Tandem,
                    old,
                    Some(CONFIRMED),
                )?];
                for (id, partner) in [(pair.leader, &planner_name), (pair.planner, &leader_name)] {
                    entries.push(w.audit(
                        &actor,
                        "application",
                        id,
                        &AuditField::Tandem,
                        old,
                        Some(&format!("Tandem mit {partner} bestätigt")),
                    )?);
                }
                for entry in entries {
                    w.add_to_batch(batch, entry)?;
                }
                done.confirmed += 1;
            }
            Ok(done)
        })
    }

    /// Takes back the newest confirmation of several tandems in one step: pairs it
    /// stored are removed again (the proposals reappear), pairs it confirmed go back to
    /// unconfirmed. Pairs dissolved since are left as they are. Returns how many pairs
    /// were reverted.
    pub fn undo_tandem_confirmation(&self) -> Result<u32> {
        let actor = local_user();
        let mut store = self.store();
        let programme = store.programme()?;
        store.write(|w| {
            let (batch, entries) = w
                .last_tandem_batch(programme.id)?
                .ok_or(ReviewError::NothingToUndo)?;
            let undo = w.open_batch(programme.id, BatchKind::Undo, &actor)?;
            let mut reverted = 0;
            for (tandem_id, old) in entries {
                let Some(tandem) = w.tandem(tandem_id)? else {
                    continue;
                };
                let name = |a: Uuid| -> Result<String> {
                    Ok(w.role_and_name(a)?.map(|(_, n)| n).unwrap_or_default())
                };
                let (leader_name, planner_name) = (name(tandem.leader)?, name(tandem.planner)?);
                let back = if old.is_some() {
                    w.set_tandem_confirmed(tandem_id, false)?;
                    PROPOSED
                } else {
                    w.delete_tandem(tandem_id)?;
                    "Bestätigung zurückgenommen"
                };
                let mut entries = vec![w.audit(
                    &actor,
                    "tandem",
                    tandem_id,
                    &AuditField::Tandem,
                    Some(CONFIRMED),
                    old.as_deref(),
                )?];
                for (id, partner) in [
                    (tandem.leader, &planner_name),
                    (tandem.planner, &leader_name),
                ] {
                    entries.push(w.audit(
                        &actor,
                        "application",
                        id,
                        &AuditField::Tandem,
                        Some(&format!("Tandem mit {partner} bestätigt")),
                        Some(back),
                    )?);
                }
                for entry in entries {
                    w.add_to_batch(undo, entry)?;
                }
                reverted += 1;
            }
            w.mark_undone(batch)?;
            Ok(reverted)
        })
    }

    /// Dissolves a pairing; both applications stay, now solo.
    pub fn dissolve_tandem(&self, id: Uuid) -> Result<()> {
        let actor = local_user();
        self.store().write(|w| dissolve(w, &actor, id))
    }
}

/// The board of a programme as every view sees it (the Übersicht counts it too).
pub(super) fn tandem_board(
    store: &crate::store::Store,
    programme: &crate::model::Programme,
) -> Result<TandemBoard> {
    Ok(board(
        &store.tandem_candidates(programme)?,
        &store.stored_tandems(programme.id)?,
        store.accepts_late(programme.id)?,
    ))
}

fn dissolve(w: &crate::store::Writer<'_>, actor: &str, id: Uuid) -> Result<()> {
    let tandem = w.tandem(id)?.ok_or(ReviewError::TandemNotFound(id))?;
    let name =
        |a: Uuid| -> Result<String> { Ok(w.role_and_name(a)?.map(|(_, n)| n).unwrap_or_default()) };
    let (leader_name, planner_name) = (name(tandem.leader)?, name(tandem.planner)?);
    w.delete_tandem(id)?;
    w.audit(
        actor,
        "application",
        tandem.leader,
        &AuditField::Tandem,
        Some(&format!("Tandem mit {planner_name}")),
        Some("aufgelöst"),
    )?;
    w.audit(
        actor,
        "application",
        tandem.planner,
        &AuditField::Tandem,
        Some(&format!("Tandem mit {leader_name}")),
        Some("aufgelöst"),
    )?;
    Ok(())
}
