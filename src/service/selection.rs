//! The facade of the balance report and the selection assistant: load from the store,
//! call the pure parts, write back in one transaction with the audit trail.

use std::path::Path;

use uuid::Uuid;

use crate::Kohorte;
use crate::audit::BatchKind;
use crate::balance::{BalanceReport, Candidate, Lock, Pool, Quota, add_unstored_tandems, balance};
use crate::error::Result;
use crate::model::Programme;
use crate::model::{Status, TrackRole};
use crate::quota_csv::{QuotaError, parse_quotas, write_quotas};
use crate::review::local_user;
use crate::selection::{Proposal, SelectionError, SelectionOptions, StatusChange, propose};
use crate::store::Store;

/// What applying a proposal did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Applied {
    /// The change batch that undo reverts.
    pub run_id: Uuid,
    pub changes: Vec<StatusChange>,
}

/// The pool as of today, with the tandems named in the form (stated: one unit) and the
/// app's own suggestions (may be separated) added to the stored ones.
pub(super) fn full_pool(store: &Store, programme: &Programme) -> Result<Pool> {
    let mut pool = store.pool(programme, chrono::Local::now().date_naive())?;
    let board = super::tandem::tandem_board(store, programme)?;
    add_unstored_tandems(&mut pool, &board.pairs);
    Ok(pool)
}

impl Kohorte {
    /// The balance report of the current statuses and quotas.
    pub fn balance(&self) -> Result<BalanceReport> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(balance(&full_pool(&store, &programme)?))
    }

    /// Every application as balance and selection see it, with its lock: the list the
    /// coordinator locks people in or out from.
    pub fn candidates(&self) -> Result<Vec<Candidate>> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(full_pool(&store, &programme)?.candidates)
    }

    pub fn quotas(&self) -> Result<Vec<Quota>> {
        let store = self.store();
        let programme = store.programme()?;
        store.quotas(programme.id)
    }

    /// Replaces the quotas of one scope (a track, or both together with `None`).
    pub fn set_quotas(&self, scope: Option<TrackRole>, quotas: &[Quota]) -> Result<()> {
        let mut store = self.store();
        let programme = store.programme()?;
        let quotas: Vec<Quota> = quotas
            .iter()
            .map(|q| Quota {
                track: scope,
                ..q.clone()
            })
            .collect();
        store.replace_quotas(programme.id, scope, &quotas, &local_user())
    }

    /// Reads a categories CSV; nothing is stored unless every row is valid.
    pub fn import_quotas(&self, path: &Path, scope: Option<TrackRole>) -> Result<Vec<Quota>> {
        let bytes = std::fs::read(path).map_err(|e| QuotaError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let bands = {
            let store = self.store();
            let programme = store.programme()?;
            store.experience_bands(programme.id)?
        };
        let quotas = parse_quotas(&bytes, scope, &bands)?;
        self.set_quotas(scope, &quotas)?;
        Ok(quotas)
    }

    /// Writes the quotas of one scope as a categories CSV.
    pub fn export_quotas(&self, path: &Path, scope: Option<TrackRole>) -> Result<usize> {
        let quotas: Vec<Quota> = self
            .quotas()?
            .into_iter()
            .filter(|q| q.track == scope)
            .collect();
        std::fs::write(path, write_quotas(&quotas)).map_err(|e| QuotaError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Ok(quotas.len())
    }

    pub fn set_lock(&self, application_id: Uuid, lock: Option<Lock>) -> Result<()> {
        self.store().set_lock(application_id, lock, &local_user())
    }

    /// The assistant's proposal for the current data. Writes nothing.
    pub fn propose_selection(&self, options: &SelectionOptions) -> Result<Proposal> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(propose(&full_pool(&store, &programme)?, options)?)
    }

    /// Computes the proposal and applies its changes in one transaction, holding the
    /// store's lock throughout so nothing can change in between.
    pub fn apply_selection(&self, options: &SelectionOptions) -> Result<(Proposal, Applied)> {
        let mut store = self.store();
        let programme = store.programme()?;
        let proposal = propose(&full_pool(&store, &programme)?, options)?;
        if !proposal.changes.is_empty() {
            self.backup_locked(&store, crate::backup::BackupReason::Selection)?;
        }
        let run_id = store.apply_selection(programme.id, &proposal.changes, &local_user())?;
        let changes = proposal.changes.clone();
        Ok((proposal, Applied { run_id, changes }))
    }

    /// Reverts the last applied proposal; returns (application, from, to) per change.
    pub fn undo_selection(&self) -> Result<Vec<(Uuid, Status, Status)>> {
        let actor = local_user();
        let mut store = self.store();
        let programme_id = store.programme()?.id;
        store.write(|w| {
            let undone = w
                .undo_batch(programme_id, BatchKind::Selection, &actor)?
                .ok_or(SelectionError::NothingToUndo)?;
            Ok(undone.reverted)
        })
    }
}
