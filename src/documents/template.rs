//! Letter templates: minijinja with a fixed set of placeholders. minijinja has no file
//! access unless a loader is registered (none is) and runs no host code; fuel bounds
//! runaway loops. Unknown placeholders are refused before anything is printed.

use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use super::text::{full_name, german_date, module_dates, module_dates_fixed, salutation};
use super::{DocumentError, Recipient};
use crate::model::{Module, Programme, Salutation, Status, TrackRole};

/// A placeholder a coordinator may use, with what it stands for (shown beside the
/// template editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Placeholder {
    pub name: &'static str,
    pub description: &'static str,
}

const fn ph(name: &'static str, description: &'static str) -> Placeholder {
    Placeholder { name, description }
}

/// Every placeholder letters know. The first line of a template is the subject.
pub const PLACEHOLDERS: &[Placeholder] = &[
    ph(
        "anrede",
        "Briefanrede, z. B. „Sehr geehrte Frau Dr. Weber,“ oder „Guten Tag Kim Vogt,“",
    ),
    ph("titel", "Akademischer Titel, z. B. „Dr.“ (kann leer sein)"),
    ph("vorname", "Vorname"),
    ph("nachname", "Nachname"),
    ph(
        "name",
        "Vollständiger Name mit Titel, z. B. „Dr. Jana Weber“",
    ),
    ph("kommune", "Kommune der Person, z. B. „Stadt Leipzig“"),
    ph("bundesland", "Bundesland der Kommune"),
    ph("lernpfad", "Name des Lernpfads, z. B. „Lernpfad Führung“"),
    ph(
        "lernpfad_rolle",
        "„fuehrung“ oder „change“ – für Bedingungen wie {% if lernpfad_rolle == \"fuehrung\" %}",
    ),
    ph("tandem", "Wahr, wenn die Person im Tandem teilnimmt"),
    ph(
        "tandem_partner",
        "Name der Tandempartnerin bzw. des Tandempartners (sonst leer)",
    ),
    ph("ernaehrung", "Angaben zur Verpflegung (kann leer sein)"),
    ph(
        "barrierefreiheit",
        "Angaben zur Barrierefreiheit (kann leer sein)",
    ),
    ph("programm", "Name des Programms"),
    ph("veranstalter", "Name des Veranstalters"),
    ph("kontakt", "Kontaktangaben des Veranstalters"),
    ph("veranstaltungsort", "Veranstaltungsort"),
    ph(
        "kosten_hinweis",
        "Hinweis zu den Kosten aus den Programmdaten",
    ),
    ph(
        "reise_hinweis",
        "Hinweis zu Anreise und Unterkunft aus den Programmdaten",
    ),
    ph("frist", "Bewerbungsfrist, z. B. „30. September 2025“"),
    ph("datum", "Datum des Briefs, z. B. „26. November 2026“"),
    ph("unterzeichner", "Name der unterzeichnenden Person"),
    ph(
        "unterzeichner_rolle",
        "Funktion der unterzeichnenden Person",
    ),
    ph(
        "termine_fest",
        "Wahr, wenn die Termine aller Module feststehen (sonst gelten die vorläufigen Angaben)",
    ),
    ph(
        "module",
        "Liste der Module; je Modul: nummer, titel, termin (Datum oder vorläufige Angabe), \
         termin_fest (wahr/falsch), themen (Liste)",
    ),
];

/// Names minijinja itself provides and templates may use.
const BUILTINS: &[&str] = &[
    "range",
    "dict",
    "namespace",
    "loop",
    "true",
    "false",
    "none",
];

/// Every loop step costs fuel; a letter needs a few hundred, a runaway loop is stopped.
const FUEL: u64 = 100_000;

/// What one letter is about.
pub struct LetterInput<'a> {
    pub programme: &'a Programme,
    pub modules: &'a [Module],
    pub recipient: &'a Recipient,
    pub date: chrono::NaiveDate,
}

/// The rendered text of one letter: the subject line, then the body as blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterText {
    pub subject: String,
    pub body: String,
}

fn environment<'src>() -> Environment<'src> {
    let mut env = Environment::new();
    // Block tags on their own line vanish with their line, so templates stay readable.
    if let Ok(syntax) = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env
}

fn syntax_error(e: &minijinja::Error) -> DocumentError {
    DocumentError::TemplateSyntax {
        line: e.line().unwrap_or(1),
        reason: e.detail().unwrap_or("unbekannter Fehler").to_string(),
    }
}

fn render_error(e: &minijinja::Error) -> DocumentError {
    let reason = match e.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "ein Wert ist nicht vorhanden (unbekanntes Feld?)".to_string()
        }
        minijinja::ErrorKind::OutOfFuel => "die Vorlage rechnet zu lange (Schleife?)".into(),
        _ => e
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string()),
    };
    DocumentError::TemplateRender {
        line: e.line().unwrap_or(1),
        reason,
    }
}

/// A template checked once and rendered for many letters.
pub struct Compiled<'env, 'src> {
    template: minijinja::Template<'env, 'src>,
}

impl Compiled<'_, '_> {
    pub fn render(&self, input: &LetterInput<'_>) -> Result<LetterText, DocumentError> {
        let out = self
            .template
            .render(context(input))
            .map_err(|e| render_error(&e))?;
        split_subject(&out)
    }
}

/// Compiles `source` in `env` and refuses placeholders that are not in the list.
pub fn compile<'env, 'src>(
    env: &'env Environment<'src>,
    source: &'src str,
) -> Result<Compiled<'env, 'src>, DocumentError> {
    let template = env
        .template_from_str(source)
        .map_err(|e| syntax_error(&e))?;
    let mut unknown: Vec<String> = template
        .undeclared_variables(false)
        .into_iter()
        .filter(|name| {
            !PLACEHOLDERS.iter().any(|p| p.name == name) && !BUILTINS.contains(&name.as_str())
        })
        .collect();
    unknown.sort();
    if let Some(name) = unknown.into_iter().next() {
        return Err(DocumentError::UnknownPlaceholder { name });
    }
    Ok(Compiled { template })
}

/// Runs `f` with a compiled template; the environment lives as long as the call.
pub fn with_template<T>(
    source: &str,
    f: impl FnOnce(&Compiled<'_, '_>) -> Result<T, DocumentError>,
) -> Result<T, DocumentError> {
    let prepared = keep_line_ends(source);
    let env = environment();
    let compiled = compile(&env, &prepared)?;
    f(&compiled)
}

/// `trim_blocks` makes a line that holds only a block tag vanish, which templates need;
/// but it also eats the line break after a tag that ends a line of text
/// (`… {% endif %}⏎⏎Next paragraph`), silently joining paragraphs. Such tags get
/// minijinja's `+%}` (keep the newline), so what a coordinator sees is what prints.
/// Line numbers stay as they are.
fn keep_line_ends(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    for line in source.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let trimmed = body.trim_end();
        let standalone = without_tags(body).trim().is_empty();
        if !standalone
            && trimmed.ends_with("%}")
            && !trimmed.ends_with("-%}")
            && !trimmed.ends_with("+%}")
        {
            out.push_str(&trimmed[..trimmed.len() - 2]);
            out.push_str("+%}");
            out.push_str(&body[trimmed.len()..]);
        } else {
            out.push_str(body);
        }
        out.push_str(newline);
    }
    out
}

/// The text of a line with `{% … %}` and `{# … #}` tags removed.
fn without_tags(line: &str) -> String {
    let mut rest = line;
    let mut out = String::new();
    loop {
        let next = [rest.find("{%"), rest.find("{#")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let close = if rest[start..].starts_with("{%") {
            "%}"
        } else {
            "#}"
        };
        match rest[start + 2..].find(close) {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
}

/// Checks a template the coordinator edited: syntax, placeholders, and a trial render
/// with sample people (in a tandem and solo, dates fixed and tentative), so fields
/// misspelled inside loops (`m.titl`) are caught too.
pub fn validate_template(source: &str) -> Result<(), DocumentError> {
    with_template(source, |compiled| {
        for sample in samples() {
            compiled.render(&sample.input())?;
        }
        Ok(())
    })
}

fn split_subject(rendered: &str) -> Result<LetterText, DocumentError> {
    let rendered = rendered.trim_start_matches(['\n', '\r', ' ']);
    let (subject, body) = rendered.split_once('\n').unwrap_or((rendered, ""));
    let subject = subject.trim();
    if subject.is_empty() {
        return Err(DocumentError::MissingSubject);
    }
    Ok(LetterText {
        subject: subject.to_string(),
        body: body.replace('\r', "").trim().to_string(),
    })
}

fn context(input: &LetterInput<'_>) -> Value {
    let LetterInput {
        programme,
        modules,
        recipient,
        date,
    } = input;
    let person = &recipient.person;
    let s = |text: &str| Value::from(text.to_string());
    let module_values: Vec<Value> = modules
        .iter()
        .map(|m| {
            let mut map: BTreeMap<&str, Value> = BTreeMap::new();
            map.insert("nummer", Value::from(m.number));
            map.insert("titel", s(&m.title));
            map.insert("termin", Value::from(module_dates(m)));
            map.insert("termin_fest", Value::from(module_dates_fixed(m)));
            map.insert(
                "themen",
                Value::from(m.topics.iter().map(|t| s(t)).collect::<Vec<_>>()),
            );
            Value::from(map)
        })
        .collect();
    let all_fixed = !modules.is_empty() && modules.iter().all(module_dates_fixed);
    let mut map: BTreeMap<&str, Value> = BTreeMap::new();
    map.insert("anrede", Value::from(salutation(person)));
    map.insert("titel", s(&person.title));
    map.insert("vorname", s(&person.first_name));
    map.insert("nachname", s(&person.last_name));
    map.insert("name", Value::from(full_name(person)));
    map.insert("kommune", s(&recipient.municipality));
    map.insert("bundesland", s(&recipient.state_name));
    map.insert("lernpfad", s(&recipient.track_name));
    map.insert("lernpfad_rolle", s(recipient.track_role.key()));
    map.insert("tandem", Value::from(recipient.tandem_partner.is_some()));
    map.insert(
        "tandem_partner",
        s(recipient.tandem_partner.as_deref().unwrap_or("")),
    );
    map.insert("ernaehrung", s(&person.dietary_needs));
    map.insert("barrierefreiheit", s(&person.accessibility_needs));
    map.insert("programm", s(&programme.name));
    map.insert("veranstalter", s(&programme.organiser_name));
    map.insert("kontakt", s(&programme.organiser_contact));
    map.insert("veranstaltungsort", s(&programme.venue));
    map.insert("kosten_hinweis", s(&programme.cost_note));
    map.insert("reise_hinweis", s(&programme.travel_note));
    map.insert(
        "frist",
        Value::from(german_date(programme.application_deadline)),
    );
    map.insert("datum", Value::from(german_date(*date)));
    map.insert("unterzeichner", s(&programme.signatory_name));
    map.insert("unterzeichner_rolle", s(&programme.signatory_role));
    map.insert("termine_fest", Value::from(all_fixed));
    map.insert("module", Value::from(module_values));
    Value::from(map)
}

/// Sample data for trial renders.
struct Sample {
    programme: Programme,
    modules: Vec<Module>,
    recipient: Recipient,
}

impl Sample {
    fn input(&self) -> LetterInput<'_> {
        LetterInput {
            programme: &self.programme,
            modules: &self.modules,
            recipient: &self.recipient,
            date: self.programme.application_deadline,
        }
    }
}

fn samples() -> Vec<Sample> {
    use chrono::NaiveDate;
    use uuid::Uuid;
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
    let programme = Programme {
        id: Uuid::nil(),
        name: "Beispielprogramm".into(),
        is_demo: true,
        organiser_name: "Veranstalter".into(),
        organiser_address: "Straße 1\n12345 Ort".into(),
        organiser_contact: "info@example.org".into(),
        signatory_name: "Name".into(),
        signatory_role: "Rolle".into(),
        venue: "Ort".into(),
        venue_state: String::new(),
        application_deadline: date(1, 31),
        cost_note: String::new(),
        travel_note: String::new(),
        images: Default::default(),
    };
    let module = |number: u32, fixed: bool| Module {
        id: Uuid::nil(),
        programme_id: Uuid::nil(),
        number,
        title: format!("Modul {number}"),
        topics: vec!["Thema".into()],
        date_label: "voraussichtlich März 2026".into(),
        start_date: fixed.then(|| date(3, number)),
        end_date: fixed.then(|| date(3, number + 1)),
        venue: "Ort".into(),
    };
    let recipient = |tandem: bool, role: TrackRole, salutation_kind: Salutation| Recipient {
        application_id: Uuid::nil(),
        person: crate::model::Person {
            id: Uuid::nil(),
            salutation: salutation_kind,
            title: String::new(),
            first_name: "Kim".into(),
            last_name: "Beispiel".into(),
            email: String::new(),
            phone: String::new(),
            job_title: String::new(),
            municipality_id: Uuid::nil(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            gender: String::new(),
            dietary_needs: if tandem {
                "vegetarisch".into()
            } else {
                String::new()
            },
            accessibility_needs: String::new(),
        },
        municipality: "Stadt Beispiel".into(),
        state: "DE-BE".into(),
        state_name: "Berlin".into(),
        track_name: "Lernpfad".into(),
        track_role: role,
        status: Status::Zugesagt,
        tandem_partner: tandem.then(|| "Alex Muster".into()),
    };
    vec![
        Sample {
            programme: programme.clone(),
            modules: (1..=3).map(|n| module(n, true)).collect(),
            recipient: recipient(true, TrackRole::Fuehrung, Salutation::Frau),
        },
        Sample {
            programme: Programme {
                cost_note: "Kostenfrei.".into(),
                travel_note: "Anreise selbst.".into(),
                ..programme
            },
            modules: (1..=3).map(|n| module(n, false)).collect(),
            recipient: recipient(false, TrackRole::Change, Salutation::Keine),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::LetterKind;

    #[test]
    fn default_templates_are_valid() {
        for kind in LetterKind::ALL {
            validate_template(kind.default_template())
                .unwrap_or_else(|e| panic!("{}: {e}", kind.key()));
        }
    }

    #[test]
    fn unknown_placeholder_is_named_in_german() {
        let err = validate_template("Betreff\n\n{{ anrede }} {{ vornahme }}")
            .expect_err("vornahme is not a placeholder");
        assert_eq!(err.code(), "documents.unknown_placeholder");
        assert!(err.to_string().contains("„vornahme“"), "{err}");
    }

    #[test]
    fn unknown_placeholder_in_an_untaken_branch_is_still_refused() {
        let err = validate_template("Betreff\n{% if tandem %}{{ partner }}{% endif %}")
            .expect_err("partner is unknown");
        assert!(matches!(err, DocumentError::UnknownPlaceholder { ref name } if name == "partner"));
    }

    #[test]
    fn misspelled_module_field_is_refused() {
        let err = validate_template("Betreff\n{% for m in module %}{{ m.titl }}{% endfor %}")
            .expect_err("titl is not a module field");
        assert_eq!(err.code(), "documents.template_render");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = validate_template("Betreff\n\n{% if tandem %}\nkein Ende").expect_err("no endif");
        assert!(
            matches!(err, DocumentError::TemplateSyntax { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("Zeile"), "{err}");
    }

    #[test]
    fn runaway_loops_run_out_of_fuel() {
        let err = validate_template(
            "Betreff\n{% for i in range(100000) %}{% for j in range(100) %}x{% endfor %}{% endfor %}",
        )
        .expect_err("stopped");
        assert_eq!(err.code(), "documents.template_render");
        assert!(err.to_string().contains("rechnet zu lange"), "{err}");
    }

    #[test]
    fn templates_cannot_include_files() {
        let err =
            validate_template("Betreff\n{% include \"/etc/passwd\" %}").expect_err("no loader");
        assert!(!err.to_string().contains("root:"), "{err}");
    }

    #[test]
    fn empty_subject_is_refused() {
        let err = validate_template("\n\n").expect_err("no subject");
        assert_eq!(err.code(), "documents.missing_subject");
    }

    #[test]
    fn conditions_follow_tandem_and_dates() {
        let source = "Betreff\n{% if tandem %}mit {{ tandem_partner }}{% else %}solo{% endif %} \
                      {% if termine_fest %}fest{% else %}vorläufig{% endif %}";
        let texts: Vec<String> = with_template(source, |c| {
            samples()
                .iter()
                .map(|s| c.render(&s.input()).map(|t| t.body))
                .collect()
        })
        .expect("renders");
        assert_eq!(texts, ["mit Alex Muster fest", "solo vorläufig"]);
    }

    #[test]
    fn a_tag_ending_a_line_of_text_keeps_the_paragraph_break() {
        let source = "Betreff\n{% if tandem %}Tandem.{% endif %}\n\nNächster Absatz\n\
                      {% if tandem %}\nzeile\n{% endif %}\nEnde";
        let body = with_template(source, |c| c.render(&samples()[0].input()).map(|t| t.body))
            .expect("renders");
        assert_eq!(body, "Tandem.\n\nNächster Absatz\nzeile\nEnde");
    }

    #[test]
    fn every_placeholder_is_in_the_context() {
        let sample = &samples()[0];
        let ctx = context(&sample.input());
        for p in PLACEHOLDERS {
            let value = ctx.get_attr(p.name).expect("lookup works");
            assert!(!value.is_undefined(), "{} missing from the context", p.name);
        }
    }
}
