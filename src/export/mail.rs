//! Letters as e-mail drafts: one `.eml` per person (RFC 5322 with MIME parts), To,
//! subject and a short body from an editable template, the letter PDF and the module
//! dates attached. The coordinator's mail program opens the file (Thunderbird and
//! Outlook open `.eml`; `X-Unsent: 1` makes Outlook offer it for sending). Kohorte
//! itself never sends anything.

use chrono::{DateTime, FixedOffset};
use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

use super::ExportError;
use crate::documents::{LetterInput, LetterKind, LetterText, with_template};

/// The shipped e-mail text of `kind` (first line the subject), in `assets/templates/`.
pub fn default_template(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Zusage => include_str!("../../assets/templates/mail_zusage.txt"),
        LetterKind::Warteliste => include_str!("../../assets/templates/mail_warteliste.txt"),
        LetterKind::Absage => include_str!("../../assets/templates/mail_absage.txt"),
        LetterKind::Terminaenderung => {
            include_str!("../../assets/templates/mail_terminaenderung.txt")
        }
    }
}

/// Subject and body of each input's e-mail from one template (same placeholders as the
/// letters).
pub fn texts(template: &str, inputs: &[LetterInput<'_>]) -> Result<Vec<LetterText>, ExportError> {
    Ok(with_template(template, |compiled| {
        inputs.iter().map(|input| compiled.render(input)).collect()
    })?)
}

/// A file attached to a draft.
pub struct Attachment<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// One draft, ready to be written.
pub struct Draft<'a> {
    /// The organiser; the address only if their contact holds one.
    pub from: (&'a str, Option<String>),
    pub to: (String, &'a str),
    pub subject: &'a str,
    pub body: &'a str,
    pub attachments: Vec<Attachment<'a>>,
    pub date: DateTime<FixedOffset>,
}

/// The first e-mail address in a contact text such as
/// "lernpfade@kommune360.example · 030 1234567-0".
pub fn address_in(contact: &str) -> Option<String> {
    contact
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| {
            w.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        })
        .map(str::to_string)
}

/// The draft as `.eml` bytes; non-ASCII headers are encoded (RFC 2047), the body is
/// UTF-8 text.
pub fn eml(draft: &Draft<'_>) -> Result<Vec<u8>, ExportError> {
    let mut message = MessageBuilder::new()
        .to((draft.to.0.as_str(), draft.to.1))
        .subject(draft.subject)
        .date(draft.date.timestamp())
        .header("X-Unsent", Raw::new("1"))
        .text_body(draft.body);
    if let (name, Some(address)) = &draft.from {
        message = message.from((*name, address.as_str()));
    }
    for a in &draft.attachments {
        message = message.attachment(a.content_type, a.file_name, a.bytes);
    }
    message.write_to_vec().map_err(|e| ExportError::Mail {
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_found_in_a_contact_line() {
        assert_eq!(
            address_in("lernpfade@kommune360.example · 030 1234567-0").as_deref(),
            Some("lernpfade@kommune360.example")
        );
        assert_eq!(
            address_in("Team Lernpfade <team@example.org>").as_deref(),
            Some("team@example.org")
        );
        assert_eq!(address_in("Telefon 030 123"), None);
    }
}
