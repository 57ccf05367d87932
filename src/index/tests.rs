use super::*;
use crate::classify::{Category, Classification, Risk, Signal};
use crate::manifest::parse_tool;
use serde_json::json;

fn class(category: Category, risk: Risk, signals: &[&str]) -> Classification {
    Classification {
        category,
        risk,
        signals: signals
            .iter()
            .map(|s| Signal {
                id: s.to_string(),
                label: format!("label {s}"),
                evidence: "e".into(),
            })
            .collect(),
        rationale: String::new(),
        evidence: String::new(),
        confidence: 1.0,
        decided_by: "test".into(),
        rules_version: "t".into(),
    }
}

/// An index of a few tools with hand-picked classifications.
fn fixture() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::create(&dir.path().join("index")).unwrap();
    let mut w = index.writer().unwrap();
    let f = *w.fields();
    let docs = [
        (
            "fs",
            json!({"name": "search_files", "description": "Find files matching a pattern", "inputSchema": {"properties": {"pattern": {}}}}),
            class(Category::Read, Risk::Low, &["fs_path"]),
        ),
        (
            "fs",
            json!({"name": "read_file", "description": "Read a file. You can search its text with grep later."}),
            class(Category::Read, Risk::Low, &["fs_path"]),
        ),
        (
            "fs",
            json!({"name": "deleteFile", "description": "Delete a file permanently", "inputSchema": {"properties": {"filePath": {}}}}),
            class(
                Category::Destructive,
                Risk::Critical,
                &["fs_path", "irreversible"],
            ),
        ),
        (
            "pay",
            json!({"name": "create_refund", "description": "Refund a charge"}),
            class(Category::Financial, Risk::Critical, &["money"]),
        ),
        (
            "pay",
            json!({"name": "list_charges", "description": "List charges"}),
            class(Category::Read, Risk::Low, &[]),
        ),
        (
            "shell",
            json!({"name": "run_command", "description": "Run a shell command", "inputSchema": {"properties": {"command": {}}}}),
            class(Category::Execute, Risk::Critical, &["code_exec"]),
        ),
        (
            "notes",
            json!({"name": "update_note", "title": "Update a note", "description": "Edit the body of a note"}),
            class(Category::Write, Risk::Medium, &[]),
        ),
    ];
    for (server, raw, c) in docs {
        let tool = parse_tool(&raw).unwrap();
        w.add(f.document(server, &tool, &c)).unwrap();
    }
    w.commit(&IndexState {
        schema: SCHEMA_VERSION,
        catalog: "c".into(),
        generation: 7,
    })
    .unwrap();
    (dir, index)
}

fn names(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.name.clone()).collect()
}

fn query(q: &str) -> SearchRequest {
    SearchRequest {
        query: Some(q.into()),
        limit: 10,
        ..SearchRequest::default()
    }
}

#[test]
fn a_word_in_the_name_outranks_the_same_word_in_a_description() {
    let (_d, index) = fixture();
    let r = index.search(&query("search")).unwrap();
    assert_eq!(names(&r), ["search_files", "read_file"]);
    assert!(r.hits[0].score > r.hits[1].score);
    assert!(!r.fuzzy);
}

#[test]
fn names_are_split_and_stemmed() {
    let (_d, index) = fixture();
    // camelCase name, plural query, parameter name.
    assert_eq!(
        names(&index.search(&query("delete files")).unwrap()),
        ["deleteFile"]
    );
    assert_eq!(
        names(&index.search(&query("file path")).unwrap()),
        ["deleteFile"]
    );
    // Exact full name first.
    let r = index.search(&query("read_file")).unwrap();
    assert_eq!(r.hits[0].name, "read_file");
    // Every word must match somewhere.
    assert!(index.search(&query("refund file")).unwrap().hits.is_empty());
}

#[test]
fn typos_fall_back_to_fuzzy_matches() {
    let (_d, index) = fixture();
    let r = index.search(&query("refnd")).unwrap();
    assert!(r.fuzzy);
    assert_eq!(names(&r), ["create_refund"]);
    let r = index.search(&query("comand")).unwrap();
    assert_eq!(names(&r), ["run_command"]);
    assert!(index.search(&query("zzzzqqq")).unwrap().hits.is_empty());
}

#[test]
fn filters_without_a_query_list_riskiest_first() {
    let (_d, index) = fixture();
    let all = index
        .search(&SearchRequest {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    // Critical first (Financial > Execute > Destructive by category severity), then by server, name.
    assert_eq!(
        names(&all),
        [
            "create_refund",
            "deleteFile",
            "run_command",
            "update_note",
            "read_file",
            "search_files",
            "list_charges"
        ]
    );
    let r = index
        .search(&SearchRequest {
            categories: vec![Category::Read],
            server: Some("fs".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["read_file", "search_files"]);
    let r = index
        .search(&SearchRequest {
            signals: vec!["irreversible".into(), "money".into()],
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["create_refund", "deleteFile"]);
    let r = index
        .search(&SearchRequest {
            query: Some("file".into()),
            risks: vec![Risk::Critical],
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&r), ["deleteFile"]);
}

#[test]
fn counts_cover_the_whole_result_set_not_the_page() {
    let (_d, index) = fixture();
    let r = index
        .search(&SearchRequest {
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.total, 7);
    assert_eq!(r.by_category, [3, 1, 1, 1, 1]);
    assert_eq!(r.by_risk, [3, 1, 0, 3]);
    let r = index
        .search(&SearchRequest {
            query: Some("file".into()),
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.by_category, [2, 0, 0, 1, 0]);
    let h = &r.hits[0];
    assert!(!h.server.is_empty() && !h.description.is_empty());
}

#[test]
fn state_is_read_back_and_other_schemas_are_refused() {
    let (d, index) = fixture();
    drop(index);
    let path = d.path().join("index");
    let reopened = SearchIndex::open(&path).unwrap();
    assert_eq!(reopened.state().unwrap().generation, 7);
    let mut w = reopened.writer().unwrap();
    w.commit(&IndexState {
        schema: SCHEMA_VERSION + 1,
        catalog: "c".into(),
        generation: 7,
    })
    .unwrap();
    drop(w);
    assert!(
        SearchIndex::open(&path).is_none(),
        "an index of another schema version is not used"
    );
    assert!(SearchIndex::open(&d.path().join("missing")).is_none());
}

/// A larger index for checking the listing walk and the counting collector against brute
/// force: several segments, deleted documents, and server and tool names that test the order
/// key's escaping (NUL, 0x01, one name a prefix of another).
struct Model {
    _dir: tempfile::TempDir,
    index: SearchIndex,
    /// The live tools: server, name, category, risk, signals.
    tools: Vec<(String, String, Category, Risk, Vec<&'static str>)>,
}

fn model() -> Model {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::create(&dir.path().join("index")).unwrap();
    let servers = [
        "a", "ab", "abc", "a\u{0}b", "a\u{1}", "b", "zeta", "ab\u{0}",
    ];
    let verbs = [
        "list", "get", "delete", "create", "run", "x\u{0}", "x\u{1}y", "x",
    ];
    let nouns = ["files", "issue", "user", "pod", "charge", ""];
    let words = ["alpha", "beta", "gamma", "delta"];
    let mut seed = 12345u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut tools = Vec::new();
    let mut w = index.writer().unwrap();
    let f = *w.fields();
    let mut seen = std::collections::HashSet::new();
    for batch in 0..3 {
        for _ in 0..250 {
            let server = servers[next(servers.len())].to_string();
            let mut name = format!(
                "{}_{}{}",
                verbs[next(verbs.len())],
                nouns[next(nouns.len())],
                next(4)
            );
            if next(10) == 0 {
                // Longer than an order key holds: ties of cut keys are settled by name.
                name = format!("{}{name}", "n".repeat(schema::ORDER_KEY_MAX));
            }
            if !seen.insert((server.clone(), name.clone())) {
                continue;
            }
            let category = Category::ALL[next(5)];
            let risk = Risk::ALL[next(4)];
            let mut signals: Vec<&'static str> = ["fs_path", "money"]
                .into_iter()
                .filter(|_| next(3) == 0)
                .collect();
            if name.len() > schema::ORDER_KEY_MAX {
                // Listings with a signal filter keep index order among cut keys: not compared.
                signals.clear();
            }
            let description = format!(
                "{} {} {}",
                words[next(4)],
                words[next(4)],
                if next(2) == 0 { "list" } else { "" }
            );
            let raw = json!({"name": name, "description": description});
            let tool = parse_tool(&raw).unwrap();
            w.add(f.document(&server, &tool, &class(category, risk, &signals)))
                .unwrap();
            tools.push((server, name, category, risk, signals));
        }
        if batch == 2 {
            // Delete every seventh tool (in older segments too).
            let mut kept = Vec::new();
            for (i, t) in tools.into_iter().enumerate() {
                if i % 7 == 3 {
                    w.delete_tool(&t.0, &t.1);
                } else {
                    kept.push(t);
                }
            }
            tools = kept;
        }
        let state = IndexState {
            schema: SCHEMA_VERSION,
            catalog: "c".into(),
            generation: batch,
        };
        w.commit(&state).unwrap();
        index.set_state(state);
    }
    drop(w);
    assert!(index.reader().unwrap().searcher().segment_readers().len() >= 3);
    assert!(
        tools
            .iter()
            .filter(|t| t.1.len() > schema::ORDER_KEY_MAX)
            .count()
            > 20
    );
    Model {
        _dir: dir,
        index,
        tools,
    }
}

fn brute_counts<'a>(
    tools: impl Iterator<Item = &'a (String, String, Category, Risk, Vec<&'static str>)>,
) -> (u64, [u64; 5], [u64; 4]) {
    let mut out = (0, [0; 5], [0; 4]);
    for t in tools {
        out.0 += 1;
        out.1[schema::category_ord(t.2) as usize] += 1;
        out.2[schema::risk_ord(t.3) as usize] += 1;
    }
    out
}

#[test]
fn listings_are_in_order_with_exact_counts() {
    let m = model();
    let category_sets: [&[Category]; 4] = [
        &[],
        &[Category::Read],
        &[Category::Write, Category::Execute],
        &[Category::Financial, Category::Destructive, Category::Read],
    ];
    let risk_sets: [&[Risk]; 3] = [&[], &[Risk::Low], &[Risk::Critical, Risk::Medium]];
    let servers = [None, Some("ab"), Some("a\u{0}b"), Some("nobody")];
    let signal_sets: [&[&str]; 2] = [&[], &["money"]];
    for cats in category_sets {
        for risks in risk_sets {
            for server in servers {
                for signals in signal_sets {
                    for limit in [0, 1, 7, 2000] {
                        let req = SearchRequest {
                            categories: cats.to_vec(),
                            risks: risks.to_vec(),
                            server: server.map(str::to_string),
                            signals: signals.iter().map(|s| s.to_string()).collect(),
                            limit,
                            ..Default::default()
                        };
                        let mut want: Vec<_> = m
                            .tools
                            .iter()
                            .filter(|t| cats.is_empty() || cats.contains(&t.2))
                            .filter(|t| risks.is_empty() || risks.contains(&t.3))
                            .filter(|t| server.is_none_or(|s| t.0 == s))
                            .filter(|t| {
                                signals.is_empty() || signals.iter().any(|s| t.4.contains(s))
                            })
                            .collect();
                        let counts = brute_counts(want.iter().copied());
                        want.sort_by(|a, b| {
                            schema::risk_ord(b.3)
                                .cmp(&schema::risk_ord(a.3))
                                .then(schema::category_ord(b.2).cmp(&schema::category_ord(a.2)))
                                .then(a.0.cmp(&b.0))
                                .then(a.1.cmp(&b.1))
                        });
                        let want: Vec<(String, String)> = want
                            .into_iter()
                            .take(limit)
                            .map(|t| (t.0.clone(), t.1.clone()))
                            .collect();
                        let r = m.index.search(&req).unwrap();
                        let got: Vec<(String, String)> = r
                            .hits
                            .iter()
                            .map(|h| (h.server.clone(), h.name.clone()))
                            .collect();
                        assert_eq!(got, want, "{req:?}");
                        assert_eq!((r.total, r.by_category, r.by_risk), counts, "{req:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn text_searches_count_exactly_and_rank_like_top_docs() {
    use tantivy::collector::{DocSetCollector, TopDocs};
    use tantivy::schema::Value;
    let m = model();
    let searcher = m.index.reader().unwrap().searcher();
    let f = *m.index.fields();
    for text in ["list", "alpha beta", "get files", "delta", "x"] {
        for (cats, risks) in [
            (vec![], vec![]),
            (vec![Category::Read], vec![]),
            (vec![], vec![Risk::High, Risk::Low]),
            (
                vec![Category::Write, Category::Destructive],
                vec![Risk::Critical],
            ),
        ] {
            for limit in [0, 3, 10, 1000] {
                let req = SearchRequest {
                    query: Some(text.into()),
                    categories: cats.clone(),
                    risks: risks.clone(),
                    limit,
                    ..Default::default()
                };
                let r = m.index.search(&req).unwrap();
                // The reference: category and risk as query clauses, tantivy's collectors.
                let mut analyzer = m.index.index().tokenizer_for_field(f.description).unwrap();
                let mut terms: Vec<String> = Vec::new();
                for w in crate::classify::tokens::split_name(text) {
                    for t in schema::analyze(&mut analyzer, &w) {
                        if !terms.contains(&t) {
                            terms.push(t);
                        }
                    }
                }
                let query = search::build_query(
                    &f,
                    &terms,
                    &text.to_lowercase(),
                    false,
                    m.index.filters(&req),
                );
                let (top, all) = searcher
                    .search(
                        &query,
                        &(
                            TopDocs::with_limit(limit.max(1)).order_by_score(),
                            DocSetCollector,
                        ),
                    )
                    .unwrap();
                let mut counts = (0, [0u64; 5], [0u64; 4]);
                for addr in &all {
                    let doc: TantivyDocument = searcher.doc(*addr).unwrap();
                    let rank = doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap();
                    let (c, k) = schema::unrank(rank);
                    counts.0 += 1;
                    counts.1[schema::category_ord(c) as usize] += 1;
                    counts.2[schema::risk_ord(k) as usize] += 1;
                }
                if r.fuzzy {
                    // Nothing matched exactly; the typo-tolerant fallback answered instead.
                    assert_eq!(counts.0, 0, "{req:?}");
                    continue;
                }
                assert_eq!((r.total, r.by_category, r.by_risk), counts, "{req:?}");
                let want: Vec<f32> = top.iter().take(limit).map(|(s, _)| *s).collect();
                let got: Vec<f32> = r.hits.iter().map(|h| h.score).collect();
                assert_eq!(got, want, "{req:?}");
            }
        }
    }
}

#[test]
fn the_cached_stemmer_stems_like_the_stemmer() {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
    let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build();
    let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(schema::CachedStemmer)
        .build();
    let text = "Deleting files, deleted FILES and running runners: generously generalized \
                generalizations of the repositories' repository, é école écoles";
    // Twice through the cached one: the second pass answers from the cache.
    for _ in 0..2 {
        assert_eq!(
            schema::analyze(&mut cached, text),
            schema::analyze(&mut plain, text)
        );
    }
}

#[test]
fn a_server_name_longer_than_an_order_key_is_still_listed() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::create(&dir.path().join("index")).unwrap();
    let mut w = index.writer().unwrap();
    let f = *w.fields();
    let long = "s".repeat(schema::ORDER_KEY_MAX + 10);
    for (server, name) in [(long.as_str(), "b"), (long.as_str(), "a"), ("short", "c")] {
        let tool = parse_tool(&json!({ "name": name })).unwrap();
        w.add(f.document(server, &tool, &class(Category::Read, Risk::Low, &[])))
            .unwrap();
    }
    w.commit(&IndexState {
        schema: SCHEMA_VERSION,
        catalog: "c".into(),
        generation: 1,
    })
    .unwrap();
    drop(w);
    let index = SearchIndex::open(&dir.path().join("index")).unwrap();
    let r = index
        .search(&SearchRequest {
            server: Some(long.clone()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 2);
    assert_eq!(r.hits.len(), 2);
    assert!(r.hits.iter().all(|h| h.server == long));
}
