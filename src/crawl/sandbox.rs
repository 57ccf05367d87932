//! The sandbox a stdio server runs in: bubblewrap (`bwrap`), the tool Flatpak uses, not a
//! home-made one.
//!
//! A server is third-party code. Started inside the sandbox it gets:
//! - **the file system read-only**, with the user's home directory, `/tmp`, `/var/tmp` and `/run`
//!   replaced by empty private directories (a fresh home and temp directory per server, gone
//!   when it exits). So it can read the system (`/usr`, `/etc`) but not `~/.ssh`, `~/.aws` or a
//!   browser profile, cannot write anywhere outside its scratch space, and cannot reach the
//!   sockets under `/run` (Docker, D-Bus, the user's agents). The toolchains a server needs that
//!   live under the home (pyenv shims, nvm's `node`) are made visible again read-only: the
//!   `PATH` entries under a hidden directory, and the roots `PYENV_ROOT`, `NVM_DIR`,
//!   `VOLTA_HOME` name. `--sandbox-read PATH` adds more read-only, `--sandbox-allow PATH`
//!   read-write.
//! - **no network**: its own network namespace, with only its own loopback (a server may listen
//!   on it and talk to itself; nothing outside can reach it and it cannot reach the host's
//!   loopback), unless `--sandbox-net` shares ours.
//! - **its own PID, IPC, UTS and user namespaces and a new session** (`--unshare-all`,
//!   `--new-session`), and `--die-with-parent`: when we kill the `bwrap` process (timeout, end of
//!   the listing, our own exit) every process in the sandbox dies with it, `setsid` or not.
//!
//! The environment is the scrubbed one every server gets (see [`super::stdio::child_env`]),
//! with the temp directory pointed at the private `/tmp` and the `XDG_*` locations dropped, so
//! that they default to the private home.
//!
//! Package installs (`npx -y PKG`, `uvx PKG`) need the network, the server does not: they run
//! first, in a sandbox of their own with the network shared and only the package cache writable
//! (see [`super::packages`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the user asked of the sandbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SandboxOptions {
    /// Directories (or files) the server may read and write (`--sandbox-allow`).
    pub allow: Vec<PathBuf>,
    /// Directories (or files) the server may read (`--sandbox-read`).
    pub read: Vec<PathBuf>,
    /// Share our network (`--sandbox-net`).
    pub net: bool,
    /// Where installed packages are kept (default: the platform cache directory).
    pub package_cache: Option<PathBuf>,
}

/// Why the sandbox cannot be set up. Each message says what is missing and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "the sandbox needs Linux (it runs each server under bubblewrap); on this system crawl with --no-sandbox, or run mcprisk in its container image (docs/crawling.md)"
    )]
    NotLinux,
    #[error(
        "the sandbox needs bubblewrap (`bwrap`), which is not on PATH: install it (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`; Arch: `pacman -S bubblewrap`), or pass --no-sandbox to run servers unconfined"
    )]
    BwrapMissing,
    #[error(
        "bubblewrap cannot create namespaces here ({detail}): unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0), or a container forbids them (run it with a seccomp profile that allows `unshare`); or pass --no-sandbox to run servers unconfined"
    )]
    Unavailable { detail: String },
    #[error("--sandbox-{flag} {}: {why}", .path.display())]
    BadPath {
        flag: &'static str,
        path: PathBuf,
        why: String,
    },
}

/// A checked sandbox: bubblewrap was found and works here.
#[derive(Debug, Clone)]
pub struct Sandbox {
    bwrap: PathBuf,
    opts: SandboxOptions,
    /// The user's home directory, hidden behind a private one.
    home: Option<PathBuf>,
    cache: PathBuf,
}

/// One process to start in the sandbox.
#[derive(Debug, Clone, Default)]
pub struct Jail<'a> {
    pub command: &'a str,
    pub args: &'a [String],
    /// The child's whole environment (already scrubbed).
    pub env: &'a [(String, String)],
    pub cwd: Option<&'a Path>,
    /// Extra read-only paths (an installed package).
    pub read: &'a [PathBuf],
    /// Extra read-write paths (the directory a package installs into).
    pub write: &'a [PathBuf],
    /// Share our network, whatever the options say (package installs).
    pub net: bool,
}

/// What a sandboxed process sees of the host's file system besides the read-only root (see
/// [`Sandbox::view`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Directories replaced by empty private ones, outermost first.
    pub hidden: Vec<PathBuf>,
    /// Paths shown read-only (over the hidden directories, where they lie under one).
    pub read: Vec<PathBuf>,
    /// Paths shown read-write.
    pub write: Vec<PathBuf>,
    /// Where the process starts.
    pub chdir: PathBuf,
}

impl View {
    /// Whether the process sees the host's absolute `path` (lexically: the caller resolves
    /// symbolic links and `..`).
    pub fn shows(&self, path: &Path) -> bool {
        !self.hidden.iter().any(|h| path.starts_with(h))
            || self
                .read
                .iter()
                .chain(&self.write)
                .any(|p| path.starts_with(p))
    }
}

/// Directories replaced by empty private ones, besides the home.
const HIDDEN: &[&str] = &["/tmp", "/var/tmp", "/run"];

/// Variables dropped inside: they point at places the sandbox hides or makes read-only, and
/// their defaults (under the private home and `/tmp`) work.
const DROPPED_ENV: &[&str] = &[
    "TMPDIR",
    "TMP",
    "TEMP",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_RUNTIME_DIR",
];

/// Toolchain roots kept visible (read-only) when they lie under a hidden directory.
const TOOLCHAIN_ROOTS: &[&str] = &["PYENV_ROOT", "NVM_DIR", "VOLTA_HOME"];

impl Sandbox {
    /// Finds bubblewrap and checks that it can create the namespaces we use, so that a crawl
    /// stops before its first server rather than failing every one of them.
    pub fn check(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        for (flag, paths) in [("allow", &opts.allow), ("read", &opts.read)] {
            for p in paths {
                if !p.is_absolute() {
                    return Err(SandboxError::BadPath {
                        flag,
                        path: p.clone(),
                        why: "give an absolute path".into(),
                    });
                }
                if !p.exists() {
                    return Err(SandboxError::BadPath {
                        flag,
                        path: p.clone(),
                        why: "no such file or directory".into(),
                    });
                }
            }
        }
        if !cfg!(target_os = "linux") {
            return Err(SandboxError::NotLinux);
        }
        let bwrap = find_on_path("bwrap").ok_or(SandboxError::BwrapMissing)?;
        let probe = Command::new(&bwrap)
            .args(["--unshare-all", "--die-with-parent", "--new-session"])
            .args(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"])
            .args(["--", "true"])
            .env_clear()
            .output()
            .map_err(|e| SandboxError::Unavailable {
                detail: format!("running {}: {e}", bwrap.display()),
            })?;
        if !probe.status.success() {
            let err = String::from_utf8_lossy(&probe.stderr);
            return Err(SandboxError::Unavailable {
                detail: crate::sanitize::line(err.trim()),
            });
        }
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|h| h.is_absolute() && h.is_dir() && h != Path::new("/"));
        let cache = opts.package_cache.clone().unwrap_or_else(default_cache);
        Ok(Sandbox {
            bwrap,
            opts,
            home,
            cache,
        })
    }

    pub fn options(&self) -> &SandboxOptions {
        &self.opts
    }

    /// The `bwrap` executable.
    pub fn program(&self) -> &Path {
        &self.bwrap
    }

    /// Where installed packages are kept.
    pub fn package_cache(&self) -> &Path {
        &self.cache
    }

    /// The environment inside: ours minus what points at hidden places, with the private temp
    /// directory.
    pub fn env(&self, env: Vec<(String, String)>) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| !DROPPED_ENV.contains(&k.as_str()))
            .collect();
        env.push(("TMPDIR".into(), "/tmp".into()));
        env
    }

    /// The directories hidden behind private empty ones, outermost first.
    fn hidden(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = HIDDEN
            .iter()
            .map(PathBuf::from)
            // A symlink (`/var/tmp` → `/tmp` on some systems) is followed by the mount; a
            // missing directory cannot be mounted over on a read-only root.
            .filter(|p| p.is_dir() && !p.is_symlink())
            .collect();
        if let Some(home) = &self.home {
            out.push(home.clone());
        }
        out
    }

    /// Paths under a hidden directory that the child needs to read: the `PATH` entries and
    /// toolchain roots (a `…/shims` entry brings its parent: pyenv, rbenv and asdf keep the real
    /// programs beside their shims).
    fn toolchains(&self, env: &[(String, String)], hidden: &[PathBuf]) -> Vec<PathBuf> {
        let under_hidden = |p: &Path| hidden.iter().any(|h| p.starts_with(h));
        let mut out: Vec<PathBuf> = Vec::new();
        let mut add = |p: PathBuf| {
            if p.is_absolute() && p.exists() && under_hidden(&p) && !out.contains(&p) {
                out.push(p);
            }
        };
        for (k, v) in env {
            if k == "PATH" {
                for dir in std::env::split_paths(v) {
                    if dir.ends_with("shims")
                        && let Some(parent) = dir.parent()
                    {
                        add(parent.to_path_buf());
                    }
                    add(dir);
                }
            } else if TOOLCHAIN_ROOTS.contains(&k.as_str()) {
                add(PathBuf::from(v));
            }
        }
        // A symlinked toolchain (`~/.local/bin/node` → `~/.nvm/…`) is followed: bind both.
        let resolved: Vec<PathBuf> = out
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .filter(|p| !out.contains(p))
            .collect();
        out.extend(resolved.into_iter().filter(|p| under_hidden(p)));
        out
    }

    /// What `jail` is shown of the host's file system besides the read-only root: the one
    /// computation both the `bwrap` command line and the hidden-path check
    /// ([`super::hidden`]) read, so that they cannot disagree.
    pub fn view(&self, jail: &Jail<'_>) -> View {
        let hidden = self.hidden();
        let mut read = self.toolchains(jail.env, &hidden);
        if jail.net || self.opts.net {
            // `/etc/resolv.conf` often points into `/run` (systemd-resolved), which is hidden.
            if let Ok(real) = Path::new("/etc/resolv.conf").canonicalize()
                && hidden.iter().any(|h| real.starts_with(h))
            {
                read.push(real);
            }
        }
        // The working directory is shown read-only when hidden, unless that would show the
        // whole home (a crawl started from `~`): then the server starts in its private home.
        let cwd = jail
            .cwd
            .filter(|c| c.is_absolute() && self.home.as_ref().is_none_or(|h| !h.starts_with(c)));
        if let Some(cwd) = cwd
            && hidden.iter().any(|h| cwd.starts_with(h))
        {
            read.push(cwd.to_path_buf());
        }
        read.extend(jail.read.iter().cloned());
        read.extend(self.opts.read.iter().cloned());
        let write = jail.write.iter().chain(&self.opts.allow).cloned().collect();
        let chdir = cwd
            .map(Path::to_path_buf)
            .or_else(|| self.home.clone())
            .unwrap_or_else(|| PathBuf::from("/tmp"));
        View {
            hidden,
            read,
            write,
            chdir,
        }
    }

    /// The whole `bwrap` command line for `jail`: sandbox flags, then `--`, then the command
    /// and its arguments, each its own argv element (no shell ever parses them).
    pub fn argv(&self, jail: &Jail<'_>) -> Vec<OsString> {
        let mut a: Vec<OsString> = Vec::new();
        let mut push =
            |items: &[&std::ffi::OsStr]| a.extend(items.iter().map(|s| s.to_os_string()));
        push(&["--unshare-all".as_ref()]);
        if jail.net || self.opts.net {
            push(&["--share-net".as_ref()]);
        }
        push(&[
            "--die-with-parent".as_ref(),
            "--new-session".as_ref(),
            "--ro-bind".as_ref(),
            "/".as_ref(),
            "/".as_ref(),
            "--dev".as_ref(),
            "/dev".as_ref(),
            "--proc".as_ref(),
            "/proc".as_ref(),
        ]);
        let view = self.view(jail);
        for dir in &view.hidden {
            push(&["--tmpfs".as_ref(), dir.as_os_str()]);
        }
        for p in &view.read {
            push(&["--ro-bind".as_ref(), p.as_os_str(), p.as_os_str()]);
        }
        for p in &view.write {
            push(&["--bind".as_ref(), p.as_os_str(), p.as_os_str()]);
        }
        push(&["--chdir".as_ref(), view.chdir.as_os_str()]);
        push(&["--".as_ref(), jail.command.as_ref()]);
        a.extend(jail.args.iter().map(OsString::from));
        a
    }

    /// A `tokio` command that starts `jail` in the sandbox, with its environment set and
    /// nothing else of ours.
    pub fn command(&self, jail: &Jail<'_>) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(&self.bwrap);
        cmd.args(self.argv(jail))
            .env_clear()
            .envs(self.env(jail.env.to_vec()));
        cmd
    }
}

/// `$XDG_CACHE_HOME/mcprisk/packages` (or the platform's cache directory), or
/// `MCPRISK_PACKAGE_CACHE`.
fn default_cache() -> PathBuf {
    if let Some(dir) = std::env::var_os("MCPRISK_PACKAGE_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("mcprisk/packages")
}

/// The first executable file named `name` in our `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(home: &str) -> Sandbox {
        Sandbox {
            bwrap: "/usr/bin/bwrap".into(),
            opts: SandboxOptions::default(),
            home: Some(home.into()),
            cache: "/cache".into(),
        }
    }

    fn strings(v: Vec<OsString>) -> Vec<String> {
        v.into_iter().map(|s| s.into_string().unwrap()).collect()
    }

    #[test]
    fn argv_is_flags_then_the_command_verbatim() {
        let sb = sandbox("/nonexistent-home");
        let args = vec!["--flag".to_string(), "$(rm -rf ~); `x`".to_string()];
        let argv = strings(sb.argv(&Jail {
            command: "srv",
            args: &args,
            ..Default::default()
        }));
        let dash = argv.iter().position(|a| a == "--").unwrap();
        assert_eq!(&argv[dash + 1..], ["srv", "--flag", "$(rm -rf ~); `x`"]);
        let flags = &argv[..dash];
        for f in ["--unshare-all", "--die-with-parent", "--new-session"] {
            assert!(flags.contains(&f.to_string()), "{flags:?}");
        }
        assert!(!flags.contains(&"--share-net".to_string()), "{flags:?}");
        let ro = flags.windows(3).any(|w| w == ["--ro-bind", "/", "/"]);
        assert!(ro, "{flags:?}");
        let tmp = flags.windows(2).any(|w| w == ["--tmpfs", "/tmp"]);
        assert!(tmp, "{flags:?}");
        assert!(
            flags
                .windows(2)
                .any(|w| w == ["--chdir", "/nonexistent-home"])
        );

        let net = strings(sb.argv(&Jail {
            command: "npm",
            net: true,
            ..Default::default()
        }));
        assert!(net.contains(&"--share-net".to_string()));
    }

    #[test]
    fn home_is_hidden_and_toolchains_under_it_come_back_read_only() {
        let home = tempfile::tempdir().unwrap();
        let shims = home.path().join(".pyenv/shims");
        std::fs::create_dir_all(&shims).unwrap();
        let sb = sandbox(home.path().to_str().unwrap());
        let path = format!("{}:/usr/bin", shims.display());
        let env = vec![("PATH".to_string(), path)];
        let argv = strings(sb.argv(&Jail {
            command: "python3",
            env: &env,
            ..Default::default()
        }));
        let h = home.path().display().to_string();
        let hide = argv.windows(2).position(|w| w == ["--tmpfs", h.as_str()]);
        let root = home.path().join(".pyenv").display().to_string();
        let back = argv
            .windows(3)
            .position(|w| w == ["--ro-bind", root.as_str(), root.as_str()]);
        assert!(
            matches!((hide, back), (Some(a), Some(b)) if a < b),
            "{argv:?}"
        );
        assert!(
            !argv.iter().any(|a| a == "/usr/bin"),
            "a visible PATH entry needs no bind: {argv:?}"
        );
    }

    #[test]
    fn env_points_temp_at_the_private_tmp() {
        let sb = sandbox("/h");
        let env = sb.env(vec![
            ("TMPDIR".into(), "/work/tmp".into()),
            ("XDG_CONFIG_HOME".into(), "/elsewhere".into()),
            ("PATH".into(), "/usr/bin".into()),
        ]);
        assert_eq!(
            env,
            [
                ("PATH".to_string(), "/usr/bin".to_string()),
                ("TMPDIR".to_string(), "/tmp".to_string())
            ]
        );
    }

    #[test]
    fn relative_or_missing_allowed_paths_are_refused() {
        let e = Sandbox::check(SandboxOptions {
            allow: vec!["rel".into()],
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("absolute"), "{e}");
        let e = Sandbox::check(SandboxOptions {
            read: vec!["/no/such/path/anywhere".into()],
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("--sandbox-read"), "{e}");
    }
}
