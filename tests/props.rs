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
