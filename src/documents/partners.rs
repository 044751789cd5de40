//! Which tandem partner a letter, a list or an export names: one rule for all of them.

use std::collections::HashMap;

use uuid::Uuid;

use super::Recipient;
use crate::tandem::{TandemKind, TandemPair};

/// Is this pairing a tandem that documents name? A confirmed or a stated one (stored
/// without confirming, or named in the form); the app's own suggestion (the only two
/// of a municipality) is not, until the coordinator confirms it.
pub fn is_named_tandem(pair: &TandemPair) -> bool {
    pair.kind != TandemKind::Proposed
}

/// Sets every recipient's `tandem_partner` from `pairs`: the partner's full name when
/// both applications are in a named tandem ([`is_named_tandem`]) and share their
/// status (tandems are selected whole, and a Zusage must not promise a partner who got
/// an Absage). Pass every application of the programme, so a partner is found whatever
/// the run's status filter; filter afterwards.
pub fn name_tandem_partners(recipients: &mut [Recipient], pairs: &[TandemPair]) {
    let status: HashMap<Uuid, _> = recipients
        .iter()
        .map(|r| (r.application_id, r.status))
        .collect();
    let mut partner: HashMap<Uuid, &str> = HashMap::new();
    for pair in pairs.iter().filter(|p| is_named_tandem(p)) {
        let (Some(a), Some(b)) = (status.get(&pair.leader), status.get(&pair.planner)) else {
            continue;
        };
        if a == b {
            partner.insert(pair.leader, &pair.planner_name);
            partner.insert(pair.planner, &pair.leader_name);
        }
    }
    for r in recipients.iter_mut() {
        r.tandem_partner = partner.get(&r.application_id).map(|n| n.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Person, Salutation, Status, TrackRole};

    fn recipient(name: &str, role: TrackRole, status: Status) -> Recipient {
        Recipient {
            application_id: Uuid::now_v7(),
            person: Person {
                id: Uuid::now_v7(),
                salutation: Salutation::Keine,
                title: String::new(),
                first_name: name.into(),
                last_name: String::new(),
                email: String::new(),
                phone: String::new(),
                job_title: String::new(),
                municipality_id: Uuid::nil(),
                street: String::new(),
                postal_code: String::new(),
                city: String::new(),
                gender: String::new(),
                dietary_needs: String::new(),
                accessibility_needs: String::new(),
            },
            municipality: String::new(),
            state: String::new(),
            state_name: String::new(),
            track_name: String::new(),
            track_role: role,
            status,
            tandem_partner: Some("stale".into()),
        }
    }

    fn pair(a: &Recipient, b: &Recipient, stored: bool, confirmed: bool, form: bool) -> TandemPair {
        TandemPair {
            id: stored.then(Uuid::now_v7),
            leader: a.application_id,
            planner: b.application_id,
            leader_name: a.person.first_name.clone(),
            planner_name: b.person.first_name.clone(),
            municipality: String::new(),
            confirmed,
            proposed: !stored,
            from_form: form,
            reason: String::new(),
            kind: match (stored, confirmed, form) {
                (true, true, _) => TandemKind::Confirmed,
                (true, false, _) | (false, _, true) => TandemKind::Stated,
                (false, _, false) => TandemKind::Proposed,
            },
        }
    }

    #[test]
    fn confirmed_stored_and_stated_tandems_are_named_suggestions_are_not() {
        use Status::Zugesagt;
        use TrackRole::{Change, Fuehrung};
        let people: Vec<Recipient> = ["A", "B", "C", "D", "E", "F", "G", "H"]
            .iter()
            .enumerate()
            .map(|(i, n)| recipient(n, if i % 2 == 0 { Fuehrung } else { Change }, Zugesagt))
            .collect();
        let pairs = [
            pair(&people[0], &people[1], true, true, false), // confirmed
            pair(&people[2], &people[3], true, false, false), // stored, not yet confirmed
            pair(&people[4], &people[5], false, false, true), // stated in the form
            pair(&people[6], &people[7], false, false, false), // the app's suggestion
        ];
        let mut named = people.clone();
        name_tandem_partners(&mut named, &pairs);
        let partners: Vec<Option<&str>> =
            named.iter().map(|r| r.tandem_partner.as_deref()).collect();
        assert_eq!(
            partners,
            [
                Some("B"),
                Some("A"),
                Some("D"),
                Some("C"),
                Some("F"),
                Some("E"),
                None,
                None
            ]
        );
    }

    #[test]
    fn a_partner_with_another_status_is_not_named() {
        let a = recipient("A", TrackRole::Fuehrung, Status::Zugesagt);
        let b = recipient("B", TrackRole::Change, Status::Abgesagt);
        let pairs = [pair(&a, &b, false, false, true)];
        let mut named = vec![a, b];
        name_tandem_partners(&mut named, &pairs);
        assert!(named.iter().all(|r| r.tandem_partner.is_none()));
    }
}
