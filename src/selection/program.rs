//! The integer program of the assistant (microlp): one row per capacity, free
//! places, fellow place and quota; the cohort that maximises the weights; the smallest
//! widening of the quotas when they cannot all hold; and which waiting units could move
//! up without breaking a row. See the parent module for the rules.

use std::collections::HashMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, Variable};
use uuid::Uuid;

use super::{SelectionError, Unit};
use crate::balance::{Dimension, Pool, value_of};
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
///
/// Built in one pass over the units: each member is looked up once per dimension with a
/// quota (not once per row), and a row's terms come out in unit order, each unit once
/// with the number of its members the row counts.
pub(super) fn rows(pool: &Pool, units: &[Unit], released: &[u32]) -> Vec<Row> {
    let cands = &pool.candidates;
    let mut out = Vec::new();
    let row = |kind, lo, hi| Row {
        kind,
        terms: Vec::new(),
        lo,
        hi,
    };
    // Rows a candidate of a track counts in: capacity (all), free places (not fellow),
    // and the fellow place of its municipality (fellow).
    let mut capacity: HashMap<TrackRole, Vec<usize>> = HashMap::new();
    let mut free: HashMap<TrackRole, Vec<usize>> = HashMap::new();
    let mut fellow: HashMap<(TrackRole, Uuid), Vec<usize>> = HashMap::new();
    for (t, track) in pool.tracks.iter().enumerate() {
        let role = track.role;
        capacity.entry(role).or_default().push(out.len());
        out.push(row(
            RowKind::Capacity(t),
            None,
            Some(f64::from(track.capacity)),
        ));
        let extra = released.get(t).copied().unwrap_or(0);
        free.entry(role).or_default().push(out.len());
        out.push(row(
            RowKind::FreePlaces(t),
            None,
            Some(f64::from(track.free_places + extra)),
        ));
        for municipality in claimed_fellows(pool, units, role) {
            // Exactly one: the guaranteed place is kept, and not doubled.
            fellow
                .entry((role, municipality))
                .or_default()
                .push(out.len());
            out.push(row(RowKind::Fellow(t, municipality), Some(1.0), Some(1.0)));
        }
    }
    // The quota rows per dimension and value.
    let mut quotas: HashMap<Dimension, HashMap<&str, Vec<usize>>> = HashMap::new();
    for (q, quota) in pool.quotas.iter().enumerate() {
        quotas
            .entry(quota.dimension)
            .or_default()
            .entry(quota.value.as_str())
            .or_default()
            .push(out.len());
        out.push(row(
            RowKind::Quota(q),
            quota.min.map(f64::from),
            quota.max.map(f64::from),
        ));
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        counts.clear();
        let mut count = |r: usize| match counts.iter_mut().find(|(row, _)| *row == r) {
            Some((_, n)) => *n += 1,
            None => counts.push((r, 1)),
        };
        for &m in &unit.members {
            let c = &cands[m];
            let place_rows = if c.fellow {
                fellow.get(&(c.track, c.municipality_id))
            } else {
                free.get(&c.track)
            };
            for &r in capacity
                .get(&c.track)
                .into_iter()
                .chain(place_rows)
                .flatten()
            {
                count(r);
            }
            for (&dimension, by_value) in &quotas {
                let value = value_of(c, dimension, &pool.bands);
                for &r in by_value.get(value.as_str()).into_iter().flatten() {
                    let RowKind::Quota(q) = out[r].kind else {
                        continue;
                    };
                    if pool.quotas[q].track.is_none_or(|t| c.track == t) {
                        count(r);
                    }
                }
            }
        }
        for &(r, n) in &counts {
            out[r].terms.push((u, n as f64));
        }
    }
    out
}

/// `rows` (made for `pool`'s quotas before they were widened) with the quota bounds of
/// `widened`: the terms do not depend on the bounds.
pub(super) fn with_quota_bounds(rows: &[Row], widened: &Pool) -> Vec<Row> {
    rows.iter()
        .map(|row| match row.kind {
            RowKind::Quota(q) => Row {
                lo: widened.quotas[q].min.map(f64::from),
                hi: widened.quotas[q].max.map(f64::from),
                ..row.clone()
            },
            _ => row.clone(),
        })
        .collect()
}

/// The row's terms over the units that have a variable.
fn expression(terms: &[(usize, f64)], xs: &[Option<Variable>]) -> Vec<(Variable, f64)> {
    terms
        .iter()
        .filter_map(|&(u, coef)| xs[u].map(|x| (x, coef)))
        .collect()
}

/// lo <= expr <= hi, as one equality where both bounds meet.
fn add_row(problem: &mut Problem, expr: Vec<(Variable, f64)>, lo: Option<f64>, hi: Option<f64>) {
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => problem.add_constraint(expr, ComparisonOp::Eq, lo),
        (lo, hi) => {
            if let Some(lo) = lo {
                problem.add_constraint(expr.clone(), ComparisonOp::Ge, lo);
            }
            if let Some(hi) = hi {
                problem.add_constraint(expr, ComparisonOp::Le, hi);
            }
        }
    }
}

/// Solves to proven optimality (no limits are set); `None` when infeasible.
fn solve(
    problem: &Problem,
    options: SolveOptions,
) -> Result<Option<microlp::Solution>, SelectionError> {
    match problem.solve_with(options) {
        Ok(outcome) => outcome
            .into_solution()
            .map(Some)
            .map_err(|_| SelectionError::Solver("Suche abgebrochen".into())),
        Err(microlp::Error::Infeasible) => Ok(None),
        Err(e) => Err(SelectionError::Solver(e.to_string())),
    }
}

/// One binary variable per unit that `keep` lets into the program, weighted by `w`.
fn unit_variables(
    problem: &mut Problem,
    units: &[Unit],
    keep: &[bool],
    w: &[f64],
) -> Vec<Option<Variable>> {
    units
        .iter()
        .zip(keep)
        .zip(w)
        .map(|((u, &k), &w)| {
            k.then(|| {
                if u.locked_in {
                    problem.add_integer_var(w, (1, 1))
                } else {
                    problem.add_binary_var(w)
                }
            })
        })
        .collect()
}

/// The units worth a variable; the others can never be in an optimal cohort.
///
/// Units that touch exactly the same rows with the same coefficients are
/// interchangeable: swapping a selected one for an unselected one changes no row. So
/// in an optimal cohort the selected units of such a type are its best ones by
/// `rank_weight` (an exchange would otherwise raise the objective), and at most `k` of
/// them, `k` the smallest `hi / coef` over the type's bounded rows (only rows that
/// `bounding` admits: the elastic program may break quota rows). Units beyond the k
/// best of their type are left out of the program; locked-in units always stay.
pub(super) fn worth_a_variable(
    units: &[Unit],
    rows: &[Row],
    rank_weight: &[f64],
    bounding: impl Fn(&Row) -> bool,
) -> Vec<bool> {
    let mut touch: Vec<Vec<(usize, i64)>> = vec![Vec::new(); units.len()];
    for (r, row) in rows.iter().enumerate() {
        for &(u, coef) in &row.terms {
            touch[u].push((r, coef.round() as i64));
        }
    }
    let mut types: HashMap<&[(usize, i64)], Vec<usize>> = HashMap::new();
    for (u, t) in touch.iter().enumerate() {
        if !units[u].locked_in {
            types.entry(t.as_slice()).or_default().push(u);
        }
    }
    let mut keep: Vec<bool> = units.iter().map(|u| u.locked_in).collect();
    for (key, mut members) in types {
        let k = key
            .iter()
            .filter(|&&(r, c)| c > 0 && bounding(&rows[r]))
            .filter_map(|&(r, c)| rows[r].hi.map(|hi| (hi.max(0.0) as i64 / c) as usize))
            .min()
            .unwrap_or(members.len());
        members.sort_by(|&a, &b| rank_weight[b].total_cmp(&rank_weight[a]));
        for &u in members.iter().take(k) {
            keep[u] = true;
        }
    }
    keep
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
    best_cohort(pool, units, rows, false)
}

/// (row index, how much its min drops, how much its max rises)
pub(super) type Slack = (usize, u32, u32);

/// A cohort and how much it breaks each quota row it breaks.
pub(super) type Widened = (Vec<bool>, Vec<Slack>);

/// The best cohort when the quotas cannot all hold, in one program: quota rows are
/// elastic (the hard rows stay hard), the total widening is minimised first and the
/// weights are maximised second. Returns the cohort and, per quota row it breaks
/// (index into `rows`), how much the row's min must drop and its max must rise. `None`:
/// the hard rules alone conflict.
///
/// Each unit of widening costs more than any cohort's whole weight sum can be worth, so
/// no cohort with more widening can win over one with less; among cohorts with the
/// smallest total widening the weights decide. Widening a quota exactly as much as the
/// cohort found breaks it makes a relaxation under which that cohort is feasible by
/// construction, and the best under it: any cohort feasible under it breaks the
/// original quotas by at most as much, so it is one of the cohorts the program
/// compared.
pub(super) fn solve_elastic(
    pool: &Pool,
    units: &[Unit],
    rows: &[Row],
) -> Result<Option<Widened>, SelectionError> {
    let Some(chosen) = best_cohort(pool, units, rows, true)? else {
        return Ok(None);
    };
    let slack = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| matches!(row.kind, RowKind::Quota(_)))
        .filter_map(|(r, row)| {
            // Integer arithmetic on the cohort itself: every coefficient and bound
            // counts people.
            let activity: i64 = row
                .terms
                .iter()
                .filter(|&&(u, _)| chosen[u])
                .map(|&(_, c)| c.round() as i64)
                .sum();
            let under = row.lo.map_or(0, |lo| (lo.round() as i64 - activity).max(0));
            let over = row.hi.map_or(0, |hi| (activity - hi.round() as i64).max(0));
            (under > 0 || over > 0).then(|| (r, to_u32(under), to_u32(over)))
        })
        .collect();
    Ok(Some((chosen, slack)))
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The largest weight sum a cohort can have (weights are never negative): units that
/// take a place fill at most every place with the heaviest of them; a unit in no
/// capacity row could always be chosen.
fn heaviest_cohort(pool: &Pool, units: &[Unit], rows: &[Row], w: &[f64], keep: &[bool]) -> f64 {
    let mut seated = vec![false; units.len()];
    for row in rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Capacity(_)))
    {
        for &(u, _) in &row.terms {
            seated[u] = true;
        }
    }
    let places: usize = pool.tracks.iter().map(|t| t.capacity as usize).sum();
    let mut seated_w: Vec<f64> = (0..units.len())
        .filter(|&u| keep[u] && seated[u])
        .map(|u| w[u])
        .collect();
    seated_w.sort_by(|a, b| b.total_cmp(a));
    let unseated: f64 = (0..units.len())
        .filter(|&u| keep[u] && !seated[u])
        .map(|u| w[u])
        .sum();
    seated_w.iter().take(places).sum::<f64>() + unseated
}

/// The cohort program: maximises the weights; with `elastic`, quota rows may be broken
/// at a cost per person above [`heaviest_cohort`], so that the weights of two cohorts
/// never outweigh one person of widening (see [`solve_elastic`]).
fn best_cohort(
    pool: &Pool,
    units: &[Unit],
    rows: &[Row],
    elastic: bool,
) -> Result<Option<Vec<bool>>, SelectionError> {
    let w = weights(pool, units);
    // Elastic quota rows bound nothing: only the hard rows limit a type.
    let keep = worth_a_variable(units, rows, &w, |r| {
        !(elastic && matches!(r.kind, RowKind::Quota(_)))
    });
    // A price per place: with an empty-seat variable per track, capacity becomes an
    // equality, so charging every seat (taken or empty) the price lambda shifts the
    // objective by a constant and leaves the optimum exactly as it was. But units worth
    // less than the price start unattractive, and the simplex no longer walks through
    // every column: a solve takes far fewer pivots.
    let mut lambda = vec![0.0; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        if let (RowKind::Capacity(_), Some(hi)) = (row.kind, row.hi) {
            let mut values: Vec<f64> = row
                .terms
                .iter()
                .filter(|&&(u, _)| keep[u])
                .map(|&(u, _)| w[u] / units[u].members.len() as f64)
                .collect();
            values.sort_by(|a, b| b.total_cmp(a));
            let at = (2 * hi as usize).min(values.len().saturating_sub(1));
            lambda[r] = values.get(at).copied().unwrap_or(0.0).max(0.0);
        }
    }
    let mut priced = w.clone();
    for (r, row) in rows.iter().enumerate() {
        for &(u, c) in &row.terms {
            priced[u] -= lambda[r] * c;
        }
    }
    let heaviest = heaviest_cohort(pool, units, rows, &w, &keep);
    let cost = if elastic { heaviest + 1.0 } else { 0.0 };
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let xs = unit_variables(&mut problem, units, &keep, &priced);
    // The largest widening the program can need: a row's activity lies within
    // [0, reach], the sum of its coefficients over the units with a variable.
    let mut most_widening = 0.0;
    for (r, row) in rows.iter().enumerate() {
        let mut expr = expression(&row.terms, &xs);
        match (row.kind, row.hi) {
            (RowKind::Capacity(_), Some(hi)) => {
                let empty = problem.add_var(-lambda[r], (0.0, hi));
                expr.push((empty, 1.0));
                problem.add_constraint(expr, ComparisonOp::Eq, hi);
            }
            (RowKind::Quota(_), _) if elastic => {
                let reach: f64 = expr.iter().map(|&(_, c)| c).sum();
                // A min beyond reach is broken by at least `lo - reach` whatever the
                // cohort: only the part within reach is left to the program, which
                // keeps the objective small. Continuous slack suffices, as the
                // smallest slack of an integer cohort is an integer.
                let lo = row.lo.map(|lo| lo.min(reach)).filter(|&lo| lo > 0.0);
                let hi = row.hi.filter(|&hi| hi < reach);
                if let Some(lo) = lo {
                    let under = problem.add_var(-cost, (0.0, lo));
                    let mut lhs = expr.clone();
                    lhs.push((under, 1.0));
                    problem.add_constraint(lhs, ComparisonOp::Ge, lo);
                    most_widening += lo;
                }
                if let Some(hi) = hi {
                    let over = problem.add_var(-cost, (0.0, reach - hi.max(0.0)));
                    expr.push((over, -1.0));
                    problem.add_constraint(expr, ComparisonOp::Le, hi);
                    most_widening += reach - hi.max(0.0);
                }
            }
            _ => add_row(&mut problem, expr, row.lo, row.hi),
        }
    }
    // Branch and bound prunes a node that cannot beat the incumbent by more than
    // `prune_epsilon` times the objective. Objectives of different cohorts differ by
    // whole numbers (integer weights, a constant shift by the place prices), so a
    // tolerance below one half keeps the search exact however large the widening
    // cost makes the objective.
    let magnitude = heaviest
        + lambda
            .iter()
            .zip(rows)
            .map(|(l, r)| l * r.hi.unwrap_or(0.0))
            .sum::<f64>()
        + cost * most_widening;
    let mut options = SolveOptions::default();
    options.tolerances.prune_epsilon = options
        .tolerances
        .prune_epsilon
        .min(0.25 / magnitude.max(1.0));
    Ok(solve(&problem, options)?.map(|solution| {
        xs.iter()
            .map(|&x| x.is_some_and(|x| solution.var_value(x) > 0.5))
            .collect()
    }))
}

/// Rows a move would break: (index into `rows`, whether the upper bound is broken).
pub(super) type Broken = Vec<(usize, bool)>;

/// For every waiting unit: `None` if it could take the place of a selected unit with the
/// same tracks (or a spare place) without breaking any row; otherwise the rows (index
/// into `rows`, and whether the upper bound is broken) that the least harmful such move
/// would break. `None` as well for selected units.
///
/// Units that touch the same rows with the same coefficients get the same answer, so
/// each such type is worked out once.
pub(super) fn blocking_rows(
    units: &[Unit],
    rows: &[Row],
    chosen: &[bool],
) -> Vec<Option<Vec<(usize, bool)>>> {
    let mut touch: Vec<Vec<(usize, i64)>> = vec![Vec::new(); units.len()];
    let mut activity = vec![0i64; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        for &(u, coef) in &row.terms {
            let c = coef.round() as i64;
            touch[u].push((r, c));
            if chosen[u] {
                activity[r] += c;
            }
        }
    }
    // Integer bounds: every coefficient and bound counts people.
    let lo: Vec<Option<i64>> = rows
        .iter()
        .map(|r| r.lo.map(|b| b.round() as i64))
        .collect();
    let hi: Vec<Option<i64>> = rows
        .iter()
        .map(|r| r.hi.map(|b| b.round() as i64))
        .collect();
    // Which tracks a unit takes places in: the capacity rows it touches.
    let footprint = |u: usize| -> Vec<(usize, i64)> {
        touch[u]
            .iter()
            .copied()
            .filter(|&(r, _)| matches!(rows[r].kind, RowKind::Capacity(_)))
            .collect()
    };
    let mut swaps: HashMap<Vec<(usize, i64)>, Vec<usize>> = HashMap::new();
    for u in (0..units.len()).filter(|&u| chosen[u] && !units[u].locked_in) {
        swaps.entry(footprint(u)).or_default().push(u);
    }
    // Called for every waiting type against every selected unit of its tracks, so it
    // allocates nothing: rows are marked with a stamp instead of collected and deduped.
    let mut delta = vec![0i64; rows.len()];
    let mut mark = vec![0u32; rows.len()];
    let mut stamp = 0u32;
    let mut seen: Vec<usize> = Vec::new();
    let mut broken = |add: usize, remove: Option<usize>, out: &mut Broken| {
        stamp += 1;
        seen.clear();
        out.clear();
        let removed = remove.map_or(&[][..], |v| touch[v].as_slice());
        for (&(r, c), sign) in touch[add]
            .iter()
            .map(|t| (t, 1))
            .chain(removed.iter().map(|t| (t, -1)))
        {
            delta[r] += sign * c;
            if mark[r] != stamp {
                mark[r] = stamp;
                seen.push(r);
            }
        }
        seen.sort_unstable();
        for &r in &seen {
            let value = activity[r] + delta[r];
            if hi[r].is_some_and(|h| value > h) {
                out.push((r, true));
            } else if lo[r].is_some_and(|l| value < l) {
                out.push((r, false));
            }
            delta[r] = 0;
        }
    };
    let mut cache: HashMap<Vec<(usize, i64)>, Option<Broken>> = HashMap::new();
    (0..units.len())
        .map(|u| {
            if chosen[u] {
                return None;
            }
            if let Some(answer) = cache.get(&touch[u]) {
                return answer.clone();
            }
            let mut alone = Broken::new();
            broken(u, None, &mut alone);
            let answer = if alone.is_empty() {
                None
            } else {
                let mut best: Option<Broken> = None;
                let mut free_swap = false;
                let mut b = Broken::new();
                for &v in swaps.get(&footprint(u)).map_or(&[][..], |v| v.as_slice()) {
                    broken(u, Some(v), &mut b);
                    if b.is_empty() {
                        free_swap = true;
                        break;
                    }
                    if best.as_ref().is_none_or(|x| b.len() < x.len()) {
                        best = Some(b.clone());
                    }
                }
                // A swap names the rule that really stands in the way; adding alone
                // only says that the places are taken.
                (!free_swap).then(|| best.unwrap_or(alone))
            };
            cache.insert(touch[u].clone(), answer.clone());
            answer
        })
        .collect()
}
