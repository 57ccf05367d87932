//! Runs the built binary in a temporary home.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary catalog home (`MCPRISK_HOME`) for one test.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with `MCPRISK_HOME` set to this home.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mcprisk"));
        c.env("MCPRISK_HOME", self.path());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run(self.cmd().args(args))
    }
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run mcprisk");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
