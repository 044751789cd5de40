//! The balance report (pure) and the quota exchange through a real database file.

mod common;

use common::*;
use kohorte::balance::{Dimension, balance};
use kohorte::model::{Status, TrackRole};

use TrackRole::{Change, Fuehrung};

fn value<'a>(
    report: &'a kohorte::balance::BalanceReport,
    scope: Option<TrackRole>,
    dimension: Dimension,
    value: &str,
) -> &'a kohorte::balance::ValueBalance {
    report
        .scopes
        .iter()
        .find(|s| s.track == scope)
        .and_then(|s| s.dimensions.iter().find(|d| d.dimension == dimension))
        .and_then(|d| d.values.iter().find(|v| v.value == value))
        .expect("value in report")
}

#[test]
fn counts_and_shares_per_track_and_for_both_tracks() {
    let mut pool = pool(
        vec![track(Fuehrung, 16, 7), track(Change, 16, 7)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, Some(5), 1),
            cand(2, Fuehrung, "DE-NW", 2, Some(4), 2),
            cand(3, Fuehrung, "DE-BY", 3, Some(4), 3),
            cand(4, Change, "DE-NW", 4, None, 4),
            cand(5, Change, "DE-SN", 5, None, 5),
        ],
    );
    pool.candidates[0].status = Status::Zugesagt;
    pool.candidates[2].status = Status::Zugesagt;
    pool.candidates[3].status = Status::Zurueckgezogen;
    pool.quotas = vec![quota(
        Some(Fuehrung),
        Dimension::State,
        "DE-NW",
        Some(1),
        Some(2),
    )];
    let report = balance(&pool);
    let nw = value(&report, Some(Fuehrung), Dimension::State, "DE-NW");
    assert_eq!((nw.applicants, nw.in_review, nw.selected), (2, 1, 1));
    assert!((nw.applicants_share - 2.0 / 3.0).abs() < 1e-9);
    assert!((nw.selected_share - 0.5).abs() < 1e-9);
    assert_eq!((nw.min, nw.max), (Some(1), Some(2)));
    // Withdrawn applications are not counted; both tracks add up.
    let both = value(&report, None, Dimension::State, "DE-NW");
    assert_eq!(both.applicants, 2);
    assert_eq!((both.min, both.max), (None, None));
    let east = value(&report, None, Dimension::Region, "ost");
    assert_eq!(east.applicants, 1);
    // All 16 states appear, for the map.
    let states = report.scopes[0]
        .dimensions
        .iter()
        .find(|d| d.dimension == Dimension::State)
        .expect("states");
    assert_eq!(states.values.len(), 16);
    assert_eq!(report.scopes.len(), 3);
}

#[test]
fn quota_violation_is_a_german_sentence() {
    let mut pool = pool(
        vec![track(Fuehrung, 16, 16), track(Change, 16, 16)],
        (1..=4)
            .map(|i| cand(i, Fuehrung, "DE-NW", i, Some(3), i as u32))
            .collect(),
    );
    for c in &mut pool.candidates {
        c.status = Status::Zugesagt;
    }
    pool.quotas = vec![
        quota(Some(Fuehrung), Dimension::State, "DE-NW", None, Some(2)),
        quota(None, Dimension::Region, "ost", Some(1), None),
    ];
    let messages: Vec<String> = balance(&pool)
        .violations
        .into_iter()
        .map(|v| v.message)
        .collect();
    assert_eq!(
        messages,
        [
            "Lernpfad Führung: 4 Zusagen aus Nordrhein-Westfalen, höchstens 2 vorgesehen",
            "Beide Lernpfade: 0 Zusagen aus der Region Ost, mindestens 1 vorgesehen",
        ]
    );
}

#[test]
fn capacity_free_place_and_fellow_checks_are_reported() {
    let mut pool = pool(
        vec![track(Fuehrung, 3, 1), track(Change, 16, 7)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, None, 1),
            cand(2, Fuehrung, "DE-NW", 2, None, 2),
            cand(3, Fuehrung, "DE-SN", 3, None, 3),
            cand(4, Fuehrung, "DE-SN", 3, None, 4),
            cand(5, Change, "DE-BY", 9, None, 5),
        ],
    );
    for c in pool.candidates.iter_mut().take(4) {
        c.status = Status::Zugesagt;
    }
    pool.candidates[2].fellow = true;
    pool.candidates[3].fellow = true;
    pool.candidates[4].fellow = true;
    let codes: Vec<(String, String)> = balance(&pool)
        .violations
        .into_iter()
        .map(|v| (v.code, v.message))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "capacity".to_string(),
                "Lernpfad Führung: 4 Zusagen, aber nur 3 Plätze".to_string()
            ),
            (
                "free_places".into(),
                "Lernpfad Führung: 2 Zusagen auf freien Plätzen, aber nur 1 freie Plätze".into()
            ),
            (
                "fellow_extra".into(),
                "Lernpfad Führung: 2 Zusagen aus der Fellow-Kommune Kommune 3, vorgesehen ist \
                 1 Platz"
                    .into()
            ),
            (
                "fellow_missing".into(),
                "Lernpfad Change: die Fellow-Kommune Kommune 9 hat noch keine Zusage, obwohl \
                 eine Bewerbung vorliegt"
                    .into()
            ),
        ]
    );
}

#[test]
fn tandem_split_across_decisions_is_reported() {
    let mut pool = pool(
        vec![track(Fuehrung, 16, 7), track(Change, 16, 7)],
        vec![
            cand(1, Fuehrung, "DE-NW", 1, None, 1),
            cand(2, Change, "DE-NW", 1, None, 2),
        ],
    );
    pair(&mut pool, 0, 1);
    pool.candidates[0].status = Status::Zugesagt;
    pool.candidates[1].status = Status::Warteliste;
    let report = balance(&pool);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(
        report.violations[0].message,
        "Tandem Kommune 1: Person 1 (Lernpfad Führung) ist zugesagt, Person 2 \
         (Lernpfad Change) ist Warteliste"
    );
    pool.candidates[1].status = Status::Zugesagt;
    assert!(balance(&pool).violations.is_empty());
}

#[test]
fn demo_balance_counts_every_application_that_is_not_withdrawn() {
    let (_dir, k) = common::demo();
    let report = k.balance().expect("balance");
    let rows = k.applications().expect("rows");
    let not_withdrawn = rows
        .iter()
        .filter(|r| r.status != Status::Zurueckgezogen)
        .count() as u32;
    let both = report
        .scopes
        .iter()
        .find(|s| s.track.is_none())
        .expect("both");
    assert_eq!(both.applicants, not_withdrawn);
    let zugesagt = rows.iter().filter(|r| r.status == Status::Zugesagt).count() as u32;
    assert_eq!(both.selected, zugesagt);
    for d in &both.dimensions {
        let sum: u32 = d.values.iter().map(|v| v.applicants).sum();
        assert_eq!(sum, not_withdrawn, "{:?}", d.dimension);
    }
}

#[test]
fn quota_import_refuses_an_unknown_value_and_keeps_the_old_quotas() {
    let (dir, k) = common::demo();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "feature,value,min,max\nRegion,Ost,2,6\nstate,NRW,,2\n",
    )
    .expect("write");
    k.import_quotas(&good, Some(Change)).expect("import");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "feature,value,min,max\nRegion,Nord,1,3\nRegion,Mitte,1,2\n",
    )
    .expect("write");
    let err = k.import_quotas(&bad, Some(Change)).unwrap_err();
    assert_eq!(err.code(), "quotas.unknown_value");
    assert_eq!(
        err.to_string(),
        "Zeile 3: unbekannter Wert „Mitte“ für das Merkmal Region"
    );
    let stored = k.quotas().expect("quotas");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].value, "DE-NW");
    assert!(stored.iter().all(|q| q.track == Some(Change)));
    // Quotas reach the report.
    let report = k.balance().expect("balance");
    let change = report
        .scopes
        .iter()
        .find(|s| s.track == Some(Change))
        .expect("change");
    let east = change.dimensions[1]
        .values
        .iter()
        .find(|v| v.value == "ost")
        .expect("ost");
    assert_eq!((east.min, east.max), (Some(2), Some(6)));
}

#[test]
fn quotas_export_and_import_round_trip_through_the_file() {
    let (dir, k) = common::demo();
    let path = dir.path().join("in.csv");
    std::fs::write(
        &path,
        "feature,value,min,max,min_flex,max_flex\nErfahrung,über 10 Jahre,1,5,0,6\n\
         Geschlecht,d,,3,,\nTandem,solo,0,4,,\n",
    )
    .expect("write");
    let imported = k.import_quotas(&path, None).expect("import");
    let out = dir.path().join("out.csv");
    assert_eq!(k.export_quotas(&out, None).expect("export"), 3);
    let again = k.import_quotas(&out, None).expect("re-import");
    assert_eq!(again, imported);
    assert_eq!(k.quotas().expect("quotas"), imported);
}

#[test]
fn balance_json_lists_values_with_applicants_selected_min_max() {
    let (dir, k) = common::demo();
    let db = k.path().to_path_buf();
    drop(k);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kohorte"))
        .args(["--db"])
        .arg(&db)
        .args(["balance", "--track", "fuehrung", "--json"])
        .output()
        .expect("run kohorte");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let scopes = json["scopes"].as_array().expect("scopes");
    assert_eq!(scopes.len(), 1);
    assert_eq!(scopes[0]["track"], "fuehrung");
    let first = &scopes[0]["dimensions"][0]["values"][0];
    for key in ["value", "applicants", "selected", "min", "max"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    drop(dir);
}
