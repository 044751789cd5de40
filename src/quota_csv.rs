//! Quotas exchanged as the Sortition Foundation's categories CSV:
//! `feature,value,min,max` with optional `min_flex,max_flex`. Features are our
//! dimensions, named in German or English; values as the UI shows them or as codes.
//! Pure: bytes in, quotas out (and back).

use std::collections::BTreeSet;

use crate::balance::{Dimension, ExperienceBand, Quota, parse_value, value_label};
use crate::model::TrackRole;

#[derive(Debug, thiserror::Error)]
pub enum QuotaError {
    #[error("Die Quotendatei hat keine Spalte „{column}“ (erwartet: feature,value,min,max).")]
    MissingColumn { column: &'static str },

    #[error("Zeile {row}: unbekanntes Merkmal „{feature}“ (bekannt: {known})")]
    UnknownFeature {
        row: usize,
        feature: String,
        known: String,
    },

    #[error("Zeile {row}: unbekannter Wert „{value}“ für das Merkmal {feature}")]
    UnknownValue {
        row: usize,
        feature: String,
        value: String,
    },

    #[error("Zeile {row}, Spalte „{column}“: „{value}“ ist keine ganze Zahl ab 0")]
    BadNumber {
        row: usize,
        column: &'static str,
        value: String,
    },

    #[error("Zeile {row}: das Minimum {min} ist größer als das Maximum {max}")]
    MinAboveMax { row: usize, min: u32, max: u32 },

    #[error("Zeile {row}: {feature} „{value}“ steht schon in einer früheren Zeile")]
    Duplicate {
        row: usize,
        feature: String,
        value: String,
    },

    #[error("Die Quotendatei ist kein lesbares CSV (Zeile {row}): {reason}")]
    Unreadable { row: usize, reason: String },

    #[error("Die Quotendatei „{path}“ konnte nicht gelesen oder geschrieben werden: {reason}")]
    File { path: String, reason: String },
}

impl QuotaError {
    pub fn code(&self) -> &'static str {
        match self {
            QuotaError::MissingColumn { .. } => "quotas.missing_column",
            QuotaError::UnknownFeature { .. } => "quotas.unknown_feature",
            QuotaError::UnknownValue { .. } => "quotas.unknown_value",
            QuotaError::BadNumber { .. } => "quotas.bad_number",
            QuotaError::MinAboveMax { .. } => "quotas.min_above_max",
            QuotaError::Duplicate { .. } => "quotas.duplicate",
            QuotaError::Unreadable { .. } => "quotas.unreadable",
            QuotaError::File { .. } => "quotas.file",
        }
    }
}

fn number(row: usize, column: &'static str, text: Option<&str>) -> Result<Option<u32>, QuotaError> {
    let text = text.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| QuotaError::BadNumber {
        row,
        column,
        value: text.into(),
    })
}

/// Reads a categories CSV into quotas for `track` (`None`: both tracks together).
/// Rows are numbered as a spreadsheet shows them: the header is row 1.
pub fn parse_quotas(
    bytes: &[u8],
    track: Option<TrackRole>,
    bands: &[ExperienceBand],
) -> Result<Vec<Quota>, QuotaError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // German Excel saves "CSV" with semicolons; accept that as well.
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let unreadable = |e: csv::Error| QuotaError::Unreadable {
        row: e.position().map_or(0, |p| p.line() as usize),
        reason: e.to_string(),
    };
    let headers = reader.headers().map_err(unreadable)?.clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let required =
        |name: &'static str| column(name).ok_or(QuotaError::MissingColumn { column: name });
    let (feature_col, value_col) = (required("feature")?, required("value")?);
    let (min_col, max_col) = (required("min")?, required("max")?);
    let (min_flex_col, max_flex_col) = (column("min_flex"), column("max_flex"));

    let mut quotas = Vec::new();
    let mut seen = BTreeSet::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let row = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let feature = field(feature_col);
        let dimension = Dimension::parse(feature).ok_or_else(|| QuotaError::UnknownFeature {
            row,
            feature: feature.into(),
            known: Dimension::ALL
                .iter()
                .map(|d| format!("{}/{}", d.label(), d.key()))
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let raw_value = field(value_col);
        let value =
            parse_value(dimension, raw_value, bands).ok_or_else(|| QuotaError::UnknownValue {
                row,
                feature: dimension.label().into(),
                value: raw_value.into(),
            })?;
        let min = number(row, "min", record.get(min_col))?;
        let max = number(row, "max", record.get(max_col))?;
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            return Err(QuotaError::MinAboveMax { row, min, max });
        }
        let min_flex = match min_flex_col {
            Some(c) => number(row, "min_flex", record.get(c))?,
            None => None,
        };
        let max_flex = match max_flex_col {
            Some(c) => number(row, "max_flex", record.get(c))?,
            None => None,
        };
        if !seen.insert((dimension, value.clone())) {
            return Err(QuotaError::Duplicate {
                row,
                feature: dimension.label().into(),
                value: raw_value.into(),
            });
        }
        quotas.push(Quota {
            track,
            dimension,
            value,
            min,
            max,
            min_flex,
            max_flex,
        });
    }
    Ok(quotas)
}

/// Writes quotas as a categories CSV with German feature names and values as shown.
/// The flex columns appear only when a quota carries them.
pub fn write_quotas(quotas: &[Quota]) -> String {
    let flex = quotas
        .iter()
        .any(|q| q.min_flex.is_some() || q.max_flex.is_some());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let num = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
    let mut header = vec!["feature", "value", "min", "max"];
    if flex {
        header.extend(["min_flex", "max_flex"]);
    }
    // Writing into a Vec cannot fail; a failure would only drop that row.
    let _ = writer.write_record(&header);
    for q in quotas {
        let mut row = vec![
            q.dimension.label().to_string(),
            value_label(q.dimension, &q.value),
            num(q.min),
            num(q.max),
        ];
        if flex {
            row.extend([num(q.min_flex), num(q.max_flex)]);
        }
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<ExperienceBand> {
        vec![
            ExperienceBand {
                label: "unter 3 Jahre".into(),
                min_years: 0.0,
                max_years: Some(3.0),
            },
            ExperienceBand {
                label: "3–10 Jahre".into(),
                min_years: 3.0,
                max_years: Some(11.0),
            },
        ]
    }

    #[test]
    fn reads_german_and_english_features_and_flex_columns() {
        let csv = "feature,value,min,max,min_flex,max_flex\n\
                   Bundesland,NRW,0,2,0,3\n\
                   region,Süd,1,,,\n\
                   experience,3–10 Jahre,2,8,,\n\
                   Art,Landkreis,,5,,\n";
        let quotas = parse_quotas(csv.as_bytes(), Some(TrackRole::Change), &bands()).unwrap();
        assert_eq!(quotas.len(), 4);
        assert_eq!(quotas[0].value, "DE-NW");
        assert_eq!((quotas[0].min, quotas[0].max), (Some(0), Some(2)));
        assert_eq!(quotas[0].max_flex, Some(3));
        assert_eq!(quotas[1].value, "sued");
        assert_eq!((quotas[1].min, quotas[1].max), (Some(1), None));
        assert_eq!(quotas[3].dimension, Dimension::Kind);
        assert!(quotas.iter().all(|q| q.track == Some(TrackRole::Change)));
    }

    #[test]
    fn unknown_feature_names_the_row() {
        let csv = "feature,value,min,max\nBundesland,Bayern,1,2\nAlter,30,1,2\n";
        let err = parse_quotas(csv.as_bytes(), None, &bands()).unwrap_err();
        assert_eq!(err.code(), "quotas.unknown_feature");
        assert!(
            err.to_string()
                .starts_with("Zeile 3: unbekanntes Merkmal „Alter“"),
            "{err}"
        );
    }

    #[test]
    fn unknown_value_names_the_row() {
        let csv = "feature,value,min,max\nRegion,Mitte,1,2\n";
        let err = parse_quotas(csv.as_bytes(), None, &bands()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Zeile 2: unbekannter Wert „Mitte“ für das Merkmal Region"
        );
    }

    #[test]
    fn min_above_max_and_bad_numbers_are_refused() {
        let csv = "feature,value,min,max\nRegion,Nord,3,2\n";
        let err = parse_quotas(csv.as_bytes(), None, &bands()).unwrap_err();
        assert_eq!(err.code(), "quotas.min_above_max");
        let csv = "feature,value,min,max\nRegion,Nord,zwei,2\n";
        let err = parse_quotas(csv.as_bytes(), None, &bands()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Zeile 2, Spalte „min“: „zwei“ ist keine ganze Zahl ab 0"
        );
    }

    #[test]
    fn export_reads_back_to_the_same_quotas() {
        let csv = "feature,value,min,max\n\
                   state,DE-BY,1,3\nGeschlecht,w,4,\nFellow,ja,,9\nTandem,solo,0,4\n\
                   Erfahrung,1,2,5\n";
        let quotas = parse_quotas(csv.as_bytes(), None, &bands()).unwrap();
        let written = write_quotas(&quotas);
        assert!(written.starts_with("feature,value,min,max\nBundesland,Bayern,1,3\n"));
        let again = parse_quotas(written.as_bytes(), None, &bands()).unwrap();
        assert_eq!(again, quotas);
    }

    #[test]
    fn semicolon_files_from_german_excel_are_read() {
        let csv = "\u{feff}feature;value;min;max\nBundesland;Sachsen;1;2\n";
        let quotas = parse_quotas(csv.as_bytes(), None, &bands()).unwrap();
        assert_eq!(quotas[0].value, "DE-SN");
    }
}
