//! What any text typed by a person may contain, and how long it may be.
//!
//! Every text of a change file ends up in the ERP, in a mail, in a back-office page or on
//! another rep's screen. Invisible characters there do harm: a NUL truncates a C string,
//! a right-to-left override (U+202E) makes « fdp.exe » read « exe.pdf », other controls
//! corrupt exports. So the laptop refuses them before writing and the server refuses
//! them again at integration, with this one rule:
//!
//! * refused everywhere: C0 controls (U+0000–U+001F) except tab and line breaks, DEL
//!   (U+007F), C1 controls (U+0080–U+009F), the bidirectional formatting characters
//!   (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E,
//!   U+200F and U+061C), and the Unicode line and paragraph separators U+2028, U+2029;
//! * tab (U+0009), line feed (U+000A) and carriage return (U+000D) only in multi-line
//!   texts (a visit comment, a note); a single-line text (every profile field, every
//!   contact field, codes) refuses them, since an ERP column or a mail subject cannot
//!   hold a line break.
//!
//! The bidirectional marks U+200E/U+200F are refused too: French business data never
//! needs them, and they are as invisible as the overrides.

use crate::error::DomainError;

/// Whether a text may span several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line: no tab, no line break (profile fields, contact fields, codes).
    SingleLine,
    /// Several lines: tab, line feed and carriage return allowed (comments, notes).
    MultiLine,
}

/// Longest visit comment accepted (the ERP's `commentaire` is `nvarchar(max)`; this keeps
/// change files far below the 1 MiB limit and a mail readable).
pub const MAX_COMMENT_CHARS: u32 = 4000;

/// Longest single-line text that no column bounds more tightly (a device name, a value
/// seen by the rep, an identifier): the longest annex-2 column, `contact_divers_4`.
pub const MAX_LINE_CHARS: u32 = 255;

/// Longest note typed in the back office (a rejection reason, a closing note).
pub const MAX_NOTE_CHARS: u32 = 2000;

/// The characters no text may hold, whatever its kind.
fn always_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
}

/// Tab, line feed, carriage return: fine in a comment, not in a one-line field.
fn is_line_control(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// The first character `kind` does not allow in `value`, if any.
pub fn forbidden_char(value: &str, kind: TextKind) -> Option<char> {
    value
        .chars()
        .find(|&c| always_forbidden(c) || (kind == TextKind::SingleLine && is_line_control(c)))
}

/// Checks one text: allowed characters for its kind, then at most `max_chars` characters
/// (counted as the ERP counts them, in characters, not bytes).
pub fn check_text(
    field: &str,
    value: &str,
    kind: TextKind,
    max_chars: u32,
) -> Result<(), DomainError> {
    if let Some(c) = forbidden_char(value, kind) {
        return Err(if is_line_control(c) {
            DomainError::LineBreak {
                field: field.into(),
            }
        } else {
            DomainError::ForbiddenCharacter {
                field: field.into(),
                code_point: u32::from(c),
            }
        });
    }
    let len = value.chars().count();
    if len > max_chars as usize {
        return Err(DomainError::TooLong {
            field: field.into(),
            max: max_chars,
            len,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: &str, kind: TextKind) -> Option<&'static str> {
        check_text("nom_client", value, kind, 35)
            .err()
            .map(|e| e.code())
    }

    #[test]
    fn ordinary_french_text_passes() {
        for value in [
            "",
            "Garage de l'Étoile — « Pneus & Co »",
            "Zoë Ørsted, 12 bis",
            "émojis 🚚 permis",
            "\u{a0}espaces insécables\u{202f}!",
        ] {
            assert_eq!(code(value, TextKind::SingleLine), None, "{value:?}");
        }
    }

    #[test]
    fn controls_and_bidi_formatting_are_refused_everywhere() {
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{7F}', '\u{80}',
            '\u{85}', '\u{9F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
            '\u{2028}', '\u{2029}',
        ] {
            let value = format!("fdp{c}.exe");
            for kind in [TextKind::SingleLine, TextKind::MultiLine] {
                let error = check_text("commentaire", &value, kind, 4000).unwrap_err();
                assert_eq!(
                    error,
                    DomainError::ForbiddenCharacter {
                        field: "commentaire".into(),
                        code_point: u32::from(c)
                    },
                    "U+{:04X} {kind:?}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn line_breaks_and_tabs_only_in_multi_line_texts() {
        for value in ["Lyon\nVilleurbanne", "Lyon\r\n", "\rLyon", "Lyon\tNord"] {
            assert_eq!(
                code(value, TextKind::SingleLine),
                Some("line_break"),
                "{value:?}"
            );
            assert_eq!(code(value, TextKind::MultiLine), None, "{value:?}");
        }
    }

    #[test]
    fn length_is_counted_in_characters_after_the_characters() {
        assert_eq!(code(&"é".repeat(35), TextKind::SingleLine), None);
        assert_eq!(
            code(&"é".repeat(36), TextKind::SingleLine),
            Some("too_long")
        );
        // A forbidden character is the first thing said, whatever the length.
        assert_eq!(
            code(
                &format!("{}\u{202E}", "x".repeat(100)),
                TextKind::SingleLine
            ),
            Some("forbidden_character")
        );
    }
}
