//! `mcprisk site`: the catalog as a static, self-contained HTML site.
//!
//! ```text
//! DIR/index.html                          counts, search and filters, every server
//! DIR/index.js                            the search index (window.MCPRISK_INDEX)
//! DIR/assets/{style.css,search.js,copy.js}
//! DIR/servers/<server>/index.html         a server: counts, tools riskiest first
//! DIR/servers/<server>/tools/<tool>.html  a tool: verdict, signals, attack patterns,
//!                                         parameters, annotations, policy
//! ```
//!
//! URLs are stable: a name made only of lower-case letters, digits, `-`, `_` and `.` is its own
//! slug; any other name is folded to those characters and followed by a hash of the exact name,
//! so two names never share a page (also on case-insensitive file systems) and a page keeps its
//! URL from one run to the next. The output holds no timestamps of its own: the same catalog
//! writes the same site.
//!
//! The index is a script (`index.js`) rather than a JSON file fetched at run time because
//! browsers refuse `fetch()` of `file://` URLs; its JSON is written with `<`, `>` and `&`
//! escaped, so no string in it can end the script.
//!
//! Speed: the catalog is streamed server by server; pages are rendered and written by one
//! worker per core.

pub mod assets;
pub mod escape;
pub mod pages;

use crate::attacks::Attacks;
use crate::catalog::Catalog;
use crate::classify::{Category, Classifier, Risk};
use crate::error::Error;
use crate::store::{StoredServer, StoredTool};
use crate::view::{Counts, ToolView};
use pages::{ServerEntry, ServerFacts, ToolRow};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

/// Marks a directory as written by `mcprisk site`: only such a directory is ever cleaned.
const MARKER: &str = ".mcprisk-site";
/// Characters of a description kept in the search index.
const INDEX_DESCRIPTION_CHARS: usize = 200;

pub struct Options {
    pub out: PathBuf,
    pub title: String,
}

/// What a run wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub servers: usize,
    pub tools: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The slug of a name (see the module documentation).
pub fn slug(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' | '.' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .take(60)
        .collect();
    let folded = folded.trim_matches(|c| c == '.' || c == '-').to_string();
    if folded == name && !folded.is_empty() {
        return folded;
    }
    let hash = hex10(name);
    if folded.is_empty() {
        hash
    } else {
        format!("{folded}-{hash}")
    }
}

fn hex10(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    digest[..5].iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// Makes `out` ready: created when missing, cleaned when an earlier run wrote it, refused when
/// it holds anything else (we never delete files we did not write).
fn prepare(out: &Path) -> Result<(), Error> {
    if out.exists() {
        let marker = out.join(MARKER);
        let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty && !marker.exists() {
            return Err(Error::Usage(format!(
                "{} is not empty and was not written by `mcprisk site`; choose a new or empty directory",
                out.display()
            )));
        }
        let servers = out.join("servers");
        if servers.exists() {
            std::fs::remove_dir_all(&servers).map_err(io(&servers))?;
        }
    }
    std::fs::create_dir_all(out.join("assets")).map_err(io(out))?;
    std::fs::write(
        out.join(MARKER),
        "written by mcprisk site; the next run replaces this directory's pages\n",
    )
    .map_err(io(out))
}

/// One row of the search index: [server, name, category, risk, signals, description, url,
/// review] (review is 1 when a person should confirm the classification, else 0: a digit, not
/// `true`, keeps a 100k-tool index smaller).
struct IndexRow {
    server: u32,
    name: String,
    category: Category,
    risk: Risk,
    signals: Vec<String>,
    description: String,
    url: String,
    review: bool,
}

/// One server's tools, for a worker.
struct Job {
    server: StoredServer,
    index: u32,
    slug: String,
    tools: Vec<StoredTool>,
}

struct Shared<'a> {
    out: &'a Path,
    classifier: &'a Classifier,
    attacks: &'a Attacks,
    generator: &'a str,
}

/// What a worker hands back for one server.
struct Done {
    entry: ServerEntry,
    rows: Vec<IndexRow>,
    files: usize,
    bytes: u64,
    counts: ([u64; 5], [u64; 4]),
}

/// Writes the site for the whole catalog.
pub fn generate(catalog: &Catalog, attacks: &Attacks, opts: &Options) -> Result<Summary, Error> {
    let out = opts.out.as_path();
    prepare(out)?;
    let classifier = catalog.rules().classifier()?;
    let generator = format!(
        "Generated by mcprisk {} from its catalog · rules {} · attack patterns: {} {}",
        env!("CARGO_PKG_VERSION"),
        catalog.rules().version(),
        attacks.source().name,
        attacks.source().version
    );
    let mut files = 0usize;
    let mut bytes = 0u64;
    for (name, text) in [
        ("style.css", assets::STYLE_CSS),
        ("search.js", assets::SEARCH_JS),
        ("copy.js", assets::COPY_JS),
    ] {
        let path = out.join("assets").join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
        files += 1;
        bytes += text.len() as u64;
    }
    let servers = catalog.store().servers()?;
    let by_name: HashMap<&str, (u32, &StoredServer)> = servers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.info.name.as_str(), (i as u32, s)))
        .collect();
    let shared = Shared {
        out,
        classifier,
        attacks,
        generator: &generator,
    };
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let mut done: Vec<Done> = Vec::with_capacity(servers.len());
    let mut seen = vec![false; servers.len()];
    std::thread::scope(|scope| -> Result<(), Error> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = &job_rx;
                let shared = &shared;
                scope.spawn(move || -> Result<Vec<Done>, Error> {
                    let mut mine = Vec::new();
                    loop {
                        let job = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok(job) = job else { return Ok(mine) };
                        mine.push(write_server(shared, job)?);
                    }
                })
            })
            .collect();
        // Stream the catalog, one server's tools at a time, to the workers.
        let mut current: Option<Job> = None;
        let send = |job: Job| job_tx.send(job).map_err(|_| ());
        let streamed = catalog.store().for_each_tool(|t| {
            if current
                .as_ref()
                .is_some_and(|j| j.server.info.name != t.server)
            {
                let job = current.take().expect("checked above");
                if send(job).is_err() {
                    return Err(Error::Usage("a site worker stopped".into()));
                }
            }
            match &mut current {
                Some(job) => job.tools.push(t),
                None => {
                    let (index, server) = by_name[t.server.as_str()];
                    current = Some(Job {
                        server: server.clone(),
                        index,
                        slug: slug(&server.info.name),
                        tools: vec![t],
                    });
                }
            }
            Ok(())
        });
        if let Some(job) = current.take() {
            let _ = send(job);
        }
        drop(job_tx);
        let mut first_error = streamed.err();
        for h in handles {
            match h.join().expect("a site worker panicked") {
                Ok(mut d) => done.append(&mut d),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    })?;
    for d in &done {
        seen[by_name[d.entry.name.as_str()].0 as usize] = true;
    }
    // Servers without tools still get a page.
    for (i, s) in servers.iter().enumerate() {
        if !seen[i] {
            done.push(write_server(
                &shared,
                Job {
                    server: s.clone(),
                    index: i as u32,
                    slug: slug(&s.info.name),
                    tools: Vec::new(),
                },
            )?);
        }
    }
    done.sort_by(|a, b| a.entry.name.cmp(&b.entry.name));
    let mut cats = [0u64; 5];
    let mut risks = [0u64; 4];
    let mut rows = Vec::new();
    for d in &mut done {
        files += d.files;
        bytes += d.bytes;
        for (a, b) in cats.iter_mut().zip(d.counts.0) {
            *a += b;
        }
        for (a, b) in risks.iter_mut().zip(d.counts.1) {
            *a += b;
        }
        rows.append(&mut d.rows);
    }
    rows.sort_by(|a, b| {
        b.risk
            .cmp(&a.risk)
            .then(b.category.cmp(&a.category))
            .then(a.server.cmp(&b.server))
            .then(a.name.cmp(&b.name))
    });
    let tools = rows.len();
    let index_js = index_script(&servers, &rows);
    let path = out.join("index.js");
    std::fs::write(&path, &index_js).map_err(io(&path))?;
    bytes += index_js.len() as u64;
    let entries: Vec<ServerEntry> = done.into_iter().map(|d| d.entry).collect();
    let page = pages::index(
        &opts.title,
        &entries,
        tools,
        &Counts::from_arrays(cats, risks),
        &generator,
    );
    let path = out.join("index.html");
    std::fs::write(&path, &page).map_err(io(&path))?;
    bytes += page.len() as u64;
    files += 2;
    Ok(Summary {
        servers: servers.len(),
        tools,
        files,
        bytes,
    })
}

fn index_script(servers: &[StoredServer], rows: &[IndexRow]) -> String {
    let tools: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!([
                r.server,
                r.name,
                Category::ALL.iter().position(|c| *c == r.category),
                Risk::ALL.iter().position(|x| *x == r.risk),
                r.signals,
                r.description,
                r.url,
                u8::from(r.review)
            ])
        })
        .collect();
    let doc = json!({
        "servers": servers.iter().map(|s| escape::visible(&s.info.name)).collect::<Vec<_>>(),
        "categories": Category::ALL.map(Category::as_str),
        "risks": Risk::ALL.map(Risk::as_str),
        "tools": tools,
    });
    let text = serde_json::to_string(&doc).expect("a JSON value serialises");
    format!(
        "// The search index of this site, written by mcprisk site.\nwindow.MCPRISK_INDEX = {};\n",
        escape::script_json(&text)
    )
}

fn write_server(shared: &Shared, job: Job) -> Result<Done, Error> {
    let dir = shared.out.join("servers").join(&job.slug);
    let tools_dir = dir.join("tools");
    std::fs::create_dir_all(&tools_dir).map_err(io(&tools_dir))?;
    let views: Vec<(String, ToolView)> = job
        .tools
        .iter()
        .map(|t| {
            let view = ToolView::new(
                &t.server,
                &t.tool,
                &t.class,
                shared.classifier,
                shared.attacks,
            );
            (slug(&t.tool.name), view)
        })
        .collect();
    let mut order: Vec<usize> = (0..views.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&views[a].1, &views[b].1);
        y.risk
            .cmp(&x.risk)
            .then(y.category.cmp(&x.category))
            .then(x.tool.cmp(&y.tool))
    });
    let mut files = 0;
    let mut bytes = 0u64;
    let server_href = "../index.html";
    for (tool_slug, view) in &views {
        let page = pages::tool(view, server_href, shared.attacks.source(), shared.generator);
        let path = tools_dir.join(format!("{tool_slug}.html"));
        std::fs::write(&path, &page).map_err(io(&path))?;
        files += 1;
        bytes += page.len() as u64;
    }
    let rows: Vec<ToolRow> = order
        .iter()
        .map(|&i| ToolRow {
            href: format!("tools/{}.html", views[i].0),
            view: &views[i].1,
        })
        .collect();
    let counts = Counts::of(job.tools.iter().map(|t| &t.class));
    let i = &job.server.info;
    let facts = ServerFacts {
        name: &i.name,
        title: i.title.as_deref(),
        version: i.version.as_deref(),
        protocol: i.protocol_version.as_deref(),
        origin: i.origin.as_str(),
        last_seen: crate::view::format_time(job.server.last_seen),
    };
    let page = pages::server(&facts, &counts, &rows, shared.generator);
    let path = dir.join("index.html");
    std::fs::write(&path, &page).map_err(io(&path))?;
    files += 1;
    bytes += page.len() as u64;
    let mut cats = [0u64; 5];
    let mut risks = [0u64; 4];
    for t in &job.tools {
        cats[Category::ALL
            .iter()
            .position(|c| *c == t.class.category)
            .unwrap_or(0)] += 1;
        risks[Risk::ALL
            .iter()
            .position(|r| *r == t.class.risk)
            .unwrap_or(0)] += 1;
    }
    let index_rows = views
        .iter()
        .map(|(tool_slug, v)| IndexRow {
            server: job.index,
            name: escape::visible(&v.tool),
            category: v.category,
            risk: v.risk,
            signals: v.signals.iter().map(|s| s.id.clone()).collect(),
            description: escape::visible(
                &v.description
                    .chars()
                    .take(INDEX_DESCRIPTION_CHARS)
                    .collect::<String>(),
            ),
            url: format!("servers/{}/tools/{tool_slug}.html", job.slug),
            review: v.review,
        })
        .collect();
    Ok(Done {
        entry: ServerEntry {
            name: i.name.clone(),
            href: format!("servers/{}/index.html", job.slug),
            tools: views.len(),
            highest: views.iter().map(|(_, v)| v.risk).max(),
        },
        rows: index_rows,
        files,
        bytes,
        counts: (cats, risks),
    })
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_stable_and_distinct() {
        assert_eq!(slug("read_file"), "read_file");
        assert_eq!(slug("filesystem"), "filesystem");
        let a = slug("ReadFile");
        let b = slug("readfile");
        assert_ne!(a, b);
        assert!(a.starts_with("readfile-"), "{a}");
        assert_eq!(a, slug("ReadFile"));
        assert!(slug("../../etc/passwd").starts_with("etc-passwd-"));
        assert!(!slug("..").is_empty() && !slug("..").contains('.'));
        assert!(!slug("<script>").contains('<'));
        assert!(slug("ünï").starts_with("n-"), "{}", slug("ünï"));
        assert!(slug(&"x".repeat(500)).len() <= 60 + 11);
    }
}
