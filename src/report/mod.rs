//! Human-readable output: aligned tables and count summaries. Everything third-party that
//! reaches these functions must already be sanitised ([`crate::sanitize`]); the functions here
//! only lay text out.

pub mod sarif;

use crate::classify::{Category, Risk};

/// A plain aligned table: a header row, then rows; columns separated by two spaces, the last
/// column not padded.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut width = vec![0usize; cols];
        for r in std::iter::once(&self.header).chain(&self.rows) {
            for (i, c) in r.iter().enumerate().take(cols) {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let mut out = String::new();
        for r in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate().take(cols) {
                if i + 1 == cols {
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    line.extend(std::iter::repeat_n(' ', width[i] - c.chars().count() + 2));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `Read 3 · Write 1` (zero counts left out; `none` when all are zero).
pub fn category_counts(counts: &[(Category, u64)]) -> String {
    join_counts(counts.iter().map(|(c, n)| (c.as_str(), *n)))
}

/// `Low 3 · Critical 1` (zero counts left out).
pub fn risk_counts(counts: &[(Risk, u64)]) -> String {
    join_counts(counts.iter().map(|(r, n)| (r.as_str(), *n)))
}

fn join_counts<'a>(items: impl Iterator<Item = (&'a str, u64)>) -> String {
    let parts: Vec<String> = items
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(" · ")
    }
}

/// `1 tool` / `2 tools`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_on_characters() {
        let mut t = Table::new(&["A", "B", "C"]);
        t.row(vec!["héllo".into(), "x".into(), "last".into()]);
        t.row(vec!["a".into(), "".into(), "".into()]);
        assert_eq!(t.render(), "A      B  C\nhéllo  x  last\na\n");
    }

    #[test]
    fn counts_skip_zeros() {
        assert_eq!(
            category_counts(&[
                (Category::Read, 2),
                (Category::Write, 0),
                (Category::Execute, 1)
            ]),
            "Read 2 · Execute 1"
        );
        assert_eq!(risk_counts(&[(Risk::Low, 0)]), "none");
    }
}
