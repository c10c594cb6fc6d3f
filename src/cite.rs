//! Cite: a [`Figure`] → a [`Citation`] into the ORIGINAL bytes of its file.
//!
//! Offsets come from the normalized text's map; the quote is the original
//! bytes decoded with the file's own encoding; line and column are counted in
//! the original. Every citation is checked before it is written: the quote
//! must re-read from the bytes and stand inside its sentence, or the figure is
//! dropped rather than cited wrongly. `verify` reuses [`check`]. Next stage:
//! [`crate::emit`].

use crate::ingest::{Document, Encoding};
use crate::normalize::Text;
use crate::record::Citation;
use crate::resolve::Figure;
use unicode_normalization::UnicodeNormalization;

/// Decodes a slice of original bytes with the document's encoding.
pub fn decode_slice(bytes: &[u8], enc: Encoding) -> String {
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8Lossy => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        Encoding::Utf16Le | Encoding::Utf16LeNoBom => encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Encoding::Utf16Be | Encoding::Utf16BeNoBom => encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Encoding::Tcvn3 => crate::ingest::legacy::decode_tcvn3(bytes)
            .into_iter()
            .map(|p| p.0)
            .collect(),
        Encoding::Vni => crate::ingest::legacy::decode_vni(bytes)
            .into_iter()
            .map(|p| p.0)
            .collect(),
        Encoding::Windows1258 => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Line starts of a document, for 1-based line and column.
pub struct Lines {
    starts: Vec<usize>,
    /// The last answer (offset, line, column): columns are counted onward
    /// from it, so citing a document's figures in order stays linear even
    /// on one very long line.
    last: (usize, usize, usize),
}

impl Lines {
    /// Indexes the line starts of the original bytes.
    pub fn new(doc: &Document) -> Lines {
        let b = &doc.bytes;
        let mut starts = vec![0];
        match doc.decoded.encoding {
            Encoding::Utf16Le
            | Encoding::Utf16Be
            | Encoding::Utf16LeNoBom
            | Encoding::Utf16BeNoBom => {
                let le = matches!(
                    doc.decoded.encoding,
                    Encoding::Utf16Le | Encoding::Utf16LeNoBom
                );
                let mut i = if matches!(doc.decoded.encoding, Encoding::Utf16Le | Encoding::Utf16Be)
                {
                    2
                } else {
                    0
                };
                while i + 1 < b.len() {
                    let unit = if le {
                        [b[i], b[i + 1]] == [b'\n', 0]
                    } else {
                        [b[i], b[i + 1]] == [0, b'\n']
                    };
                    if unit {
                        starts.push(i + 2);
                    }
                    i += 2;
                }
            }
            _ => {
                for (i, &c) in b.iter().enumerate() {
                    if c == b'\n' {
                        starts.push(i + 1);
                    }
                }
            }
        }
        Lines {
            starts,
            last: (0, 0, 0),
        }
    }

    /// The original offset where the line holding `off` starts.
    pub fn line_start(&self, off: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= off);
        self.starts[line.max(1) - 1].min(off)
    }

    /// 1-based (line, column) of an original byte offset.
    pub fn at(&mut self, doc: &Document, off: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= off);
        let mut ls = self.starts[line - 1];
        if line == 1 && matches!(doc.decoded.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
            ls = 2;
        }
        let ls = ls.min(off);
        let (last_off, last_line, last_col) = self.last;
        let (from, base) = if last_line == line && last_off >= ls && last_off <= off {
            (last_off, last_col)
        } else {
            (ls, 1)
        };
        let bytes = &doc.bytes[from..off];
        let col = base
            + match doc.decoded.encoding {
                // Valid UTF-8 (nearly always): count in place, no copy.
                Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8Lossy
                    if std::str::from_utf8(bytes).is_ok() =>
                {
                    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
                }
                enc => decode_slice(bytes, enc).chars().count(),
            };
        self.last = (off, line, col);
        (line, col)
    }
}

/// White space folded and NFC, as a reader compares text. Text that is
/// already so (a normalized sentence, nearly always) is borrowed as is.
pub fn squash(s: &str) -> std::borrow::Cow<'_, str> {
    let folded = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| c == ' ' || !c.is_whitespace());
    if folded && crate::text::is_nfc(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let composed: String;
    let s = if crate::text::is_nfc(s) {
        s
    } else {
        composed = s.nfc().collect();
        &composed
    };
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    std::borrow::Cow::Owned(out)
}

/// Why a citation does not hold, or `None` when it does.
pub fn check(bytes: &[u8], enc: Encoding, c: &Citation) -> Option<String> {
    check_in(bytes, enc, c, &squash(&c.sentence))
}

/// [`check`] with the sentence already squashed (it is shared by every figure
/// of the sentence).
pub fn check_in(
    bytes: &[u8],
    enc: Encoding,
    c: &Citation,
    squashed_sentence: &str,
) -> Option<String> {
    if !(c.start < c.end && c.end <= bytes.len()) {
        return Some(format!(
            "span {}..{} outside the file ({} bytes)",
            c.start,
            c.end,
            bytes.len()
        ));
    }
    let piece = decode_slice(&bytes[c.start..c.end], enc);
    if piece != c.quote {
        // The bytes are not shown: records may be hand-made, and the span
        // may cover any file.
        let mut quote: String = c.quote.chars().take(80).collect();
        if quote.len() < c.quote.len() {
            quote.push('…');
        }
        return Some(format!(
            "bytes {}..{} do not read as the quote {quote:?}",
            c.start, c.end
        ));
    }
    if !(c.sentence_start <= c.start && c.end <= c.sentence_end && c.sentence_end <= bytes.len()) {
        return Some(format!(
            "sentence span {}..{} does not hold {}..{}",
            c.sentence_start, c.sentence_end, c.start, c.end
        ));
    }
    let s = squashed_sentence;
    let holds = |p: &str| {
        let p = squash(p);
        crate::text::find::contains(s, &p) || s.replace(' ', "").contains(&p.replace(' ', ""))
    };
    // In HTML the quote is the original markup ("70&nbsp;%"); the sentence
    // holds it with its entities decoded.
    let entities = || piece.contains('&') && holds(&html_escape::decode_html_entities(&piece));
    if !holds(&piece) && !entities() {
        return Some(format!("sentence does not contain the quote {piece:?}"));
    }
    None
}

/// Builds and checks the citation of a figure; `None` when it would not hold.
pub fn cite(
    doc: &Document,
    text: &Text,
    lines: &mut Lines,
    f: &Figure,
    sentence: (usize, usize),
    squashed_sentence: &str,
) -> Option<Citation> {
    let (start, end) = text.orig_span(f.hit.start, f.hit.end);
    let (ss, se) = text.orig_span(sentence.0, sentence.1);
    let quote = decode_slice(doc.bytes.get(start..end)?, doc.decoded.encoding);
    let (line, column) = lines.at(doc, start);
    let c = Citation {
        start,
        end,
        quote,
        line,
        column,
        sentence_start: ss.min(start),
        sentence_end: se.max(end),
        sentence: text.s[sentence.0..sentence.1].to_string(),
    };
    check_in(&doc.bytes, doc.decoded.encoding, &c, squashed_sentence)
        .is_none()
        .then_some(c)
}
