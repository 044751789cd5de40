//! The Übersicht figures: pure, from loaded values.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{ApplicationRow, Module, Overview, Programme, Status, Track, TrackOverview};

/// Counts per track: places, fellow and free places taken by confirmed applicants,
/// and every status (zeros included, so a table never has holes).
pub fn overview(
    programme: &Programme,
    tracks: &[Track],
    rows: &[ApplicationRow],
    tandems: u32,
    modules: Vec<Module>,
    today: NaiveDate,
) -> Overview {
    let tracks = tracks
        .iter()
        .map(|track| {
            let in_track = rows.iter().filter(|r| r.track_id == track.id);
            let mut by_status: BTreeMap<Status, u32> =
                Status::ALL.into_iter().map(|s| (s, 0)).collect();
            let (mut fellow_taken, mut free_taken) = (0, 0);
            for row in in_track {
                *by_status.entry(row.status).or_default() += 1;
                if row.status == Status::Zugesagt {
                    if row.fellow {
                        fellow_taken += 1;
                    } else {
                        free_taken += 1;
                    }
                }
            }
            TrackOverview {
                name: track.name.clone(),
                role: track.role,
                capacity: track.capacity,
                free_places: track.free_places,
                fellow_places_taken: fellow_taken,
                free_places_taken: free_taken,
                by_status,
            }
        })
        .collect();
    Overview {
        programme: programme.name.clone(),
        is_demo: programme.is_demo,
        deadline: programme.application_deadline,
        days_until_deadline: (programme.application_deadline - today).num_days(),
        applications: rows.len() as u32,
        tandems,
        tracks,
        modules,
    }
}
