//! The attendee list as CSV, in two dialects: what German Excel opens correctly by
//! double-click (UTF-8 with BOM, `;`, CRLF, 31.12.2025, 3,5), and a plain one for
//! other tools (UTF-8 without BOM, `,`, CRLF, 2025-12-31, 3.5). Fields are quoted where
//! needed (separator, quote, line break); line breaks inside a cell stay `\n`.

use super::{Cell, ExportError, Sheet, formula_like, plain_line_breaks};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    GermanExcel,
    Comma,
}

/// The UTF-8 byte order mark: how Excel tells UTF-8 from its local code page.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The sheet as CSV bytes in `dialect`.
pub fn write(sheet: &Sheet, dialect: Dialect) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if dialect == Dialect::GermanExcel {
        out.extend_from_slice(BOM);
    }
    let failed = |e: ::csv::Error| ExportError::Write {
        path: "CSV".into(),
        reason: e.to_string(),
    };
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(match dialect {
                Dialect::GermanExcel => b';',
                Dialect::Comma => b',',
            })
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        writer
            .write_record(sheet.headers.iter().map(|h| text(h)))
            .map_err(failed)?;
        for row in &sheet.rows {
            writer
                .write_record(row.iter().map(|c| field(c, dialect)))
                .map_err(failed)?;
        }
        writer.flush().map_err(|e| failed(e.into()))?;
    }
    Ok(out)
}

fn field(cell: &Cell, dialect: Dialect) -> String {
    match (cell, dialect) {
        (Cell::Text(value), _) => text(value),
        (Cell::Date(date), Dialect::GermanExcel) => date.format("%d.%m.%Y").to_string(),
        (Cell::Date(date), Dialect::Comma) => date.format("%Y-%m-%d").to_string(),
        (Cell::Number(n), Dialect::GermanExcel) => n.to_string().replace('.', ","),
        (Cell::Number(n), Dialect::Comma) => n.to_string(),
        (Cell::Empty, _) => String::new(),
    }
}

/// A text cell: line breaks as `\n`, and a value a spreadsheet would run as a formula
/// gets a leading apostrophe, which Excel and LibreOffice show as text (OWASP's advice,
/// as pretix does it).
fn text(value: &str) -> String {
    let guard = formula_like(value);
    let value = plain_line_breaks(value);
    if guard {
        format!("'{value}")
    } else {
        value.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_gets_an_apostrophe_and_plain_text_stays() {
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("\r=cmd|' /C calc'!A0"), "'\n=cmd|' /C calc'!A0");
        assert_eq!(text("\t@SUM(A1)"), "'\t@SUM(A1)");
        assert_eq!(text("Köln\r\nSüd"), "Köln\nSüd");
        assert_eq!(text("Groß"), "Groß");
    }

    #[test]
    fn numbers_and_dates_follow_the_dialect() {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 4).expect("date");
        assert_eq!(field(&Cell::Date(date), Dialect::GermanExcel), "04.12.2025");
        assert_eq!(field(&Cell::Date(date), Dialect::Comma), "2025-12-04");
        assert_eq!(field(&Cell::Number(-2.5), Dialect::GermanExcel), "-2,5");
        assert_eq!(field(&Cell::Number(-2.5), Dialect::Comma), "-2.5");
    }
}
