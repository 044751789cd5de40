//! Subcommands of issue 12, data safety: backup, backups, restore. Each parses its
//! arguments, calls one service function and prints.

use std::path::{Path, PathBuf};

use kohorte::backup::BackupInfo;
use kohorte::service::{backups_of, restore_damaged};
use kohorte::{Error, Kohorte};

use super::to_json;

/// `kohorte backup [--out PATH]`: a checked copy, into the backup folder or to PATH.
pub fn backup(kohorte: &Kohorte, out: Option<PathBuf>) -> Result<(), Error> {
    let info = match out {
        Some(out) => kohorte.backup_to(&out)?,
        None => kohorte.create_backup(kohorte::backup::BackupReason::Manual)?,
    };
    println!("Sicherung geschrieben: {}", info.path);
    print_backup(&info);
    Ok(())
}

/// `kohorte backups [--json]`: the backups beside the database, newest first. Works on
/// a damaged database too (it is not opened).
pub fn list(db: &Path, json: bool) -> Result<(), Error> {
    let backups = backups_of(db)?;
    if json {
        println!("{}", to_json(&backups));
        return Ok(());
    }
    if backups.is_empty() {
        println!(
            "Keine Sicherungen in {}",
            kohorte::backup::folder(db).display()
        );
    }
    for info in &backups {
        print_backup(info);
    }
    Ok(())
}

/// `kohorte restore PATH`: the backup replaces the database's content; the current
/// content is kept as a backup first. A damaged database (which cannot be opened) is
/// kept as an unchanged copy and replaced; a file that is not Kohorte's is refused.
pub fn restore(db: &Path, from: &Path) -> Result<(), Error> {
    match Kohorte::open(db) {
        Ok(kohorte) => {
            let kept = kohorte.restore(from)?;
            println!("Wiederhergestellt aus {}", from.display());
            println!("Der vorherige Stand ist gesichert: {}", kept.path);
        }
        Err(Error::Damaged { .. }) => {
            let kept = restore_damaged(db, from)?;
            println!("Wiederhergestellt aus {}", from.display());
            println!(
                "Die beschädigte Datei ist unverändert aufbewahrt: {}",
                kept.display()
            );
        }
        Err(other) => return Err(other),
    }
    Ok(())
}

fn print_backup(info: &BackupInfo) {
    let when = info.created_at.format("%d.%m.%Y %H:%M:%S");
    let holds = match (info.programmes, info.applications, &info.problem) {
        (Some(p), Some(a), _) => format!("{p} Programm(e), {a} Bewerbungen"),
        (_, _, Some(problem)) => format!("nicht verwendbar: {problem}"),
        _ => "nicht lesbar".into(),
    };
    println!(
        "{when}  {:<40} {holds}  {} KB  {}",
        info.reason_label,
        info.bytes.div_ceil(1024),
        info.path
    );
}
