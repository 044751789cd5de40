//! The assistant's German explanations: why someone does not take part, why the hard
//! rules conflict, what a relaxation widens, and the reasons beside every proposed,
//! waiting and excluded person.

use std::collections::{BTreeMap, HashMap};

use super::program::{Row, RowKind, blocking_rows, weights};
use super::{
    Entry, NEUTRAL_SCORE, Proposal, Relaxation, ReleasedPlaces, SelectionOptions, SeparatedPair,
    StatusChange, TrackProposal, Unit, score_of,
};
use crate::balance::{
    Candidate, Lock, Pool, Quota, place_violations, quota_violations, value_label,
};
use crate::model::Status;

/// Why a candidate does not take part, or `None` if it does.
pub(super) fn exclusion(c: &Candidate, options: &SelectionOptions) -> Option<&'static str> {
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

/// Names the hard rules that cannot hold together, as far as simple counting can tell.
pub(super) fn explain_hard_conflict(
    pool: &Pool,
    options: &SelectionOptions,
    units: &[Unit],
    rows: &[Row],
) -> String {
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
    let fellow_rows = rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Fellow(..)))
        .count();
    let capacity: u32 = pool.tracks.iter().map(|t| t.capacity).sum();
    if fellow_rows as u32 > capacity {
        reasons.push(format!(
            "{fellow_rows} Fellow-Plätze, aber nur {capacity} Plätze insgesamt"
        ));
    }
    let mut text = if reasons.is_empty() {
        "Plätze, Fellow-Plätze, Tandems und Sperren widersprechen sich; bitte Sperren prüfen".into()
    } else {
        reasons.join("; ")
    };
    let zusagen_locked = !options.unlock_zusagen
        && units
            .iter()
            .filter(|u| u.locked_in)
            .flat_map(|u| &u.members)
            .any(|&m| cands[m].status == crate::model::Status::Zugesagt);
    if zusagen_locked {
        text.push_str(
            " (bestehende Zusagen zählen als fest eingeplant; die Option „Bestehende Zusagen \
             dürfen zurückgenommen werden“ gibt sie frei)",
        );
    }
    text
}

/// The rule a row stands for, as the reasons name it: which quota (scope, dimension,
/// value, bound) or which place rule. `upper`: the upper bound is the one in the way.
pub(super) fn rule_text(pool: &Pool, row: &Row, released: &[u32], upper: bool) -> String {
    let track_name = |t: usize| {
        pool.tracks
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    let bound = |b: Option<f64>| b.unwrap_or(0.0).round() as u32;
    match row.kind {
        RowKind::Capacity(t) => {
            format!("{}: alle {} Plätze vergeben", track_name(t), bound(row.hi))
        }
        RowKind::FreePlaces(t) => {
            let extra = released.get(t).copied().unwrap_or(0);
            let mut text = format!(
                "{}: höchstens {} freie Plätze",
                track_name(t),
                bound(row.hi)
            );
            if extra > 0 {
                text.push_str(&format!(" (davon {extra} freigegebene Fellow-Plätze)"));
            }
            text
        }
        RowKind::Fellow(t, municipality) => {
            let name = pool
                .candidates
                .iter()
                .find(|c| c.municipality_id == municipality)
                .map_or_else(String::new, |c| c.municipality.clone());
            if upper {
                format!(
                    "{}: die Fellow-Kommune {name} hat schon ihren einen Platz",
                    track_name(t)
                )
            } else {
                format!(
                    "{}: die Fellow-Kommune {name} behält genau einen Platz",
                    track_name(t)
                )
            }
        }
        RowKind::Quota(q) => {
            let quota = &pool.quotas[q];
            let limit = if upper {
                format!("höchstens {}", quota.max.unwrap_or(0))
            } else {
                format!("mindestens {}", quota.min.unwrap_or(0))
            };
            format!(
                "Quote {}, {} „{}“: {limit}",
                pool.scope_name(quota.track),
                quota.dimension.label(),
                value_label(quota.dimension, &quota.value)
            )
        }
    }
}

pub(super) fn relaxation_message(
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

pub(super) fn describe(
    pool: &Pool,
    options: &SelectionOptions,
    units: &[Unit],
    rows: &[Row],
    chosen: &[bool],
    released: &[u32],
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
            .map(|&o| {
                if cands[m].tandem.is_some_and(|t| t.confirmed) {
                    format!("im Tandem mit {}", cands[o].name)
                } else {
                    format!(
                        "im Tandem mit {} (angegeben, noch nicht bestätigt)",
                        cands[o].name
                    )
                }
            })
            .or_else(|| {
                cands[m].tandem.map(|_| {
                    "solo, da die Tandempartnerin/der Tandempartner nicht teilnimmt".into()
                })
            })
    };
    let blocking = blocking_rows(units, rows, chosen);
    let why_text = |u: usize| match &blocking[u] {
        None => "kann nachrücken, ohne eine Quote oder Platzregel zu verletzen".to_string(),
        Some(broken) => format!(
            "würde beim Nachrücken verletzen: {}",
            broken
                .iter()
                .map(|&(r, upper)| rule_text(pool, &rows[r], released, upper))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    // Worked out once per distinct answer: many waiting units share one.
    let mut texts: HashMap<Option<Vec<(usize, bool)>>, String> = HashMap::new();
    let why: Vec<String> = (0..units.len())
        .map(|u| {
            if chosen[u] {
                return String::new();
            }
            texts
                .entry(blocking[u].clone())
                .or_insert_with(|| why_text(u))
                .clone()
        })
        .collect();
    let why_waiting = |u: usize| why[u].clone();
    let mut waiting: Vec<usize> = (0..units.len()).filter(|&u| !chosen[u]).collect();
    let weights = weights(pool, units);
    // Units that can move up without breaking a rule first, then by weight (score,
    // then arrival).
    waiting.sort_by(|&a, &b| {
        blocking[a]
            .is_none()
            .cmp(&blocking[b].is_none())
            .reverse()
            .then(weights[b].total_cmp(&weights[a]))
    });
    let mut selected_units: Vec<usize> = (0..units.len()).filter(|&u| chosen[u]).collect();
    selected_units.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
    let unit_of: HashMap<usize, usize> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| unit.members.iter().map(move |&m| (m, u)))
        .collect();
    let zusage_locked = |c: &Candidate| c.status == Status::Zugesagt && !options.unlock_zusagen;

    let mut tracks = Vec::new();
    let mut waitlist_reason: HashMap<usize, String> = HashMap::new();
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
        let selected = selected
            .into_iter()
            .map(|m| {
                let c = &cands[m];
                let unit = &units[unit_of[&m]];
                let mut parts = Vec::new();
                if c.lock == Some(Lock::In) {
                    parts.push("vom Koordinationsteam fest eingeplant".to_string());
                } else if zusage_locked(c) {
                    parts.push("Zusage besteht bereits (fest)".to_string());
                } else if unit.locked_in {
                    let partner_has_zusage = unit
                        .members
                        .iter()
                        .any(|&o| o != m && zusage_locked(&cands[o]));
                    parts.push(if partner_has_zusage {
                        "Tandempartner:in hat bereits eine Zusage".to_string()
                    } else {
                        "Tandempartner:in fest eingeplant".to_string()
                    });
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
                let why = why_waiting(u);
                waitlist_reason.insert(m, why.clone());
                parts.push(why);
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
    let mut revoked = Vec::new();
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
                if c.status == Status::Zugesagt {
                    revoked.push(Entry {
                        id: c.id,
                        name: c.name.clone(),
                        reason: match blocking[u] {
                            Some(_) => format!(
                                "Zusage wird zurückgenommen (Warteliste): {}, {}",
                                score_text(c),
                                waitlist_reason.get(&m).cloned().unwrap_or_default()
                            ),
                            None => format!(
                                "Zusage wird zurückgenommen (Warteliste): {}; andere \
                                 Bewerbungen ergeben die höhere Gesamtbewertung",
                                score_text(c)
                            ),
                        },
                    });
                }
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

    let released_places = released_text(pool, options, units, released, &mut notes);
    let separated = separated_pairs(pool, options, chosen, &unit_of, &waitlist_reason);

    let selected_cands = units
        .iter()
        .zip(chosen)
        .filter(|(_, c)| **c)
        .flat_map(|(u, _)| &u.members)
        .map(|&m| &cands[m]);
    let waiting_cands = units.iter().flat_map(|u| &u.members).map(|&m| &cands[m]);
    let mut violations = place_violations(pool, selected_cands.clone(), waiting_cands);
    // The released places are free places now.
    violations.retain(|v| {
        v.code != "free_places"
            || !pool
                .tracks
                .iter()
                .zip(released)
                .any(|(t, &r)| r > 0 && v.track == Some(t.role))
    });
    violations.extend(quota_violations(pool, selected_cands.clone()));
    Proposal {
        tracks,
        violations,
        relaxation,
        released: released_places,
        separated,
        revoked,
        changes,
        notes,
        score_total: selected_cands.map(score_of).sum(),
    }
}

/// What happened to the fellow places nobody claimed; notes where they stay empty.
fn released_text(
    pool: &Pool,
    options: &SelectionOptions,
    units: &[Unit],
    released: &[u32],
    notes: &mut Vec<String>,
) -> Vec<ReleasedPlaces> {
    let mut out = Vec::new();
    for (t, track) in pool.tracks.iter().enumerate() {
        let count = released.get(t).copied().unwrap_or(0);
        if count > 0 {
            let free_places = track.free_places + count;
            out.push(ReleasedPlaces {
                track: track.role,
                count,
                free_places,
                message: format!(
                    "{}: {} ohne Bewerbung einer Fellow-Kommune {} an die freien Plätze \
                     (jetzt {free_places} statt {})",
                    track.name,
                    if count == 1 {
                        "1 Fellow-Platz".to_string()
                    } else {
                        format!("{count} Fellow-Plätze")
                    },
                    if count == 1 { "geht" } else { "gehen" },
                    track.free_places
                ),
            });
            continue;
        }
        let claimed = super::program::claimed_fellows(pool, units, track.role).len() as u32;
        let unclaimed = track
            .capacity
            .saturating_sub(track.free_places)
            .saturating_sub(claimed);
        if unclaimed == 0 {
            continue;
        }
        if !pool.deadline_passed {
            notes.push(format!(
                "{}: {unclaimed} Fellow-Plätze ohne Bewerbung bleiben frei, solange die \
                 Bewerbungsfrist läuft",
                track.name
            ));
        } else if !options.release_fellow_places {
            notes.push(format!(
                "{}: {unclaimed} Fellow-Plätze ohne Bewerbung bleiben leer (Freigabe an die \
                 freien Plätze ist ausgeschaltet)",
                track.name
            ));
        }
    }
    out
}

/// Every stated tandem the units could not keep whole, and every suggestion whose
/// partners end up apart, with why.
fn separated_pairs(
    pool: &Pool,
    options: &SelectionOptions,
    chosen: &[bool],
    unit_of: &HashMap<usize, usize>,
    waitlist_reason: &HashMap<usize, String>,
) -> Vec<SeparatedPair> {
    let cands = &pool.candidates;
    let index: HashMap<uuid::Uuid, usize> =
        cands.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let leader_first = |a: usize, b: usize| {
        if cands[a].track == crate::model::TrackRole::Fuehrung {
            (a, b)
        } else {
            (b, a)
        }
    };
    // Where someone ends up, for the sentence.
    let outcome = |m: usize| -> (bool, String) {
        if let Some(why) = exclusion(&cands[m], options) {
            return (false, format!("nimmt nicht teil ({why})"));
        }
        match unit_of.get(&m) {
            Some(&u) if chosen[u] => (true, "ausgewählt".into()),
            _ => (
                false,
                format!(
                    "auf der Warteliste ({})",
                    waitlist_reason.get(&m).cloned().unwrap_or_default()
                ),
            ),
        }
    };
    let mut out = Vec::new();
    // Stated or confirmed, yet not one unit.
    let mut seen = std::collections::HashSet::new();
    for (i, c) in cands.iter().enumerate() {
        let Some(link) = c.tandem else { continue };
        let Some(&p) = index.get(&link.partner_id) else {
            continue;
        };
        let (l, r) = leader_first(i, p);
        if !seen.insert((l, r)) {
            continue;
        }
        let together = unit_of.get(&l).is_some() && unit_of.get(&l) == unit_of.get(&r);
        let both_out =
            exclusion(&cands[l], options).is_some() && exclusion(&cands[r], options).is_some();
        if together || both_out {
            continue;
        }
        let (gone, stays) = if exclusion(&cands[l], options).is_some() {
            (l, r)
        } else {
            (r, l)
        };
        let why = if cands[l].track == cands[r].track {
            format!(
                "beide bewerben sich für {}",
                pool.scope_name(Some(cands[l].track))
            )
        } else {
            format!("{} {}", cands[gone].name, outcome(gone).1)
        };
        out.push(SeparatedPair {
            leader: cands[l].id,
            planner: cands[r].id,
            stated: true,
            message: format!(
                "Tandem {} + {} ({}, {}) getrennt: {why}; {} wird allein betrachtet",
                cands[l].name,
                cands[r].name,
                cands[l].municipality,
                if link.confirmed {
                    "bestätigt"
                } else {
                    "angegeben"
                },
                cands[stays].name
            ),
        });
    }
    // The app's suggestions: separated when exactly one partner is selected.
    for s in &pool.suggested_tandems {
        let (Some(&l), Some(&r)) = (index.get(&s.leader), index.get(&s.planner)) else {
            continue;
        };
        let (ol, or) = (outcome(l), outcome(r));
        if ol.0 == or.0 {
            continue;
        }
        let (inside, outside) = if ol.0 { (l, or) } else { (r, ol) };
        let score_only = outside.1.contains("kann nachrücken");
        out.push(SeparatedPair {
            leader: cands[l].id,
            planner: cands[r].id,
            stated: false,
            message: format!(
                "Vorschlag der App {} + {} ({}) getrennt: {} ausgewählt, {} {}{}",
                cands[l].name,
                cands[r].name,
                cands[l].municipality,
                cands[inside].name,
                cands[if inside == l { r } else { l }].name,
                outside.1,
                if score_only {
                    "; zusammen ergäbe sich eine niedrigere Gesamtbewertung"
                } else {
                    ""
                }
            ),
        });
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
