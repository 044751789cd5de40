//! Backups, the pure part: where they live (a folder beside the database,
//! `<file>.backups/`), how they are named (time and reason, so a listing needs no
//! index), why one was made, and which are kept (the last 10, plus the newest of each
//! day for 30 days). Writing and checking them is the store's job, when to make one the
//! service's.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many backups are always kept, however old.
pub const KEEP_LAST: usize = 10;
/// For this many days, the newest backup of each day is kept as well.
pub const KEEP_DAYS: i64 = 30;

/// Why a backup was made; stored as its key in the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupReason {
    /// "Sicherung erstellen" or `kohorte backup`.
    Manual,
    /// The window started and the file had changed since the newest backup.
    Start,
    /// Before the schema was upgraded.
    Migration,
    /// Before an import was written.
    Import,
    /// Before a proposed selection was applied.
    Selection,
    /// Before a status change of several applications.
    StatusChange,
    /// Before a backup was restored over the file.
    Restore,
    /// Before personal data was deleted or anonymised.
    Deletion,
    /// Before the file's content was replaced by the demo programme.
    Demo,
    /// A damaged file, copied as it was before a backup replaced it.
    Damaged,
}

impl BackupReason {
    pub const ALL: [BackupReason; 10] = [
        BackupReason::Manual,
        BackupReason::Start,
        BackupReason::Migration,
        BackupReason::Import,
        BackupReason::Selection,
        BackupReason::StatusChange,
        BackupReason::Restore,
        BackupReason::Deletion,
        BackupReason::Demo,
        BackupReason::Damaged,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BackupReason::Manual => "manuell",
            BackupReason::Start => "start",
            BackupReason::Migration => "aktualisierung",
            BackupReason::Import => "import",
            BackupReason::Selection => "auswahl",
            BackupReason::StatusChange => "status",
            BackupReason::Restore => "wiederherstellung",
            BackupReason::Deletion => "loeschung",
            BackupReason::Demo => "demo",
            BackupReason::Damaged => "beschaedigt",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Manual => "von Hand erstellt",
            BackupReason::Start => "beim Start",
            BackupReason::Migration => "vor der Aktualisierung der Datenbank",
            BackupReason::Import => "vor einem Import",
            BackupReason::Selection => "vor dem Übernehmen einer Auswahl",
            BackupReason::StatusChange => "vor einer Statusänderung",
            BackupReason::Restore => "vor einer Wiederherstellung",
            BackupReason::Deletion => "vor dem Löschen personenbezogener Daten",
            BackupReason::Demo => "vor dem Ersetzen durch Demodaten",
            BackupReason::Damaged => "beschädigte Datei, unverändert aufbewahrt",
        }
    }

    pub fn from_key(key: &str) -> Option<BackupReason> {
        BackupReason::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// One backup as the list in Einstellungen and `kohorte backups` show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub created_at: NaiveDateTime,
    pub reason: BackupReason,
    pub reason_label: String,
    pub bytes: u64,
    /// What it holds; `None` when it could not be read (see `problem`).
    pub programmes: Option<u32>,
    pub applications: Option<u32>,
    /// Why it cannot be restored (damaged, not a Kohorte file); `None` when it is good.
    pub problem: Option<String>,
}

/// The folder beside `db` that holds its backups: `kohorte.sqlite.backups`.
pub fn folder(db: &Path) -> PathBuf {
    let mut name = db
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "kohorte".into());
    name.push(".backups");
    db.with_file_name(name)
}

const STAMP: &str = "%Y%m%d-%H%M%S-%3f";

/// `<stem>-20261201-130500-123-import.sqlite`: sorts by time, says why.
pub fn file_name(db: &Path, at: NaiveDateTime, reason: BackupReason) -> String {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kohorte".into());
    format!("{stem}-{}-{}.sqlite", at.format(STAMP), reason.key())
}

/// The time and reason in a backup's file name, or `None` for any other file.
pub fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupReason)> {
    let rest = name.strip_suffix(".sqlite")?;
    let (rest, key) = rest.rsplit_once('-')?;
    let reason = BackupReason::from_key(key)?;
    // The stamp is the last 3 dash-separated parts: date, time, milliseconds.
    let mut parts = rest.rsplitn(4, '-');
    let millis = parts.next()?;
    let time = parts.next()?;
    let date = parts.next()?;
    let at = NaiveDateTime::parse_from_str(&format!("{date}-{time}-{millis}"), STAMP).ok()?;
    Some((at, reason))
}

/// Which of `backups` (file name, time) go under the rolling retention at `now`: all but
/// the newest [`KEEP_LAST`] and the newest of each of the last [`KEEP_DAYS`] days.
pub fn to_prune(backups: &[(String, NaiveDateTime)], now: NaiveDateTime) -> Vec<String> {
    let mut newest_first: Vec<&(String, NaiveDateTime)> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let mut days_seen = HashSet::new();
    let oldest_day = (now - TimeDelta::days(KEEP_DAYS)).date();
    newest_first
        .iter()
        .enumerate()
        .filter(|(i, (_, at))| {
            let newest_of_day = at.date() > oldest_day && days_seen.insert(at.date());
            *i >= KEEP_LAST && !newest_of_day
        })
        .map(|(_, (name, _))| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_milli_opt(hour, 5, 0, 123))
            .expect("date")
    }

    #[test]
    fn a_name_carries_time_and_reason_and_reads_back() {
        let db = Path::new("/daten/kohorte-2026.sqlite");
        let name = file_name(db, at(3, 14), BackupReason::StatusChange);
        assert_eq!(name, "kohorte-2026-20261103-140500-123-status.sqlite");
        assert_eq!(
            parse_name(&name),
            Some((at(3, 14), BackupReason::StatusChange))
        );
        assert_eq!(parse_name("kohorte.sqlite"), None);
        assert_eq!(parse_name("notizen-20261103-140500-123-foo.sqlite"), None);
        assert_eq!(
            folder(db),
            Path::new("/daten/kohorte-2026.sqlite.backups").to_path_buf()
        );
    }

    #[test]
    fn retention_keeps_the_last_ten_and_the_newest_of_each_of_thirty_days() {
        // 40 days with three backups a day (hours 8, 12, 16), now at the end of day 40.
        let mut backups = Vec::new();
        let start = at(1, 0).date();
        for day in 0..40 {
            for hour in [8, 12, 16] {
                let date = start + TimeDelta::days(day);
                let when = date.and_hms_opt(hour, 0, 0).expect("time");
                backups.push((format!("b-{day:02}-{hour:02}"), when));
            }
        }
        let now = (start + TimeDelta::days(39))
            .and_hms_opt(20, 0, 0)
            .expect("time");
        let pruned: HashSet<String> = to_prune(&backups, now).into_iter().collect();
        let kept: Vec<&String> = backups
            .iter()
            .map(|(n, _)| n)
            .filter(|n| !pruned.contains(*n))
            .collect();
        // The last 10: all of days 36–39 (12 … the newest 10 of them), plus the 16:00
        // one of each of the 30 days (days 10–39), overlapping on days 36–39.
        for day in 10..40 {
            assert!(kept.contains(&&format!("b-{day:02}-16")), "day {day}");
        }
        for day in 0..10 {
            assert!(!kept.iter().any(|n| n.starts_with(&format!("b-{day:02}-"))));
        }
        let last_ten: Vec<String> = backups.iter().rev().take(10).map(|b| b.0.clone()).collect();
        for name in &last_ten {
            assert!(kept.contains(&name), "{name}");
        }
        // 10 newest (days 36.5–39) + the 16:00 of days 10–35 (26) = 36.
        assert_eq!(kept.len(), 36);
    }
}
