//! Tandems: the board of stored pairings, proposals and warnings; and the coordinator's
//! decisions (confirm, change, dissolve), each audited on both applications.

use uuid::Uuid;

use crate::Kohorte;
use crate::audit::AuditField;
use crate::error::Result;
use crate::model::TrackRole;
use crate::review::{ReviewError, local_user};
use crate::tandem::{TandemBoard, board};

impl Kohorte {
    /// Stored pairings, proposals for the rest, unpaired applicants and warnings.
    pub fn tandems(&self) -> Result<TandemBoard> {
        let store = self.store();
        let programme = store.programme()?;
        let candidates = store.tandem_candidates(programme.id)?;
        let stored = store.stored_tandems(programme.id)?;
        Ok(board(&candidates, &stored))
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

    /// Dissolves a pairing; both applications stay, now solo.
    pub fn dissolve_tandem(&self, id: Uuid) -> Result<()> {
        let actor = local_user();
        self.store().write(|w| dissolve(w, &actor, id))
    }
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
