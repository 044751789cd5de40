//! What the integration tests share: the demo database in a temporary folder, and
//! builders for pools in pure tests (small, explicit, deterministic).
// Each test binary uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use kohorte::Kohorte;
use kohorte::balance::{Candidate, Dimension, ExperienceBand, Lock, Pool, Quota, TandemLink};
use kohorte::model::{MunicipalityKind, Status, Track, TrackRole};
use kohorte::reference::{FEDERAL_STATES, Region};
use tempfile::TempDir;
use uuid::Uuid;

/// The name of the demo's database file inside its folder.
pub const DB_FILE: &str = "kohorte.sqlite";

/// The demo programme in a new database file ([`DB_FILE`]) of its own temporary folder;
/// the folder goes when the `TempDir` is dropped, so keep it for the test's length.
pub fn demo() -> (TempDir, Kohorte) {
    let dir = tempfile::tempdir().expect("temp dir");
    let kohorte = demo_at(&db_file(&dir));
    (dir, kohorte)
}

/// The demo programme written into a new database file at `path`.
pub fn demo_at(path: &Path) -> Kohorte {
    let kohorte = Kohorte::open(path).expect("open the demo file");
    kohorte.create_demo(false).expect("write the demo");
    kohorte
}

/// The database file of a folder made by [`demo`].
pub fn db_file(dir: &TempDir) -> PathBuf {
    dir.path().join(DB_FILE)
}

pub fn track(role: TrackRole, capacity: u32, free_places: u32) -> Track {
    Track {
        id: Uuid::from_u128(role as u128 + 1),
        programme_id: Uuid::nil(),
        name: match role {
            TrackRole::Fuehrung => "Lernpfad Führung".into(),
            TrackRole::Change => "Lernpfad Change".into(),
        },
        role,
        target_role: String::new(),
        capacity,
        free_places,
    }
}

pub fn bands() -> Vec<ExperienceBand> {
    vec![
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
    ]
}

pub fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 8, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day))))
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid test date")
}

/// A candidate in state `state` (ISO code), municipality number `town` (fellow if
/// `fellow`), received on day `day`.
pub fn cand(
    n: u128,
    track: TrackRole,
    state: &str,
    town: u128,
    score: Option<u8>,
    day: u32,
) -> Candidate {
    let fs = FEDERAL_STATES
        .iter()
        .find(|s| s.code == state)
        .expect("known state");
    Candidate {
        id: Uuid::from_u128(1000 + n),
        name: format!("Person {n}"),
        track,
        status: Status::InPruefung,
        received_at: at(day),
        late: false,
        score,
        municipality_id: Uuid::from_u128(town),
        municipality: format!("Kommune {town}"),
        kind: MunicipalityKind::Landkreis,
        state: state.into(),
        region: fs.default_region,
        experience_years: Some(5.0),
        gender: "w".into(),
        fellow: false,
        tandem: None,
        lock: None,
    }
}

pub fn pair(pool: &mut Pool, a: usize, b: usize) {
    let (ida, idb) = (pool.candidates[a].id, pool.candidates[b].id);
    pool.candidates[a].tandem = Some(TandemLink {
        partner_id: idb,
        confirmed: true,
    });
    pool.candidates[b].tandem = Some(TandemLink {
        partner_id: ida,
        confirmed: true,
    });
}

pub fn quota(
    track: Option<TrackRole>,
    dimension: Dimension,
    value: &str,
    min: Option<u32>,
    max: Option<u32>,
) -> Quota {
    Quota {
        track,
        dimension,
        value: value.into(),
        min,
        max,
        min_flex: None,
        max_flex: None,
    }
}

pub fn pool(tracks: Vec<Track>, candidates: Vec<Candidate>) -> Pool {
    Pool {
        tracks,
        bands: bands(),
        candidates,
        quotas: Vec::new(),
        deadline_passed: true,
        suggested_tandems: Vec::new(),
    }
}

/// A tiny deterministic generator, so random pools are the same on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const STATES: [&str; 6] = ["DE-NW", "DE-BY", "DE-SN", "DE-NI", "DE-BE", "DE-HE"];

/// A random pool: `n` applications over both tracks, some fellows, some tandems,
/// mixed experience, kinds and genders.
pub fn random_pool(seed: u64, n: usize, capacity: u32, free: u32) -> Pool {
    let mut rng = Lcg(seed);
    let mut candidates = Vec::new();
    for i in 0..n {
        let track = if rng.below(2) == 0 {
            TrackRole::Fuehrung
        } else {
            TrackRole::Change
        };
        let town = 1 + rng.below((n as u64 / 2).max(2)) as u128;
        let state = STATES[(town as usize) % STATES.len()];
        let score = match rng.below(6) {
            0 => None,
            s => Some(s as u8),
        };
        let mut c = cand(i as u128, track, state, town, score, rng.below(60) as u32);
        c.fellow = town.is_multiple_of(5);
        c.kind = MunicipalityKind::ALL[(town as usize) % 4];
        c.experience_years = Some(rng.below(20) as f64);
        c.gender = ["w", "m", "d", ""][rng.below(4) as usize].into();
        candidates.push(c);
    }
    let mut pool = pool(
        vec![
            track(TrackRole::Fuehrung, capacity, free),
            track(TrackRole::Change, capacity, free),
        ],
        candidates,
    );
    // Tandems: a Führung and a Change application of the same municipality.
    let mut taken = vec![false; n];
    for a in 0..n {
        for b in 0..n {
            let (ca, cb) = (&pool.candidates[a], &pool.candidates[b]);
            if !taken[a]
                && !taken[b]
                && ca.track == TrackRole::Fuehrung
                && cb.track == TrackRole::Change
                && ca.municipality_id == cb.municipality_id
                && rng.below(3) > 0
            {
                taken[a] = true;
                taken[b] = true;
                pair(&mut pool, a, b);
            }
        }
    }
    pool
}

pub fn lock(pool: &mut Pool, index: usize, lock: Lock) {
    pool.candidates[index].lock = Some(lock);
}

pub fn region_of(code: &str) -> Region {
    FEDERAL_STATES
        .iter()
        .find(|s| s.code == code)
        .map(|s| s.default_region)
        .expect("known state")
}
