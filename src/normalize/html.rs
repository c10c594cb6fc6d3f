//! HTML to text: the tokenizer's tag states, page furniture (menus, related
//! lists, footers …) and a title that repeats the headline skipped whole,
//! scripts, styles and comments dropped, entities decoded, table cells kept
//! apart.
//!
//! Takes the decoded text of a page, gives [`Unit`]s: characters, each with
//! the range of decoded bytes it stands for (a tag becomes a space, a line
//! break or a cell's bar). Hands on to the NFC and tone passes of
//! [`crate::normalize`].

use super::{fix_char, Unit};

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose whole content is page furniture, never article text:
/// skipped with everything inside them.
const FURNITURE_TAGS: &[&str] = &[
    "aside", "button", "footer", "form", "iframe", "nav", "noscript", "select", "svg", "template",
];

/// The text of an HTML fragment: markup dropped, entities decoded, white
/// space collapsed.
fn html_text(fragment: &str) -> String {
    let chars: String = html_units_with(fragment, false)
        .iter()
        .map(|u| u.c)
        .collect();
    chars.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the page's `<title>` (its inner HTML) only repeats the first
/// `<h1>` after it, perhaps with the site's name ("Tin … | Báo X"): then it
/// is metadata and its figures would be counted twice.
fn title_repeats_h1(title: &str, rest: &str) -> bool {
    // The first `needle` (ASCII, lower case) in `hay`, in any case.
    let find_ci = |hay: &str, needle: &str| {
        let (b, n) = (hay.as_bytes(), needle.as_bytes());
        memchr::memchr_iter(b'<', b)
            .find(|&k| b.len() >= k + n.len() && b[k..k + n.len()].eq_ignore_ascii_case(n))
    };
    let Some(open) = find_ci(rest, "<h1") else {
        return false;
    };
    let Some(gt) = rest[open..].find('>') else {
        return false;
    };
    let inner_start = open + gt + 1;
    let Some(close) = find_ci(&rest[inner_start..], "</h1") else {
        return false;
    };
    let h1 = html_text(&rest[inner_start..inner_start + close]);
    let title = html_text(title);
    let core = [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .map_or(title.as_str(), |k| &title[..k]);
    !h1.is_empty() && (title == h1 || core == h1)
}

/// Words of a `class` or `id` that mark furniture: menus, breadcrumbs, related
/// and most-read lists, comments, sharing bars, footers, advertisements.
const FURNITURE_CLASS_WORDS: &[&str] = &[
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "footer",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "quangcao",
    "related",
    "share",
    "sidebar",
    "social",
    "tags",
    "mostread",
    "mostview",
];

/// Whether an opening tag (its text, `<` to `>`) is page furniture.
fn is_furniture(name: &str, tag: &str) -> bool {
    if FURNITURE_TAGS.contains(&name) {
        return true;
    }
    // Most tags carry no attribute at all.
    if !tag.contains('=') {
        return false;
    }
    let lower = tag.to_ascii_lowercase();
    ["class=", "id="].iter().any(|attr| {
        let mut from = 0;
        while let Some(k) = lower[from..].find(attr) {
            let at = from + k;
            from = at + attr.len();
            // An attribute name, not the tail of another (data-id=).
            if !lower[..at].ends_with([' ', '\t', '\n', '"', '\'']) {
                continue;
            }
            let rest = &lower[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest.split([' ', '>']).next().unwrap_or(""),
            };
            if value.contains("lien-quan")
                || value.contains("lienquan")
                || value.contains("lien_quan")
            {
                return true;
            }
            if value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| FURNITURE_CLASS_WORDS.contains(&w))
            {
                return true;
            }
        }
        false
    })
}

/// Whether an element's inner HTML holds the article rather than furniture:
/// the headline, an `<article>`, or three paragraphs or more. Pages wrap
/// everything in `<form id="form1">` (ASP.NET) or put "sidebar-left" among
/// the main column's classes; those wrappers are read.
fn holds_article(inner: &str) -> bool {
    let b = inner.as_bytes();
    let mut paragraphs = 0;
    for k in memchr::memchr_iter(b'<', b) {
        let tag = &b[k + 1..b.len().min(k + 9)];
        let starts = |name: &[u8]| {
            tag.len() > name.len()
                && tag[..name.len()].eq_ignore_ascii_case(name)
                && !tag[name.len()].is_ascii_alphanumeric()
        };
        if starts(b"h1") || starts(b"article") {
            return true;
        }
        if starts(b"p") {
            paragraphs += 1;
            if paragraphs >= 3 {
                return true;
            }
        }
    }
    false
}

/// The end (after its closing tag) of the element `name` whose opening tag
/// ends at `from`, counting nested elements of the same name; `None` when it
/// is never closed.
fn element_end(text: &str, from: usize, name: &str) -> Option<usize> {
    let lower_at = |at: usize| {
        let tail = &text.as_bytes()[at..];
        tail.len() >= name.len()
            && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && tail
                .get(name.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let mut depth = 1usize;
    let mut k = from;
    while let Some(p) = memchr::memchr(b'<', &text.as_bytes()[k..]) {
        let at = k + p;
        if text.as_bytes().get(at + 1) == Some(&b'/') && lower_at(at + 2) {
            depth -= 1;
            if depth == 0 {
                return Some(
                    text[at..]
                        .find('>')
                        .map(|m| at + m + 1)
                        .unwrap_or(text.len()),
                );
            }
        } else if lower_at(at + 1) {
            depth += 1;
        }
        k = at + 1;
    }
    None
}

pub(super) fn html_units(text: &str) -> Vec<Unit> {
    html_units_with(text, true)
}

/// [`html_units`]; `check_title` looks whether the first `<title>` repeats
/// the headline (off inside that check, so it never recurses).
fn html_units_with(text: &str, check_title: bool) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        text,
        out: Vec::with_capacity(text.len()),
        check_title,
        next_gt: None,
        gt_exhausted: false,
        futile: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            i = scan.markup(i);
            continue;
        }
        if bytes[i] == b'&' {
            if let Some((c, len)) = entity(&text[i..]) {
                if let Some(c) = fix_char(c) {
                    scan.out.push(Unit {
                        c,
                        s: i as u32,
                        e: (i + len) as u32,
                    });
                }
                i += len;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let e = (i + c.len_utf8()) as u32;
        if c == '\r' {
            if bytes.get(i + 1) != Some(&b'\n') {
                scan.out.push(Unit {
                    c: '\n',
                    s: i as u32,
                    e,
                });
            }
        } else if let Some(c) = fix_char(c) {
            scan.out.push(Unit { c, s: i as u32, e });
        }
        i = e as usize;
    }
    scan.out
}

/// The state of one [`html_units_with`] pass over a page.
struct Scan<'a> {
    text: &'a str,
    out: Vec<Unit>,
    /// Whether the first `<title>` is still to be checked against the headline.
    check_title: bool,
    // The next '>' at or after a position, found once per region (linear).
    next_gt: Option<usize>,
    gt_exhausted: bool,
    // Furniture searches that skipped nothing (unclosed, or holding the
    // article): each read up to the rest of the page, so they are bounded.
    futile: usize,
}

impl Scan<'_> {
    /// Reads the markup a `<` at `i` opens (a comment, a tag, or an element
    /// skipped whole) and says where reading goes on.
    fn markup(&mut self, i: usize) -> usize {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map(|k| i + k + 3).unwrap_or(bytes.len());
            return end;
        }
        let tag_end = match tag_open(bytes, i) {
            TagOpen::Text => {
                // '<' before anything but a letter, '/', '!' or '?' is text.
                self.out.push(Unit {
                    c: '<',
                    s: i as u32,
                    e: i as u32 + 1,
                });
                return i + 1;
            }
            TagOpen::Tag => tag_end(bytes, i),
            TagOpen::Bogus => {
                if self.next_gt.is_none_or(|g| g < i) && !self.gt_exhausted {
                    self.next_gt = text[i..].find('>').map(|k| i + k);
                    self.gt_exhausted = self.next_gt.is_none();
                }
                match self.next_gt.filter(|&g| g >= i) {
                    Some(g) => g + 1,
                    None => bytes.len(),
                }
            }
        };
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = rest[1..].starts_with('/');
        if !closing && (name == "script" || name == "style") {
            return skip_raw_text(text, tag_end, &name);
        }
        if let Some(end) = self.skipped_to(i, tag_end, &name, closing) {
            self.out.push(Unit {
                c: '\n',
                s: i as u32,
                e: end as u32,
            });
            return end;
        }
        // A table cell opens with a bar: a row reads as one line whose
        // cells stay apart ("| 1 | Hộ có cáp quang | 75%"), so a row's
        // number is no count of the next cell's noun.
        let c = if BLOCK_TAGS.contains(&name.as_str()) {
            '\n'
        } else if !closing && (name == "td" || name == "th") {
            '|'
        } else {
            ' '
        };
        self.out.push(Unit {
            c,
            s: i as u32,
            e: tag_end as u32,
        });
        tag_end
    }

    /// Where the element whose tag spans `i..tag_end` ends when it is
    /// skipped whole; `None` when it is read.
    fn skipped_to(&mut self, i: usize, tag_end: usize, name: &str, closing: bool) -> Option<usize> {
        let text = self.text;
        // A title that repeats the headline, and furniture, are skipped
        // whole (one line break). After 16 futile searches a page is no
        // longer searched for furniture (no quadratic scans).
        let mut skip_to = None;
        if !closing && name == "title" && self.check_title {
            self.check_title = false;
            skip_to = element_end(text, tag_end, "title").filter(|&end| {
                let inner_end = text[..end].rfind('<').unwrap_or(end);
                title_repeats_h1(&text[tag_end..inner_end], &text[end..])
            });
        }
        if skip_to.is_none()
            && !closing
            && self.futile < 16
            && is_furniture(name, &text[i..tag_end])
            && !text[i..tag_end].ends_with("/>")
        {
            skip_to =
                element_end(text, tag_end, name).filter(|&end| !holds_article(&text[tag_end..end]));
            self.futile += usize::from(skip_to.is_none());
        }
        skip_to
    }
}

/// What a `<` starts, as the HTML tokenizer's tag open state reads it.
#[derive(Debug, PartialEq, Eq)]
enum TagOpen {
    /// A start or end tag (`<` or `</` before an ASCII letter).
    Tag,
    /// A declaration, processing instruction or bogus comment (`<!`, `<?`,
    /// `</` before anything else): it ends at the first `>`.
    Bogus,
    /// Not markup: the `<` is text.
    Text,
}

fn tag_open(bytes: &[u8], i: usize) -> TagOpen {
    match bytes.get(i + 1) {
        Some(b) if b.is_ascii_alphabetic() => TagOpen::Tag,
        Some(b'/') if bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic) => TagOpen::Tag,
        // "</" at the end of the input is text.
        Some(b'/') if bytes.get(i + 2).is_none() => TagOpen::Text,
        Some(b'!' | b'?' | b'/') => TagOpen::Bogus,
        _ => TagOpen::Text,
    }
}

/// The end (after its `>`) of the tag opening at `i`, following the HTML
/// tokenizer's tag states: a `>` inside a quoted attribute value
/// (`data-x="a > 5"`) does not end the tag, so attribute values are never
/// read as text. A tag still open at the end of the input ends there (the
/// tokenizer drops it).
fn tag_end(bytes: &[u8], i: usize) -> usize {
    #[derive(Clone, Copy)]
    enum St {
        Name,
        BeforeAttr,
        Attr,
        AfterAttr,
        BeforeValue,
        Quoted(u8),
        Unquoted,
    }
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    let mut st = St::Name;
    let mut k = i + 1;
    while k < bytes.len() {
        let b = bytes[k];
        st = match st {
            St::Quoted(q) => {
                // Jump to the closing quote: a long value costs one memchr.
                match memchr::memchr(q, &bytes[k..]) {
                    Some(p) => {
                        k += p + 1;
                        st = St::BeforeAttr;
                        continue;
                    }
                    None => return bytes.len(),
                }
            }
            _ if b == b'>' => return k + 1,
            St::Name | St::BeforeAttr if space(b) || b == b'/' => St::BeforeAttr,
            St::Name => St::Name,
            St::BeforeAttr => St::Attr,
            St::Attr | St::AfterAttr if b == b'=' => St::BeforeValue,
            St::Attr | St::AfterAttr if space(b) => St::AfterAttr,
            St::Attr | St::AfterAttr if b == b'/' => St::BeforeAttr,
            St::Attr | St::AfterAttr => St::Attr,
            St::BeforeValue if space(b) => St::BeforeValue,
            St::BeforeValue if b == b'"' || b == b'\'' => St::Quoted(b),
            St::BeforeValue => St::Unquoted,
            St::Unquoted if space(b) => St::BeforeAttr,
            St::Unquoted => St::Unquoted,
        };
        k += 1;
    }
    bytes.len()
}

/// The end of a `<script>`/`<style>` element's raw text (after its closing tag).
fn skip_raw_text(text: &str, from: usize, name: &str) -> usize {
    let mut k = from;
    while let Some(p) = text[k..].find("</") {
        let at = k + p;
        let tail = &text.as_bytes()[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return text[at..]
                .find('>')
                .map(|m| at + m + 1)
                .unwrap_or(text.len());
        }
        k = at + 2;
    }
    text.len()
}

/// Decodes one HTML entity at the start of `s`: the char and its byte length.
fn entity(s: &str) -> Option<(char, usize)> {
    // The longest HTML5 name has 31 letters.
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        char::from_u32(v)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{00A0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "laquo" => '«',
            "raquo" => '»',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "bull" => '•',
            // Every other HTML5 name (&agrave;, &ecirc;, &Ocirc; … in older
            // Vietnamese pages): html-escape's table, when it is one char.
            _ => {
                let decoded = html_escape::decode_html_entities(&s[..=semi]);
                let mut chars = decoded.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if decoded != s[..=semi] => c,
                    _ => return None,
                }
            }
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests;
