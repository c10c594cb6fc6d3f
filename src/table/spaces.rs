//! Tables copied as text: rows whose cells single spaces part
//! (`15 Thanh Hóa 0,5512 18`), under header lines cut at their header words.
//!
//! Takes the decoded text and the table rules; gives [`Grid`]s to the table
//! stage ([`super::grids`]).

use super::grid::{blank, cell_num, fit_headers_from, line_above, lines, year_of, Cell, Grid};
use crate::rules::tables::key;
use crate::rules::TableRules;

/// Words of a line with their decoded byte ranges.
fn words_at(s: &str, l: (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s[l.0..l.1].char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                out.push((l.0 + a, l.0 + i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push((l.0 + a, l.1));
    }
    out
}

/// A row whose cells single spaces part: `[number] label numbers…`
/// ("15 Thanh Hóa 0,5512 15 0,6010 9"): the lead number's range, the label's
/// range and the numbers' ranges.
type SpaceRow = (Option<(usize, usize)>, (usize, usize), Vec<(usize, usize)>);

fn space_row(s: &str, l: (usize, usize)) -> Option<SpaceRow> {
    let ws = words_at(s, l);
    let is_num = |w: &(usize, usize)| cell_num(&s[w.0..w.1], w.0).is_some();
    let lead = ws.first().filter(|w| is_num(w)).copied();
    let from = usize::from(lead.is_some());
    let nums_from = ws.iter().rposition(|w| !is_num(w))? + 1;
    if nums_from <= from || nums_from == ws.len() {
        return None;
    }
    let label = &ws[from..nums_from];
    if label
        .iter()
        .any(|w| s[w.0..w.1].chars().any(|c| c.is_ascii_digit()))
        || !s[label[0].0..label[0].1].chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some((
        lead,
        (label[0].0, label[label.len() - 1].1),
        ws[nums_from..].to_vec(),
    ))
}

/// Header words, each with whether it only qualifies a column (DTI, a
/// pillar) rather than naming what its numbers are.
fn vocabulary(rules: &TableRules) -> Vec<(Vec<String>, bool)> {
    let mut v: Vec<(Vec<String>, bool)> = Vec::new();
    let mut add = |list: &[String], modifier: bool| {
        for w in list {
            let k: Vec<String> = key(w).split(' ').map(str::to_string).collect();
            if !k.is_empty() && !k[0].is_empty() {
                v.push((k, modifier));
            }
        }
    };
    for l in [
        &rules.row_number,
        &rules.rank,
        &rules.percent,
        &rules.score,
        &rules.count,
        &rules.label,
        &rules.sub,
    ] {
        add(l, false);
    }
    add(&rules.dti, true);
    for p in &rules.pillar {
        add(&p.words, true);
    }
    v.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
    v
}

/// A header line whose cells single spaces part, cut at the header words
/// ("STT Tỉnh, thành phố Điểm DTI Xếp hạng DTI" → STT | Tỉnh, thành phố |
/// Điểm DTI | Xếp hạng DTI). Words that are no header word stay with the cell
/// before them ("năm 2023"); a DTI or pillar word joins a cell that names a
/// kind and no pillar yet. `None` when the line holds no header word.
fn split_header(vocab: &[(Vec<String>, bool)], line: &str) -> Option<Vec<String>> {
    let ws: Vec<&str> = line.split_whitespace().collect();
    let ks: Vec<String> = ws.iter().map(|w| key(w)).collect();
    // (text, has a kind word, has a modifier)
    let mut cells: Vec<(String, bool, bool)> = Vec::new();
    let mut hits = 0;
    let mut covered = 0;
    let mut i = 0;
    while i < ws.len() {
        let found = vocab.iter().find(|(phrase, _)| {
            i + phrase.len() <= ws.len()
                && phrase.iter().enumerate().all(|(k, p)| {
                    let w = ks[i + k].as_str();
                    w == p || (k + 1 == phrase.len() && w.trim_end_matches([',', ':', ';']) == p)
                })
        });
        match found {
            Some((phrase, modifier)) => {
                hits += 1;
                covered += phrase.len();
                let text = ws[i..i + phrase.len()].join(" ");
                match cells.last_mut() {
                    Some(last) if *modifier && last.1 && !last.2 => {
                        last.0.push(' ');
                        last.0.push_str(&text);
                        last.2 = true;
                    }
                    Some(last) if !*modifier && !last.1 && last.2 => {
                        last.0.push(' ');
                        last.0.push_str(&text);
                        last.1 = true;
                    }
                    _ => cells.push((text, !*modifier, *modifier)),
                }
                i += phrase.len();
            }
            None => {
                match cells.last_mut() {
                    Some(last) => {
                        last.0.push(' ');
                        last.0.push_str(ws[i]);
                    }
                    None => cells.push((ws[i].to_string(), false, false)),
                }
                i += 1;
            }
        }
    }
    // Mostly header words: a caption ("Bảng xếp hạng của 63 tỉnh …") is none.
    let neutral = |w: &str| {
        let k = key(w);
        k == "năm" || year_of(&k).is_some() || !k.chars().any(char::is_alphanumeric)
    };
    let counted = ws.iter().filter(|w| !neutral(w)).count();
    let numbers = ws
        .iter()
        .any(|w| w.chars().any(|c| c.is_ascii_digit()) && year_of(w).is_none());
    (hits > 0 && !numbers && covered * 10 >= counted * 6)
        .then(|| cells.into_iter().map(|c| c.0).collect())
}

/// Tables whose rows stand one per line with cells parted by single spaces
/// (a table copied as text): rows `[number] label numbers…` alike in shape,
/// under header lines cut at their header words.
pub(super) fn space_tables(rules: &TableRules, s: &str) -> Vec<Grid> {
    let ls = lines(s);
    let vocab = vocabulary(rules);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        let Some(first) = space_row(s, ls[i]) else {
            i += 1;
            continue;
        };
        let shape = (first.0.is_some(), first.2.len());
        let a = i;
        let (rows, last) = space_rows(s, &ls, a, first, shape);
        i = last + 1;
        if rows.len() < 2 {
            continue;
        }
        let (head, k) = header_lines(&vocab, s, &ls, a);
        if head.is_empty() {
            continue;
        }
        let p = usize::from(shape.0) + 1 + shape.1;
        let flat: Vec<String> = head.into_iter().rev().flatten().collect();
        let Some((headers, _)) = fit_headers_from(rules, &flat, p) else {
            continue;
        };
        let caption = if k > 0 {
            line_above(s, &ls, k)
        } else {
            String::new()
        };
        let grid_rows = rows.iter().map(|(lead, label, nums)| {
            let mut v: Vec<Option<Cell>> = Vec::with_capacity(p);
            if shape.0 {
                v.push(lead.map(|w| Cell::plain(s, w.0, w.1)));
            }
            v.push(Some(Cell::plain(s, label.0, label.1)));
            v.extend(nums.iter().map(|w| Some(Cell::plain(s, w.0, w.1))));
            v
        });
        let span = (ls[k.min(a)].0, ls[last].1);
        out.push(Grid::padded(headers, grid_rows, p, caption, span));
    }
    out
}

/// The rows from line `a` on that have the shape of the first (a lead
/// number or not, at most as many numbers), and the index of the last line.
fn space_rows(
    s: &str,
    ls: &[(usize, usize)],
    a: usize,
    first: SpaceRow,
    shape: (bool, usize),
) -> (Vec<SpaceRow>, usize) {
    let mut rows = vec![first];
    let mut last = a;
    let mut j = a + 1;
    while j < ls.len() {
        if blank(s, ls[j]) {
            j += 1;
            continue;
        }
        match space_row(s, ls[j]) {
            // The last row may be cut short.
            Some(r) if r.0.is_some() == shape.0 && r.2.len() <= shape.1 => {
                let short = r.2.len() < shape.1;
                rows.push(r);
                last = j;
                j += 1;
                if short {
                    break;
                }
            }
            _ => break,
        }
    }
    (rows, last)
}

/// Header lines right above line `a`, bottom up, each cut into cells; and
/// the index of the topmost header line (its caption is the line above).
fn header_lines(
    vocab: &[(Vec<String>, bool)],
    s: &str,
    ls: &[(usize, usize)],
    a: usize,
) -> (Vec<Vec<String>>, usize) {
    let mut head: Vec<Vec<String>> = Vec::new();
    let mut k = a;
    while k > 0 && head.len() < 4 {
        k -= 1;
        if blank(s, ls[k]) {
            continue;
        }
        let t = s[ls[k].0..ls[k].1].trim();
        match header_cells(vocab, t) {
            Some(c) => head.push(c),
            None => {
                k += 1;
                break;
            }
        }
    }
    (head, k)
}

/// A header line's cells, `None` when it holds no header word (or is long,
/// or ends a sentence).
fn header_cells(vocab: &[(Vec<String>, bool)], t: &str) -> Option<Vec<String>> {
    // Tabs and runs of spaces part cells too.
    if t.chars().count() <= 200 && !t.ends_with('.') {
        let mut v: Vec<String> = Vec::new();
        let mut any = false;
        for piece in t.split('\t').flat_map(|x| x.split("  ")) {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            match split_header(vocab, piece) {
                Some(c) => {
                    any = true;
                    v.extend(c);
                }
                None => v.push(piece.to_string()),
            }
        }
        any.then_some(v)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::rules;

    #[test]
    fn header_lines_are_cut_at_header_words() {
        let r = rules();
        let v = vocabulary(&r);
        assert_eq!(
            split_header(
                &v,
                "STT Tỉnh, thành phố Điểm DTI Xếp hạng DTI Tổng điểm năm 2022"
            )
            .unwrap(),
            [
                "STT",
                "Tỉnh, thành phố",
                "Điểm DTI",
                "Xếp hạng DTI",
                "Tổng điểm năm 2022"
            ]
        );
        assert_eq!(
            split_header(&v, "DTI CHÍNH QUYỀN SỐ XÃ HỘI SỐ").unwrap(),
            ["DTI", "CHÍNH QUYỀN SỐ", "XÃ HỘI SỐ"]
        );
        // A caption with a count, or with few header words, is no header.
        assert_eq!(
            split_header(&v, "Bảng xếp hạng của 63 tỉnh, thành phố"),
            None
        );
        assert_eq!(
            split_header(&v, "Kết quả được công bố sáng nay tại hội nghị tỉnh"),
            None
        );
    }
}
