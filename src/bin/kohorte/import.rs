//! Subcommands of issue 4: import, list, set-status, undo, tandems. Each parses its
//! arguments, calls one service method and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use kohorte::import::{ColumnMapping, ImportError, ImportOptions, ImportReport, Outcome};
use kohorte::model::{Status, display_name};
use kohorte::{Error, Kohorte};
use uuid::Uuid;

use super::to_json;

/// Exit code of an import refused because of invalid rows: nothing was written.
const REFUSED: u8 = 2;

#[derive(Args)]
pub struct ImportArgs {
    /// The CSV or XLSX file.
    path: PathBuf,
    /// A column mapping (JSON, as `--json` reports it under "mapping").
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Only show what would be imported.
    #[arg(long)]
    dry_run: bool,
    /// Import the valid rows and skip the invalid ones.
    #[arg(long)]
    skip_invalid: bool,
    /// Merge duplicates into existing applications (newest value wins).
    #[arg(long)]
    merge: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn import(kohorte: &Kohorte, args: ImportArgs) -> Result<ExitCode, Error> {
    let mapping = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| ImportError::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            let mapping: ColumnMapping = serde_json::from_str(&text)
                .map_err(|e| ImportError::Mapping(format!("{}: {e}", path.display())))?;
            Some(mapping)
        }
        None => None,
    };
    let options = ImportOptions {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        merge_duplicates: args.merge,
    };
    let report = kohorte.import_file(&args.path, mapping.as_ref(), options)?;
    if args.json {
        println!("{}", to_json(&report));
    } else {
        print_report(&report);
    }
    Ok(match report.outcome {
        Outcome::Refused => ExitCode::from(REFUSED),
        Outcome::Preview | Outcome::Committed => ExitCode::SUCCESS,
    })
}

fn print_report(r: &ImportReport) {
    println!("{}: {} Zeilen gelesen", r.file_name, r.rows);
    println!("  neu:        {}", r.new);
    println!("  Dubletten:  {}", r.duplicates.len());
    println!("  verspätet:  {}", r.late.len());
    println!("  ungültig:   {} Zeilen", r.invalid_rows);
    for row in &r.results {
        println!(
            "  Zeile {} ({}): {}",
            row.row,
            who(&row.name, &row.email),
            row.text
        );
    }
    match r.outcome {
        Outcome::Preview => println!("Probelauf, nichts geschrieben. {}", r.summary),
        Outcome::Refused => eprintln!(
            "{} Mit --skip-invalid werden nur die gültigen Zeilen importiert.",
            r.summary
        ),
        Outcome::Committed => println!("{}", r.summary),
    }
}

fn who(name: &str, email: &str) -> String {
    [name, email]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Args)]
pub struct ListArgs {
    /// Only this track: "Führung", "Change" or the track's name.
    #[arg(long)]
    track: Option<String>,
    /// Only this status (key like in_pruefung, or the German label).
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn list(kohorte: &Kohorte, args: ListArgs) -> Result<(), Error> {
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let mut rows = kohorte.applications()?;
    if let Some(wanted) = &args.track {
        let role = kohorte::import::Problem::UnknownTrack(wanted.clone());
        let matches_name =
            |name: &str| kohorte::import::fold(name) == kohorte::import::fold(wanted);
        let by_role = kohorte_track_role(wanted);
        if by_role.is_none() && !rows.iter().any(|r| matches_name(&r.track)) {
            return Err(usage(role.to_string()));
        }
        rows.retain(|r| matches_name(&r.track) || Some(r.track_role) == by_role);
    }
    if let Some(status) = status {
        rows.retain(|r| r.status == status);
    }
    if args.json {
        println!("{}", to_json(&rows));
    } else {
        for r in &rows {
            println!(
                "{}  {:<28} {:<22} {:<6} {:<16} {:<14}{}",
                r.id,
                // The table row carries no title; the rule is the same.
                display_name("", &r.first_name, &r.last_name),
                r.municipality,
                r.state.trim_start_matches("DE-"),
                r.track,
                r.status.label(),
                if r.late { " verspätet" } else { "" }
            );
        }
        println!("{} Bewerbungen", rows.len());
    }
    Ok(())
}

fn kohorte_track_role(text: &str) -> Option<kohorte::model::TrackRole> {
    let folded = kohorte::import::fold(text);
    match folded.as_str() {
        "fuehrung" | "lernpfadfuehrung" => Some(kohorte::model::TrackRole::Fuehrung),
        "change" | "lernpfadchange" => Some(kohorte::model::TrackRole::Change),
        _ => None,
    }
}

fn usage(message: String) -> Error {
    Error::Import(ImportError::Mapping(message))
}

fn parse_status(text: &str) -> Result<Status, Error> {
    Status::parse(text).ok_or_else(|| {
        usage(format!(
            "unbekannter Status „{text}“ (erlaubt: {})",
            Status::ALL.map(|s| s.key()).join(", ")
        ))
    })
}

#[derive(Args)]
pub struct SetStatusArgs {
    /// Application ids, then the new status.
    #[arg(required = true, num_args = 2..)]
    args: Vec<String>,
}

pub fn set_status(kohorte: &Kohorte, args: SetStatusArgs) -> Result<(), Error> {
    let Some((status, ids)) = args.args.split_last() else {
        return Err(usage("ID… STATUS erwartet".into()));
    };
    let status = parse_status(status)?;
    let ids = ids
        .iter()
        .map(|id| Uuid::parse_str(id).map_err(|_| usage(format!("„{id}“ ist keine Bewerbungs-ID"))))
        .collect::<Result<Vec<_>, _>>()?;
    let change = kohorte.set_status(&ids, status)?;
    println!(
        "{} Bewerbungen auf „{}“ gesetzt, {} hatten ihn schon.",
        change.changed.len(),
        status.label(),
        change.unchanged.len()
    );
    for skipped in &change.skipped {
        println!("{} übersprungen: {}", skipped.ids.len(), skipped.message);
    }
    Ok(())
}

pub fn undo(kohorte: &Kohorte) -> Result<(), Error> {
    let change = kohorte.undo_last_change()?;
    println!(
        "{} Statusänderungen rückgängig gemacht.",
        change.changed.len()
    );
    Ok(())
}

pub fn tandems(kohorte: &Kohorte, json: bool) -> Result<(), Error> {
    let board = kohorte.tandems()?;
    if json {
        println!("{}", to_json(&board));
        return Ok(());
    }
    println!("{}", board.counts.text());
    for p in &board.pairs {
        let state = p.kind.label();
        println!(
            "{:<13} {} + {} ({}){}",
            state,
            p.leader_name,
            p.planner_name,
            p.municipality,
            if p.reason.is_empty() {
                String::new()
            } else {
                format!(" – {}", p.reason)
            }
        );
    }
    println!("{} ohne Tandem", board.unpaired.len());
    for w in &board.warnings {
        println!("Hinweis: {}", w.message);
    }
    Ok(())
}

/// Confirms every unconfirmed tandem (of `kind`, if given) in one step.
pub fn confirm_tandems(
    kohorte: &Kohorte,
    kind: Option<kohorte::tandem::TandemKind>,
    json: bool,
) -> Result<(), Error> {
    let board = kohorte.tandems()?;
    let pairs: Vec<kohorte::tandem::PairKey> = board
        .pairs
        .iter()
        .filter(|p| !p.confirmed && kind.is_none_or(|k| p.kind == k))
        .map(|p| kohorte::tandem::PairKey {
            leader: p.leader,
            planner: p.planner,
        })
        .collect();
    let done = kohorte.confirm_tandems(&pairs)?;
    if json {
        println!("{}", to_json(&done));
    } else {
        println!(
            "{} Tandems bestätigt (rückgängig: kohorte tandems --undo).",
            done.confirmed
        );
        println!("{}", kohorte.tandems()?.counts.text());
    }
    Ok(())
}

/// Undoes the last confirmation of several tandems.
pub fn undo_tandems(kohorte: &Kohorte) -> Result<(), Error> {
    let reverted = kohorte.undo_tandem_confirmation()?;
    println!("Bestätigung von {reverted} Tandems rückgängig gemacht.");
    println!("{}", kohorte.tandems()?.counts.text());
    Ok(())
}
