//! The integer program of the assistant (good_lp + microlp): one row per capacity, free
//! places, fellow place and quota; the cohort that maximises the weights; the smallest
//! widening of the quotas when they cannot all hold; and which waiting units could move
//! up without breaking a row. See the parent module for the rules.

use std::collections::BTreeMap;

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp,
    variable,
};
use uuid::Uuid;

use super::{SelectionError, Unit};
use crate::balance::{Candidate, Pool, value_of};
use crate::model::TrackRole;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RowKind {
    /// Index into `Pool::tracks`.
    Capacity(usize),
    /// Index into `Pool::tracks`; the bound includes released fellow places.
    FreePlaces(usize),
    /// Track index and the fellow municipality.
    Fellow(usize, Uuid),
    Quota(usize),
}

/// One linear row: lo <= sum(coef * x_unit) <= hi.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) kind: RowKind,
    pub(super) terms: Vec<(usize, f64)>,
    pub(super) lo: Option<f64>,
    pub(super) hi: Option<f64>,
}

/// Fellow municipalities with an eligible applicant in track `role`: each takes one place.
pub(super) fn claimed_fellows(pool: &Pool, units: &[Unit], role: TrackRole) -> Vec<Uuid> {
    let cands = &pool.candidates;
    let mut fellows: Vec<Uuid> = units
        .iter()
        .flat_map(|u| &u.members)
        .map(|&m| &cands[m])
        .filter(|c| c.fellow && c.track == role)
        .map(|c| c.municipality_id)
        .collect();
    fellows.sort();
    fellows.dedup();
    fellows
}

/// The rows; `released[t]` fellow places of track `t` go to its free places.
pub(super) fn rows(pool: &Pool, units: &[Unit], released: &[u32]) -> Vec<Row> {
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
    for (t, track) in pool.tracks.iter().enumerate() {
        let role = track.role;
        out.push(Row {
            kind: RowKind::Capacity(t),
            terms: count_terms(&|c| c.track == role),
            lo: None,
            hi: Some(f64::from(track.capacity)),
        });
        let extra = released.get(t).copied().unwrap_or(0);
        out.push(Row {
            kind: RowKind::FreePlaces(t),
            terms: count_terms(&|c| c.track == role && !c.fellow),
            lo: None,
            hi: Some(f64::from(track.free_places + extra)),
        });
        for municipality in claimed_fellows(pool, units, role) {
            // Exactly one: the guaranteed place is kept, and not doubled.
            out.push(Row {
                kind: RowKind::Fellow(t, municipality),
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

pub(super) fn expression(terms: &[(usize, f64)], xs: &[Variable]) -> Expression {
    terms.iter().map(|&(u, coef)| coef * xs[u]).sum()
}

pub(super) fn unit_variables(vars: &mut ProblemVariables, units: &[Unit]) -> Vec<Variable> {
    units
        .iter()
        .map(|u| {
            let def = variable().binary();
            vars.add(if u.locked_in { def.min(1) } else { def })
        })
        .collect()
}

/// Objective weights: score first, arrival rank only to break ties (see module docs).
pub(super) fn weights(pool: &Pool, units: &[Unit]) -> Vec<f64> {
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
pub(super) fn solve_cohort(
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
pub(super) type Slack = (usize, u32, u32);

/// Minimises the total widening of quota rows; returns per quota row (index into
/// `rows`) how much its min must drop and its max must rise. `None`: the hard rules
/// alone conflict.
pub(super) fn minimal_slack(
    units: &[Unit],
    rows: &[Row],
) -> Result<Option<Vec<Slack>>, SelectionError> {
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

/// For every waiting unit: `None` if it could take the place of a selected unit with the
/// same tracks (or a spare place) without breaking any row; otherwise the rows (index
/// into `rows`, and whether the upper bound is broken) that the least harmful such move
/// would break. `None` as well for selected units.
pub(super) fn blocking_rows(
    units: &[Unit],
    rows: &[Row],
    chosen: &[bool],
    pool: &Pool,
) -> Vec<Option<Vec<(usize, bool)>>> {
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
    let broken = |delta: &BTreeMap<usize, f64>| -> Vec<(usize, bool)> {
        delta
            .iter()
            .filter_map(|(&r, &d)| {
                let value = activity[r] + d;
                if rows[r].hi.is_some_and(|hi| value > hi + 1e-9) {
                    Some((r, true))
                } else if rows[r].lo.is_some_and(|lo| value < lo - 1e-9) {
                    Some((r, false))
                } else {
                    None
                }
            })
            .collect()
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
                return None;
            }
            let mut added = BTreeMap::new();
            for &(r, c) in &touch[u] {
                *added.entry(r).or_insert(0.0) += c;
            }
            let alone = broken(&added);
            if alone.is_empty() {
                return None;
            }
            let mine = footprint(&units[u]);
            let mut best: Option<Vec<(usize, bool)>> = None;
            for v in (0..units.len())
                .filter(|&v| chosen[v] && !units[v].locked_in && footprint(&units[v]) == mine)
            {
                let mut delta = added.clone();
                for &(r, c) in &touch[v] {
                    *delta.entry(r).or_insert(0.0) -= c;
                }
                let b = broken(&delta);
                if b.is_empty() {
                    return None;
                }
                if best.as_ref().is_none_or(|x| b.len() < x.len()) {
                    best = Some(b);
                }
            }
            // A swap names the rule that really stands in the way; adding alone only
            // says that the places are taken.
            Some(best.unwrap_or(alone))
        })
        .collect()
}
