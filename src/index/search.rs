//! Searching the index: BM25 over names, titles, descriptions, parameter names and server
//! names, typo-tolerant as a fallback, with filters and per-category/per-risk counts over the
//! whole result set.

use super::SearchIndex;
use super::schema::{self, Fields, analyze};
use crate::classify::tokens::split_name;
use crate::classify::{Category, Risk, Signal};
use crate::error::Error;
use serde::Serialize;
use std::sync::Arc;
use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::ColumnValues;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
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
        let filters = self.filters(req);
        let text = req
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());

        let Some(text) = text else {
            // No query: list the matches riskiest first, then by server and name.
            let query: Box<dyn Query> = if filters.is_empty() {
                Box::new(AllQuery)
            } else {
                Box::new(BooleanQuery::new(filters))
            };
            let order = TopDocs::with_limit(req.limit.max(1)).order_by((
                (
                    (SortByStaticFastValue::<u64>::for_field("risk"), Order::Desc),
                    (
                        SortByStaticFastValue::<u64>::for_field("category"),
                        Order::Desc,
                    ),
                ),
                (
                    (SortByString::for_field("server"), Order::Asc),
                    (SortByString::for_field("name"), Order::Asc),
                ),
            ));
            let (top, counts) = searcher
                .search(&query, &(order, Counts))
                .map_err(|e| self.err(e))?;
            let addrs: Vec<(f32, DocAddress)> = if req.limit == 0 {
                Vec::new()
            } else {
                top.into_iter().map(|(_, a)| (0.0, a)).collect()
            };
            return self.results(&searcher, addrs, counts, false);
        };

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
            let top = TopDocs::with_limit(req.limit.max(1)).order_by_score();
            let (top, counts) = searcher
                .search(&query, &(top, Counts))
                .map_err(|e| self.err(e))?;
            if counts.0 > 0 || fuzzy {
                let addrs = if req.limit == 0 { Vec::new() } else { top };
                return self.results(&searcher, addrs, counts, fuzzy);
            }
        }
        Ok(SearchResults::default())
    }

    /// Filter clauses (scoring nothing).
    fn filters(&self, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields();
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
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
        };
        let mut out = Vec::new();
        if !req.categories.is_empty() {
            let terms = req
                .categories
                .iter()
                .map(|c| Term::from_field_u64(f.category, schema::category_ord(*c)))
                .collect();
            out.push((Occur::Must, any_of(terms)));
        }
        if !req.risks.is_empty() {
            let terms = req
                .risks
                .iter()
                .map(|r| Term::from_field_u64(f.risk, schema::risk_ord(*r)))
                .collect();
            out.push((Occur::Must, any_of(terms)));
        }
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
        counts: (u64, [u64; 5], [u64; 4]),
        fuzzy: bool,
    ) -> Result<SearchResults, Error> {
        let f = self.fields();
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let num =
                |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            hits.push(Hit {
                server: text(f.server),
                name: text(f.name),
                category: Category::ALL[num(f.category).min(4)],
                risk: Risk::ALL[num(f.risk).min(3)],
                signals: serde_json::from_str(&text(f.signals_json)).unwrap_or_default(),
                description: text(f.description),
                score,
            });
        }
        Ok(SearchResults {
            total: counts.0,
            by_category: counts.1,
            by_risk: counts.2,
            hits,
            fuzzy,
        })
    }
}

/// Every query term must match in some field (field-boosted BM25, or constant-score fuzzy
/// matches); an exact match of the whole query on the tool name adds a large bonus.
fn build_query(
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

/// Counts matches per category and per risk level from the fast fields, without loading
/// documents.
struct Counts;

struct SegmentCounts {
    category: Arc<dyn ColumnValues<u64>>,
    risk: Arc<dyn ColumnValues<u64>>,
    counts: (u64, [u64; 5], [u64; 4]),
}

impl Collector for Counts {
    type Fruit = (u64, [u64; 5], [u64; 4]);
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let ff = segment.fast_fields();
        Ok(SegmentCounts {
            category: ff.u64("category")?.first_or_default_col(0),
            risk: ff.u64("risk")?.first_or_default_col(0),
            counts: (0, [0; 5], [0; 4]),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out = (0, [0; 5], [0; 4]);
        for (n, c, r) in fruits {
            out.0 += n;
            for (total, n) in out.1.iter_mut().zip(c) {
                *total += n;
            }
            for (total, n) in out.2.iter_mut().zip(r) {
                *total += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = (u64, [u64; 5], [u64; 4]);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.counts.0 += 1;
        self.counts.1[(self.category.get_val(doc) as usize).min(4)] += 1;
        self.counts.2[(self.risk.get_val(doc) as usize).min(3)] += 1;
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}
