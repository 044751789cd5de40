//! Exports: attendee lists as CSV and XLSX, module dates as iCalendar, letters as e-mail
//! drafts. Pure: model values in, bytes out; no database, no files, no clock (callers
//! pass the time), so every rule here is tested without I/O.
//!
//! Applicants type most of these values themselves in an online form, so a value a
//! spreadsheet would run as a formula is written to stay text ([`formula_like`]).

mod columns;
pub mod csv;
mod error;
pub mod ics;
pub mod mail;
pub mod xlsx;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Status, TrackRole};

pub use columns::{Attendee, Cell, Column, Sheet, sheet};
pub use error::ExportError;

/// The file formats of the attendee list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ListFormat {
    /// What German Excel opens by double-click: UTF-8 with BOM, `;`, CRLF, 31.12.2025.
    Csv,
    /// For other tools: UTF-8 without BOM, `,`, ISO dates.
    CsvComma,
    Xlsx,
}

impl ListFormat {
    pub const ALL: [ListFormat; 3] = [ListFormat::Csv, ListFormat::CsvComma, ListFormat::Xlsx];

    /// The CLI's name (`csv`, `csv-comma`, `xlsx`).
    pub fn key(self) -> &'static str {
        match self {
            ListFormat::Csv => "csv",
            ListFormat::CsvComma => "csv-comma",
            ListFormat::Xlsx => "xlsx",
        }
    }

    pub fn parse(text: &str) -> Option<ListFormat> {
        let wanted = text.trim().to_lowercase().replace('_', "-");
        ListFormat::ALL.into_iter().find(|f| f.key() == wanted)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ListFormat::Csv | ListFormat::CsvComma => "csv",
            ListFormat::Xlsx => "xlsx",
        }
    }
}

/// The attendee list's columns and filter, remembered per programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListSettings {
    pub columns: Vec<Column>,
    /// Only this track (both if `None`).
    pub track: Option<TrackRole>,
    /// Only this status (everyone if `None`).
    pub status: Option<Status>,
    /// Only people present on at least one day of this module (by number).
    pub module: Option<u32>,
}

impl Default for ListSettings {
    /// The confirmed participants with what the other offices usually ask for.
    fn default() -> ListSettings {
        ListSettings {
            columns: vec![
                Column::Salutation,
                Column::Title,
                Column::FirstName,
                Column::LastName,
                Column::Email,
                Column::Municipality,
                Column::State,
                Column::Track,
                Column::Status,
            ],
            track: None,
            status: Some(Status::Zugesagt),
            module: None,
        }
    }
}

/// Would a spreadsheet read this as a formula (or a DDE command)? `=`, `+`, `-`, `@`
/// start formulas in Excel and LibreOffice; a leading tab or carriage return hides such
/// a start from a glance (OWASP's list, as pretix and Indico use it).
pub fn formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Line breaks as spreadsheets keep them inside a cell: `\n` only.
pub(crate) fn plain_line_breaks(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains('\r') {
        value.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        value.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_recognised_and_plain_text_is_not() {
        for value in ["=1+1", "+49 30 1234", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(formula_like(value), "{value:?}");
        }
        for value in ["Jana", "", " =1", "Köln-Süd", "a=b"] {
            assert!(!formula_like(value), "{value:?}");
        }
    }

    #[test]
    fn formats_are_named_as_the_cli_takes_them() {
        assert_eq!(ListFormat::parse("csv-comma"), Some(ListFormat::CsvComma));
        assert_eq!(ListFormat::parse("CSV_comma"), Some(ListFormat::CsvComma));
        assert_eq!(ListFormat::parse("ods"), None);
    }
}
