//! `kohorte export` and `kohorte mail`: attendee lists, calendars and e-mail drafts.

use std::path::PathBuf;

use clap::Args;
use kohorte::Kohorte;
use kohorte::documents::LetterKind;
use kohorte::export::{Column, ListFormat};
use kohorte::model::{Status, TrackRole};

#[derive(Args)]
pub struct ExportArgs {
    /// csv (German Excel), csv-comma, xlsx, or ics (module dates).
    #[arg(long, value_parser = parse_format)]
    format: Format,
    #[arg(long)]
    out: PathBuf,
    /// Only this track: fuehrung or change (default: the remembered filter).
    #[arg(long, value_parser = super::parse_track)]
    track: Option<TrackRole>,
    /// Only this status, or "alle" (default: the remembered filter).
    #[arg(long)]
    status: Option<String>,
    /// Only people present on a day of this module.
    #[arg(long)]
    module: Option<u32>,
    /// Columns by key, e.g. last_name,first_name,email (default: the remembered ones).
    #[arg(long)]
    columns: Option<String>,
    /// With ics: include modules whose dates are still tentative.
    #[arg(long)]
    tentative: bool,
}

#[derive(Clone, Copy)]
enum Format {
    List(ListFormat),
    Calendar,
}

fn parse_format(text: &str) -> Result<Format, String> {
    if text.trim().eq_ignore_ascii_case("ics") {
        return Ok(Format::Calendar);
    }
    ListFormat::parse(text)
        .map(Format::List)
        .ok_or_else(|| "erlaubt sind csv, csv-comma, xlsx, ics".into())
}

pub fn export(k: &Kohorte, args: ExportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let file = match args.format {
        Format::Calendar => k.export_calendar(args.tentative, &args.out)?,
        Format::List(format) => {
            let mut settings = k.list_settings()?;
            if let Some(columns) = &args.columns {
                settings.columns = Column::parse_list(columns)?;
            }
            if let Some(track) = args.track {
                settings.track = Some(track);
            }
            if let Some(status) = &args.status {
                settings.status = if status.trim().eq_ignore_ascii_case("alle") {
                    None
                } else {
                    Some(super::parse_status(status)?)
                };
            }
            if let Some(module) = args.module {
                settings.module = Some(module);
            }
            k.export_list(format, &settings, &args.out)?
        }
    };
    let what = match args.format {
        Format::Calendar => "Termine",
        Format::List(_) => "Zeilen",
    };
    println!(
        "{} – {} {what}, {} KB",
        file.path.display(),
        file.entries,
        file.bytes.div_ceil(1024)
    );
    Ok(())
}

#[derive(Args)]
pub struct MailArgs {
    /// zusage, warteliste or absage.
    #[arg(long, value_parser = super::parse_letter_kind)]
    kind: LetterKind,
    /// Whose drafts: a status key or label (default: the kind's own status).
    #[arg(long, value_parser = super::parse_status)]
    status: Option<Status>,
    /// A file with the e-mail text (first line the subject) instead of the saved one.
    #[arg(long)]
    template: Option<PathBuf>,
    /// The folder for one .eml draft per person.
    #[arg(long)]
    out: PathBuf,
}

pub fn mail(k: &Kohorte, args: MailArgs) -> Result<(), Box<dyn std::error::Error>> {
    let template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("Die Vorlage „{}“ ist nicht lesbar: {e}", path.display()))?,
        ),
        None => None,
    };
    let drafts = k.write_mail_drafts(args.kind, args.status, template.as_deref(), &args.out)?;
    for f in &drafts.files {
        println!("{}", f.path.display());
    }
    println!("{} E-Mail-Entwürfe geschrieben", drafts.files.len());
    for name in &drafts.without_email {
        println!("Ohne E-Mail-Adresse, kein Entwurf: {name}");
    }
    Ok(())
}
