//! Reference data that every programme shares: Germany's 16 federal states, their
//! ISO 3166-2 codes, the spellings people type into forms, and the default region of each.
//! The regions are only defaults: the store copies them into `federal_state` where a
//! coordinator may change them.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Region {
    Nord,
    Ost,
    Sued,
    West,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::Nord, Region::Ost, Region::Sued, Region::West];

    pub fn key(self) -> &'static str {
        match self {
            Region::Nord => "nord",
            Region::Ost => "ost",
            Region::Sued => "sued",
            Region::West => "west",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Region::Nord => "Nord",
            Region::Ost => "Ost",
            Region::Sued => "Süd",
            Region::West => "West",
        }
    }

    pub fn from_key(key: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FederalState {
    /// ISO 3166-2, e.g. "DE-NW".
    pub code: &'static str,
    pub name: &'static str,
    pub default_region: Region,
    /// Further spellings seen in forms, besides the name and the code.
    pub aliases: &'static [&'static str],
}

pub const FEDERAL_STATES: [FederalState; 16] = [
    FederalState {
        code: "DE-BW",
        name: "Baden-Württemberg",
        default_region: Region::Sued,
        aliases: &["BW", "BaWü", "Baden-Wuerttemberg", "Baden Württemberg"],
    },
    FederalState {
        code: "DE-BY",
        name: "Bayern",
        default_region: Region::Sued,
        aliases: &["BY", "Bay.", "Freistaat Bayern", "Bavaria"],
    },
    FederalState {
        code: "DE-BE",
        name: "Berlin",
        default_region: Region::Ost,
        aliases: &["BE", "B"],
    },
    FederalState {
        code: "DE-BB",
        name: "Brandenburg",
        default_region: Region::Ost,
        aliases: &["BB", "Brandenb."],
    },
    FederalState {
        code: "DE-HB",
        name: "Bremen",
        default_region: Region::Nord,
        aliases: &["HB", "Freie Hansestadt Bremen"],
    },
    FederalState {
        code: "DE-HH",
        name: "Hamburg",
        default_region: Region::Nord,
        aliases: &["HH", "Freie und Hansestadt Hamburg"],
    },
    FederalState {
        code: "DE-HE",
        name: "Hessen",
        default_region: Region::West,
        aliases: &["HE", "Hes.", "Hesse"],
    },
    FederalState {
        code: "DE-MV",
        name: "Mecklenburg-Vorpommern",
        default_region: Region::Ost,
        aliases: &["MV", "Meck-Pomm", "Mecklenburg Vorpommern", "M-V"],
    },
    FederalState {
        code: "DE-NI",
        name: "Niedersachsen",
        default_region: Region::Nord,
        aliases: &["NI", "Nds.", "Nds", "Lower Saxony"],
    },
    FederalState {
        code: "DE-NW",
        name: "Nordrhein-Westfalen",
        default_region: Region::West,
        aliases: &["NW", "NRW", "Nordrhein Westfalen", "North Rhine-Westphalia"],
    },
    FederalState {
        code: "DE-RP",
        name: "Rheinland-Pfalz",
        default_region: Region::West,
        aliases: &["RP", "RLP", "Rheinland Pfalz", "Rhineland-Palatinate"],
    },
    FederalState {
        code: "DE-SL",
        name: "Saarland",
        default_region: Region::West,
        aliases: &["SL", "Saar"],
    },
    FederalState {
        code: "DE-SN",
        name: "Sachsen",
        default_region: Region::Ost,
        aliases: &["SN", "Freistaat Sachsen", "Saxony"],
    },
    FederalState {
        code: "DE-ST",
        name: "Sachsen-Anhalt",
        default_region: Region::Ost,
        aliases: &["ST", "LSA", "Sachsen Anhalt", "Saxony-Anhalt"],
    },
    FederalState {
        code: "DE-SH",
        name: "Schleswig-Holstein",
        default_region: Region::Nord,
        aliases: &["SH", "Schleswig Holstein"],
    },
    FederalState {
        code: "DE-TH",
        name: "Thüringen",
        default_region: Region::Ost,
        aliases: &["TH", "Thueringen", "Freistaat Thüringen", "Thuringia"],
    },
];

/// Reduces a spelling to what matters for matching: lower case, umlauts folded to
/// their two-letter forms, and nothing but letters.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            c if c.is_alphanumeric() => folded.push(c),
            _ => {}
        }
    }
    folded
}

/// Finds a federal state by ISO code ("DE-NW"), name, or a common spelling ("NRW",
/// "Nds.", "BaWü", "thueringen"), ignoring case, spaces and punctuation.
pub fn federal_state(text: &str) -> Option<&'static FederalState> {
    let wanted = fold(text);
    if wanted.is_empty() {
        return None;
    }
    FEDERAL_STATES.iter().find(|state| {
        fold(state.code) == wanted
            || fold(state.name) == wanted
            || state.aliases.iter().any(|alias| fold(alias) == wanted)
    })
}

/// The state's German name for a code, or the code itself when it is unknown.
pub fn state_name(code: &str) -> &str {
    FEDERAL_STATES
        .iter()
        .find(|s| s.code == code)
        .map_or(code, |s| s.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_is_found_by_code_name_and_alias() {
        for state in &FEDERAL_STATES {
            assert_eq!(federal_state(state.code).map(|s| s.code), Some(state.code));
            assert_eq!(federal_state(state.name).map(|s| s.code), Some(state.code));
            for alias in state.aliases {
                assert_eq!(
                    federal_state(alias).map(|s| s.code),
                    Some(state.code),
                    "{alias}"
                );
            }
        }
    }

    #[test]
    fn common_spellings_are_understood() {
        assert_eq!(federal_state("nrw").unwrap().code, "DE-NW");
        assert_eq!(federal_state(" Nds. ").unwrap().code, "DE-NI");
        assert_eq!(federal_state("BAWÜ").unwrap().code, "DE-BW");
        assert_eq!(federal_state("thueringen").unwrap().code, "DE-TH");
        assert_eq!(federal_state("de-by").unwrap().code, "DE-BY");
    }

    #[test]
    fn unknown_spellings_are_refused() {
        assert!(federal_state("Preußen").is_none());
        assert!(federal_state("").is_none());
        assert!(federal_state("Sachsen-Anhalt-Nord").is_none());
    }

    #[test]
    fn aliases_do_not_collide() {
        let mut seen = std::collections::HashMap::new();
        for state in &FEDERAL_STATES {
            for spelling in state.aliases.iter().chain([&state.name, &state.code]) {
                if let Some(other) = seen.insert(fold(spelling), state.code) {
                    assert_eq!(other, state.code, "{spelling} names two states");
                }
            }
        }
    }
}
