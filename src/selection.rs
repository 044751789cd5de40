//! The selection assistant: pure. Units (a confirmed tandem, or a solo applicant) +
//! quotas + reviewer scores + locks in, a proposed cohort per track, an ordered
//! waitlist and a diff against the current statuses out.
//!
//! Both tracks are solved in ONE integer program (good_lp + microlp), because a tandem
//! takes a place in each track and must be selected whole or not at all.
//!
//! Rules, in the order the call gives them:
//! - fellow places first: per track, each fellow municipality with an eligible applicant
//!   gets exactly one place (never more);
//! - applicants from other municipalities share the track's free places;
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
//! Infeasible quotas: a first program minimises the total amount by which quotas must
//! be widened (elastic variables on every quota row, the hard rules stay hard); the
//! widened quotas are the proposed relaxation, and the cohort is then solved under them,
//! so the relaxation is feasible by construction.

use std::collections::{BTreeMap, HashMap};

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp,
    variable,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::balance::{
    Candidate, Dimension, Lock, Pool, Quota, Violation, place_violations, quota_violations,
    value_label, value_of,
};
use crate::model::{Status, TrackRole};

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

/// Who may take part beyond the applications that are in the running anyway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SelectionOptions {
    /// Applications received after the deadline.
    pub include_late: bool,
    /// Applications withdrawn by the applicant.
    pub include_withdrawn: bool,
    /// Applications already turned down (abgesagt).
    pub include_rejected: bool,
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
    /// What applying the proposal changes.
    pub changes: Vec<StatusChange>,
    /// Things the coordinator should look at by hand.
    pub notes: Vec<String>,
    /// Sum of the (neutral-filled) scores of the proposed cohort.
    pub score_total: u32,
}

/// A confirmed tandem (two members) or a solo applicant (one), as indices into
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

pub fn score_of(c: &Candidate) -> u32 {
    u32::from(c.score.unwrap_or(NEUTRAL_SCORE))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RowKind {
    Capacity,
    FreePlaces,
    Fellow,
    Quota(usize),
}

/// One linear row: lo <= sum(coef * x_unit) <= hi.
#[derive(Debug, Clone)]
struct Row {
    kind: RowKind,
    terms: Vec<(usize, f64)>,
    lo: Option<f64>,
    hi: Option<f64>,
}

/// Why a candidate does not take part, or `None` if it does.
fn exclusion(c: &Candidate, options: &SelectionOptions) -> Option<&'static str> {
    if c.lock == Some(Lock::Out) {
        return Some("vom Koordinationsteam ausgeschlossen");
    }
    let locked_in = c.lock == Some(Lock::In);
    match c.status {
        Status::Zurueckgezogen if !options.include_withdrawn => {
            return Some("Bewerbung zurückgezogen");
        }
        Status::Abgesagt if !options.include_rejected && !locked_in => {
            return Some("bereits abgesagt");
        }
        _ => {}
    }
    // An earlier Zusage or a lock means the coordinator has already let them in.
    if c.late && !options.include_late && !locked_in && c.status != Status::Zugesagt {
        return Some("Bewerbung nach der Frist eingegangen");
    }
    None
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
            .filter(|t| t.confirmed)
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
            locked_in: members.iter().any(|&m| cands[m].lock == Some(Lock::In)),
            members,
        });
    }
    out
}

fn rows(pool: &Pool, units: &[Unit]) -> Vec<Row> {
    let cands = &pool.candidates;
    let count_terms = |pred: &dyn Fn(&Candidate) -> bool| -> Vec<(usize, f64)> {
        units
            .iter()
            .enumerate()
            .filter_map(|(u, unit)| {
                let n = unit.members.iter().filter(|&&m| pred(&cands[m])).count();
                (n > 0).then_some((u, n as f64))
            })
            .collect()
    };
    let mut out = Vec::new();
    for track in &pool.tracks {
        let role = track.role;
        out.push(Row {
            kind: RowKind::Capacity,
            terms: count_terms(&|c| c.track == role),
            lo: None,
            hi: Some(f64::from(track.capacity)),
        });
        out.push(Row {
            kind: RowKind::FreePlaces,
            terms: count_terms(&|c| c.track == role && !c.fellow),
            lo: None,
            hi: Some(f64::from(track.free_places)),
        });
        let mut fellows: Vec<Uuid> = units
            .iter()
            .flat_map(|u| &u.members)
            .map(|&m| &cands[m])
            .filter(|c| c.fellow && c.track == role)
            .map(|c| c.municipality_id)
            .collect();
        fellows.sort();
        fellows.dedup();
        for municipality in fellows {
            // Exactly one: the guaranteed place is kept, and not doubled.
            out.push(Row {
                kind: RowKind::Fellow,
                terms: count_terms(&|c| {
                    c.track == role && c.fellow && c.municipality_id == municipality
                }),
                lo: Some(1.0),
                hi: Some(1.0),
            });
        }
    }
    for (q, quota) in pool.quotas.iter().enumerate() {
        out.push(Row {
            kind: RowKind::Quota(q),
            terms: count_terms(&|c| {
                quota.track.is_none_or(|t| c.track == t)
                    && value_of(c, quota.dimension, &pool.bands) == quota.value
            }),
            lo: quota.min.map(f64::from),
            hi: quota.max.map(f64::from),
        });
    }
    out
}

fn expression(terms: &[(usize, f64)], xs: &[Variable]) -> Expression {
    terms.iter().map(|&(u, coef)| coef * xs[u]).sum()
}

fn unit_variables(vars: &mut ProblemVariables, units: &[Unit]) -> Vec<Variable> {
    units
        .iter()
        .map(|u| {
            let def = variable().binary();
            vars.add(if u.locked_in { def.min(1) } else { def })
        })
        .collect()
}

/// Objective weights: score first, arrival rank only to break ties (see module docs).
fn weights(pool: &Pool, units: &[Unit]) -> Vec<f64> {
    let n = units.len() as u64;
    let places: u64 = pool.tracks.iter().map(|t| u64::from(t.capacity)).sum();
    // At most `places` units are selected, each adding at most `n`: below one point.
    let scale = places.max(1) * n + 1;
    units
        .iter()
        .map(|u| (u64::from(u.score) * scale + (n - u.rank as u64)) as f64)
        .collect()
}

/// Maximises the weights under all rows; `None` when the rows cannot all hold.
fn solve_cohort(
    pool: &Pool,
    units: &[Unit],
    rows: &[Row],
) -> Result<Option<Vec<bool>>, SelectionError> {
    let mut vars = ProblemVariables::new();
    let xs = unit_variables(&mut vars, units);
    let objective: Expression = weights(pool, units)
        .into_iter()
        .zip(&xs)
        .map(|(w, &x)| w * x)
        .sum();
    let mut problem = vars.maximise(objective).using(microlp);
    for row in rows {
        let expr = expression(&row.terms, &xs);
        if let Some(lo) = row.lo {
            problem = problem.with(expr.clone().geq(lo));
        }
        if let Some(hi) = row.hi {
            problem = problem.with(expr.leq(hi));
        }
    }
    match problem.solve() {
        Ok(solution) => Ok(Some(xs.iter().map(|&x| solution.value(x) > 0.5).collect())),
        Err(ResolutionError::Infeasible) => Ok(None),
        Err(e) => Err(SelectionError::Solver(e.to_string())),
    }
}

/// (row index, how much its min drops, how much its max rises)
type Slack = (usize, u32, u32);

/// Minimises the total widening of quota rows; returns per quota row (index into
/// `rows`) how much its min must drop and its max must rise. `None`: the hard rules
/// alone conflict.
fn minimal_slack(units: &[Unit], rows: &[Row]) -> Result<Option<Vec<Slack>>, SelectionError> {
    let mut vars = ProblemVariables::new();
    let xs = unit_variables(&mut vars, units);
    let mut slacks = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if matches!(row.kind, RowKind::Quota(_)) {
            let under = row.lo.map(|_| vars.add(variable().integer().min(0)));
            let over = row.hi.map(|_| vars.add(variable().integer().min(0)));
            slacks.push((r, under, over));
        }
    }
    let total: Expression = slacks
        .iter()
        .flat_map(|(_, u, o)| [*u, *o])
        .flatten()
        .map(Expression::from)
        .sum();
    let mut problem = vars.minimise(total).using(microlp);
    for (r, row) in rows.iter().enumerate() {
        let expr = expression(&row.terms, &xs);
        let slack = slacks.iter().find(|(i, _, _)| *i == r);
        if let Some(lo) = row.lo {
            let under = slack.and_then(|s| s.1);
            let lhs = match under {
                Some(s) => expr.clone() + s,
                None => expr.clone(),
            };
            problem = problem.with(lhs.geq(lo));
        }
        if let Some(hi) = row.hi {
            let over = slack.and_then(|s| s.2);
            let lhs = match over {
                Some(s) => expr - s,
                None => expr,
            };
            problem = problem.with(lhs.leq(hi));
        }
    }
    let solution = match problem.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => return Ok(None),
        Err(e) => return Err(SelectionError::Solver(e.to_string())),
    };
    let amount = |v: Option<Variable>| v.map_or(0, |v| solution.value(v).round().max(0.0) as u32);
    Ok(Some(
        slacks
            .into_iter()
            .map(|(r, u, o)| (r, amount(u), amount(o)))
            .filter(|&(_, u, o)| u > 0 || o > 0)
            .collect(),
    ))
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

/// Names the hard rules that cannot hold together, as far as simple counting can tell.
fn explain_hard_conflict(pool: &Pool, units: &[Unit], rows: &[Row]) -> String {
    let cands = &pool.candidates;
    let mut reasons = Vec::new();
    for track in &pool.tracks {
        let locked: Vec<&Candidate> = units
            .iter()
            .filter(|u| u.locked_in)
            .flat_map(|u| &u.members)
            .map(|&m| &cands[m])
            .filter(|c| c.track == track.role)
            .collect();
        if locked.len() as u32 > track.capacity {
            reasons.push(format!(
                "{}: {} fest eingeplant, aber nur {} Plätze",
                track.name,
                locked.len(),
                track.capacity
            ));
        }
        let free = locked.iter().filter(|c| !c.fellow).count() as u32;
        if free > track.free_places {
            reasons.push(format!(
                "{}: {free} fest eingeplant auf freien Plätzen, aber nur {} freie Plätze",
                track.name, track.free_places
            ));
        }
        let mut per_fellow: BTreeMap<&str, u32> = BTreeMap::new();
        for c in locked.iter().filter(|c| c.fellow) {
            *per_fellow.entry(c.municipality.as_str()).or_default() += 1;
        }
        for (name, n) in per_fellow.into_iter().filter(|(_, n)| *n > 1) {
            reasons.push(format!(
                "{}: {n} fest eingeplant aus der Fellow-Kommune {name}, vorgesehen ist 1 Platz",
                track.name
            ));
        }
    }
    let fellow_rows = rows.iter().filter(|r| r.kind == RowKind::Fellow).count();
    let capacity: u32 = pool.tracks.iter().map(|t| t.capacity).sum();
    if fellow_rows as u32 > capacity {
        reasons.push(format!(
            "{fellow_rows} Fellow-Plätze, aber nur {capacity} Plätze insgesamt"
        ));
    }
    if reasons.is_empty() {
        "Plätze, Fellow-Plätze, Tandems und Sperren widersprechen sich; bitte Sperren prüfen".into()
    } else {
        reasons.join("; ")
    }
}

fn relaxation_message(
    pool: &Pool,
    q: &Quota,
    new_min: Option<u32>,
    new_max: Option<u32>,
) -> String {
    let scope = pool.scope_name(q.track);
    let what = format!(
        "{} „{}“",
        q.dimension.label(),
        value_label(q.dimension, &q.value)
    );
    let mut parts = Vec::new();
    if new_min != q.min {
        parts.push(format!(
            "mindestens {} statt {}",
            new_min.unwrap_or(0),
            q.min.unwrap_or(0)
        ));
    }
    if new_max != q.max {
        parts.push(format!(
            "höchstens {} statt {}",
            new_max.unwrap_or(0),
            q.max.unwrap_or(0)
        ));
    }
    format!(
        "{scope}: Quote {what} ist mit den übrigen Vorgaben nicht erfüllbar; Vorschlag: {}",
        parts.join(", ")
    )
}

/// Proposes the cohort of every track at once. See the module docs for the rules.
pub fn propose(pool: &Pool, options: &SelectionOptions) -> Result<Proposal, SelectionError> {
    let units = units(pool, options);
    let original_rows = rows(pool, &units);
    let (chosen, relaxation, solved_pool) = match solve_cohort(pool, &units, &original_rows)? {
        Some(chosen) => (chosen, Vec::new(), pool.clone()),
        None => {
            let Some(slack) = minimal_slack(&units, &original_rows)? else {
                return Err(SelectionError::HardConflict(explain_hard_conflict(
                    pool,
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
            let relaxed_rows = rows(&relaxed, &units);
            let chosen = solve_cohort(&relaxed, &units, &relaxed_rows)?.ok_or_else(|| {
                SelectionError::Solver("die vorgeschlagene Lockerung reicht nicht aus".into())
            })?;
            (chosen, relaxation, relaxed)
        }
    };
    let solved_rows = rows(&solved_pool, &units);
    Ok(describe(
        pool,
        options,
        &units,
        &solved_rows,
        &chosen,
        relaxation,
    ))
}

/// Which waiting units could take the place of a selected unit with the same tracks
/// (or a spare place) without breaking any row.
fn keeps_rules(units: &[Unit], rows: &[Row], chosen: &[bool], pool: &Pool) -> Vec<bool> {
    let mut touch: Vec<Vec<(usize, f64)>> = vec![Vec::new(); units.len()];
    let mut activity = vec![0.0; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        for &(u, coef) in &row.terms {
            touch[u].push((r, coef));
            if chosen[u] {
                activity[r] += coef;
            }
        }
    }
    let holds = |delta: &BTreeMap<usize, f64>| {
        delta.iter().all(|(&r, &d)| {
            let value = activity[r] + d;
            rows[r].lo.is_none_or(|lo| value >= lo - 1e-9)
                && rows[r].hi.is_none_or(|hi| value <= hi + 1e-9)
        })
    };
    let footprint = |u: &Unit| {
        let mut tracks: Vec<&str> = u
            .members
            .iter()
            .map(|&m| pool.candidates[m].track.key())
            .collect();
        tracks.sort();
        tracks
    };
    (0..units.len())
        .map(|u| {
            if chosen[u] {
                return false;
            }
            let mut added = BTreeMap::new();
            for &(r, c) in &touch[u] {
                *added.entry(r).or_insert(0.0) += c;
            }
            if holds(&added) {
                return true;
            }
            let mine = footprint(&units[u]);
            (0..units.len())
                .filter(|&v| chosen[v] && !units[v].locked_in && footprint(&units[v]) == mine)
                .any(|v| {
                    let mut delta = added.clone();
                    for &(r, c) in &touch[v] {
                        *delta.entry(r).or_insert(0.0) -= c;
                    }
                    holds(&delta)
                })
        })
        .collect()
}

fn describe(
    pool: &Pool,
    options: &SelectionOptions,
    units: &[Unit],
    rows: &[Row],
    chosen: &[bool],
    relaxation: Vec<Relaxation>,
) -> Proposal {
    let cands = &pool.candidates;
    let score_text = |c: &Candidate| match c.score {
        Some(s) => format!("Bewertung {s}"),
        None => format!("noch unbewertet (neutral {NEUTRAL_SCORE})"),
    };
    let partner_text = |unit: &Unit, m: usize| {
        unit.members
            .iter()
            .find(|&&o| o != m)
            .map(|&o| format!("im Tandem mit {}", cands[o].name))
            .or_else(|| {
                cands[m].tandem.filter(|t| t.confirmed).map(|_| {
                    "solo, da die Tandempartnerin/der Tandempartner nicht teilnimmt".into()
                })
            })
    };
    let keeps = keeps_rules(units, rows, chosen, pool);
    let mut waiting: Vec<usize> = (0..units.len()).filter(|&u| !chosen[u]).collect();
    let weights = weights(pool, units);
    // Units that can move up without breaking a rule first, then by weight (score,
    // then arrival).
    waiting.sort_by(|&a, &b| {
        keeps[b]
            .cmp(&keeps[a])
            .then(weights[b].total_cmp(&weights[a]))
    });
    let mut selected_units: Vec<usize> = (0..units.len()).filter(|&u| chosen[u]).collect();
    selected_units.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));

    let mut tracks = Vec::new();
    for track in &pool.tracks {
        let role = track.role;
        let members_in = |u: usize| {
            units[u]
                .members
                .iter()
                .copied()
                .filter(move |&m| cands[m].track == role)
        };
        // Fellow places first, then the free places, each by score.
        let mut selected: Vec<usize> = selected_units.iter().flat_map(|&u| members_in(u)).collect();
        selected.sort_by_key(|&m| !cands[m].fellow);
        let unit_of: HashMap<usize, usize> = units
            .iter()
            .enumerate()
            .flat_map(|(u, unit)| unit.members.iter().map(move |&m| (m, u)))
            .collect();
        let selected = selected
            .into_iter()
            .map(|m| {
                let c = &cands[m];
                let unit = &units[unit_of[&m]];
                let mut parts = Vec::new();
                if c.lock == Some(Lock::In) {
                    parts.push("vom Koordinationsteam fest eingeplant".to_string());
                } else if unit.locked_in {
                    parts.push("Tandempartner:in fest eingeplant".to_string());
                }
                parts.push(if c.fellow {
                    format!("Fellow-Platz ({})", c.municipality)
                } else {
                    "freier Platz".into()
                });
                parts.push(score_text(c));
                parts.extend(partner_text(unit, m));
                Entry {
                    id: c.id,
                    name: c.name.clone(),
                    reason: capitalise(&parts.join(", ")),
                }
            })
            .collect();
        let waitlist = waiting
            .iter()
            .flat_map(|&u| members_in(u).map(move |m| (u, m)))
            .enumerate()
            .map(|(position, (u, m))| {
                let c = &cands[m];
                let mut parts = vec![format!("Warteliste Platz {}", position + 1), score_text(c)];
                parts.extend(partner_text(&units[u], m));
                parts.push(if keeps[u] {
                    "kann nachrücken, ohne eine Quote zu verletzen".into()
                } else {
                    "würde beim Nachrücken eine Quote oder Platzregel verletzen".into()
                });
                Entry {
                    id: c.id,
                    name: c.name.clone(),
                    reason: parts.join(", "),
                }
            })
            .collect();
        let excluded = cands
            .iter()
            .filter(|c| c.track == role)
            .filter_map(|c| {
                exclusion(c, options).map(|why| Entry {
                    id: c.id,
                    name: c.name.clone(),
                    reason: capitalise(why),
                })
            })
            .collect();
        tracks.push(TrackProposal {
            track: role,
            name: track.name.clone(),
            selected,
            waitlist,
            excluded,
        });
    }

    let mut changes = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let to = if chosen[u] {
            Status::Zugesagt
        } else {
            Status::Warteliste
        };
        for &m in &unit.members {
            let c = &cands[m];
            if c.status != to {
                changes.push(StatusChange {
                    application_id: c.id,
                    name: c.name.clone(),
                    track: c.track,
                    from: c.status,
                    to,
                });
            }
        }
    }
    changes.sort_by(|a, b| (a.track.key(), &a.name).cmp(&(b.track.key(), &b.name)));

    let mut notes = Vec::new();
    for c in cands {
        if exclusion(c, options).is_some() && c.status == Status::Zugesagt {
            notes.push(format!(
                "{} hat eine Zusage, ist aber ausgeschlossen ({}); der Status bleibt \
                 unverändert, bitte von Hand prüfen",
                c.name,
                exclusion(c, options).unwrap_or_default()
            ));
        }
        if c.lock == Some(Lock::In) && exclusion(c, options).is_some() {
            notes.push(format!(
                "{} ist fest eingeplant, nimmt aber nicht teil ({})",
                c.name,
                exclusion(c, options).unwrap_or_default()
            ));
        }
    }

    let selected_cands = units
        .iter()
        .zip(chosen)
        .filter(|(_, c)| **c)
        .flat_map(|(u, _)| &u.members)
        .map(|&m| &cands[m]);
    let waiting_cands = units.iter().flat_map(|u| &u.members).map(|&m| &cands[m]);
    let mut violations = place_violations(pool, selected_cands.clone(), waiting_cands);
    violations.extend(quota_violations(pool, selected_cands.clone()));
    Proposal {
        tracks,
        violations,
        relaxation,
        changes,
        notes,
        score_total: selected_cands.map(score_of).sum(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
