//! Tones: NFC composition over runs of units, and one canonical tone-mark
//! placement (the "old" style: hòa, thủy, khỏe).
//!
//! Takes the [`Unit`]s that [`crate::normalize`] read (plain text or HTML),
//! gives them composed and with canonical tones, each keeping the decoded
//! byte range it stands for. Hands on to the layout in [`crate::normalize`].

use super::Unit;
use crate::text::chars::{ccc, nfc_starter};
use crate::text::is_letter;
use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::UnicodeNormalization;

/// NFC over runs that start at a composition boundary; a composed char keeps
/// the whole run's range.
///
/// A run ends before the next char that is a starter NFC keeps as it is
/// (combining class 0 and `NFC_Quick_Check=Yes`). A bare combining-class test
/// is not enough: U+0F73 has class 0 but decomposes to marks that reorder
/// with the marks before it.
pub(super) fn compose_nfc(units: Vec<Unit>) -> Vec<Unit> {
    // Starters that NFC leaves alone, and no combining mark: nothing to do
    // (the loop below would copy every unit as it is).
    if units.iter().all(|u| ccc(u.c) == 0 && nfc_starter(u.c)) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    let mut buf = String::new();
    while i < units.len() {
        let mut j = i + 1;
        while j < units.len() && !(ccc(units[j].c) == 0 && nfc_starter(units[j].c)) {
            j += 1;
        }
        let c = units[i].c;
        if j == i + 1 && nfc_starter(c) {
            out.push(units[i]);
        } else {
            buf.clear();
            buf.extend(units[i..j].iter().map(|u| u.c));
            let (s, e) = (units[i].s, units[j - 1].e);
            for c in buf.nfc() {
                out.push(Unit { c, s, e });
            }
        }
        i = j;
    }
    out
}

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Splits a char into (char without tone, tone mark).
fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut base = None;
    let mut tone = None;
    // A precomposed char decomposes into a base and a few marks.
    let mut others = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d)
        } else if TONES.contains(&d) {
            tone = tone.or(Some(d));
        } else if n < others.len() {
            others[n] = d;
            n += 1;
        }
    });
    let Some(mut b) = base else { return (c, None) };
    for m in &others[..n] {
        b = compose(b, *m).unwrap_or(b);
    }
    (b, tone)
}

fn with_tone(c: char, tone: char) -> char {
    compose(c, tone).unwrap_or(c)
}

/// Moves the tone of open syllables "oa", "oe", "uy" (not after q) to the
/// first vowel: hoà → hòa, thuỷ → thủy, khoẻ → khỏe. Closed syllables (hoàn,
/// huỳnh, suýt) are left alone.
pub(super) fn canonical_tones(mut units: Vec<Unit>) -> Vec<Unit> {
    let n = units.len();
    let mut i = 0;
    while i + 1 < n {
        // Only a toneless o or u can start a pair whose tone moves (a char
        // whose base is o or u with no tone is o or u itself, in NFC).
        if !matches!(units[i].c, 'o' | 'O' | 'u' | 'U') {
            i += 1;
            continue;
        }
        let (b1, t1) = split_tone(units[i].c);
        let l1 = b1.to_lowercase().next().unwrap_or(b1);
        if l1 == 'o' || l1 == 'u' {
            let (b2, t2) = split_tone(units[i + 1].c);
            let l2 = b2.to_lowercase().next().unwrap_or(b2);
            let pair = (l1 == 'o' && (l2 == 'a' || l2 == 'e')) || (l1 == 'u' && l2 == 'y');
            // Nothing moves without a pair carrying a tone (the rest is dearer).
            if !pair || t1.is_some() || t2.is_none() {
                i += 1;
                continue;
            }
            let open = units
                .get(i + 2)
                .is_none_or(|u| !is_letter(u.c) && ccc(u.c) == 0);
            let before = if i > 0 {
                Some(units[i - 1].c.to_lowercase().next().unwrap_or(' '))
            } else {
                None
            };
            let after_q = l1 == 'u' && before == Some('q');
            let after_vowel = before.is_some_and(|p| "aăâeêioôơuưy".contains(split_tone(p).0));
            if pair && open && !after_q && !after_vowel && t1.is_none() {
                if let Some(t) = t2 {
                    let (s, e) = (
                        units[i].s.min(units[i + 1].s),
                        units[i].e.max(units[i + 1].e),
                    );
                    units[i] = Unit {
                        c: with_tone(b1, t),
                        s,
                        e,
                    };
                    units[i + 1] = Unit { c: b2, s, e };
                }
            }
        }
        i += 1;
    }
    units
}

#[cfg(test)]
mod tests {
    use crate::normalize::normalize_str;
    use unicode_normalization::UnicodeNormalization;

    /// Chars whose class is 0 but whose decomposition starts with a mark
    /// (U+0F73, U+0F75, U+0F81), a mark that decomposes to two (U+0344),
    /// and Hangul jamo that compose with the char before them.
    #[test]
    fn composition_runs_agree_with_nfc_of_the_whole() {
        let tricky = [
            "\u{301}\u{f73}",
            "a\u{301}\u{f75}\u{316}",
            "\u{f81}\u{301}",
            "e\u{344}\u{323}",
            "\u{1100}\u{1161}\u{11a8}",
            "o\u{31b}\u{301}",
            "Tru\u{31b}o\u{31b}\u{300}ng",
        ];
        for t in tricky {
            let got = normalize_str(t).s;
            let want: String = t.nfc().collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    fn n(s: &str) -> String {
        normalize_str(s).s
    }

    #[test]
    fn tone_placement_is_canonical() {
        assert_eq!(n("hoà bình"), n("hòa bình"));
        assert_eq!(n("uỷ ban"), "ủy ban");
        assert_eq!(n("thuỷ sản"), "thủy sản");
        assert_eq!(n("khoẻ"), "khỏe");
        assert_eq!(n("hoàn thành"), "hoàn thành");
        assert_eq!(n("suýt"), "suýt");
        assert_eq!(n("huỳnh"), "huỳnh");
        assert_eq!(n("quý"), "quý");
        assert_eq!(n("HOÀ"), "HÒA");
    }
}
