//! Files a sandboxed server's command line names that the sandbox hides.
//!
//! A server started as `node /home/u/srv/index.js` under the sandbox fails with the runtime's
//! own "file not found" (node: `Cannot find module '/home/u/srv/index.js'`): the sandbox
//! replaces the home with an empty private one. Before the server starts, its command and
//! arguments are checked against what the sandbox shows ([`super::sandbox::View`]); when the
//! server then fails, its error names the hidden paths and the exact `--sandbox-read` flag that
//! shows them.
//!
//! The sandbox never widens by itself: what a server may read is the user's choice, and a
//! server that lists its tools without those files (a filesystem server given a directory to
//! serve, say) is not stopped. The check only explains a failure.

use super::sandbox::View;
use std::path::{Path, PathBuf};

/// At most this many paths are named in an error; the rest are counted.
const MAX_NAMED: usize = 4;

/// The paths that `command` and `args` name which exist on the host but which `view` hides, in
/// the order they appear. A word names a path when it is one (absolute, or relative to `cwd`
/// and existing there) or when it is an option's value (`--config=/home/u/c.json`). The command
/// itself counts only when it holds a `/`: a bare name is looked up on `PATH`, whose hidden
/// entries the sandbox shows already.
pub fn hidden_paths(
    view: &View,
    command: &str,
    args: &[String],
    cwd: Option<&Path>,
) -> Vec<PathBuf> {
    let words = std::iter::once(command)
        .filter(|c| c.contains('/'))
        .chain(args.iter().map(String::as_str));
    let mut out: Vec<PathBuf> = Vec::new();
    for word in words {
        let Some(path) = named_path(word, cwd) else {
            continue;
        };
        if is_hidden(view, &path) && !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// The host path a word names, if any exists there.
fn named_path(word: &str, cwd: Option<&Path>) -> Option<PathBuf> {
    let text = match word.split_once('=') {
        Some((key, value)) if key.starts_with('-') => value,
        _ => word,
    };
    if text.is_empty() || text.starts_with('-') || text.contains("://") {
        return None;
    }
    let path = Path::new(text);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd?.join(path)
    };
    // `symlink_metadata`: a dangling link is still a name the server will fail to open.
    path.symlink_metadata().ok().map(|_| path)
}

/// Whether the sandbox hides `path`: the name itself, or the file it resolves to (a link from a
/// visible directory into the home, or `..` climbing out of a shown one).
fn is_hidden(view: &View, path: &Path) -> bool {
    !view.shows(path) || path.canonicalize().is_ok_and(|real| !view.shows(&real))
}

/// What to show for each hidden path, outermost first and without one inside another: a
/// directory itself; a file's directory (the server's entry point needs its neighbours, a
/// `node_modules` or a package's modules); for a program in a `bin` directory (a virtual
/// environment's `python`), the directory above it. Never a hidden root itself (the whole home,
/// all of `/tmp`): then the file alone.
pub fn to_show(view: &View, hidden: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in hidden {
        // The file the path resolves to is what must be readable when the name is shown but
        // its target is not.
        let path = match path.canonicalize() {
            Ok(real) if view.shows(path) => real,
            _ => path.clone(),
        };
        let dir = if path.is_dir() {
            path.clone()
        } else {
            entry_dir(&path).unwrap_or_else(|| path.clone())
        };
        let too_wide = |d: &Path| view.hidden.iter().any(|h| h.starts_with(d));
        let dir = if too_wide(&dir) && !too_wide(&path) {
            path
        } else {
            dir
        };
        if !dirs.iter().any(|d| dir.starts_with(d)) {
            dirs.retain(|d| !d.starts_with(&dir));
            dirs.push(dir);
        }
    }
    dirs
}

/// The directory that holds a file's program: its own, or the one above a `bin` directory.
fn entry_dir(file: &Path) -> Option<PathBuf> {
    let parent = file.parent()?;
    let in_bin = parent
        .file_name()
        .is_some_and(|n| n == "bin" || n == ".bin");
    match parent.parent() {
        Some(above) if in_bin && above != Path::new("/") => Some(above.to_path_buf()),
        _ => Some(parent.to_path_buf()),
    }
}

/// The sentence a failed server's error ends with, or `None` when nothing is hidden. Paths
/// come from config files and are sanitised; the flags are quoted for a POSIX shell, so that
/// they can be pasted as printed.
pub fn hint(view: &View, hidden: &[PathBuf]) -> Option<String> {
    if hidden.is_empty() {
        return None;
    }
    let shown = |p: &PathBuf| crate::sanitize::line(&p.display().to_string());
    let mut named: Vec<String> = hidden.iter().take(MAX_NAMED).map(shown).collect();
    if hidden.len() > MAX_NAMED {
        named.push(format!("{} more", hidden.len() - MAX_NAMED));
    }
    let flags: Vec<String> = to_show(view, hidden)
        .iter()
        .map(|d| format!("--sandbox-read {}", crate::redact::quote_arg(&shown(d))))
        .collect();
    let (what, it) = if hidden.len() == 1 {
        (
            format!("{}, which the server's command line names", named[0]),
            "it",
        )
    } else {
        (
            format!(
                "paths the server's command line names ({})",
                named.join(", ")
            ),
            "them",
        )
    };
    Some(format!(
        "the sandbox hides {what}: to let the server read {it}, add `{}`",
        flags.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view like the sandbox's for a home at `home`: it, and a temp directory, hidden; the
    /// working directory `cwd` shown.
    fn view(home: &Path, tmp: &Path, cwd: &Path) -> View {
        View {
            hidden: vec![tmp.to_path_buf(), home.to_path_buf()],
            read: vec![cwd.to_path_buf()],
            write: Vec::new(),
            chdir: cwd.to_path_buf(),
        }
    }

    struct Host {
        _root: tempfile::TempDir,
        home: PathBuf,
        tmp: PathBuf,
        cwd: PathBuf,
        visible: PathBuf,
    }

    /// A host with a home holding a server (`srv/index.js`) and a virtual environment, a temp
    /// directory, a working directory under the home, and a visible directory outside both.
    fn host() -> Host {
        let root = tempfile::tempdir().unwrap();
        // Canonical, so that a resolved path compares equal to the names built here.
        let base = root.path().canonicalize().unwrap();
        let home = base.join("home/u");
        let tmp = base.join("tmp");
        let cwd = home.join("work");
        let visible = base.join("opt");
        for d in [
            &home.join("srv"),
            &home.join("venv/bin"),
            &tmp,
            &cwd,
            &visible,
        ] {
            std::fs::create_dir_all(d).unwrap();
        }
        for f in [
            home.join("srv/index.js"),
            home.join("venv/bin/python"),
            home.join("notes.txt"),
            tmp.join("s.py"),
            cwd.join("local.js"),
            visible.join("tool.js"),
        ] {
            std::fs::write(f, "").unwrap();
        }
        Host {
            _root: root,
            home,
            tmp,
            cwd,
            visible,
        }
    }

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_entry_point_under_the_home_is_hidden_and_its_directory_is_the_flag() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let entry = h.home.join("srv/index.js");
        let found = hidden_paths(&v, "node", &args(&[entry.to_str().unwrap()]), Some(&h.cwd));
        assert_eq!(found, std::slice::from_ref(&entry));
        let hint = hint(&v, &found).unwrap();
        let dir = h.home.join("srv");
        assert!(
            hint.contains(&format!("hides {}", entry.display()))
                && hint.ends_with(&format!("add `--sandbox-read {}`", dir.display())),
            "{hint}"
        );
    }

    #[test]
    fn shown_missing_and_non_path_words_are_not_named() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let words = args(&[
            "-y",
            "stdio",
            "local.js",
            h.visible.join("tool.js").to_str().unwrap(),
            h.home.join("no-such-file.js").to_str().unwrap(),
            "https://example.com/home/u",
        ]);
        assert!(hidden_paths(&v, "node", &words, Some(&h.cwd)).is_empty());
        assert_eq!(hint(&v, &[]), None);
        // What `--sandbox-read` shows is no longer hidden.
        let mut shown = v.clone();
        shown.read.push(h.home.join("srv"));
        let entry = h.home.join("srv/index.js");
        let words = args(&[entry.to_str().unwrap()]);
        assert!(hidden_paths(&shown, "node", &words, Some(&h.cwd)).is_empty());
        assert_eq!(hidden_paths(&v, "node", &words, Some(&h.cwd)), [entry]);
    }

    #[test]
    fn commands_option_values_and_relative_climbs_are_checked() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let python = h.home.join("venv/bin/python");
        let config = format!("--config={}", h.tmp.join("s.py").display());
        let found = hidden_paths(
            &v,
            python.to_str().unwrap(),
            &args(&[&config, "../srv/index.js", "python"]),
            Some(&h.cwd),
        );
        assert_eq!(
            found,
            [python, h.tmp.join("s.py"), h.cwd.join("../srv/index.js")]
        );
        let show = to_show(&v, &found);
        // The venv above its `bin`, the temp file alone (never all of the temp directory), and
        // the server's directory reached through `..`, resolved.
        assert_eq!(
            show,
            [h.home.join("venv"), h.tmp.join("s.py"), h.home.join("srv")]
        );
        // A bare command is looked up on PATH, not in the working directory.
        std::fs::write(h.home.join("node"), "").unwrap();
        assert!(hidden_paths(&v, "node", &[], Some(&h.home)).is_empty());
    }

    #[test]
    fn a_file_directly_in_the_home_is_shown_alone_and_nested_dirs_collapse() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let notes = h.home.join("notes.txt");
        let srv = h.home.join("srv");
        let entry = srv.join("index.js");
        assert_eq!(
            to_show(&v, &[entry, srv.clone(), notes.clone()]),
            [srv, notes]
        );
    }

    #[test]
    fn hostile_paths_are_sanitised_and_quoted() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let dir = h.home.join("evil \u{1b}[31mdir\u{202e}");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.js");
        std::fs::write(&file, "").unwrap();
        let found = hidden_paths(&v, "node", &args(&[file.to_str().unwrap()]), None);
        let hint = hint(&v, &found).unwrap();
        assert!(!hint.chars().any(crate::sanitize::is_unsafe), "{hint:?}");
        let quoted = format!("--sandbox-read '{}/evil [31mdir'", h.home.display());
        assert!(hint.contains(&quoted), "{hint}");
    }

    #[test]
    fn many_paths_are_counted_past_the_first_few() {
        let h = host();
        let v = view(&h.home, &h.tmp, &h.cwd);
        let files: Vec<PathBuf> = (0..6).map(|i| h.home.join(format!("f{i}"))).collect();
        let hint = hint(&v, &files).unwrap();
        assert!(hint.contains("f3, 2 more)"), "{hint}");
    }
}
