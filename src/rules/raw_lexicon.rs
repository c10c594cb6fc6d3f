//! `lexicon.toml` as written: its lists, before [`super::lexicon`] brings
//! them to matching form and [`super::grammar_words`] builds the grammar's
//! word classes.

use serde::Deserialize;
// Fx hashing, as in the rest of the lexicon.
use rustc_hash::FxHashMap as HashMap;

/// An index a whole article can be about (the DTI): when its title or lead
/// names it, a rank among all provinces or an index value with no cue of
/// its own is that index's.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexTopic {
    /// Words that name the index (lower case).
    pub words: Vec<String>,
    /// Words of other indices: a sentence that names one is not about this.
    pub other: Vec<String>,
    /// Words of the index's parts (pillars, component indices): a figure
    /// whose clause names one is that part's, not the whole index's.
    pub parts: Vec<String>,
    /// The indicator id of the index's rank.
    pub rank: String,
    /// The indicator id of the index's value.
    pub score: String,
}

/// A market a whole article can be about (e-commerce): when its title or
/// lead, or the figure's sentence, names it, a size or turnover and a
/// growth rate said with no cue of their own are that market's.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketTopic {
    /// Words that name the market (lower case).
    pub words: Vec<String>,
    /// Words of its size: an amount after one of these in its clause.
    pub sizes: Vec<String>,
    /// Words of its growth: a percent after one of these in its clause.
    pub growth: Vec<String>,
    /// Words of another quantity (a share, a market share): standing
    /// between the last comma and the figure, the figure is not the market's.
    pub others: Vec<String>,
    /// The indicator id of the market's turnover.
    pub indicator: String,
}

/// The lists of `lexicon.toml` (see the file for what each is for).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLexicon {
    pub(super) qualifiers: HashMap<String, Vec<String>>,
    pub(super) fillers: Vec<String>,
    pub(super) not_counted: Vec<String>,
    pub(super) identifier_words: Vec<String>,
    pub(super) street_words: Vec<String>,
    pub(super) banners: Vec<String>,
    pub(super) tickers: Vec<String>,
    #[serde(default)]
    pub(super) abbreviations: std::collections::BTreeMap<String, Vec<String>>,
    pub(super) place_points: Vec<String>,
    pub(super) index_words: Vec<String>,
    pub(super) scale_words: Vec<String>,
    pub(super) increase_words: Vec<String>,
    pub(super) decrease_words: Vec<String>,
    pub(super) subunit_words: Vec<String>,
    pub(super) anaphora_heads: Vec<String>,
    #[serde(default)]
    pub(super) topic_heads: Vec<String>,
    #[serde(default)]
    pub(super) dated_names: Vec<String>,
    #[serde(default)]
    pub(super) index_structure: Vec<String>,
    #[serde(default)]
    pub(super) province_units: Vec<String>,
    #[serde(default)]
    pub(super) index_topic: Option<IndexTopic>,
    #[serde(default)]
    pub(super) market_topic: Vec<MarketTopic>,
    pub(super) not_figures: Vec<String>,
    pub(super) status: HashMap<String, Vec<String>>,
    pub(super) undated: Vec<String>,
    #[serde(default)]
    pub(super) goal_met: Vec<String>,
    #[serde(default)]
    pub(super) goal_passed: Vec<String>,
    #[serde(default)]
    pub(super) continuations: Vec<String>,
    #[serde(default)]
    pub(super) comparison_links: Vec<String>,
    pub(super) national: Vec<String>,
    pub(super) local: Vec<String>,
    pub(super) local_counting: Vec<String>,
    #[serde(default)]
    pub(super) issuers: Vec<String>,
    // The grammar's word classes (built by `super::grammar_words`).
    pub(super) date_words: Vec<String>,
    pub(super) dotted_date_words: Vec<String>,
    pub(super) weekday_numbers: Vec<String>,
    pub(super) glued_unit_words: Vec<String>,
    pub(super) thousand_words: Vec<String>,
    pub(super) million_words: Vec<String>,
    pub(super) billion_words: Vec<String>,
    pub(super) not_billion_after: Vec<String>,
    pub(super) vnd_words: Vec<String>,
    pub(super) level_reached_words: Vec<String>,
    pub(super) change_fillers: Vec<String>,
    pub(super) change_break_verbs: Vec<String>,
    pub(super) multiplier_increase: Vec<String>,
    pub(super) multiplier_decrease: Vec<String>,
    pub(super) multiplier_equal: Vec<String>,
    pub(super) dong_not_currency: Vec<String>,
    pub(super) per_capita_words: Vec<String>,
    pub(super) not_rank_ordinal: Vec<String>,
    pub(super) leading_words: Vec<String>,
    pub(super) rank_move_words: Vec<String>,
    pub(super) rank_list_fillers: Vec<String>,
    pub(super) group_member_words: Vec<String>,
    pub(super) dot_abbreviations: Vec<String>,
    pub(super) header_words: Vec<String>,
    pub(super) yearly_words: Vec<String>,
    pub(super) list_conjunctions: Vec<String>,
    pub(super) rank_nouns: Vec<String>,
    pub(super) ranking_phrases: Vec<String>,
    pub(super) total_nouns: Vec<String>,
    #[serde(default)]
    pub(super) fraction_verbs: Vec<String>,
    #[serde(default)]
    pub(super) share_verbs: Vec<String>,
    pub(super) top_words: Vec<String>,
    pub(super) rank_move_verbs: Vec<String>,
}
