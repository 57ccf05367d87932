//! The site's pages: the index, a page per server and a page per tool. Pages link with
//! relative URLs (`root` is the way back to the site's top), so the site works from a file
//! system, a subdirectory of a web server, or a bucket.
//!
//! Every third-party string goes through [`html`]; the only markup here is our own.

use super::escape::html;
use crate::attacks::Source;
use crate::classify::{Category, Risk};
use crate::view::{Counts, ToolView};
use std::fmt::Write as _;

/// Allows the site's own files and nothing else: no inline script (a definition that slipped
/// through escaping could not run), no request to any other origin.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'none'; base-uri 'none'; form-action 'none'";

fn head(o: &mut String, root: &str, title: &str) {
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}assets/style.css\">\n</head>\n<body>\n",
        html(title)
    );
}

fn foot(o: &mut String, root: &str, scripts: &[&str], generator: &str) {
    let _ = write!(o, "</main>\n<footer>{}</footer>\n", html(generator));
    for s in scripts {
        let _ = writeln!(o, "<script src=\"{root}{s}\"></script>");
    }
    o.push_str("</body>\n</html>\n");
}

fn crumbs(o: &mut String, items: &[(String, &str)]) {
    o.push_str("<header class=\"top\"><nav aria-label=\"breadcrumb\">");
    for (i, (href, label)) in items.iter().enumerate() {
        if i > 0 {
            o.push_str(" › ");
        }
        let _ = write!(o, "<a href=\"{}\">{}</a>", html(href), html(label));
    }
    o.push_str("</nav></header>\n<main>\n");
}

pub fn risk_badge(risk: Risk) -> String {
    format!("<span class=\"badge risk-{risk}\">{risk}</span>")
}

/// The mark of a tool a person should confirm, beside its name in lists (the search's
/// results draw the same one: `assets::SEARCH_JS`).
const REVIEW_BADGE: &str =
    " <span class=\"badge review\" title=\"weak evidence, a person should confirm\">review</span>";

pub fn category_badge(c: Category) -> String {
    format!("<span class=\"badge\">{c}</span>")
}

fn counts_line(o: &mut String, counts: &Counts) {
    o.push_str("<div class=\"counts\">");
    for (k, v) in &counts.by_category {
        let _ = write!(o, "<span>{} <b>{v}</b></span>", html(k));
    }
    o.push_str("</div>\n<div class=\"counts\">");
    for (k, v) in &counts.by_risk {
        let _ = write!(
            o,
            "<span class=\"risk-{}\">{} <b>{v}</b></span>",
            html(k),
            html(k)
        );
    }
    o.push_str("</div>\n");
}

/// One server in the index page's list.
pub struct ServerEntry {
    pub name: String,
    pub href: String,
    pub tools: usize,
    pub highest: Option<Risk>,
}

/// The index: counts, the search box (filled by search.js from index.js) and every server.
pub fn index(
    title: &str,
    servers: &[ServerEntry],
    tools: usize,
    counts: &Counts,
    generator: &str,
) -> String {
    let mut o = String::with_capacity(4096 + servers.len() * 200);
    head(&mut o, "", title);
    o.push_str("<header class=\"top\"></header>\n<main>\n");
    let _ = writeln!(o, "<h1>{}</h1>", html(title));
    let _ = writeln!(
        o,
        "<p>{} tools from {} servers, classified by what each can do.</p>",
        tools,
        servers.len()
    );
    counts_line(&mut o, counts);
    o.push_str("<div class=\"filters\" role=\"search\">\n<input id=\"q\" type=\"search\" placeholder=\"Search tools, servers, signals…\" aria-label=\"Search\" autocomplete=\"off\" autofocus>\n<select id=\"category\" aria-label=\"Category\"><option value=\"\">Any category</option>");
    for (i, c) in Category::ALL.iter().enumerate() {
        let _ = write!(o, "<option value=\"{i}\">{c}</option>");
    }
    o.push_str(
        "</select>\n<select id=\"risk\" aria-label=\"Risk\"><option value=\"\">Any risk</option>",
    );
    for (i, r) in Risk::ALL.iter().enumerate() {
        let _ = write!(o, "<option value=\"{i}\">{r}</option>");
    }
    o.push_str("</select>\n<label><input id=\"review\" type=\"checkbox\"> Needs review</label>\n</div>\n<p id=\"count\" class=\"muted\" aria-live=\"polite\"><noscript>Search needs JavaScript; the servers are listed below.</noscript></p>\n<ul id=\"results\" class=\"results\"></ul>\n");
    o.push_str("<h2>Servers</h2>\n<div class=\"scroll\"><table><thead><tr><th>Server</th><th>Tools</th><th>Highest risk</th></tr></thead><tbody>\n");
    for s in servers {
        let _ = writeln!(
            o,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
            html(&s.href),
            html(&s.name),
            s.tools,
            s.highest.map(risk_badge).unwrap_or_else(|| "-".into())
        );
    }
    o.push_str("</tbody></table></div>\n");
    foot(&mut o, "", &["index.js", "assets/search.js"], generator);
    o
}

/// Facts about a server shown on its page.
pub struct ServerFacts<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub version: Option<&'a str>,
    pub protocol: Option<&'a str>,
    pub origin: &'a str,
    pub last_seen: String,
}

/// One row of a server page's tool table.
pub struct ToolRow<'a> {
    pub href: String,
    pub view: &'a ToolView,
}

/// A server: its facts, counts and its tools, riskiest first (`rows` come sorted).
pub fn server(facts: &ServerFacts, counts: &Counts, rows: &[ToolRow], generator: &str) -> String {
    let root = "../../";
    let mut o = String::with_capacity(2048 + rows.len() * 300);
    head(&mut o, root, &format!("{} — MCP server", facts.name));
    crumbs(&mut o, &[(format!("{root}index.html"), "Catalog")]);
    let _ = writeln!(o, "<h1>{}</h1>", html(facts.name));
    o.push_str("<dl class=\"meta\">");
    let mut fact = |k: &str, v: &str| {
        let _ = write!(o, "<dt>{k}</dt><dd>{}</dd>", html(v));
    };
    if let Some(t) = facts.title {
        fact("Title", t);
    }
    if let Some(v) = facts.version {
        fact("Version", v);
    }
    if let Some(p) = facts.protocol {
        fact("Protocol", p);
    }
    fact("Origin", facts.origin);
    fact("Last seen", &facts.last_seen);
    fact("Tools", &rows.len().to_string());
    o.push_str("</dl>\n");
    counts_line(&mut o, counts);
    o.push_str("<h2>Tools, riskiest first</h2>\n<div class=\"scroll\"><table><thead><tr><th>Tool</th><th>Category</th><th>Risk</th><th>Signal</th><th>Description</th></tr></thead><tbody>\n");
    for r in rows {
        let v = r.view;
        let signal = v.signals.first().map(|s| s.id.as_str()).unwrap_or("-");
        let desc: String = v.description.chars().take(160).collect();
        let _ = writeln!(
            o,
            "<tr><td><a class=\"name\" href=\"{}\">{}</a>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}{}</td></tr>",
            html(&r.href),
            html(&v.tool),
            if v.review { REVIEW_BADGE } else { "" },
            category_badge(v.category),
            risk_badge(v.risk),
            html(signal),
            html(&desc),
            if desc.len() < v.description.len() {
                "…"
            } else {
                ""
            }
        );
    }
    o.push_str("</tbody></table></div>\n");
    foot(&mut o, root, &[], generator);
    o
}

/// A tool: everything the catalog says, and the policy with a copy button.
pub fn tool(v: &ToolView, server_href: &str, source: &Source, generator: &str) -> String {
    let root = "../../../";
    let mut o = String::with_capacity(6144 + v.description.len() * 2);
    head(&mut o, root, &format!("{} — {}", v.tool, v.server));
    crumbs(
        &mut o,
        &[
            (format!("{root}index.html"), "Catalog"),
            (server_href.to_string(), &v.server),
        ],
    );
    let _ = writeln!(o, "<h1>{}</h1>", html(&v.tool));
    if let Some(t) = &v.title {
        let _ = writeln!(o, "<p class=\"muted\">{}</p>", html(t));
    }
    let _ = writeln!(
        o,
        "<p>{} {} <span class=\"muted\">confidence {:.2}, decided by <span class=\"mono\">{}</span>{}</span></p>",
        category_badge(v.category),
        risk_badge(v.risk),
        v.confidence,
        html(&v.decided_by),
        if v.review {
            " — review: weak evidence, a person should confirm"
        } else {
            ""
        }
    );
    if !v.rationale.is_empty() {
        let _ = writeln!(o, "<p class=\"text\">{}</p>", html(&v.rationale));
    }
    if !v.quote.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"muted\">From the tool's definition:</p>\n<blockquote>{}</blockquote>",
            html(&v.quote)
        );
    }
    o.push_str("<h2>Signals</h2>\n");
    if v.signals.is_empty() {
        o.push_str("<p class=\"muted\">None.</p>\n");
    } else {
        o.push_str("<div class=\"scroll\"><table><thead><tr><th>Signal</th><th>What it means</th><th>Evidence</th></tr></thead><tbody>\n");
        for s in &v.signals {
            let _ = writeln!(
                o,
                "<tr><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
                html(&s.id),
                html(&s.label),
                html(&s.evidence)
            );
        }
        o.push_str("</tbody></table></div>\n");
    }
    if !v.attacks.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Attack patterns</h2>\n<p class=\"muted\">Documented attack patterns abuse exactly the kind of access this tool gives (<a href=\"{}\" rel=\"noopener noreferrer\">{} {}</a>).</p>\n<ul>",
            html(&source.url),
            html(&source.name),
            html(&source.version)
        );
        for a in &v.attacks {
            let ids: Vec<String> = a
                .owasp
                .iter()
                .map(|r| format!("<b>{}</b> {}", html(&r.id), html(&r.name)))
                .collect();
            let _ = writeln!(
                o,
                "<li>{} <span class=\"muted mono\">({})</span><br>{}</li>",
                ids.join("; "),
                html(&a.from),
                html(&a.abuse)
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("<h2>Parameters</h2>\n");
    if v.parameters.is_empty() {
        o.push_str("<p class=\"muted\">None.</p>\n");
    } else {
        o.push_str("<div class=\"scroll\"><table><thead><tr><th>Name</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
        for p in &v.parameters {
            let mut desc = html(&p.description);
            if !p.enum_values.is_empty() {
                let values: Vec<String> = p
                    .enum_values
                    .iter()
                    .map(|e| format!("<code>{}</code>", html(e)))
                    .collect();
                let _ = write!(
                    desc,
                    "<br><span class=\"muted\">One of:</span> {}",
                    values.join(", ")
                );
            }
            let _ = writeln!(
                o,
                "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
                html(&p.name),
                html(&p.ty),
                if p.required { "yes" } else { "no" },
                desc
            );
        }
        o.push_str("</tbody></table></div>\n");
    }
    o.push_str("<h2>Annotations</h2>\n");
    let a = &v.annotations;
    if a.is_empty() {
        o.push_str("<p class=\"muted\">The author gave none.</p>\n");
    } else {
        o.push_str("<p class=\"muted\">Hints from the tool's author, not verified.</p>\n<dl class=\"meta\">");
        if let Some(t) = &a.title {
            let _ = write!(o, "<dt>title</dt><dd>{}</dd>", html(t));
        }
        for (k, val) in [
            ("readOnlyHint", a.read_only),
            ("destructiveHint", a.destructive),
            ("idempotentHint", a.idempotent),
            ("openWorldHint", a.open_world),
        ] {
            if let Some(val) = val {
                let _ = write!(o, "<dt class=\"mono\">{k}</dt><dd>{val}</dd>");
            }
        }
        o.push_str("</dl>\n");
    }
    if !v.description.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Description</h2>\n<p class=\"muted\">As the server states it (third-party text).</p>\n<blockquote>{}</blockquote>",
            html(&v.description)
        );
    }
    let policy = crate::sanitize::pretty_json(&v.policy).unwrap_or_default();
    let _ = writeln!(
        o,
        "<h2>Recommended policy <button class=\"copy\" type=\"button\" data-copy=\"policy\">Copy</button></h2>\n<pre id=\"policy\">{}</pre>",
        html(&policy)
    );
    foot(&mut o, root, &["assets/copy.js"], generator);
    o
}
