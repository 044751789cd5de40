//! The integer program of the assistant (microlp): one row per capacity, free
//! places, fellow place and quota; the cohort that maximises the weights; the smallest
//! widening of the quotas when they cannot all hold; and which waiting units could move
//! up without breaking a row. See the parent module for the rules.

use std::collections::HashMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};
use uuid::Uuid;

use super::{SelectionError, Unit};
use crate::balance::{Candidate, Dimension, Pool, value_of};
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
    let count_terms = |pred: &dyn Fn(usize, &Candidate) -> bool| -> Vec<(usize, f64)> {
        units
            .iter()
            .enumerate()
            .filter_map(|(u, unit)| {
                let n = unit.members.iter().filter(|&&m| pred(m, &cands[m])).count();
                (n > 0).then_some((u, n as f64))
            })
            .collect()
    };
    let mut out = Vec::new();
    for (t, track) in pool.tracks.iter().enumerate() {
        let role = track.role;
        out.push(Row {
            kind: RowKind::Capacity(t),
            terms: count_terms(&|_, c| c.track == role),
            lo: None,
            hi: Some(f64::from(track.capacity)),
        });
        let extra = released.get(t).copied().unwrap_or(0);
        out.push(Row {
            kind: RowKind::FreePlaces(t),
            terms: count_terms(&|_, c| c.track == role && !c.fellow),
            lo: None,
            hi: Some(f64::from(track.free_places + extra)),
        });
        for municipality in claimed_fellows(pool, units, role) {
            // Exactly one: the guaranteed place is kept, and not doubled.
            out.push(Row {
                kind: RowKind::Fellow(t, municipality),
                terms: count_terms(&|_, c| {
                    c.track == role && c.fellow && c.municipality_id == municipality
                }),
                lo: Some(1.0),
                hi: Some(1.0),
            });
        }
    }
    // Each candidate's value once per dimension with a quota, not once per quota.
    let mut values: HashMap<Dimension, Vec<String>> = HashMap::new();
    for quota in &pool.quotas {
        values.entry(quota.dimension).or_insert_with(|| {
            cands
                .iter()
                .map(|c| value_of(c, quota.dimension, &pool.bands))
                .collect()
        });
    }
    for (q, quota) in pool.quotas.iter().enumerate() {
        let of = &values[&quota.dimension];
        out.push(Row {
            kind: RowKind::Quota(q),
            terms: count_terms(&|m, c| {
                quota.track.is_none_or(|t| c.track == t) && of[m] == quota.value
            }),
            lo: quota.min.map(f64::from),
            hi: quota.max.map(f64::from),
        });
    }
    out
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
fn solve(problem: &Problem) -> Result<Option<microlp::Solution>, SelectionError> {
    match problem.solve() {
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
    let w = weights(pool, units);
    let keep = worth_a_variable(units, rows, &w, |_| true);
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
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let xs = unit_variables(&mut problem, units, &keep, &priced);
    for (r, row) in rows.iter().enumerate() {
        let mut expr = expression(&row.terms, &xs);
        match (row.kind, row.hi) {
            (RowKind::Capacity(_), Some(hi)) => {
                let empty = problem.add_var(-lambda[r], (0.0, hi));
                expr.push((empty, 1.0));
                problem.add_constraint(expr, ComparisonOp::Eq, hi);
            }
            _ => add_row(&mut problem, expr, row.lo, row.hi),
        }
    }
    Ok(solve(&problem)?.map(|solution| {
        xs.iter()
            .map(|&x| x.is_some_and(|x| solution.var_value(x) > 0.5))
            .collect()
    }))
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
    // Quota rows are elastic here, so only the hard rows bound a type.
    let order: Vec<f64> = units.iter().map(|u| -(u.rank as f64)).collect();
    let keep = worth_a_variable(units, rows, &order, |r| {
        !matches!(r.kind, RowKind::Quota(_))
    });
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    let xs = unit_variables(&mut problem, units, &keep, &vec![0.0; units.len()]);
    let mut slacks = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut expr = expression(&row.terms, &xs);
        if matches!(row.kind, RowKind::Quota(_)) {
            // Each unit of widening costs 1; the hard rows stay hard.
            let under = row.lo.map(|_| problem.add_integer_var(1.0, (0, i32::MAX)));
            let over = row.hi.map(|_| problem.add_integer_var(1.0, (0, i32::MAX)));
            if let Some(lo) = row.lo {
                let mut lhs = expr.clone();
                lhs.extend(under.map(|s| (s, 1.0)));
                problem.add_constraint(lhs, ComparisonOp::Ge, lo);
            }
            if let Some(hi) = row.hi {
                expr.extend(over.map(|s| (s, -1.0)));
                problem.add_constraint(expr, ComparisonOp::Le, hi);
            }
            slacks.push((r, under, over));
        } else {
            add_row(&mut problem, expr, row.lo, row.hi);
        }
    }
    let Some(solution) = solve(&problem)? else {
        return Ok(None);
    };
    let amount =
        |v: Option<Variable>| v.map_or(0, |v| solution.var_value(v).round().max(0.0) as u32);
    Ok(Some(
        slacks
            .into_iter()
            .map(|(r, u, o)| (r, amount(u), amount(o)))
            .filter(|&(_, u, o)| u > 0 || o > 0)
            .collect(),
    ))
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
