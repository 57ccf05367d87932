//! Manifest files: finding them and telling their formats apart.
//!
//! One file holds one of:
//! - a `tools/list` result `{"tools": [...], "nextCursor"?: ...}`;
//! - a JSON-RPC response wrapping one (`{"jsonrpc": "2.0", "id": 1, "result": {"tools": [...]}}`);
//! - a bare JSON array of tools;
//! - a server snapshot `{"server": {"name": ..., "version": ..., ...}, "tools": [...]}`, as
//!   `mcprisk export` writes it;
//! - JSON Lines, one tool per line, each with a `server` field.
//!
//! The first four name their server after the file stem unless the caller gives a name (or the
//! snapshot carries one). JSON Lines are read as a stream: each run of consecutive lines of the
//! same server becomes one [`RawServer`], so a large file is never held in memory whole.

use super::{OriginKind, RawServer, ServerInfo, ToolIssue, json_kind};
use crate::error::Error;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// File extensions picked up when a directory is given.
const EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson"];

/// Expands directories into the manifest files under them (recursively, sorted, hidden entries
/// skipped). Plain files are kept as given, whatever their extension.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Where a manifest is read from.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` means standard input.
    pub fn from_arg(arg: &Path) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(arg.to_path_buf())
        }
    }

    /// How the input is named in messages and in a server's `source`.
    pub fn display(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    fn default_server_name(&self) -> String {
        match self {
            Input::Path(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            Input::Stdin => "stdin".to_string(),
        }
    }

    fn origin(&self) -> OriginKind {
        match self {
            Input::Path(_) => OriginKind::File,
            Input::Stdin => OriginKind::Stdin,
        }
    }
}

/// Reads one manifest input and hands each server in it to `sink`, in file order.
///
/// `server_name` overrides the name of a single-server file (it does not rename the servers of
/// a JSON Lines file, which name themselves). Problems with single lines of a JSON Lines file
/// are returned as issues; a file that is not JSON at all, or JSON of no known form, is an
/// error naming the file (and for bad JSON, the line and column).
pub fn read_input<E>(
    input: &Input,
    server_name: Option<&str>,
    sink: impl FnMut(RawServer) -> Result<(), E>,
) -> Result<Vec<ToolIssue>, E>
where
    E: From<Error>,
{
    let reader: Box<dyn Read> = match input {
        Input::Path(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::io(p, e))?),
        Input::Stdin => Box::new(std::io::stdin().lock()),
    };
    read_from(input, reader, server_name, sink)
}

/// [`read_input`] from a reader that holds the input's bytes (`input` names it in messages).
pub fn read_from<E>(
    input: &Input,
    reader: Box<dyn Read + '_>,
    server_name: Option<&str>,
    mut sink: impl FnMut(RawServer) -> Result<(), E>,
) -> Result<Vec<ToolIssue>, E>
where
    E: From<Error>,
{
    let display = input.display();
    let mut reader = BufReader::with_capacity(1 << 16, reader);

    // Peek at the first non-blank line: a JSON object with a string `server` and `name` is a
    // JSON Lines record; anything else is read as one JSON document.
    let mut first = String::new();
    loop {
        first.clear();
        let n = reader
            .read_line(&mut first)
            .map_err(|e| Error::io(&display, e))?;
        if n == 0 || !first.trim().is_empty() {
            break;
        }
    }
    if first.trim().is_empty() {
        return Err(Error::Manifest {
            path: display,
            msg: "the file is empty".into(),
        }
        .into());
    }
    if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(&first)
        && obj.get("server").is_some_and(Value::is_string)
        && obj.contains_key("name")
    {
        return read_jsonl(input, first, reader, sink);
    }

    let mut text = first;
    reader
        .read_to_string(&mut text)
        .map_err(|e| Error::io(&display, e))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| Error::Json {
        path: display.clone(),
        line: e.line(),
        column: e.column(),
        msg: json_error_message(&e),
    })?;
    let name = server_name
        .map(str::to_string)
        .unwrap_or_else(|| input.default_server_name());
    let raw = single_document(input, doc, name, server_name.is_some())?;
    sink(raw)?;
    Ok(Vec::new())
}

/// serde_json's message without its trailing " at line L column C" (we print our own).
fn json_error_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn single_document(
    input: &Input,
    doc: Value,
    name: String,
    name_given: bool,
) -> Result<RawServer, Error> {
    let path = input.display();
    let mut info = ServerInfo::new(name, input.origin(), path.clone());
    let tools = match doc {
        Value::Array(_) => doc,
        Value::Object(mut obj) => {
            // JSON-RPC response: unwrap `result`, or report the server's error.
            if obj.contains_key("jsonrpc") || (obj.contains_key("id") && obj.contains_key("result"))
            {
                if let Some(err) = obj.get("error") {
                    return Err(Error::Manifest {
                        path,
                        msg: format!("the JSON-RPC response is an error: {}", compact(err, 300)),
                    });
                }
                match obj.remove("result") {
                    Some(Value::Object(result)) => obj = result,
                    Some(other) => {
                        return Err(Error::Manifest {
                            path,
                            msg: format!(
                                "the JSON-RPC `result` is {}, not an object",
                                json_kind(&other)
                            ),
                        });
                    }
                    None => {
                        return Err(Error::Manifest {
                            path,
                            msg: "a JSON-RPC response without `result`".into(),
                        });
                    }
                }
            }
            if let Some(server) = obj.get("server") {
                apply_snapshot_server(&mut info, server, name_given);
            }
            match obj.remove("tools") {
                Some(tools) => tools,
                None => {
                    let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
                    return Err(Error::Manifest {
                        path,
                        msg: format!(
                            "no `tools` field: not a tools/list result, JSON-RPC response, server snapshot or tool array (top-level keys: {})",
                            if keys.is_empty() {
                                "none".to_string()
                            } else {
                                keys.join(", ")
                            }
                        ),
                    });
                }
            }
        }
        other => {
            return Err(Error::Manifest {
                path,
                msg: format!("the document is {}, not a tool list", json_kind(&other)),
            });
        }
    };
    Ok(RawServer { info, tools })
}

/// Takes name, version, protocol version, title and instructions from a snapshot's `server`.
fn apply_snapshot_server(info: &mut ServerInfo, server: &Value, name_given: bool) {
    let s = |k: &str| server.get(k).and_then(Value::as_str).map(str::to_string);
    if !name_given && let Some(n) = s("name").filter(|n| !n.trim().is_empty()) {
        info.name = n;
    }
    info.version = s("version");
    info.protocol_version = s("protocolVersion").or_else(|| s("protocol_version"));
    info.title = s("title");
    info.instructions = s("instructions");
    if let Some(src) = s("source") {
        info.source = format!("{} (snapshot of {})", info.source, src);
    }
}

fn compact(v: &Value, max: usize) -> String {
    let s = v.to_string();
    if s.len() <= max {
        s
    } else {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    }
}

fn read_jsonl<E>(
    input: &Input,
    first: String,
    mut reader: impl BufRead,
    mut sink: impl FnMut(RawServer) -> Result<(), E>,
) -> Result<Vec<ToolIssue>, E>
where
    E: From<Error>,
{
    let display = input.display();
    let mut issues = Vec::new();
    let mut current: Option<(String, Vec<Value>)> = None;
    let flush = |current: &mut Option<(String, Vec<Value>)>,
                 sink: &mut dyn FnMut(RawServer) -> Result<(), E>|
     -> Result<(), E> {
        if let Some((server, tools)) = current.take() {
            let info = ServerInfo::new(server, input.origin(), display.clone());
            sink(RawServer {
                info,
                tools: Value::Array(tools),
            })?;
        }
        Ok(())
    };
    let mut line = first;
    let mut lineno = 1usize;
    loop {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            match parse_jsonl_record(trimmed) {
                Ok((server, tool)) => {
                    if current.as_ref().is_some_and(|(s, _)| *s != server) {
                        flush(&mut current, &mut sink)?;
                    }
                    current
                        .get_or_insert_with(|| (server, Vec::new()))
                        .1
                        .push(tool);
                }
                Err((server, name, problem)) => issues.push(ToolIssue {
                    location: format!("{display}:{lineno}"),
                    server: server.unwrap_or_else(|| "?".into()),
                    index: lineno - 1,
                    name,
                    problem,
                }),
            }
        }
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| Error::io(&display, e))?;
        if n == 0 {
            break;
        }
        lineno += 1;
    }
    flush(&mut current, &mut sink)?;
    Ok(issues)
}

type RecordError = (Option<String>, Option<String>, String);

/// One JSON Lines record: the tool with its `server` key taken out (the rest is kept verbatim).
fn parse_jsonl_record(line: &str) -> Result<(String, Value), RecordError> {
    let v: Value = serde_json::from_str(line).map_err(|e| {
        (
            None,
            None,
            format!(
                "not valid JSON at column {}: {}",
                e.column(),
                json_error_message(&e)
            ),
        )
    })?;
    let Value::Object(mut obj) = v else {
        return Err((
            None,
            None,
            format!("a record must be a JSON object, found {}", json_kind(&v)),
        ));
    };
    let name = obj.get("name").and_then(Value::as_str).map(str::to_string);
    match obj.remove("server") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok((s, Value::Object(obj))),
        Some(Value::String(_)) => Err((None, name, "`server` is empty".into())),
        Some(other) => Err((
            None,
            name,
            format!("`server` is {}, not a string", json_kind(&other)),
        )),
        None => Err((None, name, "missing `server`".into())),
    }
}

/// Reads every server of an input into memory. Convenient for small inputs and tests.
pub fn read_all(
    input: &Input,
    server_name: Option<&str>,
) -> Result<(Vec<RawServer>, Vec<ToolIssue>), Error> {
    let mut servers = Vec::new();
    let issues = read_input(input, server_name, |s| {
        servers.push(s);
        Ok::<(), Error>(())
    })?;
    Ok((servers, issues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn load(text: &str, ext: &str) -> Result<(Vec<RawServer>, Vec<ToolIssue>), Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("myserver.{ext}"));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        read_all(&Input::Path(path), None)
    }

    #[test]
    fn every_form_is_recognised() {
        let forms = [
            r#"{"tools": [{"name": "a"}], "nextCursor": "x"}"#,
            r#"{"jsonrpc": "2.0", "id": 1, "result": {"tools": [{"name": "a"}]}}"#,
            r#"[{"name": "a"}]"#,
            r#"{"server": {"name": "snap", "version": "1.2"}, "tools": [{"name": "a"}]}"#,
        ];
        for f in forms {
            let (servers, issues) = load(f, "json").unwrap();
            assert_eq!(servers.len(), 1, "{f}");
            assert!(issues.is_empty());
            assert_eq!(servers[0].tools[0]["name"], "a");
        }
        let (s, _) = load(forms[0], "json").unwrap();
        assert_eq!(s[0].info.name, "myserver");
        let (s, _) = load(forms[3], "json").unwrap();
        assert_eq!(s[0].info.name, "snap");
        assert_eq!(s[0].info.version.as_deref(), Some("1.2"));
    }

    #[test]
    fn jsonl_groups_consecutive_runs_and_reports_bad_lines() {
        let text = "{\"server\":\"a\",\"name\":\"t1\"}\n{\"server\":\"a\",\"name\":\"t2\"}\nnot json\n\n{\"name\":\"t3\"}\n{\"server\":\"b\",\"name\":\"t4\",\"source\":\"x\"}\n";
        let (servers, issues) = load(text, "jsonl").unwrap();
        let got: Vec<_> = servers
            .iter()
            .map(|s| (s.info.name.as_str(), s.tools.as_array().unwrap().len()))
            .collect();
        assert_eq!(got, [("a", 2), ("b", 1)]);
        assert!(servers[1].tools[0].get("server").is_none());
        assert_eq!(servers[1].tools[0]["source"], "x", "other fields kept");
        assert_eq!(issues.len(), 2);
        assert!(issues[0].location.ends_with(":3"), "{:?}", issues[0]);
        assert!(issues[1].problem.contains("missing `server`"));
    }

    #[test]
    fn not_json_names_file_and_position() {
        let err = load("{\"tools\": [\n  {\"name\": \"a\",,}\n]}", "json").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("myserver.json"), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn json_without_tools_is_a_clear_error() {
        let msg = load(r#"{"foo": 1}"#, "json").unwrap_err().to_string();
        assert!(
            msg.contains("no `tools` field") && msg.contains("foo"),
            "{msg}"
        );
        let msg = load(
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope"}}"#,
            "json",
        )
        .unwrap_err()
        .to_string();
        assert!(msg.contains("error") && msg.contains("nope"), "{msg}");
    }
}
