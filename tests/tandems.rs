//! Tandems as the coordinator works through them: one count everywhere, proposals only
//! among applications still in play, and many proposals confirmed (and undone) at once.

mod common;

use kohorte::Kohorte;
use kohorte::import::Field;
use kohorte::model::Status;
use kohorte::review::ApplicationForm;
use kohorte::tandem::{PairKey, TandemKind};
use uuid::Uuid;

/// A new applicant from a municipality the demo does not know.
fn applicant(first: &str, track: &str, received: &str) -> ApplicationForm {
    ApplicationForm::default()
        .set(Field::FirstName, first)
        .set(Field::LastName, "Nordmann")
        .set(
            Field::Email,
            &format!("{}@flensburg.example", first.to_lowercase()),
        )
        .set(Field::Municipality, "Stadt Flensburg")
        .set(Field::State, "SH")
        .set(Field::MunicipalityKind, "kreisfreie Stadt")
        .set(Field::Track, track)
        .set(Field::ReceivedAt, received)
}

fn pair_of(k: &Kohorte, leader: Uuid) -> Option<kohorte::tandem::TandemPair> {
    k.tandems()
        .unwrap()
        .pairs
        .into_iter()
        .find(|p| p.leader == leader)
}

#[test]
fn the_overview_counts_tandems_as_the_tandems_view_does() {
    let (_dir, k) = common::demo();
    let board = k.tandems().unwrap();
    let counts = k.overview().unwrap().tandems;
    assert_eq!(counts, board.counts);
    assert_eq!(counts.total as usize, board.pairs.len());
    assert_eq!(
        counts.confirmed + counts.stated + counts.proposed,
        counts.total
    );
    let kind = |k: TandemKind| board.pairs.iter().filter(|p| p.kind == k).count() as u32;
    assert_eq!(counts.confirmed, kind(TandemKind::Confirmed));
    assert_eq!(counts.stated, kind(TandemKind::Stated));
    assert_eq!(counts.proposed, kind(TandemKind::Proposed));
    let stored_confirmed = board
        .pairs
        .iter()
        .filter(|p| p.id.is_some() && p.confirmed)
        .count() as u32;
    assert_eq!(counts.confirmed, stored_confirmed);
    // The demo has proposals beside the stored tandems: the old count (stored only)
    // differed from the view's.
    assert!(
        counts.total > counts.confirmed,
        "{counts:?}: the demo should have unconfirmed tandems"
    );
}

#[test]
fn a_late_applicant_is_proposed_only_once_the_programme_accepts_late_ones() {
    let (_dir, k) = common::demo();
    let leader = k
        .create_application(&applicant("Jonas", "Führung", "12.09.2025 11:00"))
        .unwrap();
    let late = k
        .create_application(&applicant("Lena", "Change", "06.10.2025 09:00"))
        .unwrap();
    assert!(
        k.applications()
            .unwrap()
            .iter()
            .any(|r| r.id == late && r.late)
    );
    assert_eq!(
        pair_of(&k, leader),
        None,
        "a late applicant is not proposed"
    );
    let board = k.tandems().unwrap();
    assert!(board.unpaired.iter().any(|u| u.id == leader));
    assert!(!board.unpaired.iter().any(|u| u.id == late));

    let mut settings = k.settings().unwrap();
    assert!(!settings.accept_late);
    settings.accept_late = true;
    k.save_settings(&settings).unwrap();
    assert!(k.settings().unwrap().accept_late, "the setting is stored");
    let pair = pair_of(&k, leader).expect("proposed once late ones are accepted");
    assert_eq!(pair.planner, late);
    assert_eq!(pair.kind, TandemKind::Proposed);
    assert_eq!(
        pair.reason,
        "einzige Bewerbungen für Führung und Change aus dieser Kommune"
    );
}

#[test]
fn rejected_applicants_are_not_proposed_and_the_reason_names_the_others() {
    let (_dir, k) = common::demo();
    let ids: Vec<Uuid> = [
        ("Jonas", "Führung"),
        ("Lena", "Change"),
        ("Mia", "Führung"),
        ("Noah", "Change"),
    ]
    .iter()
    .map(|(first, track)| {
        k.create_application(&applicant(first, track, "12.09.2025 11:00"))
            .unwrap()
    })
    .collect();
    k.set_status(&ids[..2], Status::InPruefung).unwrap();
    k.set_status(&ids[..2], Status::Abgesagt).unwrap();
    let board = k.tandems().unwrap();
    assert!(
        !board
            .pairs
            .iter()
            .any(|p| p.leader == ids[0] || p.planner == ids[1]),
        "rejected applicants are never proposed"
    );
    let pair = board
        .pairs
        .iter()
        .find(|p| p.leader == ids[2])
        .expect("the two still in play are proposed");
    assert_eq!(pair.planner, ids[3]);
    assert_eq!(
        pair.reason,
        "einzige Bewerbungen für Führung und Change aus dieser Kommune, die noch offen sind \
         (4 Bewerbungen insgesamt; weitere: 2 abgesagt)"
    );
}

#[test]
fn all_shown_proposals_are_confirmed_at_once_and_undone_in_one_step() {
    let (_dir, k) = common::demo();
    let before = k.tandems().unwrap();
    let open: Vec<PairKey> = before
        .pairs
        .iter()
        .filter(|p| !p.confirmed)
        .map(|p| PairKey {
            leader: p.leader,
            planner: p.planner,
        })
        .collect();
    assert!(open.len() >= 2, "the demo has unconfirmed tandems");
    // One already confirmed in the request is left alone.
    let confirmed = before
        .pairs
        .iter()
        .find(|p| p.confirmed)
        .expect("confirmed");
    let mut request = open.clone();
    request.push(PairKey {
        leader: confirmed.leader,
        planner: confirmed.planner,
    });

    let done = k.confirm_tandems(&request).unwrap();
    assert_eq!(done.confirmed as usize, open.len());
    assert_eq!(done.unchanged, 1);
    assert!(done.batch_id.is_some());
    let after = k.tandems().unwrap();
    assert_eq!(after.counts.confirmed, before.counts.total);
    assert_eq!(after.counts.total, before.counts.total);
    assert_eq!(k.overview().unwrap().tandems, after.counts);
    let leader = open[0].leader;
    let history = k.history(leader).unwrap();
    assert_eq!(history.last().unwrap().field, "tandem");

    let reverted = k.undo_tandem_confirmation().unwrap();
    assert_eq!(reverted as usize, open.len());
    let undone = k.tandems().unwrap();
    assert_eq!(undone.counts, before.counts);
    let key = |b: &kohorte::tandem::TandemBoard| {
        b.pairs
            .iter()
            .map(|p| (p.leader, p.planner, p.kind, p.id.is_some()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&undone), key(&before), "every pair as it was");
    assert_eq!(
        k.undo_tandem_confirmation().unwrap_err().code(),
        "review.nothing_to_undo"
    );
}

#[test]
fn a_bulk_confirmation_with_a_taken_application_writes_nothing() {
    let (_dir, k) = common::demo();
    let before = k.tandems().unwrap();
    let proposal = before
        .pairs
        .iter()
        .find(|p| p.id.is_none())
        .expect("a proposal");
    let stored = before
        .pairs
        .iter()
        .find(|p| p.id.is_some())
        .expect("a stored tandem");
    // The proposal's leader with the planner of a stored tandem: refused as a whole.
    let request = [
        PairKey {
            leader: proposal.leader,
            planner: proposal.planner,
        },
        PairKey {
            leader: stored.leader,
            planner: proposal.planner,
        },
    ];
    let error = k.confirm_tandems(&request).unwrap_err();
    assert_eq!(error.code(), "review.tandem_twice");
    let taken = [PairKey {
        leader: proposal.leader,
        planner: stored.planner,
    }];
    let error = k.confirm_tandems(&taken).unwrap_err();
    assert_eq!(error.code(), "review.tandem_taken");
    assert!(error.to_string().contains(&stored.leader_name), "{error}");
    assert_eq!(k.tandems().unwrap(), before, "nothing written");
}
