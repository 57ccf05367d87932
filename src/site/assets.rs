//! The site's stylesheet and scripts, written into `DIR/assets/`. Nothing is fetched from
//! anywhere else: the pages' Content-Security-Policy allows only these files.
//!
//! The scripts never use `innerHTML`: third-party text from the index reaches the page only as
//! `textContent`, so it cannot become markup.

pub const STYLE_CSS: &str = r#":root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d1f23; --muted: #5c6370; --line: #d9dce1; --card: #f5f6f8;
  --link: #0b57d0; --low: #1e7e34; --medium: #8a6d00; --high: #c2410c; --critical: #b91c1c;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a; --fg: #e6e8eb; --muted: #9aa3ad; --line: #30353b; --card: #1d2024;
    --link: #8ab4f8; --low: #4ade80; --medium: #facc15; --high: #fb923c; --critical: #f87171;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main, header.top, footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
header.top { padding-top: 1rem; color: var(--muted); font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; padding: 2rem 1rem; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: .5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
pre { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem;
  overflow-x: auto; white-space: pre; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); background: var(--card);
  white-space: pre-wrap; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; border: 1px solid currentColor;
  font-size: .8rem; font-weight: 600; white-space: nowrap; }
.risk-Low { color: var(--low); } .risk-Medium { color: var(--medium); }
.risk-High { color: var(--high); } .risk-Critical { color: var(--critical); }
.muted { color: var(--muted); }
.counts { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; margin: .5rem 0; }
.counts span b { font-variant-numeric: tabular-nums; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
.filters input, .filters select, button { font: inherit; padding: .45rem .6rem; border-radius: 6px;
  border: 1px solid var(--line); background: var(--card); color: var(--fg); }
.filters input { flex: 1 1 16rem; min-width: 0; }
ul.results { list-style: none; padding: 0; margin: 0; }
ul.results li { padding: .6rem 0; border-bottom: 1px solid var(--line); }
ul.results .desc { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
.name { font-weight: 600; overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.copy { float: right; }
.review { color: var(--medium); border-style: dashed; }
.filters label { display: inline-flex; align-items: center; gap: .35rem; }
"#;

/// Search and filters over `index.js` (`window.MCPRISK_INDEX`), as the user types.
pub const SEARCH_JS: &str = r#"(function () {
  "use strict";
  var data = window.MCPRISK_INDEX;
  var q = document.getElementById("q");
  var cat = document.getElementById("category");
  var risk = document.getElementById("risk");
  var review = document.getElementById("review");
  var out = document.getElementById("results");
  var count = document.getElementById("count");
  if (!data || !q || !out) { return; }
  var SHOW = 100;
  var REVIEW_NOTE = "weak evidence, a person should confirm";
  // [server, name, category, risk, signals, description, url, review (1: a person should
  // confirm the classification)]
  var tools = data.tools;
  var hay = new Array(tools.length);
  var names = new Array(tools.length);
  for (var i = 0; i < tools.length; i++) {
    var t = tools[i];
    names[i] = t[1].toLowerCase();
    hay[i] = (t[1] + " " + data.servers[t[0]] + " " + t[4].join(" ") + " " + t[5]).toLowerCase();
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function render(hits, total) {
    var frag = document.createDocumentFragment();
    for (var k = 0; k < hits.length; k++) {
      var t = tools[hits[k]];
      var li = el("li");
      var a = el("a", "name", t[1]);
      a.href = t[6];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "muted", data.servers[t[0]]));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "badge", data.categories[t[2]]));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "badge risk-" + data.risks[t[3]], data.risks[t[3]]));
      if (t[7] === 1) {
        li.appendChild(document.createTextNode(" "));
        var mark = el("span", "badge review", "review");
        mark.title = REVIEW_NOTE;
        li.appendChild(mark);
      }
      if (t[5]) { li.appendChild(el("div", "desc", t[5])); }
      frag.appendChild(li);
    }
    out.textContent = "";
    out.appendChild(frag);
    count.textContent = total === 1 ? "1 tool" :
      (total > hits.length ? "Showing " + hits.length + " of " + total + " tools" : total + " tools");
  }
  function run() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var c = cat.value === "" ? -1 : +cat.value;
    var r = risk.value === "" ? -1 : +risk.value;
    var onlyReview = review !== null && review.checked;
    var first = [], rest = [], total = 0;
    outer: for (var i = 0; i < tools.length; i++) {
      var t = tools[i];
      if ((c >= 0 && t[2] !== c) || (r >= 0 && t[3] !== r) || (onlyReview && t[7] !== 1)) { continue; }
      var inName = terms.length > 0;
      for (var j = 0; j < terms.length; j++) {
        if (hay[i].indexOf(terms[j]) < 0) { continue outer; }
        if (names[i].indexOf(terms[j]) < 0) { inName = false; }
      }
      total++;
      // Tools whose names hold every word come first; the index is riskiest first.
      if (inName) { if (first.length < SHOW) { first.push(i); } }
      else if (rest.length < SHOW) { rest.push(i); }
    }
    render(first.concat(rest).slice(0, SHOW), total);
  }
  var pending = 0;
  function schedule() {
    if (pending) { return; }
    pending = window.requestAnimationFrame(function () { pending = 0; run(); });
  }
  q.addEventListener("input", schedule);
  cat.addEventListener("change", schedule);
  risk.addEventListener("change", schedule);
  if (review) { review.addEventListener("change", schedule); }
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { q.value = params.get("q"); }
  run();
})();
"#;

/// The copy button of tool pages.
pub const COPY_JS: &str = r#"(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (ev) {
      var button = ev.currentTarget;
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var text = source.textContent;
      function done(ok) {
        button.textContent = ok ? "Copied" : "Select and copy";
        window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
    });
  }
})();
"#;
