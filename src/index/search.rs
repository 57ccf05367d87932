//! Searching the index: BM25 over names, titles, descriptions, parameter names and server
//! names, typo-tolerant as a fallback, with filters and per-category/per-risk counts over the
//! whole result set. Text searches collect with the `collect` module's one-pass collector;
//! listings without a query walk the `order` field instead.

use super::SearchIndex;
use super::collect::TopAndCounts;
use super::schema::RANKS;
use super::schema::{self, Fields, analyze};
use crate::classify::tokens::split_name;
use crate::classify::{Category, Risk, Signal, needs_review};
use crate::error::Error;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::SortByString;
use tantivy::columnar::ColumnValues;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Order, SegmentOrdinal, SegmentReader, TERMINATED, TantivyDocument, Term,
};

/// What to look for. Repeated values of one filter are alternatives (any category listed);
/// different filters must all hold.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: Option<String>,
    pub categories: Vec<Category>,
    pub risks: Vec<Risk>,
    pub signals: Vec<String>,
    pub server: Option<String>,
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub server: String,
    pub name: String,
    pub category: Category,
    pub risk: Risk,
    /// The classification's confidence, as `show` prints it.
    pub confidence: f64,
    /// Whether a person should confirm the classification: the confidence is below
    /// [`crate::classify::REVIEW_BELOW`], as `show` and `classify` mark it.
    pub review: bool,
    pub signals: Vec<Signal>,
    pub description: String,
    pub score: f32,
}

/// The shown hits and counts over every match.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResults {
    pub total: u64,
    /// Matches per category, indexed like [`Category::ALL`].
    pub by_category: [u64; 5],
    /// Matches per risk level, indexed like [`Risk::ALL`].
    pub by_risk: [u64; 4],
    pub hits: Vec<Hit>,
    /// True when the exact query found nothing and these are typo-tolerant matches.
    pub fuzzy: bool,
}

/// Field boosts: a word in the tool's name says more than one in its description.
const BOOSTS: [(FieldPick, f32); 5] = [
    (FieldPick::NameWords, 3.0),
    (FieldPick::Title, 1.5),
    (FieldPick::Description, 1.0),
    (FieldPick::Params, 1.0),
    (FieldPick::ServerWords, 0.5),
];
/// Boost of an exact match of the whole query on the whole tool name.
const EXACT_NAME_BOOST: f32 = 6.0;

#[derive(Clone, Copy)]
enum FieldPick {
    NameWords,
    Title,
    Description,
    Params,
    ServerWords,
}

impl FieldPick {
    fn of(self, f: &Fields) -> Field {
        match self {
            FieldPick::NameWords => f.name_words,
            FieldPick::Title => f.title,
            FieldPick::Description => f.description,
            FieldPick::Params => f.params,
            FieldPick::ServerWords => f.server_words,
        }
    }
}

/// Edit distance allowed for a typo-tolerant term.
fn fuzzy_distance(term: &str) -> u8 {
    if term.chars().count() <= 5 { 1 } else { 2 }
}

impl SearchIndex {
    /// Runs a search on the last commit.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, Error> {
        let reader = self.reader()?;
        let searcher = reader.searcher();
        let f = *self.fields();
        let text = req
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());

        let Some(text) = text else {
            return self.list(&searcher, req);
        };
        // Category and risk filters are applied while collecting, from the rank column each
        // match is read for anyway (for the counts), not as query clauses: intersecting a text
        // query with a rank's posting list (half a million documents for `--risk low` at a
        // million tools) cost ten times the text query itself.
        let filters = self.term_filters(req);
        let mask = rank_mask(req);
        let mut analyzer = self
            .index()
            .tokenizer_for_field(f.description)
            .map_err(|e| self.err(e))?;
        let mut terms: Vec<String> = Vec::new();
        for word in split_name(text) {
            for t in analyze(&mut analyzer, &word) {
                if !terms.contains(&t) {
                    terms.push(t);
                }
            }
        }
        let whole = text.to_lowercase();
        for fuzzy in [false, true] {
            if fuzzy && terms.is_empty() {
                break;
            }
            let query = build_query(
                &f,
                &terms,
                &whole,
                fuzzy,
                filters.iter().map(|(o, q)| (*o, q.box_clone())).collect(),
            );
            let (top, counts) = searcher
                .search(
                    &query,
                    &TopAndCounts {
                        limit: req.limit,
                        mask,
                    },
                )
                .map_err(|e| self.err(e))?;
            if counts.iter().sum::<u64>() > 0 || fuzzy {
                let addrs = if req.limit == 0 { Vec::new() } else { top };
                return self.results(&searcher, addrs, &counts, fuzzy);
            }
        }
        Ok(SearchResults::default())
    }

    /// A listing without a query: the tools the filters select, riskiest first, then by
    /// category, server and name.
    ///
    /// Filtered by category, risk and server only (the common case), nothing is sorted and no
    /// match is visited one by one: the `order` field's term dictionary is already in listing
    /// order, so each segment reads terms from the start of the first selected rank until it
    /// has `limit` live documents, and the counts come from the document frequencies of the
    /// `rank` terms. At a million tools this is what turns `--risk Low` (hundreds of thousands
    /// of matches) from a sort of every match into a few dictionary reads.
    fn list(
        &self,
        searcher: &tantivy::Searcher,
        req: &SearchRequest,
    ) -> Result<SearchResults, Error> {
        // A server name too long for its keys to hold it whole cannot be walked to by prefix.
        let long_server = req
            .server
            .as_deref()
            .is_some_and(|s| schema::order_prefix(0, Some(s)).len() >= schema::ORDER_KEY_MAX);
        if !req.signals.is_empty() || long_server {
            return self.list_by_sorting(searcher, req);
        }
        let f = *self.fields();
        let mask = rank_mask(req);
        let mut counts = [0u64; RANKS];
        let mut found: Vec<(Vec<u8>, DocAddress)> = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            match &req.server {
                None => count_ranks(&f, segment, &mask, &mut counts),
                Some(s) => count_server(&f, segment, s, &mask, &mut counts),
            }
            .map_err(|e| self.err(e))?;
            if req.limit > 0 {
                first_in_order(&f, segment, ord as u32, req, &mask, &mut found)
                    .map_err(|e| self.err(e))?;
            }
        }
        // The keys are the order itself. Equal keys happen only for names cut at the keys'
        // length limit (a segment's walk reads all the documents of a key, so none of a tie is
        // missing); the stored names settle those.
        let mut found: Vec<Candidate> = found
            .into_iter()
            .map(|(key, addr)| {
                let names = if key.len() + 4 > schema::ORDER_KEY_MAX {
                    Some(self.server_and_name(searcher, addr)?)
                } else {
                    None
                };
                Ok((key, names, addr))
            })
            .collect::<Result<_, Error>>()?;
        found.sort();
        found.truncate(req.limit);
        let addrs = found.into_iter().map(|(_, _, a)| (0.0, a)).collect();
        self.results(searcher, addrs, &counts, false)
    }

    /// The stored server and tool name of a document.
    fn server_and_name(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<(String, String), Error> {
        let f = self.fields();
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
        Ok((stored_text(&doc, f.server), stored_text(&doc, f.name)))
    }

    /// A listing with a signal filter (or of a server with a name too long for the order
    /// keys): the filter's matches sorted by the `order` column. Tools whose keys were cut
    /// (server and tool name over 16 KiB together) are in index order among themselves here.
    fn list_by_sorting(
        &self,
        searcher: &tantivy::Searcher,
        req: &SearchRequest,
    ) -> Result<SearchResults, Error> {
        let query = BooleanQuery::new(self.filters(req));
        let order = TopDocs::with_limit(req.limit.max(1))
            .order_by((SortByString::for_field("order"), Order::Asc));
        let (top, (_, counts)) = searcher
            .search(
                &query,
                &(
                    order,
                    TopAndCounts {
                        limit: 0,
                        mask: [true; RANKS],
                    },
                ),
            )
            .map_err(|e| self.err(e))?;
        let addrs: Vec<(f32, DocAddress)> = if req.limit == 0 {
            Vec::new()
        } else {
            top.into_iter().map(|(_, a)| (0.0, a)).collect()
        };
        self.results(searcher, addrs, &counts, false)
    }

    /// Filter clauses (scoring nothing) for every filter.
    pub(super) fn filters(&self, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields();
        let mut out = self.term_filters(req);
        if !req.categories.is_empty() || !req.risks.is_empty() {
            // Category and risk filters together select a set of ranks.
            let terms = rank_mask(req)
                .iter()
                .enumerate()
                .filter(|(_, on)| **on)
                .map(|(r, _)| Term::from_field_u64(f.rank, r as u64))
                .collect();
            out.push((Occur::Must, any_of(terms)));
        }
        out
    }

    /// Filter clauses for the signal and server filters.
    fn term_filters(&self, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields();
        let mut out = Vec::new();
        if !req.signals.is_empty() {
            let terms = req
                .signals
                .iter()
                .map(|s| Term::from_field_text(f.signal, s))
                .collect();
            out.push((Occur::Must, any_of(terms)));
        }
        if let Some(s) = &req.server {
            out.push((
                Occur::Must,
                any_of(vec![Term::from_field_text(f.server, s)]),
            ));
        }
        out
    }

    fn results(
        &self,
        searcher: &tantivy::Searcher,
        addrs: Vec<(f32, DocAddress)>,
        counts: &[u64; RANKS],
        fuzzy: bool,
    ) -> Result<SearchResults, Error> {
        let f = self.fields();
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let text = |field: Field| stored_text(&doc, field);
            let (category, risk) =
                schema::unrank(doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap_or(0));
            // Every document of this schema stores it; were it missing, the tool is marked
            // for review rather than passed as certain.
            let confidence = doc
                .get_first(f.confidence)
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            hits.push(Hit {
                server: text(f.server),
                name: text(f.name),
                category,
                risk,
                confidence,
                review: needs_review(confidence),
                signals: serde_json::from_str(&text(f.signals_json)).unwrap_or_default(),
                description: text(f.description),
                score,
            });
        }
        let mut out = SearchResults {
            hits,
            fuzzy,
            ..SearchResults::default()
        };
        for (rank, n) in counts.iter().enumerate() {
            let (c, r) = schema::unrank(rank as u64);
            out.total += n;
            out.by_category[schema::category_ord(c) as usize] += n;
            out.by_risk[schema::risk_ord(r) as usize] += n;
        }
        Ok(out)
    }
}

/// A filter clause matching any of `terms`, scoring nothing.
fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(clauses)),
        0.0,
    ))
}

/// A listing candidate: its order key, its server and tool name when the key was cut, its
/// address.
type Candidate = (Vec<u8>, Option<(String, String)>, DocAddress);

/// Which ranks the category and risk filters let through (all, when there are none).
pub(super) fn rank_mask(req: &SearchRequest) -> [bool; RANKS] {
    let mut mask = [false; RANKS];
    let categories: &[Category] = if req.categories.is_empty() {
        &Category::ALL
    } else {
        &req.categories
    };
    let risks: &[Risk] = if req.risks.is_empty() {
        &Risk::ALL
    } else {
        &req.risks
    };
    for c in categories {
        for r in risks {
            mask[schema::rank(*c, *r) as usize] = true;
        }
    }
    mask
}

/// Adds a segment's live documents of each selected rank to `counts`: the `rank` terms'
/// document frequencies, less the deleted documents (which the frequencies still count).
fn count_ranks(
    f: &Fields,
    segment: &SegmentReader,
    mask: &[bool; RANKS],
    counts: &mut [u64; RANKS],
) -> tantivy::Result<()> {
    let inverted = segment.inverted_index(f.rank)?;
    let mut here = [0u64; RANKS];
    for (rank, n) in here.iter_mut().enumerate() {
        if mask[rank] {
            *n = u64::from(inverted.doc_freq(&Term::from_field_u64(f.rank, rank as u64))?);
        }
    }
    if let Some(alive) = segment.alive_bitset()
        && segment.num_deleted_docs() > 0
    {
        let ranks = segment.fast_fields().u64("rank")?.first_or_default_col(0);
        for doc in 0..segment.max_doc() {
            if alive.is_deleted(doc) {
                let rank = (ranks.get_val(doc) as usize).min(RANKS - 1);
                here[rank] = here[rank].saturating_sub(1);
            }
        }
    }
    for (total, n) in counts.iter_mut().zip(here) {
        *total += n;
    }
    Ok(())
}

/// Adds a segment's live documents of one server with a selected rank to `counts` (a server
/// has few tools: they are read one by one).
fn count_server(
    f: &Fields,
    segment: &SegmentReader,
    server: &str,
    mask: &[bool; RANKS],
    counts: &mut [u64; RANKS],
) -> tantivy::Result<()> {
    let inverted = segment.inverted_index(f.server)?;
    let Some(mut postings) = inverted.read_postings(
        &Term::from_field_text(f.server, server),
        IndexRecordOption::Basic,
    )?
    else {
        return Ok(());
    };
    let ranks = segment.fast_fields().u64("rank")?.first_or_default_col(0);
    let alive = segment.alive_bitset();
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            let rank = (ranks.get_val(doc) as usize).min(RANKS - 1);
            if mask[rank] {
                counts[rank] += 1;
            }
        }
        doc = postings.advance();
    }
    Ok(())
}

/// The first `req.limit` live documents of a segment in listing order (of the selected ranks,
/// and of `req.server` when given), with their order keys, added to `found`.
fn first_in_order(
    f: &Fields,
    segment: &SegmentReader,
    ord: SegmentOrdinal,
    req: &SearchRequest,
    mask: &[bool; RANKS],
    found: &mut Vec<(Vec<u8>, DocAddress)>,
) -> tantivy::Result<()> {
    let inverted = segment.inverted_index(f.order)?;
    let alive = segment.alive_bitset();
    let mut here = 0usize;
    for rank in (0..RANKS).filter(|r| mask[*r]) {
        // Every key of the rank (and server) starts with `from`; `to` is the first byte
        // string past them all.
        let from = schema::order_prefix(rank as u64, req.server.as_deref()).into_bytes();
        let mut to = from.clone();
        *to.last_mut().expect("a prefix is never empty") += 1;
        let mut terms = inverted.terms().range().ge(&from).lt(&to).into_stream()?;
        while terms.advance() {
            let mut postings =
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    found.push((terms.key().to_vec(), DocAddress::new(ord, doc)));
                    here += 1;
                }
                doc = postings.advance();
            }
            if here >= req.limit {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Every query term must match in some field (field-boosted BM25, or constant-score fuzzy
/// matches); an exact match of the whole query on the tool name adds a large bonus.
pub(super) fn build_query(
    f: &Fields,
    terms: &[String],
    whole: &str,
    fuzzy: bool,
    mut clauses: Vec<(Occur, Box<dyn Query>)>,
) -> BooleanQuery {
    for t in terms {
        let per_field: Vec<(Occur, Box<dyn Query>)> = BOOSTS
            .iter()
            .map(|(pick, boost)| {
                let term = Term::from_field_text(pick.of(f), t);
                let q: Box<dyn Query> = if fuzzy {
                    Box::new(FuzzyTermQuery::new(term, fuzzy_distance(t), true))
                } else {
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                };
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(q, *boost)) as Box<dyn Query>,
                )
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(per_field))));
    }
    let exact: Box<dyn Query> = Box::new(BoostQuery::new(
        Box::new(TermQuery::new(
            Term::from_field_text(f.name_lc, whole),
            IndexRecordOption::WithFreqs,
        )),
        EXACT_NAME_BOOST,
    ));
    // With no analysable words (a query of punctuation), the exact name is all there is to match.
    clauses.push((
        if terms.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        },
        exact,
    ));
    BooleanQuery::new(clauses)
}

/// A stored text field of a document (empty when absent).
fn stored_text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}
