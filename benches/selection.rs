//! Solve times of the selection assistant: `cargo bench --bench selection`.
//! Pools of 100, 500 and 2,000 applications, 16 places per track (7 free), quotas on
//! all 7 dimensions; "easy" has spread scores, "hard" has equal scores (only the
//! tie-break separates cohorts) and tight minimum quotas on rare values, and
//! "infeasible" forces the relaxation path (the cohort program fails, one elastic
//! program finds the smallest relaxation and the best cohort under it).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use kohorte::balance::{Candidate, Dimension, ExperienceBand, Pool, Quota, TandemLink};
use kohorte::model::{MunicipalityKind, Status, Track, TrackRole};
use kohorte::reference::FEDERAL_STATES;
use kohorte::selection::{SelectionOptions, propose};
use uuid::Uuid;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn received(day: u64, minute: u64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 7, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(day)))
        .and_then(|d| d.and_hms_opt(8 + (minute / 60) as u32 % 10, (minute % 60) as u32, 0))
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Easy,
    Hard,
    Infeasible,
}

fn pool(n: usize, kind: Kind, seed: u64) -> Pool {
    let mut rng = Lcg(seed);
    let towns = (n / 2).max(20) as u64;
    let mut candidates: Vec<Candidate> = (0..n)
        .map(|i| {
            let town = rng.below(towns);
            let state = &FEDERAL_STATES[(town % 16) as usize];
            let score = match kind {
                Kind::Hard => None,
                _ => match rng.below(6) {
                    0 => None,
                    s => Some(s as u8),
                },
            };
            Candidate {
                id: Uuid::from_u128(i as u128 + 1),
                name: format!("Person {i}"),
                track: if rng.below(2) == 0 {
                    TrackRole::Fuehrung
                } else {
                    TrackRole::Change
                },
                status: Status::InPruefung,
                received_at: received(rng.below(90), rng.below(600)),
                late: false,
                score,
                municipality_id: Uuid::from_u128(1_000_000 + u128::from(town)),
                municipality: format!("Kommune {town}"),
                kind: MunicipalityKind::ALL[(town % 4) as usize],
                state: state.code.into(),
                region: state.default_region,
                experience_years: Some(rng.below(25) as f64),
                gender: ["w", "m", "d", "w", "m"][rng.below(5) as usize].into(),
                // Nine fellow municipalities, as in the call.
                fellow: town < 9,
                tandem: None,
                lock: None,
            }
        })
        .collect();
    // About a third of the applications form tandems.
    let mut free = vec![true; n];
    for a in 0..n {
        if rng.below(3) != 0 || !free[a] {
            continue;
        }
        if let Some(b) = (0..n).find(|&b| {
            free[b]
                && candidates[b].track != candidates[a].track
                && candidates[b].municipality_id == candidates[a].municipality_id
        }) {
            free[a] = false;
            free[b] = false;
            let (ia, ib) = (candidates[a].id, candidates[b].id);
            candidates[a].tandem = Some(TandemLink {
                partner_id: ib,
                confirmed: true,
            });
            candidates[b].tandem = Some(TandemLink {
                partner_id: ia,
                confirmed: true,
            });
        }
    }
    let q = |track, dimension, value: &str, min, max| Quota {
        track,
        dimension,
        value: value.into(),
        min,
        max,
        min_flex: None,
        max_flex: None,
    };
    let mut quotas = Vec::new();
    for track in [TrackRole::Fuehrung, TrackRole::Change] {
        let t = Some(track);
        let tight = kind != Kind::Easy;
        quotas.extend([
            q(t, Dimension::State, "DE-NW", None, Some(2)),
            q(t, Dimension::State, "DE-BY", None, Some(2)),
            q(
                t,
                Dimension::State,
                "DE-SN",
                Some(u32::from(tight)),
                Some(2),
            ),
            q(t, Dimension::Region, "nord", Some(3), None),
            q(t, Dimension::Region, "ost", Some(3), None),
            q(t, Dimension::Region, "sued", Some(3), None),
            q(t, Dimension::Region, "west", Some(3), None),
            q(
                t,
                Dimension::Experience,
                "unter 3 Jahre",
                Some(2 + u32::from(tight)),
                None,
            ),
            q(t, Dimension::Experience, "über 10 Jahre", Some(4), Some(8)),
            q(
                t,
                Dimension::Kind,
                "stadtstaat",
                Some(1 + u32::from(tight)),
                Some(4),
            ),
            q(t, Dimension::Gender, "w", Some(6), None),
            q(t, Dimension::Gender, "m", Some(5), None),
            q(t, Dimension::Gender, "d", Some(u32::from(tight) * 2), None),
            q(t, Dimension::Fellow, "frei", Some(7), None),
            q(t, Dimension::Tandem, "tandem", Some(4), None),
        ]);
    }
    if kind == Kind::Infeasible {
        // Six from the north but at most two per north state and no Lower Saxony:
        // only SH, HB, HH remain (at most 6), and Hamburg is capped at 1.
        quotas.push(q(None, Dimension::Region, "nord", Some(14), None));
        quotas.push(q(None, Dimension::State, "DE-HH", None, Some(1)));
        quotas.push(q(None, Dimension::State, "DE-NI", None, Some(1)));
    }
    let track = |role, name: &str| Track {
        id: Uuid::from_u128(role as u128 + 7),
        programme_id: Uuid::nil(),
        name: name.into(),
        role,
        target_role: String::new(),
        capacity: 16,
        free_places: 7,
    };
    Pool {
        tracks: vec![
            track(TrackRole::Fuehrung, "Lernpfad Führung"),
            track(TrackRole::Change, "Lernpfad Change"),
        ],
        bands: vec![
            ExperienceBand {
                label: "unter 3 Jahre".into(),
                min_years: 0.0,
                max_years: Some(3.0),
            },
            ExperienceBand {
                label: "3–10 Jahre".into(),
                min_years: 3.0,
                max_years: Some(11.0),
            },
            ExperienceBand {
                label: "über 10 Jahre".into(),
                min_years: 11.0,
                max_years: None,
            },
        ],
        candidates,
        quotas,
        deadline_passed: true,
        suggested_tandems: Vec::new(),
    }
}

fn main() {
    println!(
        "{:<11} {:>6} {:>6} {:>10} {:>10} {:>10}  result",
        "instance", "pool", "units", "min", "median", "max"
    );
    for kind in [Kind::Easy, Kind::Hard, Kind::Infeasible] {
        for n in [100, 500, 2000] {
            for seed in [1, 2, 3] {
                let pool = pool(n, kind, seed * 7919 + n as u64);
                let units = kohorte::selection::units(&pool, &SelectionOptions::default()).len();
                let mut times: Vec<Duration> = Vec::new();
                let mut outcome = String::new();
                for _ in 0..5 {
                    let start = Instant::now();
                    let result = propose(&pool, &SelectionOptions::default());
                    times.push(start.elapsed());
                    outcome = match result {
                        Ok(p) => format!(
                            "{}+{} selected, {} relaxed (widening {}), score {}",
                            p.tracks[0].selected.len(),
                            p.tracks[1].selected.len(),
                            p.relaxation.len(),
                            p.relaxation
                                .iter()
                                .map(|r| r.min.unwrap_or(0) - r.new_min.unwrap_or(0)
                                    + r.new_max.unwrap_or(0)
                                    - r.max.unwrap_or(0))
                                .sum::<u32>(),
                            p.score_total
                        ),
                        Err(e) => format!("error: {e}"),
                    };
                }
                times.sort();
                let name = match kind {
                    Kind::Easy => "easy",
                    Kind::Hard => "hard",
                    Kind::Infeasible => "infeasible",
                };
                println!(
                    "{name:<11} {n:>6} {units:>6} {:>8.1}ms {:>8.1}ms {:>8.1}ms  {outcome}",
                    times[0].as_secs_f64() * 1e3,
                    times[2].as_secs_f64() * 1e3,
                    times[4].as_secs_f64() * 1e3,
                );
            }
        }
    }
}
