//! Tandem proposals, pure: a Führung and a Change application belong together when one
//! names the other as partner (by e-mail or name), or when they are the only two of
//! their municipality. Stored pairings are kept as they are; only the rest is proposed,
//! and everything doubtful becomes a warning for the coordinator, never a guess.
//! Proposals consider only applications still in play ([`in_play`]): not abgesagt or
//! zurückgezogen, and late ones only when the programme accepts late applications.
//! Every view counts tandems the same way: [`TandemBoard::counts`].

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
    /// Received after the application deadline (derived, never stored).
    pub late: bool,
}

/// Why an application is no longer considered for a proposal, or `None` while it is in
/// play. A late application counts once the programme accepts late ones, or once the
/// coordinator gave it a Zusage anyway.
pub fn out_of_play(c: &Candidate, accept_late: bool) -> Option<&'static str> {
    match c.status {
        Status::Abgesagt => Some("abgesagt"),
        Status::Zurueckgezogen => Some("zurückgezogen"),
        Status::Zugesagt => None,
        _ if c.late && !accept_late => Some("nach der Frist eingegangen"),
        _ => None,
    }
}

/// Whether an application is still in play for tandem proposals.
pub fn in_play(c: &Candidate, accept_late: bool) -> bool {
    out_of_play(c, accept_late).is_none()
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
    /// Which of the three counted kinds it is.
    pub kind: TandemKind,
}

/// The one definition of what kind of tandem a pair is, counted the same in every view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TandemKind {
    /// Stored and confirmed by the coordinator.
    Confirmed,
    /// A unit not yet confirmed: named in the form by the applicants, or stored by the
    /// coordinator without confirming. The selection keeps it whole.
    Stated,
    /// The app's own suggestion (the only two of a municipality); may be separated.
    Proposed,
}

impl TandemKind {
    pub fn key(self) -> &'static str {
        match self {
            TandemKind::Confirmed => "confirmed",
            TandemKind::Stated => "stated",
            TandemKind::Proposed => "proposed",
        }
    }

    /// The German word the views and the CLI show.
    pub fn label(self) -> &'static str {
        match self {
            TandemKind::Confirmed => "bestätigt",
            TandemKind::Stated => "angegeben",
            TandemKind::Proposed => "vorgeschlagen",
        }
    }
}

/// How many tandems there are, by kind: the Übersicht, the Tandems view and the CLI
/// show exactly these numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemCounts {
    pub total: u32,
    pub confirmed: u32,
    pub stated: u32,
    pub proposed: u32,
}

impl TandemCounts {
    pub fn of(pairs: &[TandemPair]) -> TandemCounts {
        let count = |kind| pairs.iter().filter(|p| p.kind == kind).count() as u32;
        TandemCounts {
            total: pairs.len() as u32,
            confirmed: count(TandemKind::Confirmed),
            stated: count(TandemKind::Stated),
            proposed: count(TandemKind::Proposed),
        }
    }

    /// "39 Tandems: 11 bestätigt, 20 angegeben, 8 vorgeschlagen".
    pub fn text(&self) -> String {
        format!(
            "{} {}: {} bestätigt, {} angegeben, {} vorgeschlagen",
            self.total,
            if self.total == 1 { "Tandem" } else { "Tandems" },
            self.confirmed,
            self.stated,
            self.proposed
        )
    }
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
    /// Applications still in play without a tandem.
    pub unpaired: Vec<Unpaired>,
    pub warnings: Vec<TandemWarning>,
    /// The pairs counted by kind.
    pub counts: TandemCounts,
}

impl TandemBoard {
    pub fn counts(&self) -> TandemCounts {
        self.counts
    }
}

/// A pair to confirm, named by its two applications (a proposal has no id yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PairKey {
    pub leader: Uuid,
    pub planner: Uuid,
}

/// What confirming several tandems at once did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TandemsConfirmed {
    /// The change batch that undo reverts; `None` when nothing changed.
    pub batch_id: Option<Uuid>,
    /// Pairs confirmed now.
    pub confirmed: u32,
    /// Pairs that were confirmed already.
    pub unchanged: u32,
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

/// Who a partner text names: a candidate by its e-mail, or by every part of its first
/// and last name (without the academic title). Indexed once per board, so a text is
/// looked up instead of compared with every application (10,000 applicants naming
/// partners took minutes compared pair by pair).
struct Matcher {
    /// Per candidate (by index): the words of first and last name.
    name_words: Vec<HashSet<String>>,
    /// One word of each candidate's name → candidates; all its words must be in a text.
    by_word: HashMap<String, Vec<usize>>,
    by_email: HashMap<String, Vec<usize>>,
}

impl Matcher {
    fn new(candidates: &[Candidate]) -> Matcher {
        let mut m = Matcher {
            name_words: Vec::with_capacity(candidates.len()),
            by_word: HashMap::new(),
            by_email: HashMap::new(),
        };
        for (i, c) in candidates.iter().enumerate() {
            let name = words(&display_name("", &c.first_name, &c.last_name));
            if let Some(key) = name.iter().min() {
                m.by_word.entry(key.clone()).or_default().push(i);
            }
            m.name_words.push(name);
            let email = c.email.trim().to_lowercase();
            if !email.is_empty() {
                m.by_email.entry(email).or_default().push(i);
            }
        }
        m
    }

    /// The candidates `text` names, in candidate order.
    fn named_by(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        let lower = text.to_lowercase();
        for token in lower.split(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c)) {
            let token = token.trim_end_matches('.');
            if let Some(ids) = self.by_email.get(token) {
                found.extend(ids);
            }
        }
        let in_text = words(text);
        for word in &in_text {
            for &i in self.by_word.get(word).into_iter().flatten() {
                if self.name_words[i].is_subset(&in_text) {
                    found.push(i);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn warn(code: &str, message: String, applications: Vec<Uuid>) -> TandemWarning {
    TandemWarning {
        code: code.into(),
        message,
        applications,
    }
}

/// The board: stored pairings as they are, proposals among the applications still in
/// play (late ones only with `accept_late`), unpaired applicants and warnings.
pub fn board(candidates: &[Candidate], stored: &[StoredTandem], accept_late: bool) -> TandemBoard {
    let active: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| in_play(c, accept_late))
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
            kind: match (id, confirmed, from_form) {
                (Some(_), true, _) => TandemKind::Confirmed,
                (Some(_), false, _) | (None, _, true) => TandemKind::Stated,
                (None, _, false) => TandemKind::Proposed,
            },
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
    let matcher = Matcher::new(candidates);
    let mut claims: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    for a in active.iter().filter(|a| !paired.contains(&a.id)) {
        if !names_someone(&a.partner_text) {
            continue;
        }
        let named: Vec<&Candidate> = matcher
            .named_by(&a.partner_text)
            .into_iter()
            .map(|i| &candidates[i])
            .filter(|b| b.role != a.role)
            .collect();
        let matches: Vec<&Candidate> = named
            .iter()
            .copied()
            .filter(|b| in_play(b, accept_late))
            .collect();
        let out_of_play_match = || {
            named
                .iter()
                .find_map(|b| Some((*b, out_of_play(b, accept_late)?)))
        };
        match matches.as_slice() {
            [] if let Some((b, why)) = out_of_play_match() => out.warnings.push(warn(
                "tandem.partner_out_of_play",
                format!(
                    "{} nennt {} als Tandem-Partner; diese Bewerbung ist {why} und wird für \
                     Tandems nicht berücksichtigt.",
                    a.name(),
                    b.name()
                ),
                vec![a.id, b.id],
            )),
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
    for (town, (leaders, planners)) in &by_town {
        match (leaders.as_slice(), planners.as_slice()) {
            ([leader], [planner]) => {
                let reason = town_reason(candidates, &paired, *town, accept_late);
                push_pair(
                    &mut out,
                    &mut paired,
                    None,
                    leader,
                    planner,
                    false,
                    false,
                    reason,
                )
            }
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

    out.counts = TandemCounts::of(&out.pairs);
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

/// Why the only leader and planner without a tandem in their municipality are proposed,
/// and true about the municipality's other applications: those already in a tandem and
/// those no longer in play are named with their number.
fn town_reason(
    candidates: &[Candidate],
    paired: &HashSet<Uuid>,
    town: Uuid,
    accept_late: bool,
) -> String {
    let others: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.municipality_id == town)
        .collect();
    if others.len() == 2 {
        return "einzige Bewerbungen für Führung und Change aus dieser Kommune".into();
    }
    let mut rest: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &others {
        if paired.contains(&c.id) {
            *rest.entry("schon in einem Tandem").or_default() += 1;
        } else if let Some(why) = out_of_play(c, accept_late) {
            *rest.entry(why).or_default() += 1;
        }
    }
    let rest: Vec<String> = rest.iter().map(|(why, n)| format!("{n} {why}")).collect();
    format!(
        "einzige Bewerbungen für Führung und Change aus dieser Kommune, die noch offen sind \
         ({} Bewerbungen insgesamt; weitere: {})",
        others.len(),
        rest.join(", ")
    )
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
            late: false,
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
        let board = board(&[a.clone(), b.clone()], &[], false);
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
        let board = board(&[a.clone(), b.clone(), c.clone(), d.clone()], &[], false);
        let pairs: Vec<(Uuid, Uuid)> = board.pairs.iter().map(|p| (p.leader, p.planner)).collect();
        assert_eq!(pairs, vec![(a.id, b.id), (c.id, d.id)]);
        assert_eq!(codes(&board), vec!["tandem.partner_other_municipality"]);
    }

    #[test]
    fn a_partner_is_found_by_an_email_in_brackets_or_a_mailto_and_in_any_order_of_names() {
        let halle = town("Stadt Halle");
        let b = app(Change, "Ben Kurz", &halle, "");
        for text in [
            "Partner: <Ben.Kurz@example.de>",
            "mailto:ben.kurz@example.de.",
            "Kurz, Ben (Jugendamt)",
        ] {
            let a = app(Fuehrung, "Anna Weber", &town("Stadt Jena"), text);
            let board = board(&[a.clone(), b.clone()], &[], false);
            assert_eq!(board.pairs.len(), 1, "{text}");
            assert_eq!(board.pairs[0].planner, b.id, "{text}");
        }
    }

    #[test]
    fn a_named_partner_who_did_not_apply_is_warned_about() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "Jonas Brandt");
        let board = board(std::slice::from_ref(&a), &[], false);
        assert!(board.pairs.is_empty());
        assert_eq!(codes(&board), vec!["tandem.partner_not_found"]);
        assert_eq!(board.unpaired[0].id, a.id);
        let none = board_of_text("keine");
        assert!(none.warnings.is_empty(), "„keine“ names nobody");
    }

    fn board_of_text(text: &str) -> TandemBoard {
        board(&[app(Fuehrung, "Anna Weber", &town("X"), text)], &[], false)
    }

    #[test]
    fn two_candidates_for_one_partner_are_not_guessed_between() {
        let halle = town("Stadt Halle");
        let a = app(Fuehrung, "Anna Weber", &halle, "Ben Kurz");
        let c = app(Fuehrung, "Cem Aydin", &halle, "Ben Kurz");
        let b = app(Change, "Ben Kurz", &halle, "");
        let board = board(&[a, b.clone(), c], &[], false);
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
        let board = board(&[a.clone(), b.clone(), c.clone()], &[], false);
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
        let board = board(&[a, b, c], std::slice::from_ref(&stored), false);
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
        let board = board(&list, &[], false);
        assert!(board.pairs.is_empty());
        assert_eq!(codes(&board), vec!["tandem.two_candidates"]);
    }
}

#[cfg(test)]
mod in_play_tests {
    use super::*;
    use TrackRole::{Change, Fuehrung};

    fn person(role: TrackRole, first: &str, last: &str, town: Uuid, status: Status) -> Candidate {
        Candidate {
            id: Uuid::now_v7(),
            role,
            title: String::new(),
            first_name: first.into(),
            last_name: last.into(),
            email: format!("{}@example.de", first.to_lowercase()),
            municipality_id: town,
            municipality: "Stadt Halle".into(),
            partner_text: String::new(),
            status,
            late: false,
        }
    }

    #[test]
    fn a_late_applicant_is_proposed_only_when_the_programme_accepts_late_ones() {
        let halle = Uuid::now_v7();
        let leader = person(Fuehrung, "Anna", "Weber", halle, Status::Eingegangen);
        let mut late = person(Change, "Ben", "Kurz", halle, Status::Eingegangen);
        late.late = true;
        let list = [leader.clone(), late.clone()];

        let strict = board(&list, &[], false);
        assert!(strict.pairs.is_empty(), "{:?}", strict.pairs);
        assert_eq!(strict.unpaired.len(), 1);
        assert_eq!(strict.unpaired[0].id, leader.id);
        assert_eq!(strict.counts.total, 0);

        let open = board(&list, &[], true);
        assert_eq!(open.pairs.len(), 1);
        assert_eq!(
            (open.pairs[0].leader, open.pairs[0].planner),
            (leader.id, late.id)
        );
        assert_eq!(
            open.pairs[0].reason,
            "einzige Bewerbungen für Führung und Change aus dieser Kommune"
        );

        // A late applicant the coordinator let in with a Zusage is in play anyway.
        late.status = Status::Zugesagt;
        assert_eq!(board(&[leader, late], &[], false).pairs.len(), 1);
    }

    #[test]
    fn rejected_and_withdrawn_applicants_are_not_proposed_and_the_reason_counts_them() {
        let halle = Uuid::now_v7();
        let rejected_leader = person(Fuehrung, "Anna", "Weber", halle, Status::Abgesagt);
        let rejected_planner = person(Change, "Ben", "Kurz", halle, Status::Abgesagt);
        let leader = person(Fuehrung, "Cem", "Aydin", halle, Status::InPruefung);
        let planner = person(Change, "Dana", "Schulz", halle, Status::Eingegangen);
        let withdrawn = person(Change, "Eva", "Roth", halle, Status::Zurueckgezogen);

        // Two rejected applicants are never a proposal, though the only ones left.
        let only_rejected = board(
            &[
                rejected_leader.clone(),
                rejected_planner.clone(),
                withdrawn.clone(),
            ],
            &[],
            false,
        );
        assert!(only_rejected.pairs.is_empty());
        assert!(only_rejected.unpaired.is_empty());

        let all = [
            rejected_leader,
            rejected_planner,
            leader.clone(),
            planner.clone(),
            withdrawn,
        ];
        let board = board(&all, &[], false);
        assert_eq!(board.pairs.len(), 1);
        assert_eq!(
            (board.pairs[0].leader, board.pairs[0].planner),
            (leader.id, planner.id)
        );
        assert_eq!(
            board.pairs[0].reason,
            "einzige Bewerbungen für Führung und Change aus dieser Kommune, die noch offen \
             sind (5 Bewerbungen insgesamt; weitere: 2 abgesagt, 1 zurückgezogen)"
        );
        assert_eq!(board.pairs[0].kind, TandemKind::Proposed);
    }

    #[test]
    fn a_partner_named_but_out_of_play_is_a_true_warning() {
        let halle = Uuid::now_v7();
        let mut leader = person(Fuehrung, "Anna", "Weber", halle, Status::Eingegangen);
        leader.partner_text = "Ben Kurz".into();
        let planner = person(Change, "Ben", "Kurz", halle, Status::Zurueckgezogen);
        let board = board(&[leader.clone(), planner.clone()], &[], false);
        assert!(board.pairs.is_empty());
        assert_eq!(board.warnings.len(), 1);
        assert_eq!(board.warnings[0].code, "tandem.partner_out_of_play");
        assert_eq!(
            board.warnings[0].message,
            "Anna Weber nennt Ben Kurz als Tandem-Partner; diese Bewerbung ist zurückgezogen \
             und wird für Tandems nicht berücksichtigt."
        );
    }

    #[test]
    fn pairs_are_counted_by_one_definition() {
        let (halle, jena, kiel, ulm) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let a = person(Fuehrung, "Anna", "Weber", halle, Status::Eingegangen);
        let b = person(Change, "Ben", "Kurz", halle, Status::Eingegangen);
        let mut c = person(Fuehrung, "Cem", "Aydin", jena, Status::Eingegangen);
        c.partner_text = "Dana Schulz".into();
        let d = person(Change, "Dana", "Schulz", jena, Status::Eingegangen);
        let e = person(Fuehrung, "Eva", "Roth", kiel, Status::Eingegangen);
        let f = person(Change, "Finn", "Lang", kiel, Status::Eingegangen);
        let g = person(Fuehrung, "Gül", "Demir", ulm, Status::Eingegangen);
        let h = person(Change, "Hans", "Ott", ulm, Status::Eingegangen);
        let stored = |leader: &Candidate, planner: &Candidate, confirmed| StoredTandem {
            id: Uuid::now_v7(),
            leader: leader.id,
            planner: planner.id,
            confirmed,
        };
        let tandems = [stored(&a, &b, true), stored(&g, &h, false)];
        let board = board(&[a, b, c, d, e, f, g, h], &tandems, false);
        let kinds: Vec<TandemKind> = board.pairs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TandemKind::Confirmed,
                TandemKind::Stated,
                TandemKind::Stated,
                TandemKind::Proposed
            ],
            "{:?}",
            board.pairs
        );
        assert_eq!(
            board.counts,
            TandemCounts {
                total: 4,
                confirmed: 1,
                stated: 2,
                proposed: 1
            }
        );
        assert_eq!(
            board.counts.text(),
            "4 Tandems: 1 bestätigt, 2 angegeben, 1 vorgeschlagen"
        );
    }
}
