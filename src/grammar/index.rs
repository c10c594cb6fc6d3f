//! Index values written without a unit: "DTI của tỉnh đạt 0,7123", "chỉ số
//! năm 2021 (0,6942)". Takes a sentence's tokens and the [`Lexicon`]; gives
//! [`super::quantity`] a yes/no.

use crate::rules::Lexicon;
use crate::token::{TokKind, Token};

/// Whether the number `toks[k..j]` of value `v` is an index value: 0 < v < 1
/// written with decimals ("0,7123", "mức 0,5"), with an index word ("dti",
/// "chỉ số", "giá trị", a pillar) among the twenty words before it in its
/// sentence; or any number after a scale word ("thang điểm").
pub(super) fn index_value(
    s: &str,
    toks: &[Token],
    k: usize,
    j: usize,
    v: f64,
    lex: &Lexicon,
) -> bool {
    if j != k + 1 {
        return false;
    }
    let mut words = Vec::new();
    for t in toks[..k].iter().rev() {
        if t.kind == TokKind::Punct && matches!(&s[t.start..t.end], ";" | ".") || words.len() == 20
        {
            break;
        }
        if t.kind == TokKind::Word {
            words.push(t.lower.as_str());
        }
    }
    words.reverse();
    let says = |list: &[String]| {
        list.iter().any(|w| {
            let n = w.split(' ').count();
            words
                .windows(n)
                .any(|x| x.iter().zip(w.split(' ')).all(|(a, b)| *a == b))
        })
    };
    // "thang điểm tối đa là 1.000": a scale's points.
    if says(&lex.scale_words) {
        return true;
    }
    let raw = &s[toks[k].start..toks[k].end];
    let decimals = raw.rfind([',', '.']).map_or(0, |p| raw.len() - p - 1);
    v > 0.0 && v < 1.0 && decimals >= 1 && raw.starts_with('0') && says(&lex.index_words)
}
