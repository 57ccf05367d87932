//! Where the catalog lives.
//!
//! One directory holds everything: `catalog.db` (SQLite, the source of truth, with its WAL
//! files) and `index/` (the tantivy search index, derived from the database and rebuildable at
//! any time). The directory is `--home DIR` or `MCPRISK_HOME` when given, else the platform data
//! directory (`~/.local/share/mcprisk` on Linux).

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The catalog directory and the paths inside it.
#[derive(Debug, Clone)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// `explicit` (from `--home` / `MCPRISK_HOME`), else the platform default.
    pub fn resolve(explicit: Option<&Path>) -> Result<Home, Error> {
        let root = match explicit {
            Some(p) => p.to_path_buf(),
            None => dirs::data_dir()
                .map(|d| d.join("mcprisk"))
                .ok_or_else(|| {
                    Error::Usage(
                        "no data directory on this platform; give the catalog directory with --home DIR or MCPRISK_HOME"
                            .into(),
                    )
                })?,
        };
        Ok(Home { root })
    }

    pub fn at(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    /// Creates the directory when missing.
    pub fn ensure(&self) -> Result<(), Error> {
        std::fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The SQLite catalog.
    pub fn db_path(&self) -> PathBuf {
        self.root.join("catalog.db")
    }

    /// The tantivy index directory.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_home_wins() {
        let h = Home::resolve(Some(Path::new("/tmp/x"))).unwrap();
        assert_eq!(h.db_path(), Path::new("/tmp/x/catalog.db"));
        assert_eq!(h.index_dir(), Path::new("/tmp/x/index"));
    }
}
