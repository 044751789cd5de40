//! The selection assistant: pure. Units (a confirmed tandem, or a solo applicant) +
//! quotas + reviewer scores + locks in, a proposed cohort per track, an ordered
//! waitlist and a diff against the current statuses out.
//!
//! Both tracks are solved in ONE integer program (microlp), because a tandem
//! takes a place in each track and must be selected whole or not at all.
//!
//! Rules, in the order the call gives them:
//! - tandems are whole: a confirmed tandem and one the applicants stated (stored "offen"
//!   or named in the form) are one unit, both or neither; only the app's own pairing
//!   suggestions may be separated, and the proposal names every pair it separates;
//! - fellow places first: per track, each fellow municipality with an eligible applicant
//!   gets exactly one place (never more);
//! - applicants from other municipalities share the track's free places; after the
//!   deadline (option, on by default) the places no fellow municipality claims join them;
//! - existing Zusagen are locked in unless the coordinator unlocks them (option); a
//!   Zusage the proposal takes back is listed with its reason;
//! - no track exceeds its capacity;
//! - every quota holds (min and max per value, per track or both tracks together);
//! - coordinator locks hold (locked in: selected; locked out: neither selected nor
//!   waitlisted);
//! - the sum of reviewer scores is maximised; a missing score counts as
//!   [`NEUTRAL_SCORE`], the middle of the 1–5 scale, so an unreviewed applicant is
//!   neither favoured nor pushed out.
//!
//! Ties: among cohorts with the same score sum, the one whose units arrived earliest
//! wins. Units are ranked by the earliest `received_at` of their members, then by the
//! smallest application id; the objective adds `n - rank` to a unit's weight and scales
//! scores by a factor larger than any sum of those terms, so the tie-break can never
//! outweigh a single score point. All coefficients are integers, which keeps the solver
//! exact.
//!
//! Infeasible quotas: when the cohort program has no solution, one elastic program
//! (a slack variable on every quota row, the hard rules stay hard) minimises the total
//! amount by which quotas must be widened first and maximises the weights second: each
//! person of widening costs more than the weight sum of any cohort, in integers. The
//! proposed relaxation widens each quota exactly as much as the cohort found breaks it,
//! so the relaxation is feasible by construction and the cohort is the best under it
//! (any cohort feasible under it breaks the quotas by no more, so the program compared
//! it). Among the smallest relaxations, this is the one that allows the best cohort.
//! When even the elastic program has no solution, the hard rules alone conflict, and
//! the error names them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::balance::{Candidate, Dimension, Lock, Pool, Violation};
use crate::model::{Status, TrackRole};

mod explain;
mod program;

use explain::{describe, exclusion, explain_hard_conflict, relaxation_message};
use program::{RowKind, rows, solve_cohort, solve_elastic, with_quota_bounds};

/// The score of an application nobody has reviewed yet: the middle of 1–5.
pub const NEUTRAL_SCORE: u8 = 3;

#[derive(Debug, thiserror::Error)]
pub enum SelectionError {
    #[error("Die festen Vorgaben lassen sich nicht gleichzeitig erfüllen: {0}")]
    HardConflict(String),

    #[error("Die Auswahl konnte nicht berechnet werden: {0}")]
    Solver(String),

    #[error("Es gibt keine übernommene Auswahl, die sich rückgängig machen ließe.")]
    NothingToUndo,

    #[error(
        "Der Status einer Bewerbung hat sich inzwischen geändert; es wurde nichts gespeichert. \
         Bitte den Vorschlag neu berechnen."
    )]
    Stale,
}

impl SelectionError {
    pub fn code(&self) -> &'static str {
        match self {
            SelectionError::HardConflict(_) => "selection.hard_conflict",
            SelectionError::Solver(_) => "selection.solver",
            SelectionError::NothingToUndo => "selection.nothing_to_undo",
            SelectionError::Stale => "selection.stale",
        }
    }
}

/// Who may take part beyond the applications that are in the running anyway, and how
/// the places and existing Zusagen are treated.
/// Options a caller leaves out take their defaults (older scripts, the first call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SelectionOptions {
    /// Applications received after the deadline.
    pub include_late: bool,
    /// Applications withdrawn by the applicant.
    pub include_withdrawn: bool,
    /// Applications already turned down (abgesagt).
    pub include_rejected: bool,
    /// After the deadline, fellow places that no fellow municipality claims go to the
    /// free places. On by default.
    pub release_fellow_places: bool,
    /// Existing Zusagen may be taken back. Off by default: a Zusage is locked in.
    pub unlock_zusagen: bool,
}

impl Default for SelectionOptions {
    fn default() -> Self {
        SelectionOptions {
            include_late: false,
            include_withdrawn: false,
            include_rejected: false,
            release_fellow_places: true,
            unlock_zusagen: false,
        }
    }
}

/// One person in a list, with the line that explains why they are there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Entry {
    pub id: Uuid,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackProposal {
    pub track: TrackRole,
    pub name: String,
    /// Proposed Zusagen: fellow places first, then by score.
    pub selected: Vec<Entry>,
    /// In the order people should move up.
    pub waitlist: Vec<Entry>,
    /// Not considered (late, withdrawn, abgesagt, locked out), each with the reason.
    pub excluded: Vec<Entry>,
}

/// A quota widened so that the cohort becomes possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Relaxation {
    pub track: Option<TrackRole>,
    pub dimension: Dimension,
    pub value: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub new_min: Option<u32>,
    pub new_max: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub application_id: Uuid,
    pub name: String,
    pub track: TrackRole,
    pub from: Status,
    pub to: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Proposal {
    pub tracks: Vec<TrackProposal>,
    /// Quotas the proposal breaks (only when they had to be relaxed).
    pub violations: Vec<Violation>,
    /// Empty when every quota could be met.
    pub relaxation: Vec<Relaxation>,
    /// Fellow places nobody claimed that went to the free places, per track.
    pub released: Vec<ReleasedPlaces>,
    /// Every stated or suggested tandem whose partners the proposal separates, and why.
    pub separated: Vec<SeparatedPair>,
    /// Existing Zusagen the proposal takes back (only with `unlock_zusagen`), each with
    /// the reason.
    pub revoked: Vec<Entry>,
    /// What applying the proposal changes.
    pub changes: Vec<StatusChange>,
    /// Things the coordinator should look at by hand.
    pub notes: Vec<String>,
    /// Sum of the (neutral-filled) scores of the proposed cohort.
    pub score_total: u32,
}

/// Fellow places of one track that no fellow municipality claims, given to the free
/// places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReleasedPlaces {
    pub track: TrackRole,
    pub count: u32,
    /// Free places after the release.
    pub free_places: u32,
    pub message: String,
}

/// A tandem whose partners do not share the proposal's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SeparatedPair {
    pub leader: Uuid,
    pub planner: Uuid,
    /// Stated by the applicants or confirmed (`true`), or only the app's suggestion.
    pub stated: bool,
    pub message: String,
}

/// A tandem (two members: confirmed or stated) or a solo applicant (one), as indices into
/// `Pool::candidates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub members: Vec<usize>,
    /// Sum of the members' scores, missing ones counted as [`NEUTRAL_SCORE`].
    pub score: u32,
    /// 0 for the unit that arrived first.
    pub rank: usize,
    pub locked_in: bool,
}

/// Locked in by the coordinator, or holding a Zusage that is not unlocked.
pub fn locked_in(c: &Candidate, options: &SelectionOptions) -> bool {
    c.lock == Some(Lock::In) || (c.status == Status::Zugesagt && !options.unlock_zusagen)
}

pub fn score_of(c: &Candidate) -> u32 {
    u32::from(c.score.unwrap_or(NEUTRAL_SCORE))
}

/// The units of the eligible candidates, ranked by arrival.
pub fn units(pool: &Pool, options: &SelectionOptions) -> Vec<Unit> {
    let mut order: Vec<usize> = (0..pool.candidates.len()).collect();
    let cands = &pool.candidates;
    order.sort_by(|&a, &b| {
        (cands[a].received_at, cands[a].id).cmp(&(cands[b].received_at, cands[b].id))
    });
    let index: HashMap<Uuid, usize> = cands.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut placed = vec![false; cands.len()];
    let mut out = Vec::new();
    for i in order {
        if placed[i] || exclusion(&cands[i], options).is_some() {
            continue;
        }
        let partner = cands[i]
            .tandem
            .and_then(|t| index.get(&t.partner_id).copied())
            .filter(|&p| {
                !placed[p]
                    && exclusion(&cands[p], options).is_none()
                    && cands[p].tandem.is_some_and(|t| t.partner_id == cands[i].id)
                    && cands[p].track != cands[i].track
            });
        let members: Vec<usize> = [Some(i), partner].into_iter().flatten().collect();
        for &m in &members {
            placed[m] = true;
        }
        out.push(Unit {
            score: members.iter().map(|&m| score_of(&cands[m])).sum(),
            rank: out.len(),
            locked_in: members.iter().any(|&m| locked_in(&cands[m], options)),
            members,
        });
    }
    out
}

/// The pool with the quotas widened as a relaxation proposes.
pub fn apply_relaxation(pool: &Pool, relaxation: &[Relaxation]) -> Pool {
    let mut out = pool.clone();
    for r in relaxation {
        for q in out
            .quotas
            .iter_mut()
            .filter(|q| q.track == r.track && q.dimension == r.dimension && q.value == r.value)
        {
            q.min = r.new_min;
            q.max = r.new_max;
        }
    }
    out
}

/// Fellow places per track (index into `Pool::tracks`) that go to the free places: after
/// the deadline and with the option on, every place that is neither free nor claimed by
/// a fellow municipality with an eligible applicant.
pub fn released_places(pool: &Pool, units: &[Unit], options: &SelectionOptions) -> Vec<u32> {
    pool.tracks
        .iter()
        .map(|t| {
            if !(options.release_fellow_places && pool.deadline_passed) {
                return 0;
            }
            let claimed = program::claimed_fellows(pool, units, t.role).len() as u32;
            t.capacity
                .saturating_sub(t.free_places)
                .saturating_sub(claimed)
        })
        .collect()
}

/// Proposes the cohort of every track at once. See the module docs for the rules.
pub fn propose(pool: &Pool, options: &SelectionOptions) -> Result<Proposal, SelectionError> {
    let units = units(pool, options);
    let released = released_places(pool, &units, options);
    let original_rows = rows(pool, &units, &released);
    // The rows the cohort was solved under: the original ones, or the widened ones.
    let (chosen, relaxation, solved_rows) = match solve_cohort(pool, &units, &original_rows)? {
        Some(chosen) => (chosen, Vec::new(), original_rows),
        None => {
            let Some((chosen, slack)) = solve_elastic(pool, &units, &original_rows)? else {
                return Err(SelectionError::HardConflict(explain_hard_conflict(
                    pool,
                    options,
                    &units,
                    &original_rows,
                )));
            };
            let relaxation: Vec<Relaxation> = slack
                .into_iter()
                .filter_map(|(r, under, over)| {
                    let RowKind::Quota(q) = original_rows[r].kind else {
                        return None;
                    };
                    let quota = &pool.quotas[q];
                    let new_min = quota.min.map(|m| m.saturating_sub(under));
                    let new_max = quota.max.map(|m| m + over);
                    Some(Relaxation {
                        track: quota.track,
                        dimension: quota.dimension,
                        value: quota.value.clone(),
                        min: quota.min,
                        max: quota.max,
                        new_min,
                        new_max,
                        message: relaxation_message(pool, quota, new_min, new_max),
                    })
                })
                .collect();
            let relaxed = apply_relaxation(pool, &relaxation);
            let relaxed_rows = with_quota_bounds(&original_rows, &relaxed);
            (chosen, relaxation, relaxed_rows)
        }
    };
    Ok(describe(
        pool,
        options,
        &units,
        &solved_rows,
        &chosen,
        &released,
        relaxation,
    ))
}
