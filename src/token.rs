//! Tokens: one sentence of normalized text → [`Token`]s (words, numerals,
//! punctuation, URLs), each with its byte offsets and its lower case.
//!
//! Takes a sentence's span of [`crate::normalize`]'s text (and, from the
//! pipeline, its lower-cased copy); gives `Vec<Token>`, which the grammar
//! ([`crate::grammar`]) reads for figures and resolve reads for context.
//! A numeral is one token with its inner `.` and `,`: the grammar decides
//! what the separators mean ([`crate::grammar::number`]).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// A run of letters.
    Word,
    /// A run of digits with inner `.` and `,`.
    Num,
    /// Any other visible character.
    Punct,
    /// A URL or e-mail address.
    Url,
}

/// One token of a sentence; offsets are bytes of the normalized text.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token's kind.
    pub kind: TokKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether white space stands between this token and the previous one.
    pub space_before: bool,
    /// Lower-cased text (words only; empty otherwise).
    pub lower: compact_str::CompactString,
}

/// Splits `s[a..b]` into tokens (offsets absolute).
pub fn tokenize(s: &str, a: usize, b: usize) -> Vec<Token> {
    tokenize_lowered(s, a, b, &crate::text::lower_same_len(&s[a..b]))
}

/// [`tokenize`], given `s[a..b]` already lower-cased byte for byte
/// ([`crate::text::lower_same_len`]): words take their lower case from it.
pub fn tokenize_lowered(s: &str, a: usize, b: usize, lower: &str) -> Vec<Token> {
    let text = &s[a..b];
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    // The char at byte `i` (a char boundary) and its length; ASCII without decoding.
    let at = |i: usize| -> (char, usize) {
        match bytes[i] {
            x if x < 0x80 => (x as char, 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((char::REPLACEMENT_CHARACTER, 1), |c| (c, c.len_utf8())),
        }
    };
    let mut i = 0;
    let mut space = true;
    while i < bytes.len() {
        let (c, n) = at(i);
        if c.is_whitespace() {
            space = true;
            i += n;
            continue;
        }
        let start = i;
        let kind;
        if is_url_start(&text[i..]) {
            while i < bytes.len() {
                let (c, n) = at(i);
                if c.is_whitespace() || matches!(c, ')' | '"' | '”' | '>' | '<') {
                    break;
                }
                i += n;
            }
            kind = TokKind::Url;
        } else if c.is_ascii_digit() {
            i += 1;
            while i < bytes.len() {
                let x = bytes[i];
                let inner_sep =
                    (x == b'.' || x == b',') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if x.is_ascii_digit() || inner_sep {
                    i += 1;
                } else {
                    break;
                }
            }
            kind = TokKind::Num;
        } else if crate::text::is_letter(c) {
            i += n;
            while i < bytes.len() {
                let (c, n) = at(i);
                if crate::text::is_letter(c)
                    || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
                {
                    i += n;
                } else {
                    break;
                }
            }
            kind = TokKind::Word;
        } else {
            i += n;
            kind = TokKind::Punct;
        }
        let lower = if kind == TokKind::Word {
            compact_str::CompactString::new(&lower[start..i])
        } else {
            compact_str::CompactString::const_new("")
        };
        out.push(Token {
            kind,
            start: a + start,
            end: a + i,
            space_before: space,
            lower,
        });
        space = false;
    }
    out
}

fn is_url_start(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    matches!(b.first(), Some(b'h' | b'H' | b'w' | b'W'))
        && (starts(b"http://") || starts(b"https://") || starts(b"www."))
}

/// Whether `toks` open with the words of `phrase` (lower-case, one space
/// between words). Slice `toks` to ask it at another token.
pub fn opens_with(toks: &[Token], phrase: &str) -> bool {
    let n = phrase.split(' ').count();
    toks.len() >= n
        && toks[..n]
            .iter()
            .zip(phrase.split(' '))
            .all(|(t, p)| t.lower == p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_offsets() {
        let s = "đạt 63,5% (xem https://a.vn/x)";
        let t = tokenize(s, 0, s.len());
        assert_eq!(&s[t[1].start..t[1].end], "63,5");
        assert_eq!(t[1].kind, TokKind::Num);
        assert_eq!(t.last().map(|x| x.kind), Some(TokKind::Punct));
        assert!(t.iter().any(|x| x.kind == TokKind::Url));
    }
}
