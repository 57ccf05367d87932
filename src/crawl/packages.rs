//! Package installs for sandboxed servers: `npx -y PKG@VERSION` and `uvx PKG==VERSION` download
//! their code when they start, which a server without network cannot do. So under the sandbox
//! the download is a step of its own, before the server starts:
//!
//! 1. **install**, in a sandbox with the network shared and only the new cache entry writable
//!    (the package's install scripts run here: they can reach the network, but not the user's
//!    files): `npm install --prefix ENTRY PKG@VERSION`, or a Python virtual environment with
//!    `pip install PKG==VERSION`;
//! 2. **run** the installed command (the package's `bin`, or the console script named after the
//!    package, as `npx` and `uvx` would pick it) in the sandbox without network, with the entry
//!    visible read-only.
//!
//! Entries are kept in the package cache, one directory per exact package and version, so a
//! package is downloaded once. An install goes into a directory of its own and is published
//! by renaming a symlink over the entry's name, so concurrent crawls (shards on one machine)
//! never see half an install.
//!
//! Package names come from registries: they are checked against npm's and PyPI's name rules
//! before use (a name starting with `-` would be an option to npm or pip), and are passed as
//! single argv elements, never through a shell.

use super::sandbox::{Jail, Sandbox};
use super::{CrawlError, ErrorKind};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// How to start a server that was installed into the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub command: String,
    pub args: Vec<String>,
    /// The cache entry, to be shown read-only to the server.
    pub entry: PathBuf,
}

/// A package launcher line we know how to install ahead of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// `npx [-y|--yes] NAME@VERSION ARGS…`
    Npx {
        name: String,
        version: String,
        args: Vec<String>,
    },
    /// `uvx NAME==VERSION ARGS…`
    Uvx {
        name: String,
        version: String,
        args: Vec<String>,
    },
}

impl Launcher {
    /// Recognises the exact forms the registry produces (and users write): a launcher, at
    /// most `-y`, then a pinned package. Anything else runs as written.
    pub fn parse(command: &str, args: &[String]) -> Option<Launcher> {
        let base = Path::new(command).file_name()?.to_str()?;
        match base {
            "npx" => {
                let skip = usize::from(matches!(
                    args.first().map(String::as_str),
                    Some("-y" | "--yes")
                ));
                let spec = args.get(skip)?;
                // The version's `@`, not a scope's.
                let at = spec.char_indices().skip(1).find(|(_, c)| *c == '@')?.0;
                let (name, version) = (&spec[..at], &spec[at + 1..]);
                (npm_name_ok(name) && version_ok(version)).then(|| Launcher::Npx {
                    name: name.to_string(),
                    version: version.to_string(),
                    args: args[skip + 1..].to_vec(),
                })
            }
            "uvx" => {
                let spec = args.first()?;
                let (name, version) = spec.split_once("==")?;
                (pypi_name_ok(name) && version_ok(version)).then(|| Launcher::Uvx {
                    name: name.to_string(),
                    version: version.to_string(),
                    args: args[1..].to_vec(),
                })
            }
            _ => None,
        }
    }

    /// The cache entry's path: ecosystem, then a readable stem and a hash of the exact spec
    /// (two specs never share an entry, whatever characters the names hold).
    fn entry(&self, cache: &Path) -> PathBuf {
        use sha2::Digest;
        let (eco, name, version) = match self {
            Launcher::Npx { name, version, .. } => ("npm", name, version),
            Launcher::Uvx { name, version, .. } => ("pypi", name, version),
        };
        let spec = format!("{eco}\0{name}\0{version}");
        let hash = sha2::Sha256::digest(spec.as_bytes());
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        let stem: String = format!("{name}-{version}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        cache.join(eco).join(format!("{stem}-{hex}"))
    }
}

/// npm's rules for new package names: lowercase, URL-safe, optionally `@scope/`.
fn npm_name_ok(name: &str) -> bool {
    let part = |s: &str| {
        !s.is_empty()
            && !s.starts_with(['.', '_', '-'])
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._~".contains(&b))
    };
    let ok = match name.strip_prefix('@') {
        Some(scoped) => scoped
            .split_once('/')
            .is_some_and(|(s, n)| part(s) && part(n)),
        None => part(name),
    };
    ok && name.len() <= 214
}

/// PyPI's (PEP 508) project names.
fn pypi_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
}

/// An exact version (semver or PEP 440): no ranges, no options, no paths.
fn version_ok(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 100
        && v.starts_with(|c: char| c.is_ascii_alphanumeric())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.+!_".contains(&b))
}

/// Installs the package into the cache (when it is not there yet) and says how to run it.
pub async fn install(
    sandbox: &Sandbox,
    launcher: &Launcher,
    env: &[(String, String)],
) -> Result<Installed, CrawlError> {
    let cache = sandbox.package_cache();
    let entry = launcher.entry(cache);
    if !entry.join(".complete").exists() {
        let parent = entry.parent().expect("an entry has a parent");
        std::fs::create_dir_all(parent).map_err(|e| {
            fail(format!(
                "creating the package cache {}: {e}",
                parent.display()
            ))
        })?;
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let staging = parent.join(format!(
            ".{}.{}-{nonce}",
            entry.file_name().unwrap().to_string_lossy(),
            std::process::id()
        ));
        std::fs::create_dir_all(&staging)
            .map_err(|e| fail(format!("creating {}: {e}", staging.display())))?;
        let result = install_into(sandbox, launcher, env, &staging).await;
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        std::fs::write(staging.join(".complete"), b"")
            .map_err(|e| fail(format!("writing {}: {e}", staging.display())))?;
        publish(&staging, &entry)?;
    }
    // The real directory: a Python environment knows itself by the path it was made at.
    let entry = entry
        .canonicalize()
        .map_err(|e| fail(format!("reading {}: {e}", entry.display())))?;
    let (command, args) = match launcher {
        Launcher::Npx { name, args, .. } => (npm_bin(&entry, name)?, args.clone()),
        Launcher::Uvx { name, args, .. } => (pypi_bin(&entry, name)?, args.clone()),
    };
    Ok(Installed {
        command: command.display().to_string(),
        args,
        entry,
    })
}

fn fail(msg: String) -> CrawlError {
    CrawlError::new(ErrorKind::SpawnFailed, msg)
}

/// Makes `entry` a symlink to `staging`, atomically (a rename over the old name).
fn publish(staging: &Path, entry: &Path) -> Result<(), CrawlError> {
    #[cfg(unix)]
    {
        let link = staging.with_extension("link");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(staging, &link)
            .and_then(|()| std::fs::rename(&link, entry))
            .map_err(|e| fail(format!("publishing {}: {e}", entry.display())))
    }
    #[cfg(not(unix))]
    std::fs::rename(staging, entry)
        .map_err(|e| fail(format!("publishing {}: {e}", entry.display())))
}

/// Runs the install commands in a sandbox with the network and `dir` writable.
async fn install_into(
    sandbox: &Sandbox,
    launcher: &Launcher,
    env: &[(String, String)],
    dir: &Path,
) -> Result<(), CrawlError> {
    let d = dir.display().to_string();
    let steps: Vec<(String, Vec<String>)> = match launcher {
        Launcher::Npx { name, version, .. } => vec![(
            "npm".into(),
            vec![
                "install".into(),
                "--prefix".into(),
                d.clone(),
                "--no-audit".into(),
                "--no-fund".into(),
                "--no-update-notifier".into(),
                "--loglevel=error".into(),
                format!("{name}@{version}"),
            ],
        )],
        Launcher::Uvx { name, version, .. } => vec![
            (
                "python3".into(),
                vec!["-m".into(), "venv".into(), format!("{d}/venv")],
            ),
            (
                format!("{d}/venv/bin/python"),
                vec![
                    "-m".into(),
                    "pip".into(),
                    "install".into(),
                    "--disable-pip-version-check".into(),
                    "--no-input".into(),
                    "--quiet".into(),
                    format!("{name}=={version}"),
                ],
            ),
        ],
    };
    let write = [dir.to_path_buf()];
    for (program, args) in &steps {
        let jail = Jail {
            command: program,
            args,
            env,
            cwd: Some(dir),
            write: &write,
            net: true,
            ..Default::default()
        };
        let mut cmd = sandbox.command(&jail);
        cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
        #[cfg(unix)]
        cmd.process_group(0);
        let out = cmd
            .output()
            .await
            .map_err(|e| fail(format!("running {}: {e}", sandbox.program().display())))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.trim().lines().last().unwrap_or("no output");
            return Err(fail(format!(
                "installing the package failed (`{program} {}`): {}",
                args.first().map_or("", String::as_str),
                crate::sanitize::truncate(last, 300)
            )));
        }
    }
    Ok(())
}

/// The command `npx` would run: the package's only `bin`, or the one named after it.
fn npm_bin(entry: &Path, name: &str) -> Result<PathBuf, CrawlError> {
    let manifest = entry.join("node_modules").join(name).join("package.json");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| fail(format!("reading {}: {e}", manifest.display())))?;
    let pkg: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| fail(format!("{} is not JSON: {e}", manifest.display())))?;
    let unscoped = name.rsplit('/').next().unwrap_or(name);
    let bin = match pkg.get("bin") {
        Some(serde_json::Value::String(_)) => unscoped.to_string(),
        Some(serde_json::Value::Object(m)) if m.len() == 1 => m.keys().next().unwrap().clone(),
        Some(serde_json::Value::Object(m)) if m.contains_key(unscoped) => unscoped.to_string(),
        Some(serde_json::Value::Object(m)) => {
            let names: Vec<&str> = m.keys().map(String::as_str).collect();
            return Err(fail(format!(
                "npm package {name} has several commands and none named after it: {}",
                crate::sanitize::line(&names.join(", "))
            )));
        }
        _ => return Err(fail(format!("npm package {name} has no command (`bin`)"))),
    };
    // A `bin` name is used as a file name: refuse one that would leave `.bin`.
    if bin.is_empty() || bin.contains(['/', '\\']) || bin.starts_with('.') {
        return Err(fail(format!(
            "npm package {name} names an unusable command {:?}",
            crate::sanitize::line(&bin)
        )));
    }
    Ok(entry.join("node_modules/.bin").join(bin))
}

/// The command `uvx` would run: the console script named after the package (compared as PyPI
/// compares names: case, `-`, `_` and `.` alike).
fn pypi_bin(entry: &Path, name: &str) -> Result<PathBuf, CrawlError> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '.'], "-");
    let bin = entry.join("venv/bin");
    let mut found = Vec::new();
    for e in std::fs::read_dir(&bin)
        .map_err(|e| fail(format!("reading {}: {e}", bin.display())))?
        .flatten()
    {
        let f = e.file_name().to_string_lossy().into_owned();
        if norm(&f) == norm(name) {
            return Ok(e.path());
        }
        found.push(f);
    }
    found.retain(|f| {
        !f.starts_with("python") && !f.starts_with("pip") && !f.starts_with("activate")
    });
    found.sort();
    Err(fail(format!(
        "PyPI package {name} installs no command named after it (it has: {})",
        crate::sanitize::line(&found.join(", "))
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn recognises_pinned_launchers_only() {
        assert_eq!(
            Launcher::parse("npx", &s(&["-y", "@scope/pkg@1.2.3", "stdio"])),
            Some(Launcher::Npx {
                name: "@scope/pkg".into(),
                version: "1.2.3".into(),
                args: s(&["stdio"])
            })
        );
        assert_eq!(
            Launcher::parse("uvx", &s(&["mcp-server-time==2026.10.19", "--x"])),
            Some(Launcher::Uvx {
                name: "mcp-server-time".into(),
                version: "2026.10.19".into(),
                args: s(&["--x"])
            })
        );
        for (cmd, args) in [
            ("npx", s(&["-y", "pkg"])),
            ("npx", s(&["-y", "--registry=http://evil@1"])),
            ("npx", s(&["-y", "pkg@^1"])),
            ("npx", s(&["-y", "pkg@-1"])),
            ("uvx", s(&["--from=x==1"])),
            ("uvx", s(&["-x==1"])),
            ("uvx", s(&["pkg>=1"])),
            ("node", s(&["pkg@1"])),
        ] {
            assert_eq!(Launcher::parse(cmd, &args), None, "{cmd} {args:?}");
        }
    }

    #[test]
    fn entries_differ_per_spec_and_stay_in_the_cache() {
        let a = Launcher::parse("npx", &s(&["-y", "@a/b@1"])).unwrap();
        let b = Launcher::parse("npx", &s(&["-y", "@a/b@2"])).unwrap();
        let (ea, eb) = (a.entry(Path::new("/c")), b.entry(Path::new("/c")));
        assert_ne!(ea, eb);
        assert_eq!(ea.parent().unwrap(), Path::new("/c/npm"));
        assert!(
            ea.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("_a_b-1-")
        );
    }

    #[test]
    fn npm_bin_follows_npx_rules() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, pkg: serde_json::Value| {
            let d = dir.path().join("node_modules").join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("package.json"), pkg.to_string()).unwrap();
        };
        write("@s/one", serde_json::json!({"bin": {"tool-one": "x.js"}}));
        write("two", serde_json::json!({"bin": "x.js"}));
        write(
            "three",
            serde_json::json!({"bin": {"a": "a.js", "b": "b.js"}}),
        );
        write("evil", serde_json::json!({"bin": {"../../x": "a.js"}}));
        let bin = |n| npm_bin(dir.path(), n).map(|p| p.file_name().unwrap().to_owned());
        assert_eq!(bin("@s/one").unwrap(), "tool-one");
        assert_eq!(bin("two").unwrap(), "two");
        assert!(
            bin("three")
                .unwrap_err()
                .message
                .contains("several commands")
        );
        assert!(bin("evil").unwrap_err().message.contains("unusable"));
    }
}
