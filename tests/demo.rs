//! The demo programme: the facts of the call, fictional applicants, clearly marked.

mod common;

use kohorte::Error;
use kohorte::model::{Status, TrackRole};

#[test]
fn demo_holds_the_programme_facts_of_the_call() {
    let (_dir, kohorte) = common::demo();
    let programme = kohorte.programme().unwrap();
    assert_eq!(programme.name, "Lernpfad Führung & Change 2025/2026");
    assert!(programme.is_demo);
    assert_eq!(programme.application_deadline.to_string(), "2025-09-30");
    assert!(programme.cost_note.contains("kostenfrei"));
    assert!(programme.travel_note.contains("Anreise und Unterkunft"));

    let overview = kohorte.overview().unwrap();
    let tracks: Vec<_> = overview
        .tracks
        .iter()
        .map(|t| (t.name.as_str(), t.role, t.capacity, t.free_places))
        .collect();
    assert_eq!(
        tracks,
        [
            ("Lernpfad Führung", TrackRole::Fuehrung, 16, 7),
            ("Lernpfad Change", TrackRole::Change, 16, 7)
        ]
    );
}

#[test]
fn demo_has_three_tentative_modules_with_agendas() {
    let (dir, _kohorte) = common::demo();
    let store = kohorte::store::Store::open(&common::db_file(&dir)).unwrap();
    let programme = store.programme().unwrap();
    let modules = store.modules(programme.id).unwrap();
    let labels: Vec<_> = modules.iter().map(|m| m.date_label.as_str()).collect();
    assert_eq!(
        labels,
        ["voraussichtlich KW 49, 2025", "März 2026", "Juni 2026"]
    );
    assert!(modules.iter().all(|m| m.start_date.is_none()));
    for module in &modules {
        assert_eq!(module.topics.len(), 3);
        let agenda = store.agenda(module.id).unwrap();
        assert!(agenda.iter().any(|a| a.day == 1) && agenda.iter().any(|a| a.day == 2));
    }
    assert_eq!(store.fellow_count(programme.id).unwrap(), 9);
}

#[test]
fn demo_applicants_spread_over_states_statuses_and_tandems() {
    let (_dir, kohorte) = common::demo();
    let rows = kohorte.applications().unwrap();
    assert!((35..=50).contains(&rows.len()), "{} applicants", rows.len());

    let states: std::collections::BTreeSet<_> = rows.iter().map(|r| r.state.as_str()).collect();
    assert!(states.len() >= 12, "only {} federal states", states.len());
    let statuses: std::collections::BTreeSet<_> = rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses.len(), Status::ALL.len());
    assert!(rows.iter().filter(|r| r.tandem_id.is_some()).count() >= 10);
    assert!(rows.iter().any(|r| r.late) && rows.iter().any(|r| !r.late));
    assert!(
        rows.iter()
            .any(|r| r.last_name.contains('ü') || r.last_name.contains('ß'))
    );
}

#[test]
fn demo_refuses_a_file_with_data_unless_forced() {
    let (_dir, kohorte) = common::demo();
    let before = kohorte.applications().unwrap().len();
    assert!(matches!(kohorte.create_demo(false), Err(Error::NotEmpty)));
    assert_eq!(kohorte.applications().unwrap().len(), before);

    let first = kohorte.programme().unwrap().id;
    kohorte.create_demo(true).unwrap();
    assert_ne!(kohorte.programme().unwrap().id, first);
    assert_eq!(kohorte.applications().unwrap().len(), before);
}

#[test]
fn overview_counts_fellow_and_free_places_of_confirmed_applicants() {
    let (_dir, kohorte) = common::demo();
    let rows = kohorte.applications().unwrap();
    let overview = kohorte.overview().unwrap();
    for track in &overview.tracks {
        let confirmed: Vec<_> = rows
            .iter()
            .filter(|r| r.track == track.name && r.status == Status::Zugesagt)
            .collect();
        let fellow = confirmed.iter().filter(|r| r.fellow).count() as u32;
        assert_eq!(track.fellow_places_taken, fellow);
        assert_eq!(track.free_places_taken, confirmed.len() as u32 - fellow);
        assert!(track.free_places_taken > 0 && track.fellow_places_taken > 0);
        let total: u32 = track.by_status.values().sum();
        assert_eq!(
            total as usize,
            rows.iter().filter(|r| r.track == track.name).count()
        );
        assert_eq!(track.by_status.len(), Status::ALL.len());
    }
    assert!(
        overview.days_until_deadline < 0,
        "the demo deadline has passed"
    );
    assert!(overview.warnings.is_empty(), "{:?}", overview.warnings);
}

#[test]
fn overview_warns_when_stored_fellow_places_break_the_place_rules() {
    let (dir, kohorte) = common::demo();
    let fellows = kohorte.overview().unwrap().tracks[0].fellow_places;
    assert!(fellows > 2, "the demo has fellow municipalities");
    drop(kohorte);
    // A file edited elsewhere: only two places of Lernpfad Führung are not free.
    let path = common::db_file(&dir);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE track SET free_places = capacity - 2 WHERE role = 'fuehrung'",
        [],
    )
    .unwrap();
    drop(conn);
    let kohorte = kohorte::Kohorte::open(&path).unwrap();
    let overview = kohorte.overview().unwrap();
    let track = &overview.tracks[0];
    assert_eq!(track.role, TrackRole::Fuehrung);
    assert_eq!(
        track.fellow_places, 2,
        "never more than capacity minus free places"
    );
    let taken = track.fellow_places_taken;
    assert!(taken > 2);
    let expected = format!(
        "Lernpfad Führung: {taken} Zusagen auf Fellow-Plätzen, aber nur 2 Fellow-Plätze \
         ({fellows} Fellow-Kommunen, 16 Plätze, davon 14 frei)"
    );
    assert!(
        overview.warnings.contains(&expected),
        "{:?}",
        overview.warnings
    );
    assert!(
        overview
            .warnings
            .iter()
            .any(|w| w.starts_with(&format!("Lernpfad Führung: {fellows} Fellow-Kommunen"))),
        "{:?}",
        overview.warnings
    );
}
