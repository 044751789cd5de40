//! The CLI of the balance report and the selection assistant: parse, call one service
//! method, print.

use std::path::PathBuf;

use clap::Args;
use kohorte::balance::{BalanceReport, Lock};
use kohorte::model::TrackRole;
use kohorte::selection::{Proposal, SelectionOptions};
use kohorte::{Error, Kohorte};
use serde::Serialize;
use uuid::Uuid;

use super::to_json;

/// A track, or both tracks together (`None`).
#[derive(Clone, Copy, Debug)]
pub struct Scope(pub Option<TrackRole>);

/// `fuehrung`/`Führung`, `change`, or `beide`/`both`.
pub fn parse_scope(text: &str) -> Result<Scope, String> {
    match text.trim().to_lowercase().as_str() {
        "fuehrung" | "führung" | "lernpfad führung" => Ok(Scope(Some(TrackRole::Fuehrung))),
        "change" | "lernpfad change" => Ok(Scope(Some(TrackRole::Change))),
        "beide" | "both" | "alle" => Ok(Scope(None)),
        other => Err(format!(
            "unbekannter Lernpfad „{other}“ (fuehrung, change oder beide)"
        )),
    }
}

#[derive(Args)]
pub struct SelectArgs {
    /// Apply the proposal: set zugesagt/Warteliste in one undoable transaction.
    #[arg(long, conflicts_with = "undo")]
    apply: bool,
    /// Undo the last applied proposal.
    #[arg(long)]
    undo: bool,
    #[arg(long)]
    json: bool,
    /// Let applications received after the deadline take part.
    #[arg(long)]
    include_late: bool,
    /// Let withdrawn applications take part.
    #[arg(long)]
    include_withdrawn: bool,
    /// Let applications already turned down take part.
    #[arg(long)]
    include_rejected: bool,
    /// Keep fellow places nobody claimed empty after the deadline (by default they go to
    /// the free places).
    #[arg(long)]
    keep_fellow_places: bool,
    /// Allow taking back existing Zusagen (by default they are locked in).
    #[arg(long)]
    unlock_zusagen: bool,
}

pub fn balance(k: &Kohorte, track: Option<Scope>, json: bool) -> Result<(), Error> {
    let mut report = k.balance()?;
    if let Some(Scope(scope)) = track {
        report.scopes.retain(|s| s.track == scope);
        report
            .violations
            .retain(|v| v.track == scope || (scope.is_none() && v.track.is_none()));
    }
    if json {
        println!("{}", to_json(&report));
    } else {
        print_balance(&report);
    }
    Ok(())
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn print_balance(report: &BalanceReport) {
    for scope in &report.scopes {
        println!(
            "{} – {} Bewerbungen, {} in Prüfung, {} zugesagt (von {} Plätzen)",
            scope.name, scope.applicants, scope.in_review, scope.selected, scope.capacity
        );
        for d in &scope.dimensions {
            println!("  {}", d.label);
            for v in &d.values {
                if v.applicants == 0 && v.min.is_none() && v.max.is_none() {
                    continue;
                }
                let quota = match (v.min, v.max) {
                    (None, None) => String::new(),
                    (min, max) => format!(
                        "  Quote {}–{}",
                        min.map_or("0".into(), |m| m.to_string()),
                        max.map_or("∞".into(), |m| m.to_string())
                    ),
                };
                println!(
                    "    {:<32} {:>3} Bew. ({:>5})  {:>3} zugesagt ({:>5}){quota}",
                    v.label,
                    v.applicants,
                    percent(v.applicants_share),
                    v.selected,
                    percent(v.selected_share)
                );
            }
        }
        println!();
    }
    if report.violations.is_empty() {
        println!("Keine Verstöße.");
    } else {
        println!("Verstöße:");
        for v in &report.violations {
            println!("  – {}", v.message);
        }
    }
}

pub fn quotas(
    k: &Kohorte,
    import: Option<PathBuf>,
    export: Option<PathBuf>,
    scope: Option<TrackRole>,
) -> Result<(), Error> {
    if let Some(path) = import {
        let quotas = k.import_quotas(&path, scope)?;
        println!("{} Quoten aus {} übernommen", quotas.len(), path.display());
    } else if let Some(path) = export {
        let count = k.export_quotas(&path, scope)?;
        println!("{count} Quoten nach {} geschrieben", path.display());
    } else {
        println!("{}", to_json(&k.quotas()?));
    }
    Ok(())
}

#[derive(Serialize)]
struct SelectOutput<'a> {
    #[serde(flatten)]
    proposal: &'a Proposal,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_run: Option<Uuid>,
}

pub fn select(k: &Kohorte, args: &SelectArgs) -> Result<(), Error> {
    if args.undo {
        let reverted = k.undo_selection()?;
        if args.json {
            let rows: Vec<_> = reverted
                .iter()
                .map(|(id, from, to)| serde_json::json!({"id": id, "from": from, "to": to}))
                .collect();
            println!("{}", to_json(&rows));
        } else {
            println!(
                "Letzte Auswahl rückgängig gemacht: {} Status zurückgesetzt",
                reverted.len()
            );
        }
        return Ok(());
    }
    let options = SelectionOptions {
        include_late: args.include_late,
        include_withdrawn: args.include_withdrawn,
        include_rejected: args.include_rejected,
        release_fellow_places: !args.keep_fellow_places,
        unlock_zusagen: args.unlock_zusagen,
    };
    let (proposal, run) = if args.apply {
        let (proposal, applied) = k.apply_selection(&options)?;
        (proposal, Some(applied.run_id))
    } else {
        (k.propose_selection(&options)?, None)
    };
    if args.json {
        println!(
            "{}",
            to_json(&SelectOutput {
                proposal: &proposal,
                applied_run: run,
            })
        );
        return Ok(());
    }
    for t in &proposal.tracks {
        println!("{}: {} Zusagen vorgeschlagen", t.name, t.selected.len());
        for (i, e) in t.selected.iter().enumerate() {
            println!("  {:>2}. {:<28} {}", i + 1, e.name, e.reason);
        }
        println!("  Warteliste:");
        for e in &t.waitlist {
            println!("      {:<28} {}", e.name, e.reason);
        }
        println!();
    }
    for r in &proposal.released {
        println!("Freigegeben: {}", r.message);
    }
    for p in &proposal.separated {
        println!("Getrennt: {}", p.message);
    }
    for r in &proposal.revoked {
        println!("Zusage zurückgenommen: {} – {}", r.name, r.reason);
    }
    for r in &proposal.relaxation {
        println!("Lockerung: {}", r.message);
    }
    for v in &proposal.violations {
        println!("Verstoß: {}", v.message);
    }
    for n in &proposal.notes {
        println!("Hinweis: {n}");
    }
    match run {
        Some(_) => println!(
            "{} Statusänderungen übernommen (rückgängig: kohorte select --undo)",
            proposal.changes.len()
        ),
        None => println!(
            "{} Statusänderungen vorgeschlagen (übernehmen: kohorte select --apply)",
            proposal.changes.len()
        ),
    }
    Ok(())
}

pub fn lock(k: &Kohorte, id: Uuid, lock: &str) -> Result<(), Error> {
    let lock = match lock {
        "in" => Some(Lock::In),
        "out" => Some(Lock::Out),
        _ => None,
    };
    k.set_lock(id, lock)?;
    println!("Sperre gespeichert");
    Ok(())
}
