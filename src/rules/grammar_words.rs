//! The grammar's word classes from `lexicon.toml` (date words, scale words,
//! rank words, multiplier words …) as sets, built once at load time so that
//! a lookup for a token allocates nothing.

use super::cues::canon;
use super::raw_lexicon::RawLexicon;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The grammar's word classes in matching form ([`canon`]).
#[derive(Clone, Debug, Default)]
pub struct GrammarWords {
    /// Words before "D/M" that make it a day and month ("sáng 16/7").
    pub date_words: HashSet<String>,
    /// Words before "15.3.2024" that make it a date.
    pub dotted_date_words: HashSet<String>,
    /// Numbers of weekdays after "thứ" ("thứ hai").
    pub weekday_numbers: HashSet<String>,
    /// Words glued to a number that leave it a figure ("5tỷ").
    pub glued_unit_words: HashSet<String>,
    /// Scale word → multiplier ("nghìn" → 1e3, "triệu" → 1e6, "tỷ" → 1e9).
    pub scale: HashMap<String, f64>,
    /// Abbreviations of the đồng ("vnđ").
    pub vnd_words: HashSet<String>,
    /// Words after a billion word that make it a noun ("tỷ lệ").
    pub not_billion_after: HashSet<String>,
    /// Words after a change verb that name the level reached ("lên", "còn").
    pub level_reached_words: HashSet<String>,
    /// Words skipped between a change verb and its figure ("trung bình").
    pub change_fillers: HashSet<String>,
    /// Verbs between two figures that stop a change carrying on ("đạt").
    pub change_break_verbs: HashSet<String>,
    /// Words before "N lần" that make it a multiplier, with a rise.
    pub multiplier_increase: HashSet<String>,
    /// Same, with a fall.
    pub multiplier_decrease: HashSet<String>,
    /// All words before "N lần" that make it a multiplier.
    pub multiplier_cues: HashSet<String>,
    /// Words after "đồng" that make it no currency ("đồng bộ").
    pub dong_not_currency: HashSet<String>,
    /// Populations a rate is per ("/100 dân").
    pub per_capita_words: HashSet<String>,
    /// Words before "thứ N" that make it no rank ("lần thứ 2").
    pub not_rank_ordinal: HashSet<String>,
    /// Words of leading a ranking ("đứng đầu", "cao nhất").
    pub leading_words: HashSet<String>,
    /// Words of a ranking before a move ("từ 1 xuống 6").
    pub rank_move_words: HashSet<String>,
    /// Words between "trong" and a ranking's whole ("trong bảng xếp hạng").
    pub rank_list_fillers: HashSet<String>,
    /// Words before "top/nhóm N" that make it a place in a group.
    pub group_member_words: HashSet<String>,
    /// Words that end with a dot without ending a sentence ("tp", "ts").
    pub dot_abbreviations: HashSet<String>,
    /// Words of a document's header row ("ban hành"), each phrase as its
    /// words: a short line that holds all words of one is metadata.
    pub header_phrases: Vec<Vec<String>>,
    /// Words before "năm" that make a day recurring ("hằng năm").
    pub yearly_words: HashSet<String>,
    /// Words that join a list of numbers ("và", "hoặc").
    pub list_conjunctions: HashSet<String>,
    /// Two-word rank nouns ("thứ hạng", "vị trí").
    pub rank_nouns: Vec<(String, String)>,
    /// Two-word phrases that make a sentence rank ("xếp hạng", "đứng thứ").
    pub ranking_phrases: Vec<(String, String)>,
    /// Two-word nouns of a total ("tổng số", "số lượng").
    pub total_nouns: Vec<(String, String)>,
    /// Words before a fraction that ends its clause: a part of a whole.
    pub fraction_verbs: Vec<String>,
    /// Words after "N," that give N's share ("chiếm"): N is counted.
    pub share_verbs: HashSet<String>,
    /// Words of a leading group before its size ("top 10").
    pub top_words: HashSet<String>,
    /// Verbs of a move between two places ("từ 1 xuống 6").
    pub rank_move_verbs: HashSet<String>,
}

fn set(v: &[String]) -> HashSet<String> {
    v.iter().map(|w| canon(w)).collect()
}

/// Two-word phrases as their two words (a phrase of one word matches none).
fn pairs(v: &[String]) -> Vec<(String, String)> {
    v.iter()
        .filter_map(|w| {
            let w = canon(w);
            let (a, b) = w.split_once(' ')?;
            Some((a.to_string(), b.to_string()))
        })
        .collect()
}

/// The word classes in matching form.
pub(super) fn build(raw: &RawLexicon) -> GrammarWords {
    let mut scale = HashMap::default();
    for (words, m) in [
        (&raw.thousand_words, 1e3),
        (&raw.million_words, 1e6),
        (&raw.billion_words, 1e9),
    ] {
        for w in words {
            scale.insert(canon(w), m);
        }
    }
    let multiplier_cues = [
        &raw.multiplier_increase,
        &raw.multiplier_decrease,
        &raw.multiplier_equal,
    ]
    .into_iter()
    .flat_map(|v| set(v))
    .collect();
    GrammarWords {
        date_words: set(&raw.date_words),
        dotted_date_words: set(&raw.dotted_date_words),
        weekday_numbers: set(&raw.weekday_numbers),
        glued_unit_words: set(&raw.glued_unit_words),
        scale,
        not_billion_after: set(&raw.not_billion_after),
        vnd_words: set(&raw.vnd_words),
        level_reached_words: set(&raw.level_reached_words),
        change_fillers: set(&raw.change_fillers),
        change_break_verbs: set(&raw.change_break_verbs),
        multiplier_increase: set(&raw.multiplier_increase),
        multiplier_decrease: set(&raw.multiplier_decrease),
        multiplier_cues,
        dong_not_currency: set(&raw.dong_not_currency),
        per_capita_words: set(&raw.per_capita_words),
        not_rank_ordinal: set(&raw.not_rank_ordinal),
        leading_words: set(&raw.leading_words),
        rank_move_words: set(&raw.rank_move_words),
        rank_list_fillers: set(&raw.rank_list_fillers),
        group_member_words: set(&raw.group_member_words),
        dot_abbreviations: set(&raw.dot_abbreviations),
        header_phrases: raw
            .header_words
            .iter()
            .map(|p| canon(p).split(' ').map(str::to_string).collect())
            .collect(),
        yearly_words: set(&raw.yearly_words),
        list_conjunctions: set(&raw.list_conjunctions),
        rank_nouns: pairs(&raw.rank_nouns),
        ranking_phrases: pairs(&raw.ranking_phrases),
        total_nouns: pairs(&raw.total_nouns),
        fraction_verbs: raw
            .fraction_verbs
            .iter()
            .map(|w| super::cues::canon(w))
            .collect(),
        share_verbs: set(&raw.share_verbs),
        top_words: set(&raw.top_words),
        rank_move_verbs: set(&raw.rank_move_verbs),
    }
}
