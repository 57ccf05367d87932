//! Runs the built `mcprisk` binary in a temporary catalog home.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary catalog home and scratch directory.
pub struct Env {
    pub home: tempfile::TempDir,
    pub scratch: tempfile::TempDir,
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Panics with both streams when the exit code is not `want`.
    #[track_caller]
    pub fn expect(self, want: i32) -> Run {
        assert_eq!(
            self.code, want,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
            scratch: tempfile::tempdir().unwrap(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.home.path(), args)
    }

    /// Runs with another catalog home.
    pub fn run_in(&self, home: &Path, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_mcprisk"))
            .args(args)
            .env("MCPRISK_HOME", home)
            .env_remove("MCPRISK_RULES")
            .current_dir(self.scratch.path())
            .output()
            .unwrap();
        Run {
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// A file under tests/fixtures/.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn fixture_str(rel: &str) -> String {
    fixture(rel).display().to_string()
}
