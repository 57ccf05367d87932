//! `--shard K/N`: a stable partition of the servers to crawl, so that N machines (or N runs of
//! one) each crawl a part of a registry and `mcprisk index` merges their snapshots into the
//! catalog one run would have built.
//!
//! A server belongs to shard `1 + h mod N`, where `h` is the first eight bytes of the SHA-256
//! of its name (its catalog key, e.g. `io.github.owner/server`) read as a big-endian integer.
//! Only the name decides: the listing's order, page size or what else it holds does not, so
//! shards never overlap, their union is the whole listing, and a rerun of shard K crawls the
//! same servers. SHA-256 rather than a faster hash because the assignment is part of the
//! interface (documented, reproducible by any tool, the same on every platform and version).

use super::Resolved;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The 1-based shard that `name` belongs to among `count`.
    pub fn of(name: &str, count: u32) -> u32 {
        let digest = Sha256::digest(name.as_bytes());
        let h = u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"));
        1 + (h % u64::from(count.max(1))) as u32
    }

    pub fn contains(&self, name: &str) -> bool {
        Shard::of(name, self.count) == self.index
    }

    /// Keeps the targets (and the notes about skipped entries) of this shard only.
    pub fn retain(&self, resolved: &mut Resolved) {
        resolved.targets.retain(|t| self.contains(&t.name));
        resolved.skipped.retain(|s| self.contains(&s.name));
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("{s:?} is not a shard: write K/N, e.g. 2/8 for the second of eight");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || count > 65_536 {
            return Err(format!("shard count {count} is out of range (1 to 65536)"));
        }
        if index == 0 || index > count {
            return Err(format!(
                "shard {index} of {count} does not exist (shards are numbered 1 to {count})"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!("1/1".parse::<Shard>().unwrap().to_string(), "1/1");
        for bad in ["0/4", "5/4", "1/0", "x/4", "3", "1/4/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_names_evenly() {
        let names: Vec<String> = (0..8000)
            .map(|i| format!("io.example/server-{i}"))
            .collect();
        let mut sizes = [0usize; 8];
        for n in &names {
            let owners: Vec<u32> = (1..=8)
                .filter(|&k| Shard { index: k, count: 8 }.contains(n))
                .collect();
            assert_eq!(owners.len(), 1, "{n} belongs to exactly one shard");
            sizes[owners[0] as usize - 1] += 1;
        }
        for s in sizes {
            assert!((900..=1100).contains(&s), "uneven shards: {sizes:?}");
        }
    }

    /// The assignment is part of the interface (docs/crawling.md gives the formula): it must not
    /// change between versions, or reruns of a shard would crawl other servers.
    #[test]
    fn the_assignment_is_pinned() {
        let got: Vec<u32> = [
            "io.github.modelcontextprotocol/server-everything",
            "io.github.example/weather",
            "com.example/mcp",
            "",
        ]
        .iter()
        .map(|n| Shard::of(n, 16))
        .collect();
        assert_eq!(got, PINNED);
    }
    // The same as Python's `1 + int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % 16`.
    const PINNED: [u32; 4] = [16, 6, 3, 5];
}
