//! Review, tandems and migration against real SQLite files.

mod common;

use kohorte::balance::Lock;
use kohorte::import::Field;
use kohorte::model::Status;
use kohorte::review::{ApplicationForm, SkipReason};
use kohorte::{Kohorte, store};

fn status_of(k: &Kohorte, id: uuid::Uuid) -> Status {
    k.applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
        .status
}

fn statuses(k: &Kohorte, ids: &[uuid::Uuid]) -> Vec<Status> {
    ids.iter().map(|id| status_of(k, *id)).collect()
}

#[test]
fn bulk_status_change_is_audited_and_undone_in_one_step() {
    let (_dir, k) = common::demo();
    let received: Vec<_> = k
        .applications()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == Status::Eingegangen)
        .map(|r| r.id)
        .take(3)
        .collect();
    assert_eq!(received.len(), 3, "the demo has received applications");
    let change = k.set_status(&received, Status::InPruefung).unwrap();
    assert_eq!(change.changed.len(), 3);
    for id in &received {
        assert_eq!(status_of(&k, *id), Status::InPruefung);
        let history = k.history(*id).unwrap();
        let last = history.last().unwrap();
        assert_eq!(last.field, "status");
        assert_eq!(last.old_value.as_deref(), Some("eingegangen"));
        assert_eq!(last.new_value.as_deref(), Some("in Prüfung"));
        assert!(!last.actor.is_empty());
    }
    let undone = k.undo_last_change().unwrap();
    assert_eq!(undone.changed.len(), 3);
    for id in &received {
        assert_eq!(status_of(&k, *id), Status::Eingegangen);
        assert_eq!(k.history(*id).unwrap().len(), 2, "the undo is audited too");
    }
    let error = k.undo_last_change().unwrap_err();
    assert_eq!(error.code(), "review.nothing_to_undo");
}

#[test]
fn a_bulk_change_changes_the_allowed_and_skips_the_others_with_the_reason() {
    let (_dir, k) = common::demo();
    let rows = k.applications().unwrap();
    let of = |status: Status| {
        rows.iter()
            .filter(move |r| r.status == status)
            .map(|r| r.id)
    };
    let received: Vec<_> = of(Status::Eingegangen).take(2).collect();
    let reviewing: Vec<_> = of(Status::InPruefung).take(2).collect();
    let ids: Vec<_> = reviewing.iter().chain(&received).copied().collect();

    let plans = k.status_plans(&ids).unwrap();
    let plan = plans.iter().find(|p| p.status == Status::Zugesagt).unwrap();
    assert_eq!(plan.change, reviewing);
    assert_eq!(plan.skipped.len(), 1);
    assert_eq!(plan.skipped[0].ids, received);
    assert_eq!(plan.skipped[0].reason, SkipReason::NotReviewed);
    assert_eq!(
        statuses(&k, &ids),
        vec![
            Status::InPruefung,
            Status::InPruefung,
            Status::Eingegangen,
            Status::Eingegangen
        ],
        "a plan writes nothing"
    );

    let change = k.set_status(&ids, Status::Zugesagt).unwrap();
    let changed: Vec<_> = change.changed.iter().map(|c| c.id).collect();
    assert_eq!(changed, reviewing);
    assert_eq!(change.skipped, plan.skipped, "skipped as planned");
    for id in &received {
        assert_eq!(status_of(&k, *id), Status::Eingegangen);
        assert!(
            k.history(*id).unwrap().is_empty(),
            "a skipped one is not audited"
        );
    }
    // Undone in one step: the ones changed go back, the skipped ones were never touched.
    let undone = k.undo_last_change().unwrap();
    assert_eq!(undone.changed.len(), 2);
    assert_eq!(
        statuses(&k, &ids),
        vec![
            Status::InPruefung,
            Status::InPruefung,
            Status::Eingegangen,
            Status::Eingegangen
        ]
    );
}

#[test]
fn received_applications_are_declined_in_one_bulk_change() {
    let (_dir, k) = common::demo();
    let received: Vec<_> = k
        .applications()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == Status::Eingegangen)
        .map(|r| r.id)
        .take(4)
        .collect();
    let plans = k.status_plans(&received).unwrap();
    let declined = plans.iter().find(|p| p.status == Status::Abgesagt).unwrap();
    assert_eq!(declined.change, received);
    let change = k.set_status(&received, Status::Abgesagt).unwrap();
    assert_eq!(change.changed.len(), 4);
    assert!(change.skipped.is_empty());
    assert_eq!(statuses(&k, &received), vec![Status::Abgesagt; 4]);
}

#[test]
fn a_change_none_may_make_is_refused_and_writes_nothing() {
    let (_dir, k) = common::demo();
    let received = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.status == Status::Eingegangen)
        .unwrap()
        .id;
    let error = k.set_status(&[received], Status::Zugesagt).unwrap_err();
    assert_eq!(error.code(), "review.transition");
    assert_eq!(
        status_of(&k, received),
        Status::Eingegangen,
        "nothing written"
    );
    assert!(k.history(received).unwrap().is_empty());
    assert_eq!(
        k.undo_last_change().unwrap_err().code(),
        "review.nothing_to_undo"
    );
}

#[test]
fn a_plan_for_an_unknown_application_is_refused() {
    let (_dir, k) = common::demo();
    let error = k.status_plans(&[uuid::Uuid::new_v4()]).unwrap_err();
    assert_eq!(error.code(), "review.not_found");
}

#[test]
fn undo_goes_back_one_bulk_change_at_a_time() {
    let (_dir, k) = common::demo();
    let id = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.status == Status::InPruefung)
        .unwrap()
        .id;
    k.set_status(&[id], Status::Warteliste).unwrap();
    k.set_status(&[id], Status::Zugesagt).unwrap();
    k.undo_last_change().unwrap();
    assert_eq!(status_of(&k, id), Status::Warteliste);
    k.undo_last_change().unwrap();
    assert_eq!(status_of(&k, id), Status::InPruefung);
}

#[test]
fn undo_refuses_when_an_application_changed_since() {
    let (dir, k) = common::demo();
    let id = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.status == Status::InPruefung)
        .unwrap()
        .id;
    k.set_status(&[id], Status::Warteliste).unwrap();
    // Another writer (an older app version, a second window) changed it meanwhile.
    let conn = rusqlite::Connection::open(common::db_file(&dir)).unwrap();
    conn.execute(
        "UPDATE application SET status = 'abgesagt' WHERE id = ?1",
        [id],
    )
    .unwrap();
    let error = k.undo_last_change().unwrap_err();
    assert_eq!(error.code(), "review.undo_conflict");
    assert_eq!(status_of(&k, id), Status::Abgesagt, "nothing written");
}

#[test]
fn score_and_notes_are_validated_and_audited() {
    let (_dir, k) = common::demo();
    let id = k.applications().unwrap()[0].id;
    assert_eq!(k.set_score(id, Some(6)).unwrap_err().code(), "review.score");
    k.set_score(id, Some(4)).unwrap();
    k.set_reviewer_notes(id, "starke Motivation").unwrap();
    let row = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(row.score, Some(4));
    assert_eq!(k.reviewer_notes(id).unwrap(), "starke Motivation");
    assert_eq!(
        k.reviewer_notes(uuid::Uuid::nil()).unwrap_err().code(),
        "review.not_found"
    );
    let fields: Vec<String> = k
        .history(id)
        .unwrap()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert!(fields.ends_with(&["score".to_string(), "reviewer_notes".to_string()]));
}

#[test]
fn a_lock_shows_in_the_history_with_german_label_and_value() {
    let (_dir, k) = common::demo();
    let id = k.applications().unwrap()[0].id;
    k.set_lock(id, Some(Lock::In)).unwrap();
    k.set_lock(id, Some(Lock::Out)).unwrap();
    k.set_lock(id, None).unwrap();
    let shown: Vec<_> = k
        .history(id)
        .unwrap()
        .into_iter()
        .filter(|e| e.field == "selection_lock")
        .map(|e| (e.label, e.old_value, e.new_value))
        .collect();
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        shown,
        vec![
            ("Festlegung".to_string(), None, text("immer dabei")),
            (
                "Festlegung".to_string(),
                text("immer dabei"),
                text("nie dabei")
            ),
            ("Festlegung".to_string(), text("nie dabei"), None),
        ]
    );
}

fn form() -> ApplicationForm {
    ApplicationForm::default()
        .set(Field::Salutation, "Frau")
        .set(Field::FirstName, "Ilse")
        .set(Field::LastName, "Brandt")
        .set(Field::Email, "ilse.brandt@kiel.example")
        .set(Field::Municipality, "Landeshauptstadt Kiel")
        .set(Field::State, "SH")
        .set(Field::MunicipalityKind, "kreisfreie Stadt")
        .set(Field::Track, "Change")
        .set(Field::ReceivedAt, "12.09.2025 11:00")
}

#[test]
fn manual_entry_is_validated_created_and_edited_with_history() {
    let (_dir, k) = common::demo();
    let bad = form().set(Field::State, "Preußen").set(Field::Email, "");
    let error = k.create_application(&bad).unwrap_err();
    assert_eq!(error.code(), "review.invalid");
    assert!(
        error
            .to_string()
            .contains("Bundesland: unbekanntes Bundesland „Preußen“"),
        "{error}"
    );

    let id = k.create_application(&form()).unwrap();
    let again = k.create_application(&form()).unwrap_err();
    assert_eq!(again.code(), "review.invalid", "the e-mail is taken now");

    let edited = form()
        .set(Field::Experience, "über 10")
        .set(Field::Phone, "0431 1");
    let changes = k.update_application(id, &edited).unwrap();
    let fields: Vec<Field> = changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Field::Phone, Field::Experience]);
    let history = k.history(id).unwrap();
    let fields: Vec<&str> = history.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["created", "phone", "experience"]);
    assert_eq!(history[2].new_value.as_deref(), Some("11"));
}

#[test]
fn tandems_are_proposed_confirmed_and_dissolved() {
    let (_dir, k) = common::demo();
    let before = k.tandems().unwrap();
    let stored = before.pairs.iter().filter(|p| p.id.is_some()).count();
    assert!(stored > 0);
    assert_eq!(k.overview().unwrap().tandems, before.counts);

    // A leader who names a new planner by e-mail gets a proposal with her.
    let leader = k
        .create_application(
            &form()
                .set(Field::Email, "chef@kiel.example")
                .set(Field::FirstName, "Olaf")
                .set(Field::Track, "Führung")
                .set(Field::TandemPartner, "ilse.brandt@kiel.example"),
        )
        .unwrap();
    let planner = k.create_application(&form()).unwrap();
    let board = k.tandems().unwrap();
    let proposal = board
        .pairs
        .iter()
        .find(|p| p.leader == leader)
        .expect("proposed");
    assert_eq!(
        (proposal.planner, proposal.id, proposal.proposed),
        (planner, None, true)
    );

    let id = k.pair_tandem(leader, planner, true).unwrap();
    let board = k.tandems().unwrap();
    let pair = board.pairs.iter().find(|p| p.id == Some(id)).unwrap();
    assert!(pair.confirmed && !pair.proposed);
    let row = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == leader)
        .unwrap();
    assert_eq!(row.tandem_id, Some(id));
    assert_eq!(
        k.pair_tandem(planner, leader, true).unwrap_err().code(),
        "review.tandem_roles"
    );

    k.dissolve_tandem(id).unwrap();
    let row = k
        .applications()
        .unwrap()
        .into_iter()
        .find(|r| r.id == leader)
        .unwrap();
    assert_eq!(row.tandem_id, None);
    let tandem_entries = k
        .history(leader)
        .unwrap()
        .into_iter()
        .filter(|e| e.field == "tandem")
        .count();
    assert_eq!(tandem_entries, 2, "paired, then dissolved");
}

#[test]
fn a_version_1_file_with_data_migrates_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    store::migrate_to(&path, 1).unwrap();
    {
        // Data as the first release wrote it, without the tables of version 2.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let p = uuid::Uuid::now_v7();
        conn.execute(
            "INSERT INTO programme (id, name, application_deadline, created_at)
             VALUES (?1, 'Alt', '2025-09-30', '2025-01-01T00:00:00')",
            [p],
        )
        .unwrap();
        for (role, name) in [
            ("fuehrung", "Lernpfad Führung"),
            ("change", "Lernpfad Change"),
        ] {
            conn.execute(
                "INSERT INTO track (id, programme_id, name, role, capacity, free_places)
                 VALUES (?1, ?2, ?3, ?4, 16, 7)",
                rusqlite::params![uuid::Uuid::now_v7(), p, name, role],
            )
            .unwrap();
        }
        let exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'import_mapping'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exists, 0);
    }
    let k = Kohorte::open(&path).unwrap();
    assert_eq!(
        kohorte::store::Store::open(&path)
            .unwrap()
            .schema_version()
            .unwrap(),
        store::LATEST_VERSION
    );
    let csv = "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\n\
               16.09.2025;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\n";
    let report = k
        .import("a.csv", csv.as_bytes(), None, Default::default())
        .unwrap();
    assert_eq!(report.imported, 1);
    assert!(!k.remembered_mapping().unwrap().is_empty());
    let id = k.applications().unwrap()[0].id;
    k.set_status(&[id], Status::InPruefung).unwrap();
    k.undo_last_change().unwrap();
}
