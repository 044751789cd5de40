//! The readable half of a DSGVO Auskunft (Art. 15): every stored row about a person,
//! section by section, as "Feld: Wert" lines. Pure: sections in, PDF out.

use super::font::{Weight, wrap};
use super::pdf::{A4_LONG, A4_SHORT, Align, Builder, Style};
use super::{DocumentError, Issued, Pdf, german_date};

/// One section of the report: a heading and its records, each a list of
/// (field, value) lines.
pub struct Section {
    pub heading: String,
    pub records: Vec<Vec<(String, String)>>,
}

/// The Auskunft as PDF: a title page header, then every section with its records.
pub fn data_report_pdf(
    title: &str,
    intro: &str,
    sections: &[Section],
    issued: Issued,
) -> Result<Pdf, DocumentError> {
    let mut builder = Builder::new(title, issued.at)?;
    let (left, right, bottom) = (20.0, A4_SHORT - 20.0, A4_LONG - 20.0);
    let width = right - left;
    let mut page = builder.page(A4_SHORT, A4_LONG);
    page.text(left, 22.0, Style::bold(15.0), Align::Left, title);
    page.text(
        left,
        29.0,
        Style::regular(9.5).grey(0.25),
        Align::Left,
        &format!("Stand: {}", german_date(issued.date)),
    );
    let mut y = 38.0;
    for line in wrap(page.face(Weight::Regular), intro, 10.0, width) {
        page.text(left, y, Style::regular(10.0), Align::Left, &line);
        y += 5.0;
    }
    y += 4.0;
    let label_width = 48.0;
    for section in sections {
        if y > bottom - 20.0 {
            builder.push(page);
            page = builder.page(A4_SHORT, A4_LONG);
            y = 22.0;
        }
        y += 3.0;
        page.text(left, y, Style::bold(12.0), Align::Left, &section.heading);
        y += 3.0;
        page.line(left, y, right, y, 0.3);
        y += 6.0;
        if section.records.is_empty() {
            page.text(
                left,
                y,
                Style::regular(9.5).grey(0.4),
                Align::Left,
                "keine Einträge",
            );
            y += 6.0;
        }
        for record in &section.records {
            for (field, value) in record {
                let lines = wrap(page.face(Weight::Regular), value, 9.0, width - label_width);
                let lines = if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                };
                if y + 4.5 * lines.len() as f32 > bottom {
                    builder.push(page);
                    page = builder.page(A4_SHORT, A4_LONG);
                    y = 22.0;
                }
                page.text(left, y, Style::bold(9.0), Align::Left, field);
                for line in lines {
                    page.text(
                        left + label_width,
                        y,
                        Style::regular(9.0),
                        Align::Left,
                        &line,
                    );
                    y += 4.5;
                }
            }
            y += 3.0;
        }
    }
    builder.push(page);
    let pages = builder.page_count();
    Ok(Pdf {
        bytes: builder.finish(),
        pages,
    })
}
