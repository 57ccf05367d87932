//! Runs the built `mcprisk` binary in a temporary catalog home, as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and returned.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    /// Panics with both streams when the exit code is not `want`.
    #[track_caller]
    pub fn expect(self, want: i32) -> Output {
        assert_eq!(
            self.code, want,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A temporary catalog home (`MCPRISK_HOME`) and a scratch working directory for one test.
pub struct Home {
    pub home: tempfile::TempDir,
    pub scratch: tempfile::TempDir,
}

pub type Env = Home;

impl Home {
    pub fn new() -> Home {
        Home {
            home: tempfile::tempdir().unwrap(),
            scratch: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.home.path()
    }

    /// The binary with `MCPRISK_HOME` set to `home`, no rules override from the caller's
    /// environment, run in the scratch directory.
    pub fn cmd_in(&self, home: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mcprisk"));
        c.env("MCPRISK_HOME", home)
            .env_remove("MCPRISK_RULES")
            .current_dir(self.scratch.path());
        c
    }

    pub fn cmd(&self) -> Command {
        self.cmd_in(self.path())
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run(self.cmd().args(args))
    }

    /// Runs with another catalog home.
    pub fn run_in(&self, home: &Path, args: &[&str]) -> Output {
        run(self.cmd_in(home).args(args))
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

/// A file under tests/fixtures/.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn fixture_str(rel: &str) -> String {
    fixture(rel).display().to_string()
}

/// Flags that show `dir` read-only to the crawl sandbox when the sandbox would hide it: a
/// checkout under the home (as on GitHub's runners) or under a temp directory (a clone made with
/// `mktemp -d`) is hidden like the rest of those directories, and a user shows what the server
/// needs with `--sandbox-read`. Empty when `dir` is visible anyway.
pub fn sandbox_read_if_hidden(dir: &std::path::Path) -> Vec<String> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let hidden = ["/tmp", "/var/tmp", "/run"]
        .iter()
        .map(PathBuf::from)
        .chain(home.filter(|h| h.is_absolute() && h != std::path::Path::new("/")))
        .any(|h| dir.starts_with(h));
    if hidden {
        vec!["--sandbox-read".into(), dir.display().to_string()]
    } else {
        Vec::new()
    }
}

/// Whether a process is gone (or a zombie waiting for a reaper), polling for up to 5 s.
pub fn process_gone(pid: u32) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let gone = match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            Ok(stat) => stat
                .rsplit(')')
                .next()
                .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        };
        if gone || std::time::Instant::now() > deadline {
            return gone;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Whether `python3` runs, for the tests whose fixture servers are Python scripts (`needed_by`
/// says which). Without it those tests say so and pass, except in CI (`MCPRISK_CI=1`), where a
/// missing python3 fails them.
pub fn python3(needed_by: &str) -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("MCPRISK_CI").as_deref() != Ok("1"),
            "MCPRISK_CI=1 but python3 is not installed (needed by {needed_by})"
        );
        eprintln!("skipping: python3 is not installed (needed by {needed_by})");
    }
    ok
}
