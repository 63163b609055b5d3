//! The two figures the opportunities board shows (brief 003, « Prévisions de vente basées
//! sur le pipeline »): the **forecast per month**, Σ value × probability of the open
//! opportunities by expected close month, and the **average time to close**, in hours,
//! from an opportunity's creation to its closing, won and lost both (a lost deal took the
//! rep's time as much as a won one). Pure arithmetic on integers: values are euro cents.

use std::collections::BTreeMap;

/// One open opportunity as the forecast weighs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weighed {
    /// Expected close month, `YYYY-MM` (`None`: no date, left out of the months).
    pub month: Option<String>,
    /// Value in euro cents.
    pub value_cents: i64,
    /// Its stage's probability, in percent.
    pub probability: u8,
}

/// Σ value × probability per expected close month, in cents rounded to the nearest cent,
/// months in order. Sums saturate rather than wrap (a value is at most `i64::MAX` cents).
pub fn forecast_by_month(items: impl IntoIterator<Item = Weighed>) -> Vec<(String, i64)> {
    let mut months: BTreeMap<String, i128> = BTreeMap::new();
    for item in items {
        let Some(month) = item.month else { continue };
        let weighed = i128::from(item.value_cents) * i128::from(item.probability.min(100));
        *months.entry(month).or_default() += weighed;
    }
    months
        .into_iter()
        .map(|(month, hundredths)| {
            let cents = (hundredths + 50).div_euclid(100);
            (month, i64::try_from(cents).unwrap_or(i64::MAX))
        })
        .collect()
}

/// The average of durations given in seconds, in hours with one decimal place (as tenths
/// of an hour); `None` when there is none.
pub fn average_hours_tenths(durations_secs: impl IntoIterator<Item = i64>) -> Option<i64> {
    let (count, total) = durations_secs
        .into_iter()
        .fold((0_i128, 0_i128), |(n, sum), d| {
            (n + 1, sum + i128::from(d.max(0)))
        });
    if count == 0 {
        return None;
    }
    // tenths of an hour = seconds / 360, rounded to the nearest
    let tenths = (total + count * 180) / (count * 360);
    Some(i64::try_from(tenths).unwrap_or(i64::MAX))
}
