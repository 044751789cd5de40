//! The assistant's German explanations: why someone does not take part, why the hard
//! rules conflict, what a relaxation widens, and the reasons beside every proposed,
//! waiting and excluded person.

use std::collections::{BTreeMap, HashMap};

use super::program::{Row, RowKind, keeps_rules, weights};
use super::{
    Entry, NEUTRAL_SCORE, Proposal, Relaxation, SelectionOptions, StatusChange, TrackProposal,
    Unit, score_of,
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
pub(super) fn explain_hard_conflict(pool: &Pool, units: &[Unit], rows: &[Row]) -> String {
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
