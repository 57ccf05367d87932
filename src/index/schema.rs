//! The search index's schema: which fields a tool document has and how they are analysed.
//!
//! Text fields share one analyser (`mcp`: split on non-alphanumerics, lower-case, English
//! stemming), so one analysed query term serves every field. Tool, parameter and server names
//! are split into words with [`crate::classify::tokens::split_name`] *before* analysis, so
//! `deleteFile`, `delete_file` and `files.delete` all index the word `delete`; the exact
//! lower-cased tool name is indexed as one term too (`name_lc`), so searching for a full name
//! puts that tool first.
//!
//! Everything a result line needs is stored in the index, so a search never reads SQLite.

use crate::classify::tokens::split_name;
use crate::classify::{Category, Classification, Risk};
use crate::manifest::Tool;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer, TokenizerManager,
};

/// Bumped whenever the fields or their analysis change; an index of another version is rebuilt.
/// 2: category and risk as one `rank` field; the `order` key for listings.
/// 3: the classification's `confidence`, stored, so a result can say it needs review.
pub const SCHEMA_VERSION: u32 = 3;

/// Name of the analyser of the text fields.
pub const TEXT_ANALYZER: &str = "mcp";
const LOWERCASE_RAW: &str = "mcp_lc";

/// The fields of a tool document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `server \0 tool`: the unique key, for deleting one tool's document.
    pub key: Field,
    /// The server name, exact (filters, deletion).
    pub server: Field,
    pub server_words: Field,
    /// The tool name (stored only).
    pub name: Field,
    pub name_words: Field,
    pub name_lc: Field,
    pub title: Field,
    pub description: Field,
    pub params: Field,
    /// Category and risk as one number, [`rank`]: filters (as terms), counts per category and
    /// risk (one fast-field read per match instead of two), and the stored value for display.
    pub rank: Field,
    /// The listing order as one term, [`order_key`]: a listing without a query walks this
    /// field's term dictionary, which is already in listing order, instead of sorting matches.
    pub order: Field,
    /// Signal ids (one value per signal), for filters.
    pub signal: Field,
    /// The signals as JSON, stored for display.
    pub signals_json: Field,
    /// The classification's confidence, stored for display (and the review mark, which
    /// [`crate::classify::REVIEW_BELOW`] decides from it when a result is read).
    pub confidence: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let words = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs);
            let o = TextOptions::default().set_indexing_options(indexing);
            if stored { o.set_stored() } else { o }
        };
        let lc = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(LOWERCASE_RAW)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            key: b.add_text_field("key", STRING),
            server: b.add_text_field("server", STRING | STORED),
            server_words: b.add_text_field("server_words", words(false)),
            name: b.add_text_field("name", STORED),
            name_words: b.add_text_field("name_words", words(false)),
            name_lc: b.add_text_field("name_lc", lc),
            title: b.add_text_field("title", words(false)),
            description: b.add_text_field("description", words(true)),
            params: b.add_text_field("params", words(false)),
            rank: b.add_u64_field("rank", INDEXED | FAST | STORED),
            // Indexed as one raw term; FAST too, for listings with a signal filter, which sort
            // the filter's matches by this column instead of walking the whole order.
            order: b.add_text_field("order", STRING | FAST),
            signal: b.add_text_field("signal", STRING),
            signals_json: b.add_text_field("signals", STORED),
            confidence: b.add_f64_field("confidence", STORED),
        };
        (b.build(), fields)
    }

    /// Looks the fields up in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            key: f("key")?,
            server: f("server")?,
            server_words: f("server_words")?,
            name: f("name")?,
            name_words: f("name_words")?,
            name_lc: f("name_lc")?,
            title: f("title")?,
            description: f("description")?,
            params: f("params")?,
            rank: f("rank")?,
            order: f("order")?,
            signal: f("signal")?,
            signals_json: f("signals")?,
            confidence: f("confidence")?,
        })
    }

    /// The document of one tool.
    pub fn document(&self, server: &str, tool: &Tool, class: &Classification) -> TantivyDocument {
        let mut d = TantivyDocument::new();
        d.add_text(self.key, tool_key(server, &tool.name));
        d.add_text(self.server, server);
        d.add_text(self.server_words, split_name(server).join(" "));
        d.add_text(self.name, &tool.name);
        d.add_text(self.name_words, split_name(&tool.name).join(" "));
        d.add_text(self.name_lc, &tool.name);
        if let Some(t) = &tool.title {
            d.add_text(self.title, t);
        }
        if let Some(t) = &tool.annotations.title {
            d.add_text(self.title, t);
        }
        d.add_text(self.description, &tool.description);
        let params: Vec<String> = tool
            .properties()
            .map(|(p, _)| split_name(p).join(" "))
            .collect();
        if !params.is_empty() {
            d.add_text(self.params, params.join(" "));
        }
        let rank = rank(class.category, class.risk);
        d.add_u64(self.rank, rank);
        d.add_text(self.order, order_key(rank, server, &tool.name));
        for s in &class.signals {
            d.add_text(self.signal, &s.id);
        }
        d.add_text(
            self.signals_json,
            serde_json::to_string(&class.signals).expect("signals serialise"),
        );
        d.add_f64(self.confidence, class.confidence);
        d
    }
}

/// The unique key of a tool document.
pub fn tool_key(server: &str, tool: &str) -> String {
    format!("{server}\u{0}{tool}")
}

/// Number of distinct [`rank`]s.
pub const RANKS: usize = 20;

/// Category and risk as one number in `0..RANKS`, in listing order: riskiest first, then by
/// category from the end of [`Category::ALL`] (a listing shows the most dangerous first).
pub fn rank(c: Category, r: Risk) -> u64 {
    (3 - risk_ord(r).min(3)) * 5 + (4 - category_ord(c).min(4))
}

/// The category and risk of a [`rank`].
pub fn unrank(rank: u64) -> (Category, Risk) {
    let rank = rank.min(RANKS as u64 - 1) as usize;
    (Category::ALL[4 - rank % 5], Risk::ALL[3 - rank / 5])
}

/// Longest [`order_key`], in bytes. tantivy drops (with a warning) a term longer than about
/// 64 KiB, which would leave the tool out of every listing; longer keys are cut, and a listing
/// settles ties of cut keys by the stored names.
pub const ORDER_KEY_MAX: usize = 16 << 10;

/// The term that puts a tool in listing order: riskiest first, then category, server name and
/// tool name (byte order, as Rust compares strings). One character for the rank, then the
/// server name and the tool name, each escaped so that the key compares like the pair:
/// 0x00 becomes 0x01 0x01 and 0x01 becomes 0x01 0x02, and a 0x00 ends the server name (smaller
/// than anything an escaped name continues with, so `ab` sorts before `abc`). All of it stays
/// valid UTF-8, as a text term must.
pub fn order_key(rank: u64, server: &str, tool: &str) -> String {
    let mut k = order_prefix(rank, Some(server));
    escape_into(tool, &mut k);
    if k.len() > ORDER_KEY_MAX {
        let mut end = ORDER_KEY_MAX;
        while !k.is_char_boundary(end) {
            end -= 1;
        }
        k.truncate(end);
    }
    k
}

/// The start of every [`order_key`] of `rank` (and of `server`, when given).
pub fn order_prefix(rank: u64, server: Option<&str>) -> String {
    let mut k = String::new();
    k.push(rank_char(rank));
    if let Some(s) = server {
        escape_into(s, &mut k);
        k.push('\u{0}');
    }
    k
}

/// The first character of the [`order_key`]s of `rank`: printable and in rank order.
pub fn rank_char(rank: u64) -> char {
    (b'A' + rank.min(RANKS as u64) as u8) as char
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\u{0}' => out.push_str("\u{1}\u{1}"),
            '\u{1}' => out.push_str("\u{1}\u{2}"),
            c => out.push(c),
        }
    }
}

pub fn category_ord(c: Category) -> u64 {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0) as u64
}

pub fn risk_ord(r: Risk) -> u64 {
    Risk::ALL.iter().position(|x| *x == r).unwrap_or(0) as u64
}

/// Registers the analysers the schema names. Analysers are not stored in the index, so every
/// opened index needs this.
pub fn register_tokenizers(manager: &TokenizerManager) {
    manager.register(
        TEXT_ANALYZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build(),
    );
    manager.register(
        LOWERCASE_RAW,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Analyses `text` with the text-field analyser.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// tantivy's English stemmer, remembering the words it has stemmed.
///
/// Stemming was a fifth of the indexing thread's time, and tool descriptions reuse a small
/// vocabulary: a lookup costs a fraction of the Snowball algorithm. The results are the
/// stemmer's own, so indexes and queries analyse exactly as with [`Stemmer`].
#[derive(Clone, Copy)]
pub struct CachedStemmer;

/// Words remembered per analyser (a few MB at most); the cache starts over when full.
const STEM_CACHE_MAX: usize = 50_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: std::collections::HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: std::collections::HashMap<String, String>,
    /// The stemmer, over one word at a time.
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut std::collections::HashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                token.text.clone()
            }
        };
        if self.cache.len() >= STEM_CACHE_MAX {
            self.cache.clear();
        }
        self.cache
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
