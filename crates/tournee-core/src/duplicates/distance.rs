//! Edit distance with a bound, for near-identical names: whether two short texts are at
//! most `k` single-character insertions, deletions or substitutions apart (Levenshtein).
//! Bounded so that comparing a name to every other name of a postal code stays cheap.

/// Whether `a` and `b` are at most `k` edits apart.
pub fn within(a: &str, b: &str, k: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    // Classic two-row dynamic programming; stops as soon as a whole row exceeds `k`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().all(|&d| d > k) {
            return false;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_insertions_deletions_and_substitutions() {
        assert!(within("martin", "martin", 0));
        assert!(within("martin", "martins", 1));
        assert!(!within("martin", "martins", 0));
        assert!(within("martin", "marin", 1));
        assert!(within("martin", "martim", 1));
        assert!(within("martin", "morin", 2));
        assert!(!within("martin", "morin", 1));
        assert!(within("", "ab", 2));
        assert!(!within("", "abc", 2));
        assert!(within("kitten", "sitting", 3));
        assert!(!within("kitten", "sitting", 2));
    }

    #[test]
    fn letters_count_not_bytes() {
        assert!(within("élodie", "elodie", 1));
        assert!(!within("élodie", "elodie", 0));
    }
}
