//! Resolving `SERVER[/TOOL]` arguments against the catalog.

use crate::sanitize;
use crate::store::{Store, StoredServer};

/// What a `SERVER[/TOOL]` argument names.
pub enum Target {
    Server(StoredServer),
    Tool(StoredServer, String),
}

/// Resolves `arg`. Server names and tool names may both contain `/`, so the whole argument is
/// tried as a server first, then the longest server-name prefix ending at a `/`, the rest
/// being the tool name.
pub fn resolve(store: &Store, arg: &str) -> anyhow::Result<Target> {
    if let Some(s) = store.server(arg)? {
        return Ok(Target::Server(s));
    }
    let mut cut = arg.len();
    while let Some(i) = arg[..cut].rfind('/') {
        if let Some(s) = store.server(&arg[..i])? {
            let tool = &arg[i + 1..];
            if store.tool(s.id, tool)?.is_none() {
                let names = store.tool_names(s.id)?;
                anyhow::bail!(
                    "server {} has no tool {}{}",
                    sanitize::line(&s.info.name),
                    sanitize::line(tool),
                    suggest(tool, &names)
                );
            }
            return Ok(Target::Tool(s, tool.to_string()));
        }
        cut = i;
    }
    let names = store.server_names()?;
    let first = arg.split('/').next().unwrap_or(arg);
    let mut hint = suggest(arg, &names);
    if hint.is_empty() && first != arg {
        hint = suggest(first, &names);
    }
    anyhow::bail!("no server {} in the catalog{hint}", sanitize::line(arg))
}

/// ` (did you mean a, b?)` for names within a small edit distance or containing the query.
pub fn suggest(wanted: &str, names: &[String]) -> String {
    let w = wanted.to_lowercase();
    let limit = (w.chars().count() / 3).clamp(1, 3);
    let mut close: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|n| {
            let l = n.to_lowercase();
            let d = levenshtein(&w, &l);
            if d <= limit {
                Some((d, n))
            } else if w.len() >= 3 && (l.contains(&w) || w.contains(&l) && l.len() >= 3) {
                Some((limit + 1, n))
            } else {
                None
            }
        })
        .collect();
    close.sort();
    close.truncate(3);
    if close.is_empty() {
        return String::new();
    }
    let list: Vec<String> = close.iter().map(|(_, n)| sanitize::line(n)).collect();
    format!(" (did you mean {}?)", list.join(", "))
}

/// Edit distance counting a swap of two adjacent characters as one edit (optimal string
/// alignment), since swaps are the commonest typo.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost)
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_names() {
        let names: Vec<String> = ["github", "gitlab", "stripe"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(suggest("githb", &names), " (did you mean github?)");
        assert_eq!(suggest("zzzzzz", &names), "");
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("fiels", "files"), 1);
    }
}
