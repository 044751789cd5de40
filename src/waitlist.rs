//! Moving up from the waitlist, pure: when a Zusage is withdrawn, who takes the place.
//! The assistant's own rules decide, with every existing Zusage held fixed and only the
//! waitlist in the running, so the people who move up keep every quota and fellow rule,
//! and a tandem moves up together or not at all.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::balance::{Lock, Pool};
use crate::model::{Status, TrackRole};
use crate::selection::{Entry, SelectionError, SelectionOptions, propose};

/// Places still open in one track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenPlaces {
    pub track: TrackRole,
    pub name: String,
    pub capacity: u32,
    pub confirmed: u32,
    pub open: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Promotion {
    pub open: Vec<OpenPlaces>,
    /// Who moves up, in track order, each with the reason.
    pub promoted: Vec<Entry>,
    /// Why nobody moves up, when nobody does.
    pub note: Option<String>,
}

pub fn promotion(pool: &Pool, options: &SelectionOptions) -> Result<Promotion, SelectionError> {
    let open: Vec<OpenPlaces> = pool
        .tracks
        .iter()
        .map(|t| {
            let confirmed = pool
                .candidates
                .iter()
                .filter(|c| c.track == t.role && c.status == Status::Zugesagt)
                .count() as u32;
            OpenPlaces {
                track: t.role,
                name: t.name.clone(),
                capacity: t.capacity,
                confirmed,
                open: t.capacity.saturating_sub(confirmed),
            }
        })
        .collect();
    let waiting = pool
        .candidates
        .iter()
        .filter(|c| c.status == Status::Warteliste && c.lock != Some(Lock::Out))
        .count();
    let nobody = |note: &str| Promotion {
        open: open.clone(),
        promoted: Vec::new(),
        note: Some(note.into()),
    };
    if open.iter().all(|o| o.open == 0) {
        return Ok(nobody("Alle Plätze sind vergeben."));
    }
    if waiting == 0 {
        return Ok(nobody("Auf der Warteliste steht niemand."));
    }
    let mut held = pool.clone();
    for c in &mut held.candidates {
        c.lock = match c.status {
            Status::Zugesagt => Some(Lock::In),
            Status::Warteliste => c.lock,
            _ => Some(Lock::Out),
        };
    }
    let proposal = propose(&held, options)?;
    let status_of = |id| {
        pool.candidates
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.status, c.tandem.is_some_and(|t| t.confirmed)))
    };
    let promoted: Vec<Entry> = proposal
        .tracks
        .iter()
        .flat_map(|t| t.selected.iter())
        .filter_map(|e| {
            let (status, in_tandem) = status_of(e.id)?;
            (status == Status::Warteliste).then(|| Entry {
                id: e.id,
                name: e.name.clone(),
                reason: if in_tandem {
                    "rückt mit dem Tandem nach; alle Quoten und Platzregeln bleiben erfüllt".into()
                } else {
                    "rückt nach: der beste Platz auf der Warteliste, der alle Quoten und \
                     Platzregeln erfüllt"
                        .into()
                },
            })
        })
        .collect();
    let note = promoted.is_empty().then(|| {
        "Niemand auf der Warteliste passt auf die freien Plätze, ohne eine Quote oder ein \
         Tandem zu verletzen."
            .to_string()
    });
    Ok(Promotion {
        open,
        promoted,
        note,
    })
}
