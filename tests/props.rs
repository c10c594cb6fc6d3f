//! Property tests: on arbitrary and mutated article text the pipeline never
//! panics and every citation it writes holds; the offset map is monotonic and
//! lands on character boundaries of the original.

use proptest::prelude::*;
use solieu::cite::check;
use solieu::ingest::Encoding;
use solieu::pipeline::extract_str;
use solieu::rules::Catalog;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().unwrap());

const SEED: &str = "Năm 2022, tỷ lệ dân số có điện thoại thông minh đạt 61%; cấp huyện đạt trên 90%. \
Toàn tỉnh có 1.552 doanh nghiệp, doanh thu khoảng 80 tỷ đồng (gấp 3 lần), xếp hạng 25/63, đạt 0,6077 điểm \
ngày 13-4-2022 theo Quyết định số 749/QĐ-TTg; từ 65-70% dân số.\nHoà bình, thuỷ lợi: 4G, 5G, 4.0.";

fn all_hold(text: &str) -> Result<(), TestCaseError> {
    for r in extract_str("p", text, &CATALOG) {
        let why = check(text.as_bytes(), Encoding::Utf8, &r.citation);
        prop_assert!(why.is_none(), "{:?}: {:?}", why, r.citation);
        prop_assert!(r.citation.end <= text.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_breaks_citations(text in "\\PC{0,300}") {
        all_hold(&text)?;
    }

    #[test]
    fn arbitrary_bytes_never_break_citations(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(doc) = solieu::ingest::document("p".into(), bytes.clone()) {
            for r in solieu::pipeline::extract_document(&doc, &CATALOG).records {
                let why = check(&bytes, doc.decoded.encoding, &r.citation);
                prop_assert!(why.is_none(), "{:?}", why);
            }
        }
    }

    #[test]
    fn numeric_soup_never_breaks_citations(text in "[0-9.,/%\\- \\nđồngtỷtriệuthứhạngnămtháng()]{0,200}") {
        all_hold(&text)?;
    }

    #[test]
    fn mutated_articles_keep_their_citations(
        edits in proptest::collection::vec((0usize..400, 0usize..8, any::<char>()), 1..12)
    ) {
        let mut chars: Vec<char> = SEED.chars().collect();
        for (pos, op, c) in edits {
            let i = pos % (chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => { chars.remove(i); }
                2 => chars.insert(i, '\n'),
                3 => chars.insert(i, '\u{00A0}'),
                4 => chars.insert(i, '\u{0301}'),
                5 => chars.insert(i, '\u{00AD}'),
                6 => chars.insert(i, char::from(b'0' + (pos % 10) as u8)),
                _ => chars.insert(i, ' '),
            }
        }
        let text: String = chars.into_iter().collect();
        all_hold(&text)?;
    }

    /// An oracle that is not the pipeline's own citation filter: in text
    /// with no invisible or combining character (the only things that may
    /// stand inside a figure without being seen), no figure is dropped, and
    /// each record's quote is the original's bytes at its span, read here.
    #[test]
    fn plain_text_drops_no_figure(
        parts in proptest::collection::vec(prop_oneof![
            Just("tỷ lệ hộ có Internet cáp quang đạt ".to_string()), Just("xếp thứ ".to_string()), Just("tăng ".to_string()),
            Just(" doanh nghiệp".to_string()), Just("% ".to_string()), Just(", ".to_string()), Just("; ".to_string()), Just(". ".to_string()), Just("\n".to_string()),
            Just("ngày ".to_string()), Just("/".to_string()), Just(" tỷ đồng".to_string()), Just(" điểm".to_string()), Just(" bậc".to_string()), Just("năm ".to_string()),
            Just("Hà Nội ".to_string()), Just("(chỉ tiêu là ".to_string()), Just(") ".to_string()), Just(" lần".to_string()), Just("khoảng ".to_string()),
            "[0-9]{1,4}", "[0-9]{1,3}[.,][0-9]{1,3}", "[a-zđ]{1,6}",
        ], 1..40)
    ) {
        let text: String = parts.concat();
        let doc = solieu::ingest::document("p".into(), text.clone().into_bytes()).unwrap();
        let out = solieu::pipeline::extract_document(&doc, &CATALOG);
        prop_assert_eq!(out.dropped, 0, "{:?}", text);
        for r in &out.records {
            let c = &r.citation;
            prop_assert_eq!(text.get(c.start..c.end), Some(c.quote.as_str()), "{:?}", text);
        }
    }

    #[test]
    fn normalization_is_idempotent(text in "(\\PC|[\n\r \t]|\u{0301}|\u{00A0}|oà|uỷ|Ð){0,120}") {
        let once = solieu::normalize::normalize_str(&text).s;
        let twice = solieu::normalize::normalize_str(&once).s;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn wrapped_text_normalizes_idempotently(words in proptest::collection::vec("[a-zđơư]{1,8}", 20..200), width in 40usize..90) {
        let mut text = String::new();
        let mut line = 0;
        for w in words {
            if line + w.len() > width {
                text.push('\n');
                line = 0;
            } else if line > 0 {
                text.push(' ');
                line += 1;
            }
            text.push_str(&w);
            line += w.len();
        }
        let once = solieu::normalize::normalize_str(&text).s;
        let twice = solieu::normalize::normalize_str(&once).s;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn vietnamese_values_render_and_parse_back(int in 0u64..1_000_000_000, frac in 0u32..100, scale in 0usize..4) {
        use solieu::grammar::number::{parse_num, render_vi, scale as scale_of};
        let v = int as f64 + frac as f64 / 100.0;
        let (rendered, _) = (render_vi(v, 2), ());
        let words = ["", "nghìn", "triệu", "tỷ"];
        let text = if scale == 0 { format!("có {rendered} doanh nghiệp") } else { format!("có {rendered} {} doanh nghiệp", words[scale]) };
        let recs = extract_str("p", &text, &CATALOG);
        prop_assert_eq!(recs.len(), 1, "{}", text);
        let m = if scale == 0 { 1.0 } else { scale_of(&[words[scale]], &CATALOG.lexicon.grammar).unwrap().0 };
        let (parsed, _) = parse_num(&rendered).unwrap();
        prop_assert!((parsed - v).abs() < 1e-6);
        let got = recs[0].value.unwrap();
        prop_assert!((got - v * m).abs() <= 1e-6 * (v * m).max(1.0), "{} -> {}", text, got);
    }

    #[test]
    fn ranges_parse_back(lo in 1u32..90, span in 1u32..10) {
        let text = format!("đạt từ {lo}-{}% dân số", lo + span);
        let recs = extract_str("p", &text, &CATALOG);
        prop_assert_eq!(recs.len(), 1);
        prop_assert_eq!(recs[0].value, Some(lo as f64));
        prop_assert_eq!(recs[0].value_max, Some((lo + span) as f64));
    }

    #[test]
    fn offset_map_is_monotonic_on_char_boundaries(text in "\\PC{0,200}") {
        let t = solieu::normalize::normalize_str(&text);
        let mut last = 0;
        for (i, c) in t.s.char_indices() {
            let (a, b) = t.orig_span(i, i + c.len_utf8());
            prop_assert!(a <= b && b <= text.len());
            prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            prop_assert!(a >= last || c == ' ' || c == '\n', "not monotonic at {}", i);
            last = last.max(a);
        }
    }
}

#[test]
fn the_seed_itself_yields_figures() {
    let recs = extract_str("p", SEED, &CATALOG);
    let quotes: Vec<&str> = recs.iter().map(|r| r.citation.quote.as_str()).collect();
    assert!(
        quotes.contains(&"61%") && quotes.contains(&"80 tỷ đồng") && quotes.contains(&"65-70%"),
        "{quotes:?}"
    );
    assert!(!quotes.iter().any(|q| q.contains("749") || *q == "4.0"));
}
