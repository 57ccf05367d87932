//! Descendants that escape their server's process group.
//!
//! A stdio server runs in its own process group, which is killed at the end of its crawl. A
//! process that calls `setsid` (a daemonising double fork, say) leaves the group and would
//! outlive the crawl. On Linux, [`enable`] makes this process a *child subreaper*
//! (`PR_SET_CHILD_SUBREAPER`): an orphaned descendant is handed to us instead of to init, so
//! once every session of a crawl is closed, [`sweep`] finds such orphans among our children and
//! kills them (and then their orphaned children, which come to us in turn).
//!
//! The sweep runs only when [`enable`] was called — the command line does, a library user or a
//! test binary that spawns processes of its own does not — and never touches the servers we
//! started ourselves, which tokio reaps.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Process ids of the servers we spawned (tokio waits for them; we must not).
static SPAWNED: Mutex<Option<HashSet<u32>>> = Mutex::new(None);

/// Makes this process the reaper of its orphaned descendants. Returns whether that worked
/// (always false off Linux).
pub fn enable() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes an integer flag and touches no memory.
        let ok = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) } == 0;
        ENABLED.store(ok, Ordering::SeqCst);
        ok
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// Records a server process we started.
pub fn spawned(pid: u32) {
    SPAWNED
        .lock()
        .unwrap()
        .get_or_insert_with(HashSet::new)
        .insert(pid);
}

/// Kills and reaps every child of ours that we did not spawn. Returns how many were killed.
pub fn sweep() -> usize {
    if !ENABLED.load(Ordering::SeqCst) {
        return 0;
    }
    #[cfg(target_os = "linux")]
    {
        let mut killed = 0;
        for _round in 0..50 {
            let ours = SPAWNED.lock().unwrap().clone().unwrap_or_default();
            let orphans: Vec<u32> = children()
                .into_iter()
                .filter(|(pid, _)| !ours.contains(pid))
                .map(|(pid, _)| pid)
                .collect();
            if orphans.is_empty() {
                break;
            }
            for &pid in &orphans {
                // SAFETY: kill(2) and waitpid(2) on a pid that is our own child: it cannot be
                // recycled for an unrelated process before we reap it.
                unsafe {
                    libc::kill(pid as i32, libc::SIGKILL);
                    let mut status = 0;
                    libc::waitpid(pid as i32, &mut status, 0);
                }
                killed += 1;
            }
        }
        killed
    }
    #[cfg(not(target_os = "linux"))]
    0
}

/// Our children: (pid, state letter), from /proc.
#[cfg(target_os = "linux")]
fn children() -> Vec<(u32, char)> {
    let me = std::process::id();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may contain spaces and parentheses.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        let ppid: u32 = fields.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        if ppid == me {
            out.push((pid, state));
        }
    }
    out
}
