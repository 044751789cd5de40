//! The balance report: pure, from loaded values. Applications + quotas in, counts,
//! shares and violations (as German sentences) out. The selection assistant shares the
//! dimension values and the wording of quota violations with this module, so a quota
//! is never counted one way in the report and another way in the proposal.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::model::{MunicipalityKind, Status, Track, TrackRole};
use crate::reference::{FEDERAL_STATES, Region, federal_state, state_name};

/// What a group can be balanced by. Stored and exchanged as the English key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Dimension {
    State,
    Region,
    Experience,
    Kind,
    Gender,
    Fellow,
    Tandem,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::State,
        Dimension::Region,
        Dimension::Experience,
        Dimension::Kind,
        Dimension::Gender,
        Dimension::Fellow,
        Dimension::Tandem,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Dimension::State => "state",
            Dimension::Region => "region",
            Dimension::Experience => "experience",
            Dimension::Kind => "kind",
            Dimension::Gender => "gender",
            Dimension::Fellow => "fellow",
            Dimension::Tandem => "tandem",
        }
    }

    /// The German name, also the feature name written to a categories CSV.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::State => "Bundesland",
            Dimension::Region => "Region",
            Dimension::Experience => "Erfahrung",
            Dimension::Kind => "Art",
            Dimension::Gender => "Geschlecht",
            Dimension::Fellow => "Fellow",
            Dimension::Tandem => "Tandem",
        }
    }

    pub fn from_key(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.key() == key)
    }

    /// Accepts the German or the English name, case-insensitively.
    pub fn parse(text: &str) -> Option<Dimension> {
        let wanted = text.trim().to_lowercase();
        let extra: &[(&str, Dimension)] = &[
            ("federal state", Dimension::State),
            ("federal_state", Dimension::State),
            ("erfahrungsstufe", Dimension::Experience),
            ("kommunenart", Dimension::Kind),
            ("art der kommune", Dimension::Kind),
        ];
        Dimension::ALL
            .into_iter()
            .find(|d| d.key() == wanted || d.label().to_lowercase() == wanted)
            .or_else(|| extra.iter().find(|(n, _)| *n == wanted).map(|(_, d)| *d))
    }
}

/// Experience band of a programme: `[min_years, max_years)`, open-ended when `max_years`
/// is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExperienceBand {
    pub label: String,
    pub min_years: f64,
    pub max_years: Option<f64>,
}

/// The value of applicants whose experience is not known.
pub const UNKNOWN_EXPERIENCE: &str = "unbekannt";
/// The value of applicants who gave no (or no recognised) gender.
pub const UNKNOWN_GENDER: &str = "keine_angabe";

/// A min/max quota on one value of one dimension. `track: None` counts both tracks
/// together. `min_flex`/`max_flex` come from the Sortition Foundation's format and are
/// kept for the round trip; the assistant does not use them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Quota {
    pub track: Option<TrackRole>,
    pub dimension: Dimension,
    /// The value's code, e.g. "DE-NW", "sued", "landkreis", "w", "fellow", "tandem".
    pub value: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub min_flex: Option<u32>,
    pub max_flex: Option<u32>,
}

/// A coordinator's decision that overrides the assistant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Lock {
    /// Always in the proposed cohort.
    In,
    /// Never in the proposed cohort, nor on its waitlist.
    Out,
}

impl Lock {
    pub fn key(self) -> &'static str {
        match self {
            Lock::In => "in",
            Lock::Out => "out",
        }
    }

    /// As the Auswahl view names the choice (its i18n catalogue has the same words).
    pub fn label(self) -> &'static str {
        match self {
            Lock::In => "immer dabei",
            Lock::Out => "nie dabei",
        }
    }

    pub fn from_key(key: &str) -> Option<Lock> {
        match key {
            "in" => Some(Lock::In),
            "out" => Some(Lock::Out),
            _ => None,
        }
    }
}

/// A tandem that is one unit everywhere: confirmed by the coordinator, or stated by the
/// applicants (stored as "offen", or named in the form) and not yet dissolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemLink {
    pub partner_id: Uuid,
    pub confirmed: bool,
}

/// One of the app's own pairing suggestions ("Vorschlag": the only Führung and Change
/// applications of a municipality). Unlike a [`TandemLink`] it may be separated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestedTandem {
    pub leader: Uuid,
    pub planner: Uuid,
}

/// One application with everything balance and selection look at.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Candidate {
    pub id: Uuid,
    /// "Jana Weber", for reasons and messages.
    pub name: String,
    pub track: TrackRole,
    pub status: Status,
    pub received_at: NaiveDateTime,
    pub late: bool,
    pub score: Option<u8>,
    pub municipality_id: Uuid,
    pub municipality: String,
    pub kind: MunicipalityKind,
    /// ISO 3166-2 code.
    pub state: String,
    /// The state's region as configured in the file (`federal_state.region`).
    pub region: Region,
    pub experience_years: Option<f64>,
    /// As stored; normalised by [`gender_key`].
    pub gender: String,
    pub fellow: bool,
    pub tandem: Option<TandemLink>,
    pub lock: Option<Lock>,
}

/// Everything the balance report and the selection assistant need of one programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pool {
    pub tracks: Vec<Track>,
    pub bands: Vec<ExperienceBand>,
    pub candidates: Vec<Candidate>,
    pub quotas: Vec<Quota>,
    /// The application deadline has passed: fellow places nobody claimed may go to the
    /// free places.
    pub deadline_passed: bool,
    /// The app's own pairing suggestions; stated and confirmed tandems are in
    /// [`Candidate::tandem`].
    pub suggested_tandems: Vec<SuggestedTandem>,
}

impl Pool {
    pub fn track(&self, role: TrackRole) -> Option<&Track> {
        self.tracks.iter().find(|t| t.role == role)
    }

    /// "Lernpfad Führung", or "Beide Lernpfade" for quotas over both tracks.
    pub fn scope_name(&self, scope: Option<TrackRole>) -> String {
        match scope {
            None => "Beide Lernpfade".into(),
            Some(role) => self.track(role).map_or_else(
                || match role {
                    TrackRole::Fuehrung => "Lernpfad Führung".into(),
                    TrackRole::Change => "Lernpfad Change".into(),
                },
                |t| t.name.clone(),
            ),
        }
    }
}

/// Adds what the tandem board found beyond the stored tandems: a pairing named in the
/// form becomes a stated tandem (one unit, like a stored one), the app's own suggestion
/// a [`SuggestedTandem`]. Applications already in a tandem are left as they are.
pub fn add_unstored_tandems(pool: &mut Pool, pairs: &[crate::tandem::TandemPair]) {
    let index: std::collections::HashMap<Uuid, usize> = pool
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    for pair in pairs.iter().filter(|p| p.proposed) {
        let (Some(&l), Some(&r)) = (index.get(&pair.leader), index.get(&pair.planner)) else {
            continue;
        };
        if pool.candidates[l].tandem.is_some() || pool.candidates[r].tandem.is_some() {
            continue;
        }
        if pair.from_form {
            pool.candidates[l].tandem = Some(TandemLink {
                partner_id: pair.planner,
                confirmed: false,
            });
            pool.candidates[r].tandem = Some(TandemLink {
                partner_id: pair.leader,
                confirmed: false,
            });
        } else {
            pool.suggested_tandems.push(SuggestedTandem {
                leader: pair.leader,
                planner: pair.planner,
            });
        }
    }
}

/// Folds the free-text gender of a person into one of "w", "m", "d", "keine_angabe".
pub fn gender_key(text: &str) -> &'static str {
    match text.trim().to_lowercase().as_str() {
        "w" | "weiblich" | "f" | "female" | "frau" => "w",
        "m" | "männlich" | "maennlich" | "male" | "mann" => "m",
        "d" | "divers" | "diverse" | "x" | "nicht-binär" | "non-binary" => "d",
        _ => UNKNOWN_GENDER,
    }
}

/// The band label an experience falls into, or [`UNKNOWN_EXPERIENCE`].
pub fn experience_band(years: Option<f64>, bands: &[ExperienceBand]) -> String {
    years
        .and_then(|y| {
            bands
                .iter()
                .find(|b| y >= b.min_years && b.max_years.is_none_or(|max| y < max))
        })
        .map_or_else(|| UNKNOWN_EXPERIENCE.to_string(), |b| b.label.clone())
}

/// The value code of a candidate in a dimension.
pub fn value_of(c: &Candidate, dimension: Dimension, bands: &[ExperienceBand]) -> String {
    match dimension {
        Dimension::State => c.state.clone(),
        Dimension::Region => c.region.key().into(),
        Dimension::Experience => experience_band(c.experience_years, bands),
        Dimension::Kind => c.kind.key().into(),
        Dimension::Gender => gender_key(&c.gender).into(),
        Dimension::Fellow => if c.fellow { "fellow" } else { "frei" }.into(),
        Dimension::Tandem => if c.tandem.is_some() { "tandem" } else { "solo" }.into(),
    }
}

/// Every value a dimension can take, in display order (all 16 states for the map).
pub fn known_values(dimension: Dimension, bands: &[ExperienceBand]) -> Vec<String> {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    match dimension {
        Dimension::State => FEDERAL_STATES.iter().map(|s| s.code.to_string()).collect(),
        Dimension::Region => Region::ALL.iter().map(|r| r.key().to_string()).collect(),
        Dimension::Experience => bands
            .iter()
            .map(|b| b.label.clone())
            .chain([UNKNOWN_EXPERIENCE.to_string()])
            .collect(),
        Dimension::Kind => MunicipalityKind::ALL
            .iter()
            .map(|k| k.key().to_string())
            .collect(),
        Dimension::Gender => owned(&["w", "m", "d", UNKNOWN_GENDER]),
        Dimension::Fellow => owned(&["fellow", "frei"]),
        Dimension::Tandem => owned(&["tandem", "solo"]),
    }
}

/// How a value is shown to people.
pub fn value_label(dimension: Dimension, value: &str) -> String {
    match dimension {
        Dimension::State => state_name(value).into(),
        Dimension::Region => Region::from_key(value).map_or(value, |r| r.label()).into(),
        Dimension::Experience if value == UNKNOWN_EXPERIENCE => "keine Angabe".into(),
        Dimension::Experience => value.into(),
        Dimension::Kind => MunicipalityKind::from_key(value)
            .map_or(value, |k| k.label())
            .into(),
        Dimension::Gender => match value {
            "w" => "weiblich",
            "m" => "männlich",
            "d" => "divers",
            _ => "keine Angabe",
        }
        .into(),
        Dimension::Fellow => match value {
            "fellow" => "Fellow-Kommune",
            _ => "freier Platz",
        }
        .into(),
        Dimension::Tandem => match value {
            "tandem" => "Tandem",
            _ => "solo",
        }
        .into(),
    }
}

/// Reads a value as people write it (label, code or a common spelling) into its code.
pub fn parse_value(dimension: Dimension, text: &str, bands: &[ExperienceBand]) -> Option<String> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let by_code_or_label = || {
        known_values(dimension, bands).into_iter().find(|v| {
            v.to_lowercase() == wanted || value_label(dimension, v).to_lowercase() == wanted
        })
    };
    match dimension {
        Dimension::State => federal_state(text).map(|s| s.code.to_string()),
        Dimension::Region => by_code_or_label().or_else(|| {
            (wanted == "süd" || wanted == "sud" || wanted == "south").then(|| "sued".into())
        }),
        Dimension::Experience => by_code_or_label().or_else(|| {
            // Bands may also be named by their position, 1 for the first.
            let position: usize = wanted.parse().ok()?;
            bands.get(position.checked_sub(1)?).map(|b| b.label.clone())
        }),
        Dimension::Kind => by_code_or_label().or_else(|| match wanted.as_str() {
            "kreisangehörige gemeinde" | "kreisangehoerige gemeinde" | "gemeinde" => {
                Some("kreisangehoerige_gemeinde".into())
            }
            "kreisfreie_stadt" | "stadt" => Some("kreisfreie_stadt".into()),
            _ => None,
        }),
        Dimension::Gender => match gender_key(&wanted) {
            UNKNOWN_GENDER => by_code_or_label(),
            key => Some(key.into()),
        },
        Dimension::Fellow => match wanted.as_str() {
            "fellow" | "ja" | "yes" | "true" | "1" | "fellow-kommune" => Some("fellow".into()),
            "frei" | "nein" | "no" | "false" | "0" | "freier platz" | "free" => Some("frei".into()),
            _ => None,
        },
        Dimension::Tandem => match wanted.as_str() {
            "tandem" | "ja" | "yes" | "true" | "1" => Some("tandem".into()),
            "solo" | "nein" | "no" | "false" | "0" => Some("solo".into()),
            _ => None,
        },
    }
}

/// "aus Nordrhein-Westfalen", "aus der Region Süd", … for violation sentences.
pub fn value_phrase(dimension: Dimension, value: &str) -> String {
    let label = value_label(dimension, value);
    match dimension {
        Dimension::State => format!("aus {label}"),
        Dimension::Region => format!("aus der Region {label}"),
        Dimension::Experience => format!("mit Erfahrung „{label}“"),
        Dimension::Kind => format!("aus Kommunen der Art „{label}“"),
        Dimension::Gender => format!("mit Geschlecht „{label}“"),
        Dimension::Fellow if value == "fellow" => "aus Fellow-Kommunen".into(),
        Dimension::Fellow => "auf freien Plätzen".into(),
        Dimension::Tandem if value == "tandem" => "im Tandem".into(),
        Dimension::Tandem => "ohne Tandem".into(),
    }
}

fn zusagen(count: u32) -> String {
    if count == 1 {
        "1 Zusage".into()
    } else {
        format!("{count} Zusagen")
    }
}

/// The sentence for a quota that `count` selected people break, or `None` if it holds.
/// "Lernpfad Führung: 4 Zusagen aus Nordrhein-Westfalen, höchstens 2 vorgesehen"
pub fn quota_breach(scope_name: &str, quota: &Quota, count: u32) -> Option<String> {
    let phrase = value_phrase(quota.dimension, &quota.value);
    if let Some(max) = quota.max.filter(|&max| count > max) {
        return Some(format!(
            "{scope_name}: {} {phrase}, höchstens {max} vorgesehen",
            zusagen(count)
        ));
    }
    if let Some(min) = quota.min.filter(|&min| count < min) {
        return Some(format!(
            "{scope_name}: {} {phrase}, mindestens {min} vorgesehen",
            zusagen(count)
        ));
    }
    None
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ValueBalance {
    pub value: String,
    pub label: String,
    pub applicants: u32,
    pub in_review: u32,
    pub selected: u32,
    /// Shares of the scope's totals, 0 to 1 (0 when the total is 0).
    pub applicants_share: f64,
    pub in_review_share: f64,
    pub selected_share: f64,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DimensionBalance {
    pub dimension: Dimension,
    pub label: String,
    pub values: Vec<ValueBalance>,
}

/// One track, or both together (`track: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScopeBalance {
    pub track: Option<TrackRole>,
    pub name: String,
    pub capacity: u32,
    pub free_places: u32,
    /// Every application except withdrawn ones.
    pub applicants: u32,
    /// Status "in Prüfung".
    pub in_review: u32,
    /// Status "zugesagt".
    pub selected: u32,
    pub dimensions: Vec<DimensionBalance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Violation {
    /// quota_min, quota_max, capacity, free_places, fellow_extra, fellow_missing,
    /// tandem_split
    pub code: String,
    pub track: Option<TrackRole>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BalanceReport {
    pub scopes: Vec<ScopeBalance>,
    pub violations: Vec<Violation>,
}

fn share(part: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(total)
    }
}

/// The quotas of a scope, keyed by (dimension, value).
fn quotas_of(pool: &Pool, scope: Option<TrackRole>) -> BTreeMap<(Dimension, &str), &Quota> {
    pool.quotas
        .iter()
        .filter(|q| q.track == scope)
        .map(|q| ((q.dimension, q.value.as_str()), q))
        .collect()
}

fn scope_balance(pool: &Pool, scope: Option<TrackRole>) -> ScopeBalance {
    let members: Vec<&Candidate> = pool
        .candidates
        .iter()
        .filter(|c| scope.is_none_or(|t| c.track == t))
        .filter(|c| c.status != Status::Zurueckgezogen)
        .collect();
    let applicants = members.len() as u32;
    let in_review = members
        .iter()
        .filter(|c| c.status == Status::InPruefung)
        .count() as u32;
    let selected = members
        .iter()
        .filter(|c| c.status == Status::Zugesagt)
        .count() as u32;
    let quotas = quotas_of(pool, scope);
    let dimensions = Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let mut values = known_values(dimension, &pool.bands);
            // A quota on a value nobody has (yet) still deserves a row.
            for (d, v) in quotas.keys() {
                if *d == dimension && !values.iter().any(|known| known == v) {
                    values.push(v.to_string());
                }
            }
            let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
            for c in &members {
                let entry = counts
                    .entry(value_of(c, dimension, &pool.bands))
                    .or_default();
                entry.0 += 1;
                entry.1 += u32::from(c.status == Status::InPruefung);
                entry.2 += u32::from(c.status == Status::Zugesagt);
            }
            for v in counts.keys() {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            let values = values
                .into_iter()
                .map(|value| {
                    let (a, r, s) = counts.get(&value).copied().unwrap_or_default();
                    let quota = quotas.get(&(dimension, value.as_str()));
                    ValueBalance {
                        label: value_label(dimension, &value),
                        applicants: a,
                        in_review: r,
                        selected: s,
                        applicants_share: share(a, applicants),
                        in_review_share: share(r, in_review),
                        selected_share: share(s, selected),
                        min: quota.and_then(|q| q.min),
                        max: quota.and_then(|q| q.max),
                        value,
                    }
                })
                .collect();
            DimensionBalance {
                dimension,
                label: dimension.label().into(),
                values,
            }
        })
        .collect();
    let (capacity, free_places) = match scope {
        Some(role) => pool
            .track(role)
            .map_or((0, 0), |t| (t.capacity, t.free_places)),
        None => pool
            .tracks
            .iter()
            .fold((0, 0), |(c, f), t| (c + t.capacity, f + t.free_places)),
    };
    ScopeBalance {
        track: scope,
        name: pool.scope_name(scope),
        capacity,
        free_places,
        applicants,
        in_review,
        selected,
        dimensions,
    }
}

/// Counts how many of `selected` fall on each quota, and returns every breach.
pub fn quota_violations<'a>(
    pool: &Pool,
    selected: impl Iterator<Item = &'a Candidate> + Clone,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for quota in &pool.quotas {
        let count = selected
            .clone()
            .filter(|c| quota.track.is_none_or(|t| c.track == t))
            .filter(|c| value_of(c, quota.dimension, &pool.bands) == quota.value)
            .count() as u32;
        if let Some(message) = quota_breach(&pool.scope_name(quota.track), quota, count) {
            let code = if quota.max.is_some_and(|m| count > m) {
                "quota_max"
            } else {
                "quota_min"
            };
            out.push(Violation {
                code: code.into(),
                track: quota.track,
                message,
            });
        }
    }
    out
}

/// Capacity, free-place and fellow-place checks of a set of selected candidates.
/// `waiting` are the candidates still in the running (for "fellow without Zusage").
pub fn place_violations<'a>(
    pool: &Pool,
    selected: impl Iterator<Item = &'a Candidate> + Clone,
    waiting: impl Iterator<Item = &'a Candidate> + Clone,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for track in &pool.tracks {
        let in_track = selected.clone().filter(|c| c.track == track.role);
        let total = in_track.clone().count() as u32;
        let free = in_track.clone().filter(|c| !c.fellow).count() as u32;
        if total > track.capacity {
            out.push(Violation {
                code: "capacity".into(),
                track: Some(track.role),
                message: format!(
                    "{}: {}, aber nur {} Plätze",
                    track.name,
                    zusagen(total),
                    track.capacity
                ),
            });
        }
        if free > track.free_places {
            out.push(Violation {
                code: "free_places".into(),
                track: Some(track.role),
                message: format!(
                    "{}: {} auf freien Plätzen, aber nur {} freie Plätze",
                    track.name,
                    zusagen(free),
                    track.free_places
                ),
            });
        }
        let mut fellow_taken: BTreeMap<(&str, Uuid), u32> = BTreeMap::new();
        for c in in_track.filter(|c| c.fellow) {
            *fellow_taken
                .entry((c.municipality.as_str(), c.municipality_id))
                .or_default() += 1;
        }
        for ((name, _), count) in &fellow_taken {
            if *count > 1 {
                out.push(Violation {
                    code: "fellow_extra".into(),
                    track: Some(track.role),
                    message: format!(
                        "{}: {} aus der Fellow-Kommune {name}, vorgesehen ist 1 Platz",
                        track.name,
                        zusagen(*count)
                    ),
                });
            }
        }
        let missing: BTreeSet<(&str, Uuid)> = waiting
            .clone()
            .filter(|c| c.track == track.role && c.fellow)
            .map(|c| (c.municipality.as_str(), c.municipality_id))
            .filter(|key| !fellow_taken.contains_key(key))
            .collect();
        for (name, _) in missing {
            out.push(Violation {
                code: "fellow_missing".into(),
                track: Some(track.role),
                message: format!(
                    "{}: die Fellow-Kommune {name} hat noch keine Zusage, obwohl eine \
                     Bewerbung vorliegt",
                    track.name
                ),
            });
        }
    }
    out
}

/// Tandems (confirmed or stated) where one partner is zugesagt and the other is not.
pub fn split_tandems(pool: &Pool) -> Vec<Violation> {
    let by_id: BTreeMap<Uuid, &Candidate> = pool.candidates.iter().map(|c| (c.id, c)).collect();
    let mut out = Vec::new();
    for c in &pool.candidates {
        let Some(link) = c.tandem else {
            continue;
        };
        let Some(partner) = by_id.get(&link.partner_id) else {
            continue;
        };
        if c.status == Status::Zugesagt && partner.status != Status::Zugesagt {
            out.push(Violation {
                code: "tandem_split".into(),
                track: None,
                message: format!(
                    "Tandem {}: {} ({}) ist zugesagt, {} ({}) ist {}",
                    c.municipality,
                    c.name,
                    pool.scope_name(Some(c.track)),
                    partner.name,
                    pool.scope_name(Some(partner.track)),
                    partner.status.label()
                ),
            });
        }
    }
    out
}

/// Still in the running: not yet decided against and not withdrawn.
fn waiting(c: &Candidate) -> bool {
    matches!(
        c.status,
        Status::Eingegangen | Status::InPruefung | Status::Warteliste
    )
}

/// The report per track and for both tracks together, with every violation of the
/// current Zusagen.
pub fn balance(pool: &Pool) -> BalanceReport {
    let scopes = pool
        .tracks
        .iter()
        .map(|t| Some(t.role))
        .chain([None])
        .map(|scope| scope_balance(pool, scope))
        .collect();
    let selected = pool
        .candidates
        .iter()
        .filter(|c| c.status == Status::Zugesagt);
    let mut violations = place_violations(
        pool,
        selected.clone(),
        pool.candidates.iter().filter(|c| waiting(c)),
    );
    violations.extend(quota_violations(pool, selected));
    violations.extend(split_tandems(pool));
    BalanceReport { scopes, violations }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_understood_in_german_and_english() {
        assert_eq!(Dimension::parse("Bundesland"), Some(Dimension::State));
        assert_eq!(Dimension::parse("state"), Some(Dimension::State));
        assert_eq!(Dimension::parse("ERFAHRUNG"), Some(Dimension::Experience));
        assert_eq!(Dimension::parse("kind"), Some(Dimension::Kind));
        assert_eq!(Dimension::parse("Art"), Some(Dimension::Kind));
        assert_eq!(Dimension::parse("Geschlecht"), Some(Dimension::Gender));
        assert_eq!(Dimension::parse("Alter"), None);
    }

    #[test]
    fn values_are_read_by_label_or_code() {
        let bands = vec![
            ExperienceBand {
                label: "unter 3 Jahre".into(),
                min_years: 0.0,
                max_years: Some(3.0),
            },
            ExperienceBand {
                label: "über 3 Jahre".into(),
                min_years: 3.0,
                max_years: None,
            },
        ];
        let p = |d, t| parse_value(d, t, &bands);
        assert_eq!(p(Dimension::State, "NRW").as_deref(), Some("DE-NW"));
        assert_eq!(p(Dimension::Region, "Süd").as_deref(), Some("sued"));
        assert_eq!(p(Dimension::Region, "sued").as_deref(), Some("sued"));
        assert_eq!(
            p(Dimension::Experience, "2").as_deref(),
            Some("über 3 Jahre")
        );
        assert_eq!(
            p(Dimension::Experience, "Unter 3 Jahre").as_deref(),
            Some("unter 3 Jahre")
        );
        assert_eq!(
            p(Dimension::Kind, "Landkreis").as_deref(),
            Some("landkreis")
        );
        assert_eq!(p(Dimension::Gender, "weiblich").as_deref(), Some("w"));
        assert_eq!(p(Dimension::Fellow, "ja").as_deref(), Some("fellow"));
        assert_eq!(p(Dimension::Tandem, "solo").as_deref(), Some("solo"));
        assert_eq!(p(Dimension::Experience, "4"), None);
        assert_eq!(p(Dimension::Region, "Mitte"), None);
    }

    #[test]
    fn experience_bands_are_half_open() {
        let bands = vec![
            ExperienceBand {
                label: "a".into(),
                min_years: 0.0,
                max_years: Some(3.0),
            },
            ExperienceBand {
                label: "b".into(),
                min_years: 3.0,
                max_years: None,
            },
        ];
        assert_eq!(experience_band(Some(2.9), &bands), "a");
        assert_eq!(experience_band(Some(3.0), &bands), "b");
        assert_eq!(experience_band(Some(40.0), &bands), "b");
        assert_eq!(experience_band(None, &bands), UNKNOWN_EXPERIENCE);
    }

    #[test]
    fn quota_breach_reads_like_the_issue() {
        let quota = Quota {
            track: Some(TrackRole::Fuehrung),
            dimension: Dimension::State,
            value: "DE-NW".into(),
            min: None,
            max: Some(2),
            min_flex: None,
            max_flex: None,
        };
        assert_eq!(
            quota_breach("Lernpfad Führung", &quota, 4).as_deref(),
            Some("Lernpfad Führung: 4 Zusagen aus Nordrhein-Westfalen, höchstens 2 vorgesehen")
        );
        assert_eq!(quota_breach("Lernpfad Führung", &quota, 2), None);
        let min = Quota {
            min: Some(2),
            max: None,
            dimension: Dimension::Region,
            value: "ost".into(),
            ..quota
        };
        assert_eq!(
            quota_breach("Beide Lernpfade", &min, 1).as_deref(),
            Some("Beide Lernpfade: 1 Zusage aus der Region Ost, mindestens 2 vorgesehen")
        );
    }
}
