//! The selection assistant, pure: rules, optimality against brute force, determinism.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use kohorte::balance::{Dimension, Lock, Pool};
use kohorte::model::{Status, TrackRole};
use kohorte::selection::{
    NEUTRAL_SCORE, Proposal, SelectionError, SelectionOptions, apply_relaxation, propose,
};
use uuid::Uuid;

use TrackRole::{Change, Fuehrung};

fn selected(p: &Proposal) -> BTreeSet<Uuid> {
    p.tracks
        .iter()
        .flat_map(|t| &t.selected)
        .map(|e| e.id)
        .collect()
}

fn run(pool: &Pool) -> Proposal {
    propose(pool, &SelectionOptions::default()).expect("a proposal")
}

/// Independent of the crate's model: units, rules and scores re-derived here, with the
/// default options (unclaimed fellow places released after the deadline).
fn brute_force_best(pool: &Pool) -> Option<u32> {
    brute_force(pool, true)
}

fn brute_force(pool: &Pool, release: bool) -> Option<u32> {
    brute_force_widening(pool, release)
        .filter(|&(widening, _)| widening == 0)
        .map(|(_, score)| score)
}

/// Over every cohort that keeps the hard rules: the smallest total amount by which it
/// breaks the quotas, and the best score sum among the cohorts that break them by no
/// more. `None`: the hard rules alone conflict.
fn brute_force_widening(pool: &Pool, release: bool) -> Option<(u32, u32)> {
    let cands = &pool.candidates;
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut seen = vec![false; cands.len()];
    for i in 0..cands.len() {
        if seen[i] {
            continue;
        }
        seen[i] = true;
        let mut unit = vec![i];
        if let Some(link) = cands[i].tandem
            && let Some(j) = cands.iter().position(|c| c.id == link.partner_id)
        {
            seen[j] = true;
            unit.push(j);
        }
        units.push(unit);
    }
    assert!(units.len() <= 16, "brute force is for small pools");
    // (widening, score), compared as (least widening, then highest score).
    let mut best: Option<(u32, u32)> = None;
    for mask in 0u32..(1 << units.len()) {
        let chosen: Vec<usize> = (0..units.len())
            .filter(|u| mask & (1 << u) != 0)
            .flat_map(|u| units[u].clone())
            .collect();
        let locked_in_missing = units.iter().enumerate().any(|(u, members)| {
            mask & (1 << u) == 0 && members.iter().any(|&m| cands[m].lock == Some(Lock::In))
        });
        if locked_in_missing {
            continue;
        }
        let mut ok = true;
        for t in &pool.tracks {
            let in_track: Vec<usize> = chosen
                .iter()
                .copied()
                .filter(|&m| cands[m].track == t.role)
                .collect();
            let fellow_towns: BTreeSet<Uuid> = cands
                .iter()
                .filter(|c| c.fellow && c.track == t.role)
                .map(|c| c.municipality_id)
                .collect();
            let free = if release && pool.deadline_passed {
                t.free_places
                    .max(t.capacity.saturating_sub(fellow_towns.len() as u32))
            } else {
                t.free_places
            };
            ok &= in_track.len() as u32 <= t.capacity;
            ok &= in_track.iter().filter(|&&m| !cands[m].fellow).count() as u32 <= free;
            for town in fellow_towns {
                let n = in_track
                    .iter()
                    .filter(|&&m| cands[m].municipality_id == town)
                    .count();
                ok &= n == 1;
            }
        }
        let mut widening = 0;
        for q in &pool.quotas {
            let n = chosen
                .iter()
                .filter(|&&m| q.track.is_none_or(|t| cands[m].track == t))
                .filter(|&&m| match q.dimension {
                    Dimension::State => cands[m].state == q.value,
                    Dimension::Fellow => {
                        (cands[m].fellow && q.value == "fellow")
                            || (!cands[m].fellow && q.value == "frei")
                    }
                    Dimension::Gender => cands[m].gender == q.value,
                    other => panic!("brute force does not know {other:?}"),
                })
                .count() as u32;
            widening += q.min.map_or(0, |min| min.saturating_sub(n))
                + q.max.map_or(0, |max| n.saturating_sub(max));
        }
        if ok {
            let score: u32 = chosen
                .iter()
                .map(|&m| u32::from(cands[m].score.unwrap_or(NEUTRAL_SCORE)))
                .sum();
            let better = best.is_none_or(|(w, s)| widening < w || (widening == w && score > s));
            if better {
                best = Some((widening, score));
            }
        }
    }
    best
}

fn small_random_pool(seed: u64) -> Pool {
    let mut rng = Lcg(seed ^ 0x9e37);
    let mut pool = random_pool(seed, 8 + (seed % 6) as usize, 3, 2);
    for c in &mut pool.candidates {
        c.gender = ["w", "m"][rng.below(2) as usize].into();
    }
    pool.quotas = vec![
        quota(
            None,
            Dimension::Gender,
            "w",
            Some(1 + rng.below(3) as u32),
            None,
        ),
        quota(
            Some(Fuehrung),
            Dimension::State,
            "DE-NW",
            None,
            Some(rng.below(2) as u32),
        ),
        quota(
            None,
            Dimension::Fellow,
            "frei",
            Some(rng.below(3) as u32),
            None,
        ),
    ];
    pool
}

#[test]
fn proposal_is_optimal_against_brute_force_on_small_pools() {
    let (mut feasible, mut infeasible) = (0, 0);
    // Before the deadline unclaimed fellow places stay empty, after it they are free.
    for (seed, deadline_passed) in (0..120).flat_map(|s| [(s, true), (s, false)]) {
        let mut pool = small_random_pool(seed);
        pool.deadline_passed = deadline_passed;
        let proposal = run(&pool);
        match brute_force_best(&pool) {
            Some(best) => {
                feasible += 1;
                assert!(
                    proposal.relaxation.is_empty(),
                    "seed {seed}: feasible, yet relaxed"
                );
                assert_eq!(proposal.score_total, best, "seed {seed}");
                assert!(
                    proposal.violations.is_empty(),
                    "seed {seed}: {:?}",
                    proposal.violations
                );
            }
            None => {
                infeasible += 1;
                assert!(
                    !proposal.relaxation.is_empty(),
                    "seed {seed}: infeasible, not relaxed"
                );
            }
        }
    }
    // Both branches must have been exercised, or the test proves nothing.
    assert!(feasible >= 30, "{feasible} feasible instances");
    assert!(infeasible >= 5, "{infeasible} infeasible instances");
}

#[test]
fn relaxation_really_makes_the_quotas_feasible() {
    let mut relaxed_cases = 0;
    for (seed, deadline_passed) in (0..120).flat_map(|s| [(s, true), (s, false)]) {
        let mut pool = small_random_pool(seed);
        pool.deadline_passed = deadline_passed;
        let proposal = run(&pool);
        if proposal.relaxation.is_empty() {
            continue;
        }
        relaxed_cases += 1;
        let relaxed = apply_relaxation(&pool, &proposal.relaxation);
        assert!(brute_force_best(&relaxed).is_some(), "seed {seed}");
        let again = run(&relaxed);
        assert!(again.relaxation.is_empty(), "seed {seed}");
        assert!(again.violations.is_empty(), "seed {seed}");
        // Smallest: no relaxation with one unit less in total would do.
        let total = widening(&proposal);
        for r in &proposal.relaxation {
            for (min_back, max_back) in [(1, 0), (0, 1)] {
                let mut tighter = proposal.relaxation.clone();
                let t = tighter.iter_mut().find(|x| x == &r).expect("present");
                if min_back == 1 && t.new_min < t.min {
                    t.new_min = t.new_min.map(|m| m + 1);
                } else if max_back == 1 && t.new_max > t.max {
                    t.new_max = t.new_max.map(|m| m - 1);
                } else {
                    continue;
                }
                assert!(
                    brute_force_best(&apply_relaxation(&pool, &tighter)).is_none(),
                    "seed {seed}: a relaxation smaller than {total} would do"
                );
            }
        }
    }
    assert!(relaxed_cases >= 5, "{relaxed_cases} relaxed instances");
}

/// The total amount by which a proposal widens the quotas.
fn widening(p: &Proposal) -> u32 {
    p.relaxation
        .iter()
        .map(|r| {
            r.min.unwrap_or(0) - r.new_min.unwrap_or(0) + r.new_max.unwrap_or(0)
                - r.max.unwrap_or(0)
        })
        .sum()
}

#[test]
fn relaxed_proposal_widens_least_and_then_scores_best_against_brute_force() {
    let mut relaxed_cases = 0;
    for (seed, deadline_passed) in (0..160).flat_map(|s| [(s, true), (s, false)]) {
        let mut pool = small_random_pool(seed);
        pool.deadline_passed = deadline_passed;
        // Tighter than the pool's own quotas, so that more instances need widening and
        // the cohort under the smallest widening is not the cohort of best score.
        if seed % 2 == 1 {
            pool.quotas.push(quota(
                Some(Change),
                Dimension::Gender,
                "m",
                Some(1 + (seed % 3) as u32),
                Some(1 + (seed % 3) as u32),
            ));
        }
        let Some((least, best)) = brute_force_widening(&pool, true) else {
            let err = propose(&pool, &SelectionOptions::default()).expect_err("no proposal");
            assert!(
                matches!(err, SelectionError::HardConflict(_)),
                "seed {seed}"
            );
            continue;
        };
        let proposal = run(&pool);
        assert_eq!(widening(&proposal), least, "seed {seed}: widening");
        assert_eq!(proposal.score_total, best, "seed {seed}: score");
        if least > 0 {
            relaxed_cases += 1;
            // The cohort is feasible under the relaxation it proposes.
            let relaxed = apply_relaxation(&pool, &proposal.relaxation);
            assert_eq!(brute_force_best(&relaxed), Some(best), "seed {seed}");
        }
    }
    assert!(relaxed_cases >= 20, "{relaxed_cases} relaxed instances");
}

#[test]
fn infeasible_quota_is_named_with_its_smallest_relaxation() {
    let mut pool = pool(
        vec![track(Fuehrung, 4, 4), track(Change, 4, 4)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(4), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(4), 3),
        ],
    );
    pool.quotas = vec![quota(
        Some(Fuehrung),
        Dimension::State,
        "DE-BY",
        Some(3),
        None,
    )];
    let proposal = run(&pool);
    assert_eq!(proposal.relaxation.len(), 1);
    let r = &proposal.relaxation[0];
    assert_eq!((r.min, r.new_min), (Some(3), Some(1)));
    assert_eq!(
        r.message,
        "Lernpfad Führung: Quote Bundesland „Bayern“ ist mit den übrigen Vorgaben nicht \
         erfüllbar; Vorschlag: mindestens 1 statt 3"
    );
    assert_eq!(
        proposal.violations[0].message,
        "Lernpfad Führung: 1 Zusage aus Bayern, mindestens 3 vorgesehen"
    );
    assert_eq!(selected(&proposal).len(), 3);
}

#[test]
fn tandem_is_selected_whole_or_not_at_all() {
    let mut checked_tandems = 0;
    for seed in 0..40 {
        let pool = random_pool(seed, 40, 6, 3);
        let chosen = selected(&run(&pool));
        for c in &pool.candidates {
            if let Some(link) = c.tandem.filter(|t| t.confirmed) {
                checked_tandems += 1;
                assert_eq!(
                    chosen.contains(&c.id),
                    chosen.contains(&link.partner_id),
                    "seed {seed}: tandem of {} split",
                    c.name
                );
            }
        }
    }
    assert!(checked_tandems > 100);
}

#[test]
fn a_strong_leader_does_not_pull_in_a_partner_where_no_place_is_left() {
    // One Change place left for either a solo 5 or the tandem partner (score 1) of the
    // best leader: the tandem only goes in whole.
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(5), 1),
            cand(2, Change, "DE-BY", 1, Some(1), 1),
            cand(3, Change, "DE-NW", 2, Some(5), 2),
            cand(4, Fuehrung, "DE-NW", 3, Some(4), 3),
            cand(5, Fuehrung, "DE-NW", 4, Some(4), 4),
        ],
    );
    pair(&mut pool, 0, 1);
    let chosen = selected(&run(&pool));
    // 5+1+4 = 10 with the tandem vs 5+4+4 = 13 without it.
    let ids: BTreeSet<Uuid> = [2, 3, 4].iter().map(|&i| pool.candidates[i].id).collect();
    assert_eq!(chosen, ids);
}

#[test]
fn fellow_places_are_always_kept() {
    let mut checked = 0;
    for seed in 0..40 {
        let pool = random_pool(seed, 40, 8, 3);
        let proposal = run(&pool);
        let chosen = selected(&proposal);
        for t in &pool.tracks {
            let towns: BTreeMap<Uuid, usize> = pool
                .candidates
                .iter()
                .filter(|c| c.fellow && c.track == t.role)
                .fold(BTreeMap::new(), |mut m, c| {
                    *m.entry(c.municipality_id).or_default() += usize::from(chosen.contains(&c.id));
                    m
                });
            for (town, n) in towns {
                checked += 1;
                assert_eq!(n, 1, "seed {seed}: fellow {town} has {n} places");
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn fellow_with_a_low_score_keeps_the_place_over_better_free_applicants() {
    let mut pool = pool(
        vec![track(Fuehrung, 2, 1), track(Change, 2, 1)],
        vec![
            cand(1, Fuehrung, "DE-SN", 1, Some(1), 5),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 1),
            cand(3, Fuehrung, "DE-NW", 3, Some(5), 2),
        ],
    );
    pool.candidates[0].fellow = true;
    let proposal = run(&pool);
    let chosen = selected(&proposal);
    assert!(chosen.contains(&pool.candidates[0].id));
    assert_eq!(chosen.len(), 2, "one fellow place, one free place");
    assert!(
        proposal.tracks[0].selected[0]
            .reason
            .starts_with("Fellow-Platz (Kommune 1)")
    );
}

#[test]
fn ties_go_to_the_earlier_application_whatever_the_input_order() {
    let make = |reversed: bool| {
        let mut cands = vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(4), 9),
            cand(2, Fuehrung, "DE-NW", 2, Some(4), 3),
            cand(3, Fuehrung, "DE-NW", 3, Some(4), 6),
        ];
        if reversed {
            cands.reverse();
        }
        pool(vec![track(Fuehrung, 1, 1), track(Change, 1, 1)], cands)
    };
    for reversed in [false, true] {
        let proposal = run(&make(reversed));
        assert_eq!(proposal.tracks[0].selected[0].name, "Person 2");
        let waitlist: Vec<&str> = proposal.tracks[0]
            .waitlist
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(waitlist, ["Person 3", "Person 1"]);
    }
}

#[test]
fn same_input_gives_the_same_proposal() {
    for seed in [3, 17, 99] {
        let pool = random_pool(seed, 120, 16, 7);
        let first = run(&pool);
        let mut shuffled = pool.clone();
        shuffled.candidates.reverse();
        assert_eq!(run(&pool), first, "seed {seed}");
        let again = run(&shuffled);
        assert_eq!(
            again.tracks, first.tracks,
            "seed {seed}: order of input matters"
        );
    }
}

#[test]
fn locks_are_honoured() {
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(1), 3),
        ],
    );
    lock(&mut pool, 0, Lock::Out);
    lock(&mut pool, 2, Lock::In);
    let proposal = run(&pool);
    let chosen = selected(&proposal);
    assert!(!chosen.contains(&pool.candidates[0].id));
    assert!(chosen.contains(&pool.candidates[2].id));
    assert!(
        proposal.tracks[0].waitlist.is_empty(),
        "locked out is not waitlisted"
    );
    assert_eq!(
        proposal.tracks[0].excluded[0].reason,
        "Vom Koordinationsteam ausgeschlossen"
    );
}

#[test]
fn late_and_withdrawn_take_part_only_if_allowed() {
    let mut pool = pool(
        vec![track(Fuehrung, 3, 3), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(2), 3),
        ],
    );
    pool.candidates[0].late = true;
    pool.candidates[1].status = Status::Zurueckgezogen;
    let strict = selected(&run(&pool));
    assert_eq!(strict, BTreeSet::from([pool.candidates[2].id]));
    let options = SelectionOptions {
        include_late: true,
        include_withdrawn: true,
        include_rejected: false,
        ..SelectionOptions::default()
    };
    let lenient = selected(&propose(&pool, &options).expect("proposal"));
    assert_eq!(lenient.len(), 3);
}

#[test]
fn locks_beyond_capacity_are_a_named_hard_conflict() {
    let mut pool = pool(
        vec![track(Fuehrung, 1, 1), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
        ],
    );
    lock(&mut pool, 0, Lock::In);
    lock(&mut pool, 1, Lock::In);
    let err = propose(&pool, &SelectionOptions::default()).unwrap_err();
    assert_eq!(err.code(), "selection.hard_conflict");
    assert!(matches!(err, SelectionError::HardConflict(_)));
    assert!(
        err.to_string()
            .contains("Lernpfad Führung: 2 fest eingeplant, aber nur 1 Plätze"),
        "{err}"
    );
}

#[test]
fn waitlist_puts_units_that_keep_the_quotas_first() {
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-BY", 2, Some(4), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(5), 3),
            cand(4, Fuehrung, "DE-BY", 4, Some(2), 4),
        ],
    );
    pool.quotas = vec![
        quota(Some(Fuehrung), Dimension::State, "DE-NW", None, Some(1)),
        quota(Some(Fuehrung), Dimension::State, "DE-BY", Some(1), None),
    ];
    let proposal = run(&pool);
    let track = &proposal.tracks[0];
    let names: Vec<&str> = track.selected.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Person 1", "Person 2"]);
    let waitlist: Vec<&str> = track.waitlist.iter().map(|e| e.name.as_str()).collect();
    // Person 3 (NRW) can stand in for Person 1 (NRW), Person 4 (Bayern) for either:
    // both keep the quotas, so the higher score comes first.
    assert_eq!(waitlist, ["Person 3", "Person 4"]);
    assert!(
        track.waitlist[0]
            .reason
            .contains("ohne eine Quote oder Platzregel zu verletzen")
    );
}

#[test]
fn waitlist_puts_a_unit_that_would_break_a_quota_last() {
    let mut pool = pool(
        vec![track(Fuehrung, 1, 1), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(3), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
            cand(3, Fuehrung, "DE-BY", 3, Some(1), 3),
        ],
    );
    pool.quotas = vec![quota(
        Some(Fuehrung),
        Dimension::State,
        "DE-BY",
        Some(1),
        None,
    )];
    let track = run(&pool).tracks.remove(0);
    assert_eq!(track.selected[0].name, "Person 1");
    let waitlist: Vec<&str> = track.waitlist.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(waitlist, ["Person 3", "Person 2"]);
    assert!(track.waitlist[1].reason.contains("würde beim Nachrücken"));
}

#[test]
fn diff_lists_exactly_the_status_changes_and_names_a_zusage_taken_back() {
    let mut pool = pool(
        vec![track(Fuehrung, 1, 1), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(2), 2),
        ],
    );
    pool.candidates[0].status = Status::Zugesagt;
    pool.candidates[1].status = Status::Zugesagt;
    let unlocked = SelectionOptions {
        unlock_zusagen: true,
        ..SelectionOptions::default()
    };
    let proposal = propose(&pool, &unlocked).expect("a proposal");
    assert_eq!(proposal.changes.len(), 1);
    let change = &proposal.changes[0];
    assert_eq!(change.application_id, pool.candidates[1].id);
    assert_eq!(
        (change.from, change.to),
        (Status::Zugesagt, Status::Warteliste)
    );
    // Never silently: the Zusage taken back is listed with the rule in the way.
    assert_eq!(proposal.revoked.len(), 1);
    assert_eq!(proposal.revoked[0].id, pool.candidates[1].id);
    assert!(
        proposal.revoked[0]
            .reason
            .contains("Bewertung 2; andere Bewerbungen ergeben die höhere Gesamtbewertung"),
        "{}",
        proposal.revoked[0].reason
    );
}

#[test]
fn existing_zusagen_stay_unless_unlocked() {
    // Two free places, three better applicants: the Zusagen of the weaker two hold.
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(1), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(2), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(5), 3),
            cand(4, Fuehrung, "DE-NW", 4, Some(5), 4),
        ],
    );
    pool.candidates[0].status = Status::Zugesagt;
    pool.candidates[1].status = Status::Zugesagt;
    let proposal = run(&pool);
    let kept: BTreeSet<Uuid> = [0, 1].iter().map(|&i| pool.candidates[i].id).collect();
    assert_eq!(selected(&proposal), kept);
    assert!(proposal.changes.iter().all(|c| c.from != Status::Zugesagt));
    assert!(proposal.revoked.is_empty());
    assert!(
        proposal.tracks[0].selected[0]
            .reason
            .starts_with("Zusage besteht bereits (fest)"),
        "{}",
        proposal.tracks[0].selected[0].reason
    );
    // Unlocked, the better applicants take the places and both take-backs are named.
    let unlocked = SelectionOptions {
        unlock_zusagen: true,
        ..SelectionOptions::default()
    };
    let proposal = propose(&pool, &unlocked).expect("a proposal");
    let better: BTreeSet<Uuid> = [2, 3].iter().map(|&i| pool.candidates[i].id).collect();
    assert_eq!(selected(&proposal), better);
    let revoked: BTreeSet<Uuid> = proposal.revoked.iter().map(|e| e.id).collect();
    assert_eq!(revoked, kept);
}

#[test]
fn locked_zusagen_beyond_capacity_point_to_the_unlock_option() {
    let mut pool = pool(
        vec![track(Fuehrung, 1, 1), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(2), 2),
        ],
    );
    pool.candidates[0].status = Status::Zugesagt;
    pool.candidates[1].status = Status::Zugesagt;
    let err = propose(&pool, &SelectionOptions::default()).unwrap_err();
    assert_eq!(err.code(), "selection.hard_conflict");
    let text = err.to_string();
    assert!(
        text.contains("2 fest eingeplant, aber nur 1 Plätze"),
        "{text}"
    );
    assert!(
        text.contains("Bestehende Zusagen dürfen zurückgenommen werden"),
        "{text}"
    );
}

#[test]
fn quotas_over_both_tracks_count_both_tracks() {
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 2, 2)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Change, "DE-NW", 2, Some(5), 2),
            cand(3, Fuehrung, "DE-BY", 3, Some(1), 3),
            cand(4, Change, "DE-BY", 4, Some(1), 4),
            cand(5, Fuehrung, "DE-NW", 5, Some(5), 5),
            cand(6, Change, "DE-NW", 6, Some(5), 6),
        ],
    );
    pool.quotas = vec![quota(None, Dimension::State, "DE-NW", None, Some(3))];
    let proposal = run(&pool);
    let nw = selected(&proposal)
        .iter()
        .filter(|id| {
            pool.candidates
                .iter()
                .any(|c| c.id == **id && c.state == "DE-NW")
        })
        .count();
    assert_eq!(nw, 3);
    assert_eq!(proposal.score_total, 5 + 5 + 5 + 1);
}

// ---- Applying a proposal to a real database file -------------------------------

/// The demo's folder and database file; each test opens the file itself.
fn demo_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, _kohorte) = common::demo();
    let path = common::db_file(&dir);
    (dir, path)
}

fn statuses(k: &kohorte::Kohorte) -> BTreeMap<Uuid, Status> {
    k.applications()
        .expect("rows")
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect()
}

fn audit_rows(path: &std::path::Path) -> Vec<(String, Uuid, String, String, String)> {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    let mut stmt = conn
        .prepare(
            "SELECT actor, entity_id, field, old_value, new_value FROM audit_entry
             WHERE entity = 'application' ORDER BY at, rowid",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn apply_writes_statuses_and_audit_together_and_undo_restores_them() {
    let (_dir, path) = demo_file();
    let k = kohorte::Kohorte::open(&path).expect("open");
    let before = statuses(&k);
    let (proposal, applied) = k
        .apply_selection(&SelectionOptions::default())
        .expect("apply");
    assert!(!applied.changes.is_empty(), "the demo needs changes");
    let after = statuses(&k);
    for change in &applied.changes {
        assert_eq!(before[&change.application_id], change.from);
        assert_eq!(after[&change.application_id], change.to);
    }
    for id in selected(&proposal) {
        assert_eq!(after[&id], Status::Zugesagt);
    }
    let changed: BTreeSet<Uuid> = applied.changes.iter().map(|c| c.application_id).collect();
    for (id, status) in &before {
        if !changed.contains(id) {
            assert_eq!(after[id], *status, "unchanged application {id}");
        }
    }
    let audit = audit_rows(&path);
    assert_eq!(audit.len(), applied.changes.len());
    let actor = kohorte::review::local_user();
    for ((who, id, field, old, new), change) in audit.iter().zip(&applied.changes) {
        assert_eq!(who, &actor);
        assert_eq!(*id, change.application_id);
        assert_eq!(field, "status");
        assert_eq!(
            (old.as_str(), new.as_str()),
            (change.from.key(), change.to.key())
        );
    }
    // Applying the same data again proposes nothing new.
    assert!(
        k.propose_selection(&SelectionOptions::default())
            .expect("again")
            .changes
            .is_empty()
    );

    let reverted = k.undo_selection().expect("undo");
    assert_eq!(reverted.len(), applied.changes.len());
    assert_eq!(statuses(&k), before);
    assert_eq!(audit_rows(&path).len(), 2 * applied.changes.len());
    let err = k.undo_selection().unwrap_err();
    assert_eq!(err.code(), "selection.nothing_to_undo");
}

#[test]
fn apply_writes_nothing_when_a_status_changed_in_between() {
    let (_dir, path) = demo_file();
    let k = kohorte::Kohorte::open(&path).expect("open");
    let mut proposal = k
        .propose_selection(&SelectionOptions::default())
        .expect("proposal");
    let before = statuses(&k);
    drop(k);
    // The last change claims an old status the application does not have.
    let last = proposal.changes.last_mut().expect("changes");
    last.from = if last.to == Status::Abgesagt {
        Status::Eingegangen
    } else {
        Status::Abgesagt
    };
    let mut store = kohorte::store::Store::open(&path).expect("store");
    let programme_id = store.programme().expect("programme").id;
    let err = store
        .apply_selection(programme_id, &proposal.changes, "test")
        .unwrap_err();
    assert_eq!(err.code(), "selection.stale");
    drop(store);
    let k = kohorte::Kohorte::open(&path).expect("open");
    assert_eq!(statuses(&k), before, "a partial write survived");
    assert!(audit_rows(&path).is_empty());
    assert_eq!(
        k.undo_selection().unwrap_err().code(),
        "selection.nothing_to_undo"
    );
}

#[test]
fn select_json_has_per_track_lists_with_reasons() {
    let (_dir, path) = demo_file();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .arg("--db")
        .arg(&path)
        .args(["select", "--json"])
        .output()
        .expect("run kohorte");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let tracks = json["tracks"].as_array().expect("tracks");
    assert_eq!(tracks.len(), 2);
    for t in tracks {
        let selected = t["selected"].as_array().expect("selected");
        assert_eq!(selected.len(), 16, "{}", t["name"]);
        for e in selected
            .iter()
            .chain(t["waitlist"].as_array().expect("waitlist"))
        {
            assert!(e["id"].as_str().is_some_and(|s| Uuid::parse_str(s).is_ok()));
            assert!(!e["reason"].as_str().unwrap_or_default().is_empty());
        }
    }
    assert!(json["violations"].is_array());
    assert!(json["relaxation"].as_array().is_some_and(|r| r.is_empty()));
}

// ---- Stated tandems, suggestions, released fellow places, reasons -------------------

fn unconfirm(pool: &mut Pool, a: usize, b: usize) {
    for i in [a, b] {
        if let Some(link) = pool.candidates[i].tandem.as_mut() {
            link.confirmed = false;
        }
    }
}

#[test]
fn a_stated_tandem_is_one_unit_like_a_confirmed_one() {
    // As in a_strong_leader_does_not_pull_in_a_partner…, but the tandem is only stated.
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(5), 1),
            cand(2, Change, "DE-BY", 1, Some(1), 1),
            cand(3, Change, "DE-NW", 2, Some(5), 2),
            cand(4, Fuehrung, "DE-NW", 3, Some(4), 3),
            cand(5, Fuehrung, "DE-NW", 4, Some(4), 4),
        ],
    );
    pair(&mut pool, 0, 1);
    unconfirm(&mut pool, 0, 1);
    let proposal = run(&pool);
    let chosen = selected(&proposal);
    assert_eq!(
        chosen.contains(&pool.candidates[0].id),
        chosen.contains(&pool.candidates[1].id),
        "stated tandem split"
    );
    let waiting = &proposal.tracks[0].waitlist;
    assert!(
        waiting.iter().any(|e| e
            .reason
            .contains("im Tandem mit Person 2 (angegeben, noch nicht bestätigt)")),
        "{waiting:?}"
    );
    assert!(proposal.separated.is_empty(), "{:?}", proposal.separated);
}

#[test]
fn stated_tandems_are_never_split_in_random_pools() {
    let mut checked = 0;
    for seed in 0..30 {
        let mut pool = random_pool(seed, 40, 6, 3);
        let pairs: Vec<(usize, usize)> = pool
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let link = c.tandem?;
                let j = pool
                    .candidates
                    .iter()
                    .position(|o| o.id == link.partner_id)?;
                (i < j).then_some((i, j))
            })
            .collect();
        for (k, &(a, b)) in pairs.iter().enumerate() {
            if k % 2 == 0 {
                unconfirm(&mut pool, a, b);
            }
        }
        let chosen = selected(&run(&pool));
        for (k, &(a, b)) in pairs.iter().enumerate() {
            if k % 2 == 0 {
                checked += 1;
                assert_eq!(
                    chosen.contains(&pool.candidates[a].id),
                    chosen.contains(&pool.candidates[b].id),
                    "seed {seed}: stated tandem of {} split",
                    pool.candidates[a].name
                );
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn demo_keeps_the_stated_tandem_gruber_hartmann_whole() {
    let (_dir, k) = common::demo();
    let proposal = k
        .propose_selection(&SelectionOptions::default())
        .expect("proposal");
    let where_is = |name: &str| -> &str {
        for t in &proposal.tracks {
            if t.selected.iter().any(|e| e.name.ends_with(name)) {
                return "selected";
            }
            if t.waitlist.iter().any(|e| e.name.ends_with(name)) {
                return "waitlist";
            }
        }
        "missing"
    };
    let (gruber, hartmann) = (where_is("Andreas Gruber"), where_is("Lena Hartmann"));
    assert_ne!(gruber, "missing");
    assert_eq!(gruber, hartmann, "Gruber {gruber}, Hartmann {hartmann}");
    let reason = proposal
        .tracks
        .iter()
        .flat_map(|t| t.selected.iter().chain(&t.waitlist))
        .find(|e| e.name == "Lena Hartmann")
        .map(|e| e.reason.clone())
        .expect("Lena Hartmann listed");
    assert!(
        reason.contains("im Tandem mit Prof. Dr. Andreas Gruber"),
        "{reason}"
    );
    // Every stated or confirmed tandem of the demo is kept whole or named as separated.
    let chosen = selected(&proposal);
    for c in k.candidates().expect("candidates") {
        if let Some(link) = c.tandem
            && chosen.contains(&c.id) != chosen.contains(&link.partner_id)
        {
            assert!(
                proposal
                    .separated
                    .iter()
                    .any(|s| s.stated && (s.leader == c.id || s.planner == c.id)),
                "{} split silently",
                c.name
            );
        }
    }
    // Existing Zusagen of the demo are all kept.
    assert!(proposal.changes.iter().all(|c| c.from != Status::Zugesagt));
}

#[test]
fn a_stated_tandem_whose_partner_withdrew_is_named_as_separated() {
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 2, 2)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(4), 1),
            cand(2, Change, "DE-BY", 1, Some(4), 1),
        ],
    );
    pair(&mut pool, 0, 1);
    unconfirm(&mut pool, 0, 1);
    pool.candidates[1].status = Status::Zurueckgezogen;
    let proposal = run(&pool);
    assert_eq!(proposal.separated.len(), 1);
    let s = &proposal.separated[0];
    assert!(s.stated);
    assert_eq!(
        s.message,
        "Tandem Person 1 + Person 2 (Kommune 1, angegeben) getrennt: Person 2 nimmt nicht \
         teil (Bewerbung zurückgezogen); Person 1 wird allein betrachtet"
    );
}

#[test]
fn a_separated_suggestion_is_named_with_the_rule_in_the_way() {
    // The app suggests Person 1 + Person 2 (the only two of Kommune 1); Bayern is capped
    // at one in Change, and Person 3 (Bayern) is locked in on that place.
    let mut pool = pool(
        vec![track(Fuehrung, 2, 2), track(Change, 2, 2)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(4), 1),
            cand(2, Change, "DE-BY", 1, Some(3), 1),
            cand(3, Change, "DE-BY", 2, Some(5), 2),
        ],
    );
    pool.quotas = vec![quota(
        Some(Change),
        Dimension::State,
        "DE-BY",
        None,
        Some(1),
    )];
    lock(&mut pool, 2, Lock::In);
    pool.suggested_tandems = vec![kohorte::balance::SuggestedTandem {
        leader: pool.candidates[0].id,
        planner: pool.candidates[1].id,
    }];
    let proposal = run(&pool);
    let chosen = selected(&proposal);
    assert!(chosen.contains(&pool.candidates[0].id));
    assert!(
        !chosen.contains(&pool.candidates[1].id),
        "a suggestion may be separated"
    );
    assert_eq!(proposal.separated.len(), 1);
    let s = &proposal.separated[0];
    assert!(!s.stated);
    assert!(
        s.message.starts_with(
            "Vorschlag der App Person 1 + Person 2 (Kommune 1) getrennt: Person 1 ausgewählt, \
             Person 2 auf der Warteliste (würde beim Nachrücken verletzen: Quote Lernpfad \
             Change, Bundesland „Bayern“: höchstens 1"
        ),
        "{}",
        s.message
    );
}

#[test]
fn waitlist_reasons_name_the_quota_in_the_way() {
    let mut pool = pool(
        vec![track(Fuehrung, 1, 1), track(Change, 1, 1)],
        vec![
            cand(1, Fuehrung, "DE-BY", 1, Some(3), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
        ],
    );
    pool.quotas = vec![quota(
        Some(Fuehrung),
        Dimension::State,
        "DE-BY",
        Some(1),
        None,
    )];
    let track = run(&pool).tracks.remove(0);
    assert_eq!(
        track.waitlist[0].reason,
        "Warteliste Platz 1, Bewertung 5, würde beim Nachrücken verletzen: Quote Lernpfad \
         Führung, Bundesland „Bayern“: mindestens 1"
    );
}

/// Four places per track, two of them free; one fellow municipality applies for
/// Führung, four free applicants compete.
fn released_pool() -> Pool {
    let mut pool = pool(
        vec![track(Fuehrung, 4, 2), track(Change, 4, 2)],
        vec![
            cand(1, Fuehrung, "DE-SN", 1, Some(2), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(5), 2),
            cand(3, Fuehrung, "DE-NW", 3, Some(4), 3),
            cand(4, Fuehrung, "DE-NW", 4, Some(4), 4),
            cand(5, Fuehrung, "DE-NW", 5, Some(3), 5),
        ],
    );
    pool.candidates[0].fellow = true;
    pool
}

#[test]
fn unclaimed_fellow_places_go_to_the_free_places_after_the_deadline() {
    let pool = released_pool();
    let proposal = run(&pool);
    // The fellow place plus all three free places: the track is full.
    assert_eq!(proposal.tracks[0].selected.len(), 4);
    assert!(proposal.violations.is_empty(), "{:?}", proposal.violations);
    let r = &proposal.released[0];
    assert_eq!((r.track, r.count, r.free_places), (Fuehrung, 1, 3));
    assert_eq!(
        r.message,
        "Lernpfad Führung: 1 Fellow-Platz ohne Bewerbung einer Fellow-Kommune geht an die \
         freien Plätze (jetzt 3 statt 2)"
    );
    // Nobody claims Change's two fellow places either.
    assert_eq!(proposal.released[1].track, Change);
    assert_eq!(proposal.released[1].count, 2);
}

#[test]
fn unclaimed_fellow_places_stay_empty_before_the_deadline_or_when_switched_off() {
    let mut before = released_pool();
    before.deadline_passed = false;
    let proposal = run(&before);
    assert_eq!(proposal.tracks[0].selected.len(), 3);
    assert!(proposal.released.is_empty());
    assert!(
        proposal.notes.iter().any(|n| n
            == "Lernpfad Führung: 1 Fellow-Plätze ohne Bewerbung bleiben frei, \
                           solange die Bewerbungsfrist läuft"),
        "{:?}",
        proposal.notes
    );
    let off = SelectionOptions {
        release_fellow_places: false,
        ..SelectionOptions::default()
    };
    let proposal = propose(&released_pool(), &off).expect("proposal");
    assert_eq!(proposal.tracks[0].selected.len(), 3);
    assert!(proposal.released.is_empty());
    assert!(
        proposal
            .notes
            .iter()
            .any(|n| n.contains("Freigabe an die freien Plätze ist ausgeschaltet"))
    );
}

#[test]
fn a_tandem_named_in_the_form_is_stated_and_a_municipality_guess_is_only_a_suggestion() {
    let (dir, k) = common::demo();
    let find = |k: &kohorte::Kohorte, name: &str| {
        k.candidates()
            .expect("candidates")
            .into_iter()
            .find(|c| c.name.ends_with(name))
            .expect(name)
    };
    let gruber = find(&k, "Andreas Gruber");
    drop(k);
    // The stored pairing goes; Andreas Gruber names his partner in the form instead.
    let path = common::db_file(&dir);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute(
        "DELETE FROM tandem WHERE leader_application_id = ?1",
        [gruber.id],
    )
    .expect("delete");
    conn.execute(
        "UPDATE application SET tandem_partner_text = 'Lena Hartmann' WHERE id = ?1",
        [gruber.id],
    )
    .expect("update");
    drop(conn);
    let k = kohorte::Kohorte::open(&path).expect("open");
    let (gruber, hartmann) = (find(&k, "Andreas Gruber"), find(&k, "Lena Hartmann"));
    assert_eq!(
        gruber.tandem,
        Some(kohorte::balance::TandemLink {
            partner_id: hartmann.id,
            confirmed: false
        })
    );
    // The demo's municipality-only pairings stay suggestions: no link, free to separate.
    let krause = find(&k, "Sandra Krause");
    assert_eq!(krause.tandem, None);
    let proposal = k
        .propose_selection(&SelectionOptions::default())
        .expect("proposal");
    let chosen = selected(&proposal);
    assert_eq!(chosen.contains(&gruber.id), chosen.contains(&hartmann.id));
}

#[test]
fn interchangeable_applicants_still_give_the_optimum() {
    // Two profiles only (same state, gender, kind and experience within each), so the
    // solver's types are large and only their best members get a variable.
    let mut checked = 0;
    for (seed, deadline_passed) in (0..60).flat_map(|s| [(s, true), (s, false)]) {
        let mut rng = Lcg(seed * 31 + 7);
        let mut pool = random_pool(seed, 10 + (seed % 5) as usize, 3, 2);
        pool.deadline_passed = deadline_passed;
        for c in &mut pool.candidates {
            let nrw = rng.below(2) == 0;
            c.state = if nrw { "DE-NW" } else { "DE-BY" }.into();
            c.region = region_of(&c.state);
            c.gender = "w".into();
            c.kind = kohorte::model::MunicipalityKind::Landkreis;
            c.experience_years = Some(5.0);
            c.score = Some(1 + rng.below(2) as u8 * 4);
        }
        pool.quotas = vec![
            quota(Some(Fuehrung), Dimension::State, "DE-NW", None, Some(1)),
            quota(
                None,
                Dimension::State,
                "DE-BY",
                Some(rng.below(3) as u32),
                None,
            ),
        ];
        let proposal = run(&pool);
        if let Some(best) = brute_force_best(&pool) {
            checked += 1;
            assert!(proposal.relaxation.is_empty(), "seed {seed}");
            assert_eq!(proposal.score_total, best, "seed {seed}");
        }
    }
    assert!(checked >= 40, "{checked}");
}
