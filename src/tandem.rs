//! Tandem proposals, pure: a Führung and a Change application belong together when one
//! names the other as partner (by e-mail or name), or when they are the only two of
//! their municipality. Stored pairings are kept as they are; only the rest is proposed,
//! and everything doubtful becomes a warning for the coordinator, never a guess.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::import::fold;
use crate::model::{Status, TrackRole, display_name};

/// An application as the matching needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: Uuid,
    pub role: TrackRole,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub municipality_id: Uuid,
    pub municipality: String,
    pub partner_text: String,
    pub status: Status,
}

impl Candidate {
    fn name(&self) -> String {
        display_name(&self.title, &self.first_name, &self.last_name)
    }
}

/// A pairing stored in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTandem {
    pub id: Uuid,
    pub leader: Uuid,
    pub planner: Uuid,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemPair {
    /// The stored pairing's id; `None` for a proposal not yet saved.
    pub id: Option<Uuid>,
    /// The Führung application.
    pub leader: Uuid,
    /// The Change application.
    pub planner: Uuid,
    pub leader_name: String,
    pub planner_name: String,
    /// The leader's municipality (the planner's, if different, is in a warning).
    pub municipality: String,
    pub confirmed: bool,
    pub proposed: bool,
    /// A proposal that rests on the applicants' own words in the form (one names the
    /// other): a stated tandem, one unit for the selection like a stored one. `false`
    /// for the app's own suggestions and for stored pairings (see `confirmed`).
    pub from_form: bool,
    /// Why it is proposed, in German; empty for stored pairings.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Unpaired {
    pub id: Uuid,
    pub name: String,
    pub role: TrackRole,
    pub municipality: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemWarning {
    pub code: String,
    pub message: String,
    pub applications: Vec<Uuid>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemBoard {
    pub pairs: Vec<TandemPair>,
    pub unpaired: Vec<Unpaired>,
    pub warnings: Vec<TandemWarning>,
}

/// Texts that name no partner ("keine", "-", "noch offen").
fn names_someone(text: &str) -> bool {
    let folded = fold(text);
    !(folded.is_empty()
        || folded.starts_with("kein")
        || [
            "nein",
            "none",
            "na",
            "ka",
            "offen",
            "nochoffen",
            "entfaellt",
            "solo",
            "nichtbekannt",
        ]
        .contains(&folded.as_str()))
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Does `text` name `c`: its e-mail, or every part of its first and last name?
fn names(text: &str, c: &Candidate) -> bool {
    let lower = text.to_lowercase();
    if !c.email.trim().is_empty() && lower.contains(&c.email.trim().to_lowercase()) {
        return true;
    }
    let in_text = words(text);
    // First and last name only: a partner is named without the academic title.
    let name = words(&display_name("", &c.first_name, &c.last_name));
    !name.is_empty() && name.is_subset(&in_text)
}

fn warn(code: &str, message: String, applications: Vec<Uuid>) -> TandemWarning {
    TandemWarning {
        code: code.into(),
        message,
        applications,
    }
}

pub fn board(candidates: &[Candidate], stored: &[StoredTandem]) -> TandemBoard {
    let active: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.status != Status::Zurueckgezogen)
        .collect();
    let by_id: HashMap<Uuid, &Candidate> = candidates.iter().map(|c| (c.id, c)).collect();
    let mut out = TandemBoard::default();
    let mut paired: HashSet<Uuid> = HashSet::new();

    let push_pair = |out: &mut TandemBoard,
                     paired: &mut HashSet<Uuid>,
                     id: Option<Uuid>,
                     leader: &Candidate,
                     planner: &Candidate,
                     confirmed: bool,
                     from_form: bool,
                     reason: String| {
        paired.insert(leader.id);
        paired.insert(planner.id);
        if leader.municipality_id != planner.municipality_id {
            out.warnings.push(warn(
                "tandem.partner_other_municipality",
                format!(
                    "{} ({}) und {} ({}) sind aus verschiedenen Kommunen; ein Tandem kommt \
                     aus einer Kommune.",
                    leader.name(),
                    leader.municipality,
                    planner.name(),
                    planner.municipality
                ),
                vec![leader.id, planner.id],
            ));
        }
        out.pairs.push(TandemPair {
            id,
            leader: leader.id,
            planner: planner.id,
            leader_name: leader.name(),
            planner_name: planner.name(),
            municipality: leader.municipality.clone(),
            confirmed,
            proposed: id.is_none(),
            from_form: id.is_none() && from_form,
            reason,
        });
    };

    for t in stored {
        if let (Some(leader), Some(planner)) = (by_id.get(&t.leader), by_id.get(&t.planner)) {
            push_pair(
                &mut out,
                &mut paired,
                Some(t.id),
                leader,
                planner,
                t.confirmed,
                false,
                String::new(),
            );
        }
    }

    // Who names whom. Only one unambiguous match counts as a claim.
    let mut claims: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    for a in active.iter().filter(|a| !paired.contains(&a.id)) {
        if !names_someone(&a.partner_text) {
            continue;
        }
        let matches: Vec<&&Candidate> = active
            .iter()
            .filter(|b| b.role != a.role && names(&a.partner_text, b))
            .collect();
        match matches.as_slice() {
            [] => out.warnings.push(warn(
                "tandem.partner_not_found",
                format!(
                    "{} nennt „{}“ als Tandem-Partner; diese Person hat sich nicht im anderen \
                     Lernpfad beworben.",
                    a.name(),
                    a.partner_text
                ),
                vec![a.id],
            )),
            [b] if paired.contains(&b.id) => out.warnings.push(warn(
                "tandem.partner_taken",
                format!(
                    "{} nennt {} als Tandem-Partner, doch {} ist bereits in einem Tandem.",
                    a.name(),
                    b.name(),
                    b.name()
                ),
                vec![a.id, b.id],
            )),
            [b] => {
                claims.insert(a.id, b.id);
            }
            several => out.warnings.push(warn(
                "tandem.ambiguous_partner",
                format!(
                    "„{}“ (genannt von {}) passt auf mehrere Bewerbungen: {}.",
                    a.partner_text,
                    a.name(),
                    several
                        .iter()
                        .map(|b| b.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                std::iter::once(a.id)
                    .chain(several.iter().map(|b| b.id))
                    .collect(),
            )),
        }
    }
    let mut claimants: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for (a, b) in &claims {
        claimants.entry(*b).or_default().push(*a);
    }
    for a in &active {
        let Some(b) = claims.get(&a.id).copied() else {
            continue;
        };
        if paired.contains(&a.id) || paired.contains(&b) {
            continue;
        }
        let rivals = &claimants[&b];
        let mutual = claims.get(&b) == Some(&a.id);
        if rivals.len() > 1 {
            // Two people name the same partner: only the partner's own answer decides.
            let chosen = claims.get(&b).filter(|c| rivals.contains(c));
            if chosen.is_none() && rivals[0] == a.id {
                out.warnings.push(warn(
                    "tandem.two_candidates",
                    format!(
                        "Mehrere Bewerbungen nennen {} als Tandem-Partner: {}.",
                        by_id[&b].name(),
                        rivals
                            .iter()
                            .map(|r| by_id[r].name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    std::iter::once(b).chain(rivals.iter().copied()).collect(),
                ));
            }
            if chosen != Some(&a.id) {
                continue;
            }
        } else if let Some(other) = claims.get(&b).filter(|c| **c != a.id) {
            out.warnings.push(warn(
                "tandem.two_candidates",
                format!(
                    "{} nennt {} als Tandem-Partner, nennt selbst aber {}.",
                    a.name(),
                    by_id[&b].name(),
                    by_id[other].name()
                ),
                vec![a.id, b, *other],
            ));
            continue;
        }
        let (leader, planner) = if a.role == TrackRole::Fuehrung {
            (*a, by_id[&b])
        } else {
            (by_id[&b], *a)
        };
        let reason = if mutual {
            "nennen sich gegenseitig als Tandem-Partner".to_string()
        } else {
            format!("{} nennt {} als Tandem-Partner", a.name(), by_id[&b].name())
        };
        push_pair(
            &mut out,
            &mut paired,
            None,
            leader,
            planner,
            false,
            true,
            reason,
        );
    }

    // The rest: one leader and one planner alone in their municipality belong together.
    let mut by_town: BTreeMap<Uuid, (Vec<&Candidate>, Vec<&Candidate>)> = BTreeMap::new();
    for c in active.iter().filter(|c| !paired.contains(&c.id)) {
        let entry = by_town.entry(c.municipality_id).or_default();
        match c.role {
            TrackRole::Fuehrung => entry.0.push(c),
            TrackRole::Change => entry.1.push(c),
        }
    }
    for (leaders, planners) in by_town.values() {
        match (leaders.as_slice(), planners.as_slice()) {
            ([leader], [planner]) => push_pair(
                &mut out,
                &mut paired,
                None,
                leader,
                planner,
                false,
                false,
                "einzige Bewerbungen für Führung und Change aus dieser Kommune".into(),
            ),
            (l, p) if !l.is_empty() && !p.is_empty() => out.warnings.push(warn(
                "tandem.two_candidates",
                format!(
                    "Aus {} gibt es {} Bewerbungen für Führung und {} für Change; bitte die \
                     Tandems von Hand bilden.",
                    l[0].municipality,
                    l.len(),
                    p.len()
                ),
                l.iter().chain(p.iter()).map(|c| c.id).collect(),
            )),
            _ => {}
        }
    }

    out.unpaired = active
        .iter()
        .filter(|c| !paired.contains(&c.id))
        .map(|c| Unpaired {
            id: c.id,
            name: c.name(),
            role: c.role,
            municipality: c.municipality.clone(),
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Town(Uuid, &'static str);

    fn town(name: &'static str) -> Town {
        Town(Uuid::now_v7(), name)
    }

    fn app(role: TrackRole, name: &str, town: &Town, partner: &str) -> Candidate {
        let (first, last) = name.split_once(' ').unwrap();
        Candidate {
            id: Uuid::now_v7(),
            role,
            title: String::new(),
            first_name: first.into(),
            last_name: last.into(),
            email: format!(
                "{}.{}@example.de",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            municipality_id: town.0,
            municipality: town.1.into(),
            partner_text: partner.into(),
            status: Status::Eingegangen,
        }
    }

    use TrackRole::{Change, Fuehrung};

    fn codes(board: &TandemBoard) -> Vec<&str> {
        board.warnings.iter().map(|w| w.code.as_str()).collect()
    }

    #[test]
    fn the_only_leader_and_planner_of_a_municipality_are_proposed() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "");
        let b = app(Change, "Ben Kurz", &halle, "");
        let board = board(&[a.clone(), b.clone()], &[]);
        assert_eq!(board.pairs.len(), 1);
        let pair = &board.pairs[0];
        assert_eq!((pair.leader, pair.planner), (a.id, b.id));
        assert!(pair.proposed && !pair.confirmed && pair.id.is_none());
        assert!(board.unpaired.is_empty() && board.warnings.is_empty());
    }

    #[test]
    fn a_partner_named_by_email_or_name_is_paired_across_the_municipality_with_a_warning() {
        let halle = town("Stadt Halle");
        let jena = town("Stadt Jena");
        let a = app(Fuehrung, "Anna Weber", &halle, "ben.kurz@example.de");
        let b = app(Change, "Ben Kurz", &jena, "");
        let c = app(Fuehrung, "Cem Aydin", &jena, "Frau Dr. Dana Schulz-Berg");
        let d = app(Change, "Dana Schulz-Berg", &jena, "");
        let board = board(&[a.clone(), b.clone(), c.clone(), d.clone()], &[]);
        let pairs: Vec<(Uuid, Uuid)> = board.pairs.iter().map(|p| (p.leader, p.planner)).collect();
        assert_eq!(pairs, vec![(a.id, b.id), (c.id, d.id)]);
        assert_eq!(codes(&board), vec!["tandem.partner_other_municipality"]);
    }

    #[test]
    fn a_named_partner_who_did_not_apply_is_warned_about() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "Jonas Brandt");
        let board = board(std::slice::from_ref(&a), &[]);
        assert!(board.pairs.is_empty());
        assert_eq!(codes(&board), vec!["tandem.partner_not_found"]);
        assert_eq!(board.unpaired[0].id, a.id);
        let none = board_of_text("keine");
        assert!(none.warnings.is_empty(), "„keine“ names nobody");
    }

    fn board_of_text(text: &str) -> TandemBoard {
        board(&[app(Fuehrung, "Anna Weber", &town("X"), text)], &[])
    }

    #[test]
    fn two_candidates_for_one_partner_are_not_guessed_between() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "Ben Kurz");
        let c = app(Fuehrung, "Cem Aydin", &halle, "Ben Kurz");
        let b = app(Change, "Ben Kurz", &halle, "");
        let board = board(&[a, b.clone(), c], &[]);
        assert!(board.pairs.is_empty());
        assert!(codes(&board).contains(&"tandem.two_candidates"));
        assert_eq!(board.unpaired.len(), 3);
    }

    #[test]
    fn the_named_partner_decides_between_two_candidates() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "Ben Kurz");
        let c = app(Fuehrung, "Cem Aydin", &halle, "Ben Kurz");
        let b = app(Change, "Ben Kurz", &halle, "Cem Aydin");
        let board = board(&[a.clone(), b.clone(), c.clone()], &[]);
        assert_eq!(board.pairs.len(), 1);
        assert_eq!(
            (board.pairs[0].leader, board.pairs[0].planner),
            (c.id, b.id)
        );
        assert_eq!(board.unpaired[0].id, a.id);
    }

    #[test]
    fn stored_pairings_are_kept_and_withdrawn_applicants_left_out() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "");
        let b = app(Change, "Ben Kurz", &halle, "");
        let mut c = app(Change, "Cem Aydin", &halle, "");
        c.status = Status::Zurueckgezogen;
        let stored = StoredTandem {
            id: Uuid::now_v7(),
            leader: a.id,
            planner: b.id,
            confirmed: true,
        };
        let board = board(&[a, b, c], std::slice::from_ref(&stored));
        assert_eq!(board.pairs.len(), 1);
        assert_eq!(board.pairs[0].id, Some(stored.id));
        assert!(board.pairs[0].confirmed && !board.pairs[0].proposed);
        assert!(board.unpaired.is_empty());
    }

    #[test]
    fn a_crowded_municipality_gets_a_warning_not_a_guess() {
        let halle = town("Stadt Halle");
        let list = [
            app(Fuehrung, "Anna Weber", &halle, ""),
            app(Fuehrung, "Cem Aydin", &halle, ""),
            app(Change, "Ben Kurz", &halle, ""),
        ];
        let board = board(&list, &[]);
        assert!(board.pairs.is_empty());
        assert_eq!(codes(&board), vec!["tandem.two_candidates"]);
    }
}
