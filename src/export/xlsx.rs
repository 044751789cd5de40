//! The attendee list as an Excel workbook: a bold header row that stays in view, an
//! autofilter, fitted column widths, dates as real Excel dates, line breaks kept inside
//! cells. Values that look like formulas are written as strings with Excel's quote
//! prefix, so they stay text even when a cell is edited and confirmed.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{Cell, ExportError, Sheet, formula_like, plain_line_breaks};

/// The widest a fitted column may get (in characters), so one long motivation does not
/// push every other column out of sight; longer text wraps.
const MAX_WIDTH: u32 = 60;

pub fn write(sheet: &Sheet) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("Teilnehmende")?;
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let wrap = Format::new().set_text_wrap();
    let guarded = Format::new().set_quote_prefix();
    let guarded_wrap = Format::new().set_quote_prefix().set_text_wrap();

    for (col, title) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, col_index(col)?, title, &header)?;
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(index + 1).map_err(|_| too_large())?;
        for (col, cell) in row.iter().enumerate() {
            let c = col_index(col)?;
            match cell {
                Cell::Text(value) => {
                    let guard = formula_like(value);
                    let value = plain_line_breaks(value);
                    let format = match (guard, value.contains('\n')) {
                        (true, true) => Some(&guarded_wrap),
                        (true, false) => Some(&guarded),
                        (false, true) => Some(&wrap),
                        (false, false) => None,
                    };
                    match format {
                        Some(format) => ws.write_string_with_format(r, c, value, format)?,
                        None => ws.write_string(r, c, value)?,
                    };
                }
                Cell::Date(d) => {
                    let excel = ExcelDateTime::from_ymd(
                        u16::try_from(chrono::Datelike::year(d)).map_err(|_| too_large())?,
                        chrono::Datelike::month(d) as u8,
                        chrono::Datelike::day(d) as u8,
                    )?;
                    ws.write_date_with_format(r, c, &excel, &date)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let last_row = u32::try_from(sheet.rows.len()).map_err(|_| too_large())?;
    if !sheet.headers.is_empty() {
        let last_col = col_index(sheet.headers.len() - 1)?;
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_autofit_max_width(MAX_WIDTH);
    ws.autofit();
    Ok(workbook.save_to_buffer()?)
}

fn col_index(col: usize) -> Result<u16, ExportError> {
    u16::try_from(col).map_err(|_| too_large())
}

fn too_large() -> ExportError {
    ExportError::Xlsx {
        reason: "zu viele Zeilen oder Spalten für Excel".into(),
    }
}
