//! The embedded font (Liberation Sans, SIL OFL 1.1; licence in `assets/fonts/`) and the
//! measuring that wrapping needs. Advances come from the parsed font itself, so what we
//! measure is exactly what the PDF viewer draws.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::DocumentError;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One face with a table of advances (in em) for the characters German text uses, so
/// measuring a line does not walk the font's tables for every character.
pub struct Face {
    pub parsed: ParsedFont,
    advances: HashMap<char, f32>,
    units_per_em: f32,
}

impl Face {
    fn parse(bytes: &[u8], name: &str) -> Result<Face, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| format!("{name} konnte nicht gelesen werden"))?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut face = Face {
            parsed,
            advances: HashMap::new(),
            units_per_em,
        };
        // Latin-1, Latin Extended-A and general punctuation (dashes, quotes, bullet, €).
        let common = (' '..='\u{17f}').chain('\u{2010}'..='\u{20ac}');
        face.advances = common.map(|c| (c, face.lookup_advance(c))).collect();
        Ok(face)
    }

    fn lookup_advance(&self, c: char) -> f32 {
        // A character the font lacks is drawn as .notdef (glyph 0): measure that glyph.
        let glyph = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(glyph)) / self.units_per_em
    }

    /// Advance of `c` in em.
    pub fn advance(&self, c: char) -> f32 {
        match self.advances.get(&c) {
            Some(a) => *a,
            None => self.lookup_advance(c),
        }
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width_mm(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance(c)).sum();
        em * size * MM_PER_PT
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    /// Parsed once per process: parsing is the slow part, and the faces never change.
    pub fn get() -> Result<&'static Fonts, DocumentError> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::parse(REGULAR_TTF, "LiberationSans-Regular")?,
                    bold: Face::parse(BOLD_TTF, "LiberationSans-Bold")?,
                })
            })
            .as_ref()
            .map_err(|reason| DocumentError::Font {
                reason: reason.clone(),
            })
    }

    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// One face cut down once to the characters a run of documents uses (one PDF per
/// person): every document of the run embeds these same bytes whole, so none of them
/// subsets, re-parses or compresses a font of its own. A string with a character the
/// cut lacks is drawn with the full face instead (subset per document as before).
pub struct RunFace {
    pub parsed: ParsedFont,
    covered: HashSet<char>,
}

impl RunFace {
    fn cut(face: &Face, chars: &BTreeSet<char>) -> Option<RunFace> {
        let glyphs: BTreeMap<u16, String> = chars
            .iter()
            .filter_map(|&c| {
                let glyph = face.parsed.lookup_glyph_index(c as u32)?;
                (glyph != 0).then(|| (glyph, c.to_string()))
            })
            .collect();
        let subset = printpdf::subset_font(&face.parsed, &glyphs).ok()?;
        let mut parsed = ParsedFont::from_bytes(&subset.bytes, 0, &mut Vec::new())?;
        // Named as a subset ("ABCDEF+LiberationSans", ISO 32000-1, 9.6.4): printpdf adds
        // that tag only to the subsets it makes itself.
        let name = face.parsed.font_name.as_deref().unwrap_or("LiberationSans");
        parsed.font_name = Some(format!("{}+{name}", subset_tag(&subset.bytes)));
        // Only characters the cut maps to the very glyph the subsetter kept for them.
        let covered = chars
            .iter()
            .copied()
            .filter(|&c| {
                let Some(original) = face.parsed.lookup_glyph_index(c as u32) else {
                    return false;
                };
                subset.glyph_mapping.get(&original).map(|(new, _)| *new)
                    == parsed.lookup_glyph_index(c as u32).filter(|g| *g != 0)
            })
            .collect();
        Some(RunFace { parsed, covered })
    }

    /// Can every character of `text` be drawn with this cut?
    pub fn covers(&self, text: &str) -> bool {
        text.chars().all(|c| self.covered.contains(&c))
    }
}

/// Six capital letters from the cut's bytes: another cut, another tag.
fn subset_tag(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let mut hash = hasher.finish();
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

/// Both faces cut for one run (see [`RunFace`]).
pub struct RunFonts {
    pub regular: RunFace,
    pub bold: RunFace,
}

impl RunFonts {
    /// The faces cut to `chars` (plus digits and the letters' fixed wording); `None`
    /// if the subsetter fails, and documents then subset each on its own.
    pub fn cut(fonts: &Fonts, chars: impl IntoIterator<Item = char>) -> Option<RunFonts> {
        let mut set: BTreeSet<char> = chars.into_iter().filter(|c| !c.is_control()).collect();
        set.extend(FIXED.chars());
        Some(RunFonts {
            regular: RunFace::cut(&fonts.regular, &set)?,
            bold: RunFace::cut(&fonts.bold, &set)?,
        })
    }

    pub fn face(&self, weight: Weight) -> &RunFace {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// Characters documents draw besides the template and the data: digits, dates,
/// page numbers, the info block's labels, shortening and bullets.
const FIXED: &str = " 0123456789.,:;-–·…•/()+@ Seite von Ansprechperson Kontakt Datum \
                     Januar Februar März April Mai Juni Juli August September Oktober \
                     November Dezember";

/// Breaks `text` into lines no wider than `max_mm`: greedily at spaces, and inside a
/// word only when the word alone is too wide (long e-mail addresses, compound nouns).
/// Explicit newlines are kept.
pub fn wrap(face: &Face, text: &str, size: f32, max_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let space = face.advance(' ') * size * MM_PER_PT;
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = face.width_mm(word, size);
            let needed = if line.is_empty() {
                word_width
            } else {
                width + space + word_width
            };
            if needed <= max_mm {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                width = needed;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                width = 0.0;
            }
            if word_width <= max_mm {
                line.push_str(word);
                width = word_width;
                continue;
            }
            // Too wide on its own: break after hyphens ("Baden-|Württemberg"), and cut
            // only pieces that are still too wide.
            for piece in word.split_inclusive('-') {
                let piece_width = face.width_mm(piece, size);
                if width + piece_width <= max_mm {
                    line.push_str(piece);
                    width += piece_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
                for c in piece.chars() {
                    let w = face.advance(c) * size * MM_PER_PT;
                    if width + w > max_mm && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                    line.push(c);
                    width += w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Shortens `text` with an ellipsis until it fits `max_mm` (for one-line fields such as
/// the return-address line, where wrapping would break the window envelope).
pub fn fit(face: &Face, text: &str, size: f32, max_mm: f32) -> String {
    if face.width_mm(text, size) <= max_mm {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && face.width_mm(&format!("{out}…"), size) > max_mm {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::get().expect("the embedded fonts parse")
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let f = fonts();
        let text = "Sehr geehrte Frau Müller";
        assert!(f.bold.width_mm(text, 11.0) > f.regular.width_mm(text, 11.0));
    }

    #[test]
    fn width_matches_arial_metrics() {
        // Liberation Sans has Arial's metrics: "M" is 1706/2048 em wide.
        let w = fonts().regular.width_mm("M", 72.0);
        assert!((w - 25.4 * 1706.0 / 2048.0).abs() < 0.01, "{w}");
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let f = &fonts().regular;
        let text = "Die drei Module finden voraussichtlich in einer Stadt in Mitteldeutschland \
                    statt; Anreise und Unterkunft organisieren die Teilnehmenden selbst.";
        let lines = wrap(f, text, 11.0, 60.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(f.width_mm(line, 11.0) <= 60.0, "{line}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn an_overlong_word_is_cut_to_fit() {
        let f = &fonts().regular;
        let word = "Kinder-und-Jugendhilfeplanungsfachkräftefortbildungsprogramm";
        let lines = wrap(f, word, 11.0, 30.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| f.width_mm(l, 11.0) <= 30.0));
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn compound_names_break_after_their_hyphen() {
        let f = &fonts().regular;
        let width = f.width_mm("Mecklenburg-", 9.0) + 1.0;
        let lines = wrap(f, "Mecklenburg-Vorpommern", 9.0, width);
        assert_eq!(lines, ["Mecklenburg-", "Vorpommern"]);
    }

    #[test]
    fn fit_shortens_with_an_ellipsis() {
        let f = &fonts().regular;
        let long = "Initiative Kommune 360° · Musterstraße 12 · 10115 Berlin · sehr lang";
        let short = fit(f, long, 7.0, 40.0);
        assert!(short.ends_with('…'));
        assert!(f.width_mm(&short, 7.0) <= 40.0);
        assert_eq!(fit(f, "kurz", 7.0, 40.0), "kurz");
    }
}
