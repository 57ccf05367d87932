//! Replacing an unusable index directory without pulling it from under another process.
//!
//! An index is replaced when it is missing, unreadable or of another schema version — which is
//! also what an older or newer mcprisk binary sees in an index the other one is writing. The
//! replacement therefore first takes tantivy's own writer lock file (the same `flock` tantivy
//! takes, so a writer in any process, of any version, excludes it), and while holding it:
//! looks again (another process may have just built a usable index), then clears the directory
//! — all but the lock file, so the lock stays on the one file every process locks — and creates
//! the new index. When the lock is held elsewhere nothing is touched.

use crate::error::Error;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// tantivy's writer lock file in an index directory.
fn lock_path(dir: &Path) -> PathBuf {
    dir.join(&tantivy::directory::INDEX_WRITER_LOCK.filepath)
}

/// The writer lock of an index directory, taken from outside tantivy; released on drop.
pub(super) struct DirLock {
    _file: File,
}

impl DirLock {
    /// Takes the lock without waiting, creating `dir` when missing. Fails with
    /// [`Error::RebuildBusy`] when another process (or another writer in this one) holds it.
    pub(super) fn take(dir: &Path) -> Result<DirLock, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = lock_path(dir);
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::RebuildBusy {
                path: dir.display().to_string(),
            }),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

/// Removes everything in `dir` but the writer lock file. Call with the [`DirLock`] held.
pub(super) fn clear(dir: &Path, _held: &DirLock) -> Result<(), Error> {
    let lock = lock_path(dir);
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path == lock {
            continue;
        }
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
