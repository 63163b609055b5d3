//! Client search by name or code, as the rep types: `*` for any run of characters, `?`
//! for one character, and a plain word matches anywhere. Case and accents are ignored
//! (« hélène » finds « HELENE »).
//!
//! The snapshot is read-only, so at opening the app builds a temporary table of folded
//! names in display order (own portfolio first, then alphabetical). A search scans it
//! in that order and stops at the cap: common patterns return at once, and the worst
//! case (no match) is one pass over 50,000 short strings.

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

/// The SQL `LIKE` pattern (escape `\`) for what the rep typed; `None` when there is
/// nothing to search for. Without wildcards the text matches anywhere; with them, the
/// pattern is anchored as typed (`dup*` starts with « dup »).
pub fn like_pattern(query: &str) -> Option<String> {
    let folded = fold(query.trim());
    if folded.chars().all(|c| c == '*' || c.is_whitespace()) {
        return None;
    }
    let wild = folded.contains(['*', '?']);
    let mut pattern = String::with_capacity(folded.len() + 2);
    if !wild {
        pattern.push('%');
    }
    for c in folded.chars() {
        match c {
            '*' => pattern.push('%'),
            '?' => pattern.push('_'),
            '%' | '_' | '\\' => {
                pattern.push('\\');
                pattern.push(c);
            }
            other => pattern.push(other),
        }
    }
    if !wild {
        pattern.push('%');
    }
    Some(pattern)
}

/// Builds `temp.search_name` on a freshly opened snapshot.
pub fn build_search_index(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.search_name;
         CREATE TEMP TABLE search_name (
             position INTEGER PRIMARY KEY,
             c_client TEXT NOT NULL,
             folded   TEXT NOT NULL
         );",
    )?;
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT c_client, nom_client, in_portfolio FROM client")?;
        let mut query = stmt.query([])?;
        while let Some(row) = query.next()? {
            let code: String = row.get(0)?;
            let name: String = row.get(1)?;
            let own: bool = row.get(2)?;
            rows.push((!own, fold(&name), code));
        }
    }
    rows.sort();
    conn.execute_batch("BEGIN")?;
    {
        let mut insert =
            conn.prepare("INSERT INTO temp.search_name (c_client, folded) VALUES (?1, ?2)")?;
        for (_, folded, code) in &rows {
            insert.execute(params![code, folded])?;
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// The SQL of a search, also run directly by the benchmark for comparison.
pub const SEARCH_SQL: &str =
    "SELECT c.c_client, c.nom_client, c.ville_fac, c.bur_dis_fac, c.c_agence, c.in_portfolio \
     FROM temp.search_name s JOIN client c ON c.c_client = s.c_client \
     WHERE s.folded LIKE ?1 ESCAPE '\\' OR s.c_client LIKE ?1 ESCAPE '\\' \
     ORDER BY s.position LIMIT ?2";

/// Searches the snapshot's clients.
pub fn search_clients(conn: &Connection, query: &str) -> Result<SearchResult> {
    let Some(pattern) = like_pattern(query) else {
        return Ok(SearchResult {
            hits: Vec::new(),
            truncated: false,
        });
    };
    let mut stmt = conn.prepare_cached(SEARCH_SQL)?;
    let cap = i64::try_from(MAX_HITS + 1).unwrap_or(i64::MAX);
    let mut hits = stmt
        .query_map(params![pattern, cap], |r| {
            Ok(ClientHit {
                c_client: r.get(0)?,
                nom_client: r.get(1)?,
                ville_fac: r.get(2)?,
                bur_dis_fac: r.get(3)?,
                c_agence: r.get(4)?,
                in_portfolio: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let truncated = hits.len() > MAX_HITS;
    hits.truncate(MAX_HITS);
    Ok(SearchResult { hits, truncated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_matches_anywhere_and_wildcards_anchor() {
        assert_eq!(like_pattern("dup").as_deref(), Some("%dup%"));
        assert_eq!(like_pattern("Dup*").as_deref(), Some("dup%"));
        assert_eq!(like_pattern("*fabre").as_deref(), Some("%fabre"));
        assert_eq!(like_pattern("C00?1*").as_deref(), Some("c00_1%"));
    }

    #[test]
    fn sql_wildcards_typed_by_the_rep_are_literal() {
        assert_eq!(like_pattern("50%").as_deref(), Some("%50\\%%"));
        assert_eq!(like_pattern("a_b").as_deref(), Some("%a\\_b%"));
    }

    #[test]
    fn empty_or_star_only_searches_nothing() {
        assert_eq!(like_pattern(""), None);
        assert_eq!(like_pattern("  "), None);
        assert_eq!(like_pattern("**"), None);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Hélène ÇA Œuvre"), "helene ca oeuvre");
        assert_eq!(like_pattern("HÉLÈNE").as_deref(), Some("%helene%"));
    }
}
