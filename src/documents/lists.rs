//! Agenda, attendee list, sign-in sheets and certificates: what lies on the table at
//! each module, and what participants take home.

use serde::{Deserialize, Serialize};

use super::font::{Weight, fit, wrap};
use super::pdf::{A4_LONG, A4_SHORT, Align, Builder, Page, PictureKind, Style};
use super::table::{self, Row, TableStyle, col};
use super::text::{
    address_name, german_date, german_weekday_date, module_dates, module_dates_fixed,
};
use super::{DocumentError, Issued, Pdf, Recipient};
use crate::job::Job;
use crate::model::{AgendaItem, Module, Programme, TrackRole};

/// The lists Kohorte prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ListKind {
    Teilnehmende,
    Unterschriften,
}

impl ListKind {
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Teilnehmende => "teilnehmende",
            ListKind::Unterschriften => "unterschriften",
        }
    }

    pub fn parse(text: &str) -> Option<ListKind> {
        match text.trim().to_lowercase().as_str() {
            "teilnehmende" | "teilnehmendenliste" => Some(ListKind::Teilnehmende),
            "unterschriften" | "unterschriftenliste" => Some(ListKind::Unterschriften),
            _ => None,
        }
    }
}

const ARRIVAL_NOTE: &str =
    "Anreise am Vortag, Abreise am Nachmittag des zweiten Tages. Die Teilnahme ist kostenfrei.";

/// Shared footer: organiser on the left, "Seite x von y" on the right.
fn footers(pages: &mut [Page], programme: &Programme, left: f32, right: f32) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let y = page.height - 10.0;
        let style = Style::regular(7.5).grey(0.4);
        let text = fit(
            page.face(Weight::Regular),
            &programme.organiser_name,
            style.size,
            right - left - 30.0,
        );
        page.text(left, y, style, Align::Left, &text);
        page.text(
            right,
            y,
            Style::regular(8.0),
            Align::Right,
            &format!("Seite {} von {count}", index + 1),
        );
    }
}

fn finish(mut builder: Builder, pages: Vec<Page>) -> Pdf {
    for page in pages {
        builder.push(page);
    }
    let pages = builder.page_count();
    Pdf {
        bytes: builder.finish(),
        pages,
    }
}

/// Wrapped lines at `y`, returns the y below them.
fn paragraph(page: &mut Page, x: f32, y: f32, width: f32, style: Style, text: &str) -> f32 {
    let leading = style.size * 1.3 * super::font::MM_PER_PT;
    let mut y = y;
    for line in wrap(page.face(style.weight), text, style.size, width) {
        page.text(x, y, style, Align::Left, &line);
        y += leading;
    }
    y
}

/// A bulleted list (a module's topics), each item wrapped beside its bullet; returns
/// the y below it.
fn bullets(page: &mut Page, x: f32, mut y: f32, width: f32, size: f32, items: &[String]) -> f32 {
    for item in items {
        page.text(x + 1.0, y, Style::regular(size), Align::Left, "•");
        y = paragraph(page, x + 5.0, y, width - 5.0, Style::regular(size), item);
    }
    y
}

fn day_label(module: &Module, day: u8) -> String {
    match module.start_date {
        Some(start) => {
            let date = start + chrono::Duration::days(i64::from(day) - 1);
            format!("Tag {day} · {}", german_weekday_date(date))
        }
        None => format!("Tag {day}"),
    }
}

/// The agenda of one module: landscape A4, header with programme, module, topics,
/// dates, venue and arrival note; then a table time | topic | format for both days.
pub fn agenda_pdf(
    programme: &Programme,
    module: &Module,
    items: &[AgendaItem],
    issued: Issued,
) -> Result<Pdf, DocumentError> {
    let title = format!("Agenda Modul {} – {}", module.number, module.title);
    let builder = Builder::new(&title, issued.at)?.with_images(&programme.images);
    let (left, right) = (15.0, A4_LONG - 15.0);
    let width = right - left;
    let columns = [
        col("Zeit", 30.0),
        col("Thema", width - 30.0 - 60.0),
        col("Format", 60.0),
    ];
    let mut rows = Vec::new();
    for day in [1u8, 2] {
        rows.push(Row::Group(day_label(module, day)));
        for item in items.iter().filter(|i| i.day == day) {
            rows.push(Row::Cells(vec![
                format!("{}–{}", item.start, item.end),
                item.title.clone(),
                item.format.clone(),
            ]));
        }
    }
    let style = TableStyle {
        left,
        bottom: A4_SHORT - 18.0,
        size: 10.0,
        min_row_height: 7.0,
        verticals: false,
    };
    let mut pages = table::draw(&builder, &columns, &rows, &style, |b, index| {
        let mut page = b.page(A4_LONG, A4_SHORT);
        let grey = Style::regular(9.5).grey(0.3);
        page.text(left, 14.0, grey, Align::Left, &programme.name);
        page.text(right, 14.0, grey, Align::Right, "Agenda");
        page.picture(PictureKind::Logo, right, 3.0, (40.0, 7.0), Align::Right);
        if index > 0 {
            let heading = format!("Modul {}: {} (Fortsetzung)", module.number, module.title);
            page.text(left, 22.0, Style::bold(12.0), Align::Left, &heading);
            return (page, 28.0);
        }
        let heading = format!("Modul {}: {}", module.number, module.title);
        let mut y = paragraph(&mut page, left, 24.0, width, Style::bold(17.0), &heading);
        y += 1.0;
        y = bullets(&mut page, left, y, width, 10.0, &module.topics);
        y += 2.0;
        let dates = if module_dates_fixed(module) {
            module_dates(module)
        } else {
            format!("{} (Termin noch nicht festgelegt)", module.date_label)
        };
        let venue = if module.venue.is_empty() {
            &programme.venue
        } else {
            &module.venue
        };
        for (label, value) in [
            ("Termin", dates.as_str()),
            ("Ort", venue),
            ("Hinweis", ARRIVAL_NOTE),
        ] {
            page.text(left, y, Style::bold(10.0), Align::Left, label);
            y = paragraph(
                &mut page,
                left + 20.0,
                y,
                width - 20.0,
                Style::regular(10.0),
                value,
            );
        }
        (page, y + 2.0)
    });
    footers(&mut pages, programme, left, right);
    Ok(finish(builder, pages))
}

fn short_track(name: &str) -> &str {
    name.strip_prefix("Lernpfad ").unwrap_or(name)
}

/// Title and page header shared by portrait lists.
fn list_page(
    builder: &Builder,
    programme: &Programme,
    title: &str,
    subtitle: &str,
    index: usize,
) -> (Page, f32) {
    let (left, right) = (20.0, A4_SHORT - 20.0);
    let mut page = builder.page(A4_SHORT, A4_LONG);
    let grey = Style::regular(9.0).grey(0.3);
    page.text(left, 14.0, grey, Align::Left, &programme.name);
    page.text(right, 14.0, grey, Align::Right, &programme.organiser_name);
    page.picture(PictureKind::Logo, right, 3.0, (40.0, 7.0), Align::Right);
    if index > 0 {
        page.text(
            left,
            22.0,
            Style::bold(12.0),
            Align::Left,
            &format!("{title} (Fortsetzung)"),
        );
        return (page, 27.0);
    }
    let y = paragraph(
        &mut page,
        left,
        25.0,
        right - left,
        Style::bold(16.0),
        title,
    );
    let y = paragraph(
        &mut page,
        left,
        y,
        right - left,
        Style::regular(10.0),
        subtitle,
    );
    (page, y + 2.0)
}

/// Teilnehmendenliste: confirmed participants of one track (or all), with what the
/// venue needs to know.
pub fn participants_pdf(
    programme: &Programme,
    track: Option<TrackRole>,
    track_name: Option<&str>,
    recipients: &[Recipient],
    issued: Issued,
) -> Result<Pdf, DocumentError> {
    let scope = match (track, track_name) {
        (Some(_), Some(name)) => name.to_string(),
        _ => "alle Lernpfade".to_string(),
    };
    let title = format!("Teilnehmendenliste – {scope}");
    let builder = Builder::new(&title, issued.at)?.with_images(&programme.images);
    let people: Vec<&Recipient> = recipients
        .iter()
        .filter(|r| track.is_none_or(|t| r.track_role == t))
        .collect();
    let subtitle = format!(
        "Stand: {} · {} {}",
        german_date(issued.date),
        people.len(),
        if people.len() == 1 {
            "Person"
        } else {
            "Personen"
        }
    );
    let columns = [
        col("Nr.", 8.0),
        col("Name", 33.0),
        col("Kommune", 33.0),
        col("Bundesland", 29.0),
        col("Lernpfad", 17.0),
        col("Tandem mit", 28.0),
        col("Verpflegung", 22.0),
    ];
    let rows: Vec<Row> = people
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::Cells(vec![
                format!("{}", i + 1),
                format!("{}, {}", r.person.last_name, r.person.first_name),
                r.municipality.clone(),
                r.state_name.clone(),
                short_track(&r.track_name).to_string(),
                r.tandem_partner.clone().unwrap_or_default(),
                r.person.dietary_needs.clone(),
            ])
        })
        .collect();
    let style = TableStyle {
        left: 20.0,
        bottom: A4_LONG - 18.0,
        size: 9.0,
        min_row_height: 8.0,
        verticals: false,
    };
    let mut pages = table::draw(&builder, &columns, &rows, &style, |b, index| {
        list_page(b, programme, &title, &subtitle, index)
    });
    footers(&mut pages, programme, 20.0, A4_SHORT - 20.0);
    Ok(finish(builder, pages))
}

/// Unterschriftenliste: one sheet per module day with a signature column.
pub fn signature_list_pdf(
    programme: &Programme,
    module: &Module,
    recipients: &[Recipient],
    issued: Issued,
) -> Result<Pdf, DocumentError> {
    let title = format!(
        "Unterschriftenliste Modul {} – {}",
        module.number, module.title
    );
    let mut builder = Builder::new(&title, issued.at)?.with_images(&programme.images);
    let columns = [
        col("Nr.", 9.0),
        col("Name", 44.0),
        col("Kommune", 44.0),
        col("Lernpfad", 20.0),
        col("Unterschrift", 53.0),
    ];
    let rows: Vec<Row> = recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::Cells(vec![
                format!("{}", i + 1),
                format!("{}, {}", r.person.last_name, r.person.first_name),
                r.municipality.clone(),
                short_track(&r.track_name).to_string(),
                String::new(),
            ])
        })
        .collect();
    let style = TableStyle {
        left: 20.0,
        bottom: A4_LONG - 18.0,
        size: 9.0,
        min_row_height: 11.0,
        verticals: true,
    };
    for day in [1u8, 2] {
        let date_row = match module.start_date {
            Some(_) => format!("{} · Ort: {}", day_label(module, day), module.venue),
            None => format!(
                "Tag {day} · Datum: ____________________ ({})",
                module.date_label
            ),
        };
        let heading = format!("Unterschriftenliste – Modul {}, Tag {day}", module.number);
        let subtitle = format!("{}\n{date_row}", module.title);
        let mut pages = table::draw(&builder, &columns, &rows, &style, |b, index| {
            list_page(b, programme, &heading, &subtitle, index)
        });
        footers(&mut pages, programme, 20.0, A4_SHORT - 20.0);
        for page in pages {
            builder.push(page);
        }
    }
    let pages = builder.page_count();
    Ok(Pdf {
        bytes: builder.finish(),
        pages,
    })
}

/// One certificate: a person and the modules they attended.
pub struct Attended<'a> {
    pub recipient: &'a Recipient,
    pub modules: Vec<&'a Module>,
}

/// Teilnahmebescheinigungen, one page each; `job` hears of each page and may cancel.
pub fn certificates_pdf(
    programme: &Programme,
    attended: &[Attended<'_>],
    issued: Issued,
    job: &Job,
) -> Result<Pdf, DocumentError> {
    let title = format!("Teilnahmebescheinigungen – {}", programme.name);
    let mut builder = Builder::new(&title, issued.at)?.with_images(&programme.images);
    let (left, right) = (25.0, A4_SHORT - 20.0);
    let width = right - left;
    let center = (left + right) / 2.0;
    let total = attended.len();
    job.step(0, total)?;
    for (index, entry) in attended.iter().enumerate() {
        let r = entry.recipient;
        let mut page = builder.page(A4_SHORT, A4_LONG);
        page.text(
            left,
            20.0,
            Style::bold(15.0),
            Align::Left,
            &programme.organiser_name,
        );
        page.text(
            left,
            26.0,
            Style::regular(9.5).grey(0.25),
            Align::Left,
            &programme.name,
        );
        page.line(left, 30.0, right, 30.0, 0.4);
        page.picture(PictureKind::Logo, right, 8.0, (60.0, 19.0), Align::Right);
        page.text(
            center,
            70.0,
            Style::bold(24.0),
            Align::Center,
            "Teilnahmebescheinigung",
        );
        page.text(
            center,
            92.0,
            Style::bold(16.0),
            Align::Center,
            &address_name(&r.person),
        );
        page.text(
            center,
            99.0,
            Style::regular(11.0),
            Align::Center,
            &r.municipality,
        );
        let sentence = format!(
            "hat am Fortbildungsprogramm „{}“ im {} teilgenommen.",
            programme.name, r.track_name
        );
        let mut y = 113.0;
        for line in wrap(page.face(Weight::Regular), &sentence, 11.0, width - 20.0) {
            page.text(center, y, Style::regular(11.0), Align::Center, &line);
            y += 5.5;
        }
        y += 8.0;
        page.text(left, y, Style::bold(11.0), Align::Left, "Besuchte Module");
        y += 7.0;
        for module in &entry.modules {
            let head = format!("Modul {}: {}", module.number, module.title);
            y = paragraph(&mut page, left, y, width, Style::bold(10.5), &head);
            let detail = format!("{} · {}", module_dates(module), module.venue);
            y = paragraph(
                &mut page,
                left,
                y,
                width,
                Style::regular(10.0).grey(0.25),
                &detail,
            );
            y = bullets(&mut page, left, y, width, 9.5, &module.topics);
            y += 3.0;
        }
        let sign_y = (y + 25.0).clamp(240.0, 265.0);
        page.text(
            left,
            sign_y - 14.0,
            Style::regular(10.0),
            Align::Left,
            &german_date(issued.date),
        );
        page.line(left + 90.0, sign_y - 4.0, right, sign_y - 4.0, 0.4);
        page.picture(
            PictureKind::Signature,
            left + 90.0,
            sign_y - 20.0,
            (50.0, 15.0),
            Align::Left,
        );
        page.text(
            left + 90.0,
            sign_y,
            Style::regular(10.0),
            Align::Left,
            &programme.signatory_name,
        );
        page.text(
            left + 90.0,
            sign_y + 4.5,
            Style::regular(9.0).grey(0.3),
            Align::Left,
            &programme.signatory_role,
        );
        builder.push(page);
        job.step(index + 1, total)?;
    }
    let pages = builder.page_count();
    Ok(Pdf {
        bytes: builder.finish(),
        pages,
    })
}
