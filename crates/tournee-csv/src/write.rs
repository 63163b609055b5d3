//! Writing CSV for French spreadsheets.

/// UTF-8 byte-order mark: French Excel needs it to read UTF-8 at all.
const BOM: &str = "\u{feff}";

/// Builds a CSV file in memory, row by row: BOM, `;`, CRLF, RFC 4180 quoting.
#[derive(Debug)]
pub struct CsvWriter {
    out: String,
    columns: usize,
}

impl CsvWriter {
    /// A file whose first row is `headers`; every row after it must have as many cells.
    pub fn new(headers: &[&str]) -> Self {
        let mut writer = Self {
            out: String::with_capacity(64 * 1024),
            columns: headers.len(),
        };
        writer.out.push_str(BOM);
        writer.push_cells(headers.iter().copied());
        writer
    }

    /// Appends one row.
    ///
    /// # Panics
    /// When the row does not have as many cells as the header: a bug in the caller, whose
    /// rows come from a fixed column list, not from input.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let before = self.out.len();
        let written = self.push_cells(cells);
        if written != self.columns {
            self.out.truncate(before);
            panic!(
                "CSV row with {written} cells under a header of {}",
                self.columns
            );
        }
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// The file's bytes in Windows-1252, without the byte-order mark (that encoding has
    /// none), for the programs (older ERP import jobs) that read nothing else. A character
    /// Windows-1252 cannot hold (an emoji, a Greek letter) becomes `?`; the count of such
    /// replacements comes back so the caller can say so. The same text always gives the
    /// same bytes.
    pub fn finish_windows_1252(self) -> (Vec<u8>, usize) {
        let text = self.out.strip_prefix(BOM).unwrap_or(&self.out);
        encode_windows_1252(text)
    }

    fn push_cells<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> usize {
        let mut count = 0;
        for cell in cells {
            if count > 0 {
                self.out.push(';');
            }
            push_cell(&mut self.out, &neutralise_formula(cell));
            count += 1;
        }
        self.out.push_str("\r\n");
        count
    }
}

/// `text` in Windows-1252, each character it lacks replaced by `?`; the count replaced.
fn encode_windows_1252(text: &str) -> (Vec<u8>, usize) {
    use encoding_rs::EncoderResult;
    let mut encoder = encoding_rs::WINDOWS_1252.new_encoder();
    // Windows-1252 is one byte per character: the text's length in bytes is enough.
    let mut out = vec![0u8; text.len() + 16];
    let mut written = 0;
    let mut rest = text;
    let mut replaced = 0;
    loop {
        let (result, read, wrote) =
            encoder.encode_from_utf8_without_replacement(rest, &mut out[written..], true);
        written += wrote;
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::Unmappable(_) => {
                out[written] = b'?';
                written += 1;
                replaced += 1;
            }
            EncoderResult::OutputFull => out.resize(out.len() * 2, 0),
        }
    }
    out.truncate(written);
    (out, replaced)
}

/// Quotes a cell when it holds a separator, a quote, a line break or outer spaces
/// (which spreadsheets would trim); quotes inside are doubled (RFC 4180).
fn push_cell(out: &mut String, cell: &str) {
    let needs_quotes = cell
        .bytes()
        .any(|b| matches!(b, b';' | b',' | b'"' | b'\n' | b'\r' | b'\t'))
        || cell.starts_with(' ')
        || cell.ends_with(' ');
    if !needs_quotes {
        out.push_str(cell);
        return;
    }
    out.push('"');
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice
/// against CSV injection): one starting with `=`, `@`, a tab or a carriage return, or
/// with `+` or `-` followed by anything but a number (so « +33 4 72 00 00 01 », « -12,5 »
/// and a lone « - » stay as typed, « +SUM(A1) » and « -2+3 » do not).
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = cell.chars();
    let dangerous = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            let rest = chars.as_str();
            !rest.is_empty()
                && !rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '/'))
        }
        _ => false,
    };
    if dangerous {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}
