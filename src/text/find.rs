//! Substring search in short texts (a sentence, a clause).
//!
//! `str::contains` and `str::find` build a Two-Way searcher on every call;
//! on a 100-byte clause that set-up cost more than the search, and the
//! resolver makes such calls for every figure. Here `memchr` finds the
//! needle's first byte and the rest is compared in place. A match starts on
//! a char boundary: the needle's first byte starts a char.
//!
//! Takes a text and a needle, gives byte offsets or counts; hands on to no
//! one (the resolver and [`crate::cite`] call it).

/// Byte offset of the first `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, h).find(|&i| h[i..].starts_with(n))
}

/// Byte offset of the last `needle` in `hay`.
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(h.len());
    };
    memchr::memrchr_iter(first, h).find(|&i| h[i..].starts_with(n))
}

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// How many times `needle` occurs in `hay`, not overlapping (`str::matches`).
pub fn count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return hay.chars().count() + 1;
    }
    let (mut n, mut at) = (0, 0);
    while let Some(k) = find(&hay[at..], needle) {
        n += 1;
        at += k + needle.len();
    }
    n
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_str(hay in "[aàtỷ lệ,ệ ]{0,40}", needle in "[aàtỷ lệ,]{0,4}") {
            prop_assert_eq!(super::find(&hay, &needle), hay.find(needle.as_str()));
            prop_assert_eq!(super::rfind(&hay, &needle), hay.rfind(needle.as_str()));
            prop_assert_eq!(super::contains(&hay, &needle), hay.contains(needle.as_str()));
            prop_assert_eq!(super::count(&hay, &needle), hay.matches(needle.as_str()).count());
        }
    }

    #[test]
    fn vietnamese_needles_in_a_clause() {
        let s = "tỷ lệ hộ gia đình có cáp quang, tỉ lệ người dùng; tỷ lệ";
        assert_eq!(super::find(s, "tỷ lệ"), Some(0));
        assert_eq!(super::rfind(s, "tỷ lệ"), s.rfind("tỷ lệ"));
        assert_eq!(super::count(s, "tỷ lệ"), 2);
        assert!(!super::contains(s, "tỷ trọng"));
    }
}
