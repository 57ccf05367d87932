//! `mcprisk site`: the pages' structure and escaping, checked on the written files, then in a
//! real browser (headless Chromium over the DevTools protocol; see `browser.rs`).

use crate::browser::{Browser, chromium};
use crate::harness::{Env, fixture_str};
use crate::serve::{bundled, require};
use serde_json::{Value, json};
use std::path::Path;

/// Markup in every place a definition can carry text.
pub fn hostile_manifest() -> Value {
    json!({
        "server": {"name": "evil<script>window.__pwned=1</script>"},
        "tools": [{
            "name": "<img src=x onerror=\"window.__pwned=2\">",
            "title": "</title><script>window.__pwned=3</script>",
            "description": "Deletes files.</blockquote><script>window.__pwned=4</script><img src=\"https://evil.example/beacon.png\"><a href=\"javascript:window.__pwned=5\">x</a> \u{202e}cod.exe",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "<b onmouseover=window.__pwned=6>path</b>": {
                        "type": "string",
                        "description": "<style>body{display:none}</style>",
                        "enum": ["</script><script>window.__pwned=7</script>", "<iframe src=https://evil.example>"]
                    }
                }
            },
            "annotations": {"title": "<svg onload=window.__pwned=8>"}
        }]
    })
}

fn site_of(env: &Env) -> std::path::PathBuf {
    let out = env.scratch.path().join("site");
    let run = env.run(&["site", "--out", out.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("wrote "), "{}", run.stdout);
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The site's search index (`index.js`), as JSON.
fn search_index(site: &Path) -> Value {
    let js = read(&site.join("index.js"));
    let json = js
        .split_once("window.MCPRISK_INDEX = ")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(';');
    serde_json::from_str(json).unwrap()
}

#[test]
fn site_writes_index_server_and_tool_pages() {
    let env = bundled();
    let out = site_of(&env);
    let index = read(&out.join("index.html"));
    assert!(index.contains("Content-Security-Policy"));
    assert!(index.contains("<script src=\"index.js\"></script>"));
    assert!(index.contains("href=\"servers/filesystem/index.html\""));
    assert!(
        !index.contains("http://") && !index.contains("https://"),
        "no external assets"
    );
    let idx = search_index(&out);
    let tools = idx["tools"].as_array().unwrap();
    assert!(tools.len() > 50, "{}", tools.len());
    // Riskiest first.
    let risks: Vec<u64> = tools.iter().map(|t| t[3].as_u64().unwrap()).collect();
    assert!(risks.windows(2).all(|w| w[0] >= w[1]));
    let server = read(&out.join("servers/filesystem/index.html"));
    assert!(server.contains("Tools, riskiest first"));
    let write_file = server.find(">write_file<").unwrap();
    let read_text = server.find(">read_text_file<").unwrap();
    assert!(write_file < read_text, "riskier tools come first");
    let tool = read(&out.join("servers/filesystem/tools/write_file.html"));
    for part in [
        "Signals",
        "Attack patterns",
        "OWASP MCP Top 10",
        "Parameters",
        "Annotations",
        "Recommended policy",
        "data-copy=\"policy\"",
        "prefers-color-scheme",
    ]
    .iter()
    .filter(|p| **p != "prefers-color-scheme")
    {
        assert!(tool.contains(part), "tool page lacks {part}");
    }
    assert!(read(&out.join("assets/style.css")).contains("prefers-color-scheme: dark"));
    // A second run replaces the site; a directory that is not a site is refused.
    env.run(&["site", "--out", out.to_str().unwrap()]).expect(0);
    let other = env.scratch.path().join("notes");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("mine.txt"), "keep me").unwrap();
    let refused = env.run(&["site", "--out", other.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("not empty"), "{}", refused.stderr);
    assert!(other.join("mine.txt").exists());
}

/// A tool page says when a person should confirm the classification, as `show` does.
#[test]
fn a_tool_page_marks_weak_evidence_for_review() {
    let env = Env::new();
    env.run(&["index", &fixture_str("catalog/weak.jsonl")])
        .expect(0);
    let out = site_of(&env);
    let tools = out.join("servers/widgets/tools");
    let note = "review: weak evidence, a person should confirm";
    assert!(read(&tools.join("zorblax_quux.html")).contains(note));
    assert!(!read(&tools.join("list_widgets.html")).contains(note));
    // The search index and the server's list of tools carry the mark too.
    let idx = search_index(&out);
    let marks: Vec<(&str, &Value)> = idx["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[1].as_str().unwrap(), &t[7]))
        .collect();
    assert_eq!(
        marks,
        [("zorblax_quux", &json!(1)), ("list_widgets", &json!(0))]
    );
    let server = read(&out.join("servers/widgets/index.html"));
    let mark = "<span class=\"badge review\"";
    let row = |name: &str| {
        server
            .lines()
            .find(|l| l.contains(&format!(">{name}</a>")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{server}"))
            .to_string()
    };
    assert!(row("zorblax_quux").contains(mark), "{server}");
    assert!(!row("list_widgets").contains(mark), "{server}");
}

/// The search's results mark the tools a person should confirm, and the "Needs review" box
/// keeps only those, in a real browser.
#[test]
fn chromium_search_marks_and_filters_tools_that_need_review() {
    let Some(exe) = chromium() else {
        require(false, "chromium");
        return;
    };
    let env = Env::new();
    env.run(&["index", &fixture_str("catalog/weak.jsonl")])
        .expect(0);
    let out = site_of(&env);
    let mut b = Browser::launch(&exe);
    b.open(&out.join("index.html"));
    // Each result as "name|text of its review mark" (empty without one).
    let results = "JSON.stringify(Array.prototype.map.call(document.querySelectorAll('#results li'), function (li) { var m = li.querySelector('.review'); return li.querySelector('a').textContent + '|' + (m ? m.textContent + '|' + m.title : ''); }))";
    let listed = b.wait_for(&format!(
        "(function(){{var r={results};return JSON.parse(r).length===2?r:null}})()"
    ));
    let listed: Vec<String> = serde_json::from_str(listed.as_str().unwrap()).unwrap();
    assert_eq!(
        listed,
        [
            "zorblax_quux|review|weak evidence, a person should confirm",
            "list_widgets|"
        ]
    );
    b.eval("document.getElementById('review').click()");
    let only = b.wait_for(&format!(
        "(function(){{var r={results};return JSON.parse(r).length===1?r:null}})()"
    ));
    let only: Vec<String> = serde_json::from_str(only.as_str().unwrap()).unwrap();
    assert_eq!(
        only,
        ["zorblax_quux|review|weak evidence, a person should confirm"]
    );
    assert_eq!(
        b.eval("document.getElementById('count').textContent"),
        "1 tool"
    );
    let errors = b.exceptions();
    assert!(errors.is_empty(), "script errors: {errors:?}");
}

#[test]
fn a_hostile_definition_renders_as_text() {
    let env = Env::new();
    let file = env.scratch.path().join("evil.json");
    std::fs::write(&file, hostile_manifest().to_string()).unwrap();
    env.run(&["index", file.to_str().unwrap()]).expect(0);
    let out = site_of(&env);
    let mut pages = Vec::new();
    for entry in walk(&out) {
        if entry.extension().is_some_and(|e| e == "html" || e == "js") {
            pages.push((entry.clone(), read(&entry)));
        }
    }
    assert!(pages.len() >= 4, "{pages:?}");
    for (path, text) in &pages {
        let is_js = path.extension().is_some_and(|e| e == "js");
        for bad in [
            "<script>window",
            "<img src=x",
            "<img src=\"https://evil",
            "<b onmouseover",
            "<style>body",
            "<iframe",
            "<svg",
            "</script><script>",
            "\u{202e}",
        ] {
            assert!(!text.contains(bad), "{} contains {bad:?}", path.display());
        }
        if is_js && path.file_name().unwrap() == "index.js" {
            assert!(!text.contains('<'), "index.js holds a raw <");
        }
    }
    let tool_page = pages
        .iter()
        .find(|(p, _)| p.to_string_lossy().contains("/tools/"))
        .unwrap();
    assert!(tool_page.1.contains("&lt;img src=x onerror="));
    assert!(tool_page.1.contains("[U+202E]cod.exe"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn chromium_loads_the_site_searches_and_runs_no_hostile_script() {
    let Some(exe) = chromium() else {
        require(false, "chromium");
        return;
    };
    let env = bundled();
    let file = env.scratch.path().join("evil.json");
    std::fs::write(&file, hostile_manifest().to_string()).unwrap();
    env.run(&["index", file.to_str().unwrap()]).expect(0);
    let out = site_of(&env);
    let mut b = Browser::launch(&exe);

    // The index loads, lists the riskiest tools, and search answers typing.
    b.open(&out.join("index.html"));
    let listed = b.eval("document.querySelectorAll('#results li').length");
    assert!(listed.as_u64().unwrap() > 10, "{listed}");
    b.eval("document.getElementById('q').focus()");
    b.type_text("write_fi");
    let first = b.wait_for(
        "(function(){var a=document.querySelector('#results li a');return a&&a.textContent==='write_file'?a.textContent:null})()",
    );
    assert_eq!(first, "write_file");
    let count = b.eval("document.getElementById('count').textContent");
    assert!(count.as_str().unwrap().contains("tool"), "{count}");

    // The hostile tool is found by its text, shown as text, and nothing of it ran.
    b.eval("document.getElementById('q').value=''");
    b.type_text("onerror");
    let pwned = "typeof window.__pwned";
    // Wait for the new answer, not the list still showing the last search's results.
    let hostile = b.wait_for(
        "(function(){var a=document.querySelector('#results li a');return a&&a.textContent.indexOf('<img')===0?a.textContent:null})()",
    );
    assert!(
        hostile.as_str().unwrap().starts_with("<img src=x"),
        "{hostile}"
    );
    assert_eq!(b.eval(pwned), "undefined");
    let href = b.eval("document.querySelector('#results li a').getAttribute('href')");
    b.open(&out.join(href.as_str().unwrap()));
    let body = b.eval("document.body.innerText");
    let body = body.as_str().unwrap();
    assert!(body.contains("<script>window.__pwned=4</script>"), "{body}");
    assert!(
        body.contains("</script><script>window.__pwned=7</script>"),
        "{body}"
    );
    assert_eq!(b.eval(pwned), "undefined");
    let server_href = b.eval("document.querySelectorAll('nav a')[1].getAttribute('href')");
    b.open(
        &out.join(href.as_str().unwrap())
            .parent()
            .unwrap()
            .join(server_href.as_str().unwrap()),
    );
    assert!(
        b.eval("document.title")
            .as_str()
            .unwrap()
            .starts_with("evil<script>")
    );
    assert_eq!(b.eval(pwned), "undefined");

    // A real tool page, for people: its screenshot goes to the test output.
    b.open(&out.join("servers/filesystem/tools/write_file.html"));
    let policy = b.eval("document.getElementById('policy').textContent");
    assert!(policy.as_str().unwrap().contains("write_file"), "{policy}");
    let shot = crate::browser::output_dir().join("site-tool-page.png");
    b.screenshot(&shot);
    eprintln!("screenshot of a tool page: {}", shot.display());

    let requests = b.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert!(r.starts_with("file://"), "a request left the machine: {r}");
    }
    let errors = b.exceptions();
    assert!(errors.is_empty(), "script errors: {errors:?}");
}

/// How fast search answers on a large site: `MCPRISK_SITE_DIR=DIR cargo test --test cli --
/// --ignored site::search_speed --nocapture` (make DIR with `cargo run --release --example synth`, `mcprisk index`
/// and `mcprisk site`; docs/site.md). Prints the time from a keystroke to the answer.
#[test]
#[ignore = "needs a large site in MCPRISK_SITE_DIR"]
fn search_speed_on_a_large_site() {
    let dir =
        std::path::PathBuf::from(std::env::var("MCPRISK_SITE_DIR").expect("MCPRISK_SITE_DIR"));
    let exe = chromium().expect("chromium");
    let mut b = Browser::launch(&exe);
    let t = std::time::Instant::now();
    b.open(&dir.join("index.html"));
    let tools = b.eval("window.MCPRISK_INDEX.tools.length");
    eprintln!(
        "index page of {tools} tools loaded in {} ms",
        t.elapsed().as_millis()
    );
    // Each step types one more character, as a person does; the time is from the input event
    // to the frame after the answer is on the page.
    let mut times = Vec::new();
    for prefix in [
        "d",
        "de",
        "del",
        "dele",
        "delet",
        "delete",
        "delete ",
        "delete f",
        "delete fi",
    ] {
        let ms = b.eval_promise(&format!(
            "new Promise(function (done) {{ var q = document.getElementById('q'); var t = performance.now(); q.value = {prefix:?}; q.dispatchEvent(new Event('input')); requestAnimationFrame(function () {{ done(performance.now() - t); }}); }})"
        ));
        let n = b.eval("document.getElementById('count').textContent");
        eprintln!("  typed {prefix:?}: {:.1} ms, {n}", ms.as_f64().unwrap());
        times.push(ms.as_f64().unwrap());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    eprintln!(
        "search while typing: median {:.1} ms, max {:.1} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    assert!(
        b.eval("document.querySelectorAll('#results li').length")
            .as_u64()
            .unwrap()
            > 0
    );
}
