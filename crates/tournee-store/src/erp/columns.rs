//! The columns of each ERP file and the rule each value must follow, so that a value the
//! master could not hold (too long for the ERP's `char(n)`, not a date…) refuses the file
//! with its line and column instead of landing half-read.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text of at most this many characters (the ERP's `char(n)`), trimmed: ERP exports
    /// pad `char` columns with spaces.
    Text(usize),
    /// Text without a length limit beyond the reader's cell limit (`nvarchar(max)`).
    LongText,
    /// A whole number.
    Int,
    /// A day: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm[:ss[.fff]]` (SQL Server's `datetime`) or
    /// `DD/MM/YYYY`; stored `YYYY-MM-DD`.
    Date,
    /// A time of day `hh:mm` (`char(5)`).
    Time,
    /// A month `YYYY-MM` or `MM/YYYY`; stored `YYYY-MM`.
    Month,
    /// Euros with at most two decimals, `,` or `.` as decimal mark, spaces between
    /// thousands allowed; stored in cents.
    Amount,
    /// One of these codes.
    OneOf(&'static [&'static str]),
}

/// One column of an ERP file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Its header in the file (compared without case).
    pub header: &'static str,
    /// Other accepted headers (the annex writes « type edition fac » with spaces).
    pub aliases: &'static [&'static str],
    /// The master's column.
    pub db: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// The file is refused without this header.
    pub required: bool,
    /// A row with this cell empty is refused (keys, names).
    pub not_empty: bool,
}

impl Column {
    /// Whether `header` names this column.
    pub fn named(&self, header: &str) -> bool {
        let header = header.trim();
        self.header.eq_ignore_ascii_case(header)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(header))
    }
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ValueRule {
    /// Longer than the ERP column.
    TooLong {
        /// Its length in characters.
        max: usize,
    },
    /// Empty where a value is required.
    Empty,
    /// Not a whole number.
    NotInteger,
    /// Not a date.
    NotDate,
    /// Not `hh:mm`.
    NotTime,
    /// Not a month.
    NotMonth,
    /// Not an amount in euros.
    NotAmount,
    /// Not one of the codes.
    NotOneOf {
        /// The codes accepted.
        allowed: Vec<String>,
    },
    /// A control character (NUL, escape…) no ERP text holds.
    ControlCharacter,
}

impl std::fmt::Display for ValueRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLong { max } => write!(f, "longer than {max} characters"),
            Self::Empty => write!(f, "empty"),
            Self::NotInteger => write!(f, "not a whole number"),
            Self::NotDate => write!(f, "not a date (YYYY-MM-DD or DD/MM/YYYY)"),
            Self::NotTime => write!(f, "not a time (hh:mm)"),
            Self::NotMonth => write!(f, "not a month (YYYY-MM)"),
            Self::NotAmount => write!(f, "not an amount in euros"),
            Self::NotOneOf { allowed } => write!(f, "not one of {}", allowed.join(", ")),
            Self::ControlCharacter => write!(f, "holds a control character"),
        }
    }
}

/// Reads one cell by its column's rule. `empty_text` is what an empty text becomes:
/// NULL in the client table, `''` where the master's column is `NOT NULL`. The cell's
/// own text becomes the value when it needs no trimming (no second allocation per cell:
/// the full demo has twenty million).
pub(crate) fn parse(column: &Column, cell: String, empty_text: &Value) -> Result<Value, ValueRule> {
    if cell
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ValueRule::ControlCharacter);
    }
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        if column.not_empty {
            return Err(ValueRule::Empty);
        }
        return Ok(match column.kind {
            Kind::Text(_) | Kind::LongText | Kind::Time => empty_text.clone(),
            _ => Value::Null,
        });
    }
    match column.kind {
        Kind::Text(max) => {
            if trimmed.chars().count() > max {
                return Err(ValueRule::TooLong { max });
            }
            if trimmed.contains(['\n', '\r']) {
                // A line break has no place in a char(n) code or name.
                return Err(ValueRule::ControlCharacter);
            }
            Ok(Value::Text(if trimmed.len() == cell.len() {
                cell
            } else {
                trimmed.to_string()
            }))
        }
        Kind::LongText => {
            let mut cell = cell;
            cell.truncate(cell.trim_end().len());
            Ok(Value::Text(cell))
        }
        Kind::Int => trimmed
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| ValueRule::NotInteger),
        Kind::Date => parse_date(trimmed)
            .map(Value::Text)
            .ok_or(ValueRule::NotDate),
        Kind::Time => parse_time(trimmed)
            .map(Value::Text)
            .ok_or(ValueRule::NotTime),
        Kind::Month => parse_month(trimmed)
            .map(Value::Text)
            .ok_or(ValueRule::NotMonth),
        Kind::Amount => parse_cents(trimmed)
            .map(Value::Integer)
            .ok_or(ValueRule::NotAmount),
        Kind::OneOf(codes) => codes
            .iter()
            .find(|c| c.eq_ignore_ascii_case(trimmed))
            .map(|c| Value::Text((*c).to_string()))
            .ok_or_else(|| ValueRule::NotOneOf {
                allowed: codes.iter().map(|c| (*c).to_string()).collect(),
            }),
    }
}

fn parse_date(text: &str) -> Option<String> {
    use chrono::NaiveDate;
    let day_part = text.split([' ', 'T']).next().unwrap_or(text);
    let date = NaiveDate::parse_from_str(day_part, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(day_part, "%d/%m/%Y"))
        .ok()?;
    Some(date.to_string())
}

fn parse_time(text: &str) -> Option<String> {
    let time = chrono::NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()?;
    Some(time.format("%H:%M").to_string())
}

fn parse_month(text: &str) -> Option<String> {
    let (year, month) = match text.split_once('-') {
        Some((y, m)) => (y, m),
        None => {
            let (m, y) = text.split_once('/')?;
            (y, m)
        }
    };
    let (year, month): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
    ((1900..=9999).contains(&year) && (1..=12).contains(&month))
        .then(|| format!("{year:04}-{month:02}"))
}

/// « 1 234,56 », « -12.5 », « 300 » → cents; more than two decimals is refused rather
/// than rounded, so that a sum never drifts silently.
fn parse_cents(text: &str) -> Option<i64> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (negative, digits) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let (units, decimals) = match digits.split_once([',', '.']) {
        Some((u, d)) => (u, d),
        None => (digits, ""),
    };
    if units.is_empty()
        || decimals.len() > 2
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !decimals.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents_part: i64 = format!("{decimals:0<2}").parse().ok()?;
    let cents = units
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents_part)?;
    Some(if negative { -cents } else { cents })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(kind: Kind) -> Column {
        Column {
            header: "x",
            aliases: &[],
            db: "x",
            kind,
            required: false,
            not_empty: false,
        }
    }

    #[test]
    fn values_read_as_erp_exports_write_them() {
        let null = Value::Null;
        let read = |kind, cell: &str| parse(&column(kind), cell.to_string(), &null);
        assert_eq!(
            read(Kind::Text(4), "AGRI    "),
            Ok(Value::Text("AGRI".into()))
        );
        assert_eq!(
            read(Kind::Text(4), "AGRIC"),
            Err(ValueRule::TooLong { max: 4 })
        );
        assert_eq!(read(Kind::Text(4), "   "), Ok(Value::Null));
        assert_eq!(
            read(Kind::Date, "2024-03-01 00:00:00.000"),
            Ok(Value::Text("2024-03-01".into()))
        );
        assert_eq!(
            read(Kind::Date, "01/03/2024"),
            Ok(Value::Text("2024-03-01".into()))
        );
        assert_eq!(read(Kind::Date, "2024-02-30"), Err(ValueRule::NotDate));
        assert_eq!(read(Kind::Time, "9:05"), Ok(Value::Text("09:05".into())));
        assert_eq!(
            read(Kind::Month, "03/2025"),
            Ok(Value::Text("2025-03".into()))
        );
        assert_eq!(read(Kind::Amount, "1 234,5"), Ok(Value::Integer(123_450)));
        assert_eq!(read(Kind::Amount, "-12.05"), Ok(Value::Integer(-1_205)));
        assert_eq!(read(Kind::Amount, "12,345"), Err(ValueRule::NotAmount));
        assert_eq!(read(Kind::Int, "3x"), Err(ValueRule::NotInteger));
        assert_eq!(
            read(Kind::OneOf(&["N", "O"]), "o"),
            Ok(Value::Text("O".into()))
        );
        assert_eq!(
            read(Kind::Text(10), "a\u{0}b"),
            Err(ValueRule::ControlCharacter)
        );
        assert_eq!(
            read(Kind::Text(40), "=HYPERLINK(\"http://x\")"),
            Ok(Value::Text("=HYPERLINK(\"http://x\")".into())),
            "a formula-looking value is kept as text: nothing here evaluates it"
        );
    }
}
