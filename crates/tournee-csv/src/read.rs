//! Reading CSV from spreadsheets and ERP exports, refusing what it cannot read exactly.

use std::borrow::Cow;

/// Longest cell accepted (64 KiB): a real cell is a name or a note; a longer one is a
/// broken file (an unclosed quote swallowing the rest) or an attack on memory.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// How the file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's « CSV UTF-8 »).
    Utf8Bom,
    /// Not UTF-8: read as Windows-1252 (older ERP exports, Excel's plain « CSV »).
    Windows1252,
}

/// The separator found on the header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `;` (French spreadsheets).
    Semicolon,
    /// `,`.
    Comma,
    /// A tab.
    Tab,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Self::Semicolon => b';',
            Self::Comma => b',',
            Self::Tab => b'\t',
        }
    }
}

/// One data row with the line it starts on (1 = the header line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line of the file where the row starts, as an editor numbers it.
    pub line: usize,
    /// Its cells, as many as the header's.
    pub cells: Vec<String>,
}

/// A file read whole: its header and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// How the bytes were decoded.
    pub encoding: Encoding,
    /// The separator used.
    pub separator: Separator,
    /// The header's names, trimmed.
    pub headers: Vec<String>,
    /// The data rows; blank lines are skipped.
    pub rows: Vec<Row>,
}

impl CsvTable {
    /// The position of a header, compared without case and outer spaces.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
    }
}

/// Why a file could not be read. Lines and columns count from 1, columns being the
/// field's position in its row (what a spreadsheet shows as A, B, C…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// No header line.
    #[error("empty file: no header line")]
    Empty,
    /// A file with a UTF-8 byte-order mark whose bytes are not UTF-8.
    #[error("line {line}: not UTF-8 although the file starts with a UTF-8 mark")]
    BadUtf8 {
        /// The line of the first bad byte.
        line: usize,
    },
    /// A quoted cell never closed.
    #[error("line {line}, column {column}: quote opened and never closed")]
    UnterminatedQuote {
        /// Line where the quote opened.
        line: usize,
        /// Its field.
        column: usize,
    },
    /// A quote inside an unquoted cell, or text after a closing quote.
    #[error("line {line}, column {column}: unexpected quote")]
    StrayQuote {
        /// The line.
        line: usize,
        /// The field.
        column: usize,
    },
    /// A row without as many cells as the header.
    #[error("line {line}: {found} columns where the header has {expected}")]
    FieldCount {
        /// The row's first line.
        line: usize,
        /// The header's count.
        expected: usize,
        /// The row's.
        found: usize,
    },
    /// A cell longer than [`MAX_FIELD_BYTES`].
    #[error("line {line}, column {column}: cell longer than {MAX_FIELD_BYTES} bytes")]
    FieldTooLong {
        /// The line where the cell starts.
        line: usize,
        /// Its field.
        column: usize,
    },
    /// A header cell left empty.
    #[error("header, column {column}: empty name")]
    EmptyHeader {
        /// The field.
        column: usize,
    },
    /// The same header name twice.
    #[error("header, column {column}: {name:?} already named in column {first}")]
    DuplicateHeader {
        /// The name.
        name: String,
        /// Where it came first.
        first: usize,
        /// Where it came again.
        column: usize,
    },
}

/// Reads a whole CSV file from its bytes.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    let mut stream = stream_csv(bytes)?;
    let mut rows = Vec::new();
    while let Some(row) = stream.next_row()? {
        rows.push(row);
    }
    Ok(CsvTable {
        encoding: stream.encoding,
        separator: stream.separator,
        headers: stream.headers,
        rows,
    })
}

/// A file read row by row: the header at once, each data row when asked for. A large
/// file (the ERP's million `client_relation` rows) is then never held a second time as
/// rows, and its rows can be checked and applied while the rest is still being read.
pub struct CsvStream<'a> {
    /// How the bytes were decoded.
    pub encoding: Encoding,
    /// The separator used.
    pub separator: Separator,
    /// The header's names, trimmed.
    pub headers: Vec<String>,
    text: Cow<'a, str>,
    records: Records,
}

impl CsvStream<'_> {
    /// The next data row (blank lines skipped), `None` at the end of the file; a fault
    /// carries its line and column, and nothing after it is read.
    pub fn next_row(&mut self) -> Result<Option<Row>, CsvError> {
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
        };
        Ok(self.next_row_into(&mut row)?.then_some(row))
    }

    /// [`Self::next_row`] into `row`, reusing its cells' strings: a caller that reads a
    /// million rows and keeps few of them (the ERP's nightly re-import hashes each row
    /// and parses only the changed ones) then allocates nothing per row. `false` at the
    /// end of the file, `row` then left as it was.
    pub fn next_row_into(&mut self, row: &mut Row) -> Result<bool, CsvError> {
        while let Some(line) = self.records.next_record_into(&self.text, &mut row.cells)? {
            if row.cells.len() == 1 && row.cells[0].is_empty() {
                continue; // a blank line
            }
            if row.cells.len() != self.headers.len() {
                return Err(CsvError::FieldCount {
                    line,
                    expected: self.headers.len(),
                    found: row.cells.len(),
                });
            }
            row.line = line;
            return Ok(true);
        }
        Ok(false)
    }
}

/// Starts reading a CSV file from its bytes: decodes them and reads the header line.
pub fn stream_csv(bytes: &[u8]) -> Result<CsvStream<'_>, CsvError> {
    let (text, encoding) = decode(bytes)?;
    let separator = guess_separator(&text);
    let mut records = Records::new(separator.byte());
    let (_, header) = records.next_record(&text)?.ok_or(CsvError::Empty)?;
    let headers = check_headers(header)?;
    Ok(CsvStream {
        encoding,
        separator,
        headers,
        text,
        records,
    })
}

/// UTF-8 (with or without its mark), else Windows-1252, which decodes any byte.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), CsvError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8Bom)),
            Err(error) => Err(CsvError::BadUtf8 {
                line: 1 + rest[..error.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count(),
            }),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, Encoding::Windows1252))
        }
    }
}

/// The separator most frequent on the header line (outside quotes); `;` on a tie or
/// when the header has a single column.
fn guess_separator(text: &str) -> Separator {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b';' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = [Separator::Semicolon, Separator::Tab, Separator::Comma]
        .into_iter()
        .zip(counts)
        .fold((Separator::Semicolon, 0), |best, (sep, n)| {
            if n > best.1 {
                (sep, n)
            } else {
                best
            }
        });
    best.0
}

fn check_headers(cells: Vec<String>) -> Result<Vec<String>, CsvError> {
    let headers: Vec<String> = cells.into_iter().map(|c| c.trim().to_string()).collect();
    for (index, name) in headers.iter().enumerate() {
        if name.is_empty() {
            return Err(CsvError::EmptyHeader { column: index + 1 });
        }
        if let Some(first) = headers[..index]
            .iter()
            .position(|earlier| earlier.eq_ignore_ascii_case(name))
        {
            return Err(CsvError::DuplicateHeader {
                name: name.clone(),
                first: first + 1,
                column: index + 1,
            });
        }
    }
    Ok(headers)
}

/// RFC 4180 records over the decoded text. Separators, quotes and line ends are ASCII,
/// so the text is scanned as bytes and cut only at those, always on character bounds.
struct Records {
    pos: usize,
    line: usize,
    separator: u8,
}

impl Records {
    fn new(separator: u8) -> Self {
        Self {
            pos: 0,
            line: 1,
            separator,
        }
    }

    /// The next record and the line it starts on; `None` at the end of the text.
    fn next_record(&mut self, text: &str) -> Result<Option<(usize, Vec<String>)>, CsvError> {
        let mut cells = Vec::new();
        Ok(self
            .next_record_into(text, &mut cells)?
            .map(|line| (line, cells)))
    }

    /// The next record into `cells` (their strings reused, as many kept as the record
    /// has cells) and the line it starts on; `None` at the end of the text.
    fn next_record_into(
        &mut self,
        text: &str,
        cells: &mut Vec<String>,
    ) -> Result<Option<usize>, CsvError> {
        if self.pos >= text.len() {
            return Ok(None);
        }
        let start_line = self.line;
        let mut count = 0;
        loop {
            if cells.len() == count {
                cells.push(String::new());
            }
            let cell = &mut cells[count];
            cell.clear();
            count += 1;
            match self.cell(text, count, cell)? {
                CellEnd::Separator => continue,
                CellEnd::Line | CellEnd::Text => {
                    cells.truncate(count);
                    return Ok(Some(start_line));
                }
            }
        }
    }

    /// One cell, quoted or not, written into `out` (empty); what ended it.
    fn cell(&mut self, text: &str, column: usize, out: &mut String) -> Result<CellEnd, CsvError> {
        let bytes = text.as_bytes();
        if bytes.get(self.pos) == Some(&b'"') {
            return self.quoted_cell(text, column, out);
        }
        let start = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            if b == self.separator || b == b'\n' || b == b'\r' {
                break;
            }
            if b == b'"' {
                return Err(CsvError::StrayQuote {
                    line: self.line,
                    column,
                });
            }
            self.pos += 1;
        }
        if self.pos - start > MAX_FIELD_BYTES {
            return Err(CsvError::FieldTooLong {
                line: self.line,
                column,
            });
        }
        out.push_str(&text[start..self.pos]);
        Ok(self.cell_end(bytes))
    }

    fn quoted_cell(
        &mut self,
        text: &str,
        column: usize,
        cell: &mut String,
    ) -> Result<CellEnd, CsvError> {
        let bytes = text.as_bytes();
        let opened_on = self.line;
        self.pos += 1;
        let mut chunk = self.pos;
        loop {
            match bytes.get(self.pos) {
                None => {
                    return Err(CsvError::UnterminatedQuote {
                        line: opened_on,
                        column,
                    })
                }
                Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                    cell.push_str(&text[chunk..=self.pos]);
                    self.pos += 2;
                    chunk = self.pos;
                }
                Some(b'"') => {
                    cell.push_str(&text[chunk..self.pos]);
                    self.pos += 1;
                    break;
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
            if self.pos - chunk + cell.len() > MAX_FIELD_BYTES {
                return Err(CsvError::FieldTooLong {
                    line: opened_on,
                    column,
                });
            }
        }
        match bytes.get(self.pos) {
            None => Ok(CellEnd::Text),
            Some(&b) if b == self.separator || b == b'\n' || b == b'\r' => Ok(self.cell_end(bytes)),
            Some(_) => Err(CsvError::StrayQuote {
                line: self.line,
                column,
            }),
        }
    }

    /// Consumes what ends a cell: a separator, a line end (LF or CRLF) or the text's end.
    fn cell_end(&mut self, bytes: &[u8]) -> CellEnd {
        match bytes.get(self.pos) {
            None => CellEnd::Text,
            Some(&b) if b == self.separator => {
                self.pos += 1;
                CellEnd::Separator
            }
            Some(b'\r') => {
                self.pos += 1;
                if bytes.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
                self.line += 1;
                CellEnd::Line
            }
            Some(_) => {
                // Invariant: cells stop only at a separator, CR, LF or the end.
                self.pos += 1;
                self.line += 1;
                CellEnd::Line
            }
        }
    }
}

/// What ended a cell.
enum CellEnd {
    Separator,
    Line,
    Text,
}
