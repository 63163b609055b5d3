//! Client search by name or code, as the rep types: `*` for any run of characters, `?`
//! for one character, and a plain word matches anywhere. Case and accents are ignored
//! (« hélène » finds « HELENE »).
//!
//! The snapshot is read-only, so the app reads every client's folded name and code once
//! into one text in memory (in the background, once the home screen's rows are read:
//! `snapshot.rs`), in display order (own portfolio first, then
//! alphabetical). A search finds the pattern's longest plain piece in that text with one
//! SIMD pass, checks the clients holding it, and stops at the cap: the worst case (no
//! match) is one pass over about 3 MB for 100,000 clients, well under a millisecond,
//! where SQLite's `LIKE` scan took 20 ms. Only the hits' rows are then read from the
//! snapshot.

use rusqlite::{params, Connection};

use crate::dto::{ClientHit, SearchResult};
use crate::error::Result;

/// Most hits returned; past this the rep is asked to type more.
pub const MAX_HITS: usize = 100;

/// Lower-cases and strips the diacritics of French (and common Latin) letters.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            other => out.push(other),
        }
    }
    out
}

/// What the rep typed, ready to test names against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// No wildcard: the folded text matches anywhere in a name or a code.
    Anywhere(String),
    /// With `*` or `?`: the whole name (or code) must match, `*` standing for any run of
    /// characters and `?` for exactly one (`dup*` starts with « dup »).
    Whole(String),
}

impl Pattern {
    /// The pattern for `query`; `None` when there is nothing to search for.
    pub fn parse(query: &str) -> Option<Self> {
        let folded = fold(query.trim());
        if folded.chars().all(|c| c == '*' || c.is_whitespace()) {
            return None;
        }
        Some(if folded.contains(['*', '?']) {
            Self::Whole(folded)
        } else {
            Self::Anywhere(folded)
        })
    }

    /// Whether `text` (already folded) matches.
    pub fn matches(&self, text: &str) -> bool {
        match self {
            Self::Anywhere(needle) => text.contains(needle.as_str()),
            Self::Whole(glob) => glob_matches(glob, text),
        }
    }

    /// The longest run of plain characters the pattern requires (no `*` or `?` in it):
    /// a text without it cannot match.
    pub(crate) fn longest_literal(&self) -> &str {
        match self {
            Self::Anywhere(text) => text,
            Self::Whole(glob) => glob
                .split(['*', '?'])
                .max_by_key(|piece| piece.len())
                .unwrap_or(""),
        }
    }

    /// The same pattern in SQL `LIKE` syntax (escape `\`), for the benchmark's reference
    /// scan and for anyone reading the snapshot with SQL.
    pub fn to_like(&self) -> String {
        let (text, anchored) = match self {
            Self::Anywhere(text) => (text, false),
            Self::Whole(text) => (text, true),
        };
        let mut like = String::with_capacity(text.len() + 2);
        if !anchored {
            like.push('%');
        }
        for c in text.chars() {
            match c {
                '*' if anchored => like.push('%'),
                '?' if anchored => like.push('_'),
                '%' | '_' | '\\' => {
                    like.push('\\');
                    like.push(c);
                }
                other => like.push(other),
            }
        }
        if !anchored {
            like.push('%');
        }
        like
    }
}

/// Whether all of `text` matches `glob` (`*`: any run, `?`: one character). Linear in
/// practice: on a mismatch it only retries from the last `*`, which is enough for globs
/// (a later `*` can absorb whatever an earlier one would have).
fn glob_matches(glob: &str, text: &str) -> bool {
    let (glob, text) = (glob.as_bytes(), text.as_bytes());
    let (mut g, mut t) = (0, 0);
    // Where to resume after the last `*`: the glob just past it, and the text it absorbs to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match glob.get(g) {
            Some(b'*') => {
                g += 1;
                star = Some((g, t));
            }
            Some(b'?') => {
                g += 1;
                t += char_len(text[t]);
            }
            Some(&c) if c == text[t] => {
                g += 1;
                t += 1;
            }
            _ => match star {
                Some((after_star, absorbed)) => {
                    // The `*` takes one more character, and the match starts again after it.
                    let next = absorbed + char_len(text[absorbed]);
                    star = Some((after_star, next));
                    g = after_star;
                    t = next;
                }
                None => return false,
            },
        }
    }
    glob[g..].iter().all(|&c| c == b'*')
}

/// Bytes of the UTF-8 character starting with `lead` (so `?` stands for a whole letter).
fn char_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Where one client's folded name and code lie in [`SearchIndex`]'s text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    name_len: u32,
    code_len: u32,
}

/// Every client of the snapshot, folded, in the order hits are shown: one text holding
/// `name\ncode\n` per client, scanned in one pass (memchr's SIMD substring search) rather
/// than client by client, and the original codes to read the hits' rows.
#[derive(Debug, Default)]
pub struct SearchIndex {
    text: String,
    spans: Vec<Span>,
    codes: Vec<Box<str>>,
}

/// Bytes as a `u32` offset: the folded names of a snapshot are far below 4 GiB.
fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl SearchIndex {
    /// Reads the clients of a freshly opened snapshot.
    pub fn build(conn: &Connection) -> Result<Self> {
        let mut rows = Vec::new();
        let mut stmt = conn.prepare("SELECT c_client, nom_client, in_portfolio FROM client")?;
        let mut query = stmt.query([])?;
        while let Some(row) = query.next()? {
            let code: String = row.get(0)?;
            let name: String = row.get(1)?;
            let own: bool = row.get(2)?;
            rows.push((!own, fold(&name), code));
        }
        rows.sort_unstable();
        let mut index = Self::default();
        for (_, name, code) in rows {
            // A line break would join two fields in the text: it is a space in a name.
            let name = name.replace('\n', " ");
            let folded_code = fold(&code).replace('\n', " ");
            index.spans.push(Span {
                start: offset(index.text.len()),
                name_len: offset(name.len()),
                code_len: offset(folded_code.len()),
            });
            index.text.push_str(&name);
            index.text.push('\n');
            index.text.push_str(&folded_code);
            index.text.push('\n');
            index.codes.push(code.into_boxed_str());
        }
        Ok(index)
    }

    /// Clients in the index.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The folded name and code of client `i`.
    fn fields(&self, i: usize) -> (&str, &str) {
        let span = self.spans[i];
        let start = span.start as usize;
        let name_end = start + span.name_len as usize;
        let code_start = name_end + 1;
        (
            &self.text[start..name_end],
            &self.text[code_start..code_start + span.code_len as usize],
        )
    }

    /// The client whose fields hold byte `at` of the text.
    fn client_at(&self, at: usize) -> usize {
        self.spans
            .partition_point(|span| span.start as usize <= at)
            .saturating_sub(1)
    }

    /// Clients, in order, whose text holds `piece` somewhere (a superset of the matches).
    fn holding<'a>(&'a self, piece: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        memchr::memmem::find_iter(self.text.as_bytes(), piece.as_bytes()).filter_map(move |at| {
            let client = self.client_at(at);
            (last != Some(client)).then(|| {
                last = Some(client);
                client
            })
        })
    }

    /// Codes of the first `cap` clients whose name or code matches, in display order.
    pub fn find(&self, pattern: &Pattern, cap: usize) -> Vec<&str> {
        let matches = |i: &usize| {
            let (name, code) = self.fields(*i);
            pattern.matches(name) || pattern.matches(code)
        };
        let piece = pattern.longest_literal();
        let found: Vec<usize> = if piece.is_empty() || piece.contains('\n') {
            (0..self.len()).filter(matches).take(cap).collect()
        } else {
            // Only clients holding the pattern's longest literal piece can match.
            self.holding(piece).filter(matches).take(cap).collect()
        };
        found.into_iter().map(|i| &*self.codes[i]).collect()
    }
}

/// The longest search the lists accept, in characters: far more than anyone types, and a
/// bound on the work one pasted text can cause (a pattern is matched against every line).
pub const MAX_QUERY_CHARS: u32 = 200;

/// Refuses a search longer than [`MAX_QUERY_CHARS`], naming the field `query`.
pub fn check_query(query: &str) -> Result<()> {
    let len = query.chars().count();
    if u32::try_from(len).map_or(true, |n| n > MAX_QUERY_CHARS) {
        return Err(crate::FieldError::rule(
            tournee_core::DomainError::TooLong {
                field: "query".into(),
                max: MAX_QUERY_CHARS,
                len,
            },
        ));
    }
    Ok(())
}

/// Searches the snapshot's clients: the index finds the codes, the snapshot gives their rows.
pub fn search_clients(conn: &Connection, index: &SearchIndex, query: &str) -> Result<SearchResult> {
    check_query(query)?;
    let Some(pattern) = Pattern::parse(query) else {
        return Ok(SearchResult {
            hits: Vec::new(),
            truncated: false,
        });
    };
    let codes = index.find(&pattern, MAX_HITS + 1);
    let truncated = codes.len() > MAX_HITS;
    let mut stmt = conn.prepare_cached(
        "SELECT c_client, nom_client, ville_fac, bur_dis_fac, c_agence, in_portfolio \
         FROM client WHERE c_client = ?1",
    )?;
    let mut hits = Vec::with_capacity(codes.len().min(MAX_HITS));
    for code in codes.into_iter().take(MAX_HITS) {
        hits.push(stmt.query_row(params![code], |r| {
            Ok(ClientHit {
                c_client: r.get(0)?,
                nom_client: r.get(1)?,
                ville_fac: r.get(2)?,
                bur_dis_fac: r.get(3)?,
                c_agence: r.get(4)?,
                in_portfolio: r.get(5)?,
            })
        })?);
    }
    Ok(SearchResult { hits, truncated })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(query: &str) -> Option<String> {
        Pattern::parse(query).map(|p| p.to_like())
    }

    #[test]
    fn a_search_longer_than_the_bound_is_refused_by_name() {
        let longest = "é".repeat(MAX_QUERY_CHARS as usize);
        assert!(
            check_query(&longest).is_ok(),
            "characters are counted, not bytes"
        );
        let error = check_query(&format!("{longest}x")).unwrap_err();
        let crate::FieldError::Rules(rules) = error else {
            panic!("not a rule error: {error:?}");
        };
        assert!(matches!(
            rules.as_slice(),
            [crate::RuleError::Domain(tournee_core::DomainError::TooLong { field, max: 200, len: 201 })]
                if field == "query"
        ));
    }

    #[test]
    fn plain_text_matches_anywhere_and_wildcards_anchor() {
        assert_eq!(like("dup").as_deref(), Some("%dup%"));
        assert_eq!(like("Dup*").as_deref(), Some("dup%"));
        assert_eq!(like("*fabre").as_deref(), Some("%fabre"));
        assert_eq!(like("C00?1*").as_deref(), Some("c00_1%"));
        let dup = Pattern::parse("dup").unwrap();
        assert!(dup.matches("garage dupont") && !dup.matches("garage martin"));
        let starts = Pattern::parse("Dup*").unwrap();
        assert!(starts.matches("dupont") && !starts.matches("garage dupont"));
        let ends = Pattern::parse("*fabre").unwrap();
        assert!(ends.matches("ets fabre") && !ends.matches("fabre et fils"));
    }

    #[test]
    fn a_question_mark_is_exactly_one_letter_accented_or_not() {
        let p = Pattern::parse("c00?1*").unwrap();
        assert!(p.matches("c00217"));
        assert!(!p.matches("c0017"), "? is one character, not none");
        let letter = Pattern::parse("h?l?ne").unwrap();
        assert!(letter.matches("helene"));
        // A letter the fold keeps as it is (two bytes in UTF-8) is still one `?`.
        assert!(letter.matches("hßlxne"));
        assert!(!letter.matches("hßßlxne"));
        assert!(Pattern::parse("?ß").unwrap().matches("aß"));
    }

    #[test]
    fn stars_backtrack_to_find_a_later_match() {
        let p = Pattern::parse("*gar*e*").unwrap();
        assert!(p.matches("le garage"));
        assert!(p.matches("gare"));
        assert!(!p.matches("garo"));
        assert!(Pattern::parse("a*b*c").unwrap().matches("aXbYbZc"));
        assert!(!Pattern::parse("a*b*c").unwrap().matches("aXbYbZ"));
        assert!(Pattern::parse("*x?z*").unwrap().matches("abxyzcd"));
    }

    #[test]
    fn sql_wildcards_typed_by_the_rep_are_literal() {
        assert_eq!(like("50%").as_deref(), Some("%50\\%%"));
        assert_eq!(like("a_b").as_deref(), Some("%a\\_b%"));
        assert!(Pattern::parse("50%").unwrap().matches("remise 50% garage"));
        assert!(!Pattern::parse("a_b").unwrap().matches("axb"));
    }

    #[test]
    fn empty_or_star_only_searches_nothing() {
        assert_eq!(Pattern::parse(""), None);
        assert_eq!(Pattern::parse("  "), None);
        assert_eq!(Pattern::parse("**"), None);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Hélène ÇA Œuvre"), "helene ca oeuvre");
        assert_eq!(like("HÉLÈNE").as_deref(), Some("%helene%"));
    }

    #[test]
    fn the_index_lists_own_clients_first_then_by_name_and_finds_codes_too() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE client (c_client TEXT, nom_client TEXT, in_portfolio INTEGER);
             INSERT INTO client VALUES ('C3', 'Zébulon Garage', 1), ('C1', 'Alpha Garage', 0),
                                       ('C2', 'Béta garage', 0), ('X9', 'Autre', 0);",
        )
        .unwrap();
        let index = SearchIndex::build(&conn).unwrap();
        assert_eq!(index.len(), 4);
        let garage = Pattern::parse("GARAGE").unwrap();
        assert_eq!(index.find(&garage, 10), ["C3", "C1", "C2"]);
        assert_eq!(index.find(&garage, 2), ["C3", "C1"], "stops at the cap");
        assert_eq!(index.find(&Pattern::parse("x9").unwrap(), 10), ["X9"]);
        assert_eq!(
            index.find(&Pattern::parse("c?").unwrap(), 10),
            ["C3", "C1", "C2"]
        );
    }
}
