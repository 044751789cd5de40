//! Subcommands of issue 12, personal data (DSGVO Art. 15 and 17): person export,
//! delete, anonymise, and the retention list. Each calls one service method and prints.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use kohorte::service::{RETENTION_MONTHS, Shred};
use kohorte::{Error, Kohorte};
use uuid::Uuid;

use super::to_json;

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Write everything stored about a person as JSON and PDF (Auskunft, Art. 15).
    Export {
        /// The person's id or one of their applications' ids.
        id: Uuid,
        /// The folder to write the two files into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Delete a person with their applications, tandems, attendance and documents.
    Delete(ShredArgs),
    /// Remove a person's identity, keeping state, region, kind and experience band.
    Anonymise(ShredArgs),
}

#[derive(Args)]
pub struct ShredArgs {
    /// The person's id or one of their applications' ids.
    id: Uuid,
    /// Only show what would be removed.
    #[arg(long)]
    dry_run: bool,
    /// Also delete the backups that still hold the person.
    #[arg(long)]
    prune_backups: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RetentionArgs {
    /// Months after a programme's end (default 6).
    #[arg(long, default_value_t = RETENTION_MONTHS)]
    months: u32,
    /// Delete the listed persons (without it, nothing is deleted).
    #[arg(long)]
    apply: bool,
    /// Also delete the backups that still hold them.
    #[arg(long, requires = "apply")]
    prune_backups: bool,
    #[arg(long)]
    json: bool,
}

pub fn person(kohorte: &Kohorte, command: PersonCommand) -> Result<(), Error> {
    match command {
        PersonCommand::Export { id, out } => {
            let written = kohorte.write_person_export(id, &out)?;
            println!("{}", written.json);
            println!("{} – {} Seite(n)", written.pdf, written.pages);
        }
        PersonCommand::Delete(args) => shred(kohorte, args, false)?,
        PersonCommand::Anonymise(args) => shred(kohorte, args, true)?,
    }
    Ok(())
}

fn shred(kohorte: &Kohorte, args: ShredArgs, anonymise: bool) -> Result<(), Error> {
    let mut shred = if args.dry_run {
        kohorte.preview_person_deletion(args.id)?
    } else if anonymise {
        kohorte.anonymise_person(args.id)?
    } else {
        kohorte.delete_person(args.id)?
    };
    if args.prune_backups && !args.dry_run {
        kohorte.prune_backups(&shred.backups_holding)?;
        shred.backups_holding.clear();
    }
    if args.json {
        println!("{}", to_json(&shred));
        return Ok(());
    }
    let verb = match (args.dry_run, anonymise) {
        (true, _) => "Würde entfernt",
        (false, true) => "Anonymisiert",
        (false, false) => "Gelöscht",
    };
    print_shred(verb, &shred);
    Ok(())
}

fn print_shred(verb: &str, s: &Shred) {
    let c = &s.counts;
    println!("{verb}: {} <{}>", s.name, s.email);
    println!(
        "  {} Bewerbung(en), {} Tandem(s), {} Anwesenheitseinträge, {} Dokumenteinträge; \
         {} Verlaufseinträge mit überschriebenen Werten",
        c.applications, c.tandems, c.attendance, c.documents, c.audit_overwritten
    );
    if !s.backups_holding.is_empty() {
        println!(
            "  Noch in {} Sicherung(en) enthalten (mit --prune-backups löschen):",
            s.backups_holding.len()
        );
        for path in &s.backups_holding {
            println!("    {path}");
        }
    }
}

pub fn retention(kohorte: &Kohorte, args: RetentionArgs) -> Result<(), Error> {
    if !args.apply {
        let candidates = kohorte.retention(args.months)?;
        if args.json {
            println!("{}", to_json(&candidates));
            return Ok(());
        }
        println!(
            "{} Person(en) abgesagt oder zurückgezogen in Programmen, die vor mehr als {} Monaten endeten:",
            candidates.len(),
            args.months
        );
        for c in &candidates {
            println!(
                "  {} <{}> – {} (Ende {}) {}",
                c.name,
                c.email,
                c.programmes,
                c.programme_end.format("%d.%m.%Y"),
                c.person_id
            );
        }
        if !candidates.is_empty() {
            println!("Nichts gelöscht. Zum Löschen: kohorte retention --apply");
        }
        return Ok(());
    }
    let mut deleted = kohorte.apply_retention(args.months)?;
    if args.prune_backups {
        let mut paths: Vec<String> = deleted
            .iter()
            .flat_map(|s| s.backups_holding.iter().cloned())
            .collect();
        paths.sort();
        paths.dedup();
        kohorte.prune_backups(&paths)?;
        for s in &mut deleted {
            s.backups_holding.clear();
        }
    }
    if args.json {
        println!("{}", to_json(&deleted));
        return Ok(());
    }
    for s in &deleted {
        print_shred("Gelöscht", s);
    }
    println!("{} Person(en) gelöscht", deleted.len());
    Ok(())
}
