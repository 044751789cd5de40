//! The Übersicht figures: pure, from loaded values.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{ApplicationRow, Module, Overview, Programme, Status, Track, TrackOverview};

/// Counts per track: places, fellow and free places taken by confirmed applicants,
/// and every status (zeros included, so a table never has holes). `fellows` is the
/// number of fellow municipalities of the programme. Warns where the stored data breaks
/// the place rules: fellow places beyond the fellow municipalities or beyond capacity
/// minus free places, two Zusagen of one fellow municipality in a track, more free
/// places than places.
pub fn overview(
    programme: &Programme,
    tracks: &[Track],
    rows: &[ApplicationRow],
    tandems: crate::tandem::TandemCounts,
    modules: Vec<Module>,
    fellows: u32,
    today: NaiveDate,
) -> Overview {
    let mut warnings = Vec::new();
    let tracks = tracks
        .iter()
        .map(|track| {
            let in_track = rows.iter().filter(|r| r.track_id == track.id);
            let mut by_status: BTreeMap<Status, u32> =
                Status::ALL.into_iter().map(|s| (s, 0)).collect();
            let (mut fellow_taken, mut free_taken) = (0, 0);
            let mut per_fellow: BTreeMap<&str, u32> = BTreeMap::new();
            for row in in_track {
                *by_status.entry(row.status).or_default() += 1;
                if row.status == Status::Zugesagt {
                    if row.fellow {
                        fellow_taken += 1;
                        *per_fellow.entry(row.municipality.as_str()).or_default() += 1;
                    } else {
                        free_taken += 1;
                    }
                }
            }
            let not_free = track.capacity.saturating_sub(track.free_places);
            let fellow_places = fellows.min(not_free);
            if track.free_places > track.capacity {
                warnings.push(format!(
                    "{}: {} freie Plätze, aber nur {} Plätze insgesamt",
                    track.name, track.free_places, track.capacity
                ));
            }
            if fellows > not_free {
                warnings.push(format!(
                    "{}: {fellows} Fellow-Kommunen, aber nur {not_free} Plätze neben den {} \
                     freien; nicht jede Fellow-Kommune bekommt ihren Platz",
                    track.name, track.free_places
                ));
            }
            if fellow_taken > fellow_places {
                warnings.push(format!(
                    "{}: {fellow_taken} Zusagen auf Fellow-Plätzen, aber nur {fellow_places} \
                     Fellow-Plätze ({fellows} Fellow-Kommunen, {} Plätze, davon {} frei)",
                    track.name, track.capacity, track.free_places
                ));
            }
            for (name, n) in per_fellow.into_iter().filter(|(_, n)| *n > 1) {
                warnings.push(format!(
                    "{}: {n} Zusagen aus der Fellow-Kommune {name}, vorgesehen ist 1 Platz",
                    track.name
                ));
            }
            TrackOverview {
                name: track.name.clone(),
                role: track.role,
                capacity: track.capacity,
                free_places: track.free_places,
                fellow_places,
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
        warnings,
    }
}
