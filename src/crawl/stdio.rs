//! The stdio transport: a server spawned as a child process.
//!
//! Running a third-party server is running third-party code, so the child gets as little as it
//! needs:
//! - **Environment**: cleared, then a safe base (where programs and the home directory are,
//!   locale, temp directory, TLS trust settings, toolchain locators) plus exactly the variables
//!   the server's source declares. The user's tokens in the parent environment never reach it.
//! - **Process group**: the child leads its own group, so the whole tree — `npx` and the `node`
//!   it starts, `uvx` and its Python — is killed together with one signal on timeout, at the end,
//!   and when the connection is dropped. (A grandchild that calls `setsid` escapes the group;
//!   only a cgroup or container could hold it — or the sandbox, whose PID namespace dies with
//!   it: see [`super::sandbox`].)
//! - **Pipes**: stderr is drained continuously (a server blocked on a full stderr pipe would hang
//!   the crawl) and its tail kept for error messages; stdout lines that are not JSON — banners,
//!   log lines written to the wrong stream — are counted and skipped.

use super::jsonrpc::{self, Line, LineAssembler, Step};
use super::transport::RequestError;
use super::{CrawlError, Diagnostics, ErrorKind, TransportKind};
use serde_json::Value;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// Variables passed through from our environment to every server: none of them is a secret,
/// and without them common launchers (`npx`, `uvx`, pyenv shims) cannot find their tools,
/// caches or trusted certificates. Proxy variables are left out on purpose: they often carry
/// credentials (`http://user:pass@proxy`); declare them for the server if it needs them.
pub const SAFE_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "TMPDIR",
    "TMP",
    "TEMP",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_RUNTIME_DIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "NODE_EXTRA_CA_CERTS",
    "REQUESTS_CA_BUNDLE",
    "PYENV_ROOT",
    "PYENV_VERSION",
    "NVM_DIR",
    "NVM_BIN",
    "VOLTA_HOME",
    // Windows essentials.
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "COMSPEC",
    "PATHEXT",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
    "PROGRAMDATA",
    "PROGRAMFILES",
    "PROGRAMFILES(X86)",
];

/// The last `cap` bytes of a stream.
#[derive(Debug, Default)]
pub struct Tail {
    buf: VecDeque<u8>,
    cap: usize,
    total: u64,
}

impl Tail {
    pub fn new(cap: usize) -> Self {
        Tail {
            buf: VecDeque::with_capacity(cap.min(1 << 16)),
            cap,
            total: 0,
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.total += bytes.len() as u64;
        let bytes = if bytes.len() > self.cap {
            &bytes[bytes.len() - self.cap..]
        } else {
            bytes
        };
        let overflow = (self.buf.len() + bytes.len()).saturating_sub(self.cap);
        self.buf.drain(..overflow);
        self.buf.extend(bytes);
    }

    /// The kept bytes as text (lossy), starting at a line boundary when something was cut.
    pub fn text(&self) -> String {
        let bytes: Vec<u8> = self.buf.iter().copied().collect();
        let s = String::from_utf8_lossy(&bytes).into_owned();
        if self.total > self.buf.len() as u64
            && let Some(i) = s.find('\n')
        {
            return s[i + 1..].to_string();
        }
        s
    }
}

/// A running stdio server.
pub struct StdioConn {
    child: Child,
    pgid: Option<i32>,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr_task: tokio::task::JoinHandle<()>,
    diag: Arc<Diagnostics>,
    max: usize,
    lines: LineAssembler,
    next_id: u64,
    reaped: bool,
}

/// The environment a server is started with: the safe base from ours, then its declared
/// variables (which win).
pub fn child_env(declared: &[(String, String)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = SAFE_ENV
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
        .collect();
    for (k, v) in declared {
        env.retain(|(ek, _)| ek != k);
        env.push((k.clone(), v.clone()));
    }
    env
}

/// How a stdio server is started: its command line, environment and working directory, and
/// the sandbox it runs in (with a package installed ahead of time when it needs one).
pub struct Launch<'a> {
    pub command: String,
    pub args: Vec<String>,
    /// The variables the source declares (the safe base is added at spawn).
    pub env: &'a [(String, String)],
    pub cwd: Option<PathBuf>,
    pub sandbox: Option<&'a super::sandbox::Sandbox>,
    /// Paths the sandboxed server reads besides the system (its installed package).
    pub read: Vec<PathBuf>,
}

impl<'a> Launch<'a> {
    /// The launch for a stdio target. Under the sandbox, a pinned `npx`/`uvx` package is
    /// installed first (see [`super::packages`]), and a server from the command line or a
    /// config file starts in our working directory, which it may read.
    pub async fn prepare(
        target: &'a super::CrawlTarget,
        opts: &'a super::CrawlOptions,
        phase: &(dyn Fn(String) + Sync),
    ) -> Result<Launch<'a>, CrawlError> {
        let super::TransportSpec::Stdio {
            command,
            args,
            env,
            cwd,
        } = &target.transport
        else {
            unreachable!("a stdio launch is prepared for a stdio target");
        };
        let mut launch = Launch {
            command: command.clone(),
            args: args.clone(),
            env,
            cwd: cwd.clone(),
            sandbox: opts.sandbox_for(target),
            read: Vec::new(),
        };
        let Some(sandbox) = launch.sandbox else {
            return Ok(launch);
        };
        if let Some(launcher) = super::packages::Launcher::parse(command, args) {
            phase("installing the package".into());
            let installed = super::packages::install(sandbox, &launcher, &child_env(env)).await?;
            launch.command = installed.command;
            launch.args = installed.args;
            launch.read.push(installed.entry);
        } else if launch.cwd.is_none() && !target.from_registry {
            launch.cwd = std::env::current_dir().ok();
        }
        Ok(launch)
    }
}

impl Launch<'_> {
    /// The sandboxed process, with `env` its whole environment.
    fn jail<'b>(&'b self, env: &'b [(String, String)]) -> super::sandbox::Jail<'b> {
        super::sandbox::Jail {
            command: &self.command,
            args: &self.args,
            env,
            cwd: self.cwd.as_deref(),
            read: &self.read,
            ..Default::default()
        }
    }

    /// Under the sandbox, when the command line names files it hides: the sentence the
    /// server's error ends with if it fails (see [`super::hidden`]).
    pub fn hidden_hint(&self) -> Option<String> {
        let sandbox = self.sandbox?;
        let env = child_env(self.env);
        let view = sandbox.view(&self.jail(&env));
        let cwd = self.cwd.as_deref();
        let hidden = super::hidden::hidden_paths(&view, &self.command, &self.args, cwd);
        super::hidden::hint(&view, &hidden)
    }
}

impl StdioConn {
    pub fn spawn(
        launch: &Launch<'_>,
        diag: Arc<Diagnostics>,
        opts: &super::CrawlOptions,
    ) -> Result<StdioConn, CrawlError> {
        let (command, cwd) = (launch.command.as_str(), launch.cwd.as_ref());
        let env = child_env(launch.env);
        let mut cmd = match launch.sandbox {
            Some(sandbox) => sandbox.command(&launch.jail(&env)),
            None => {
                let mut cmd = Command::new(command);
                cmd.args(&launch.args).env_clear().envs(env);
                if let Some(dir) = cwd {
                    cmd.current_dir(dir);
                }
                cmd
            }
        };
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        #[cfg(unix)]
        cmd.process_group(0);
        let mut child = cmd.spawn().map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => match cwd {
                    Some(dir) if !dir.is_dir() => {
                        format!("working directory {} does not exist", dir.display())
                    }
                    _ => format!(
                        "command `{}` not found on PATH",
                        crate::sanitize::line(command)
                    ),
                },
                std::io::ErrorKind::PermissionDenied => format!(
                    "command `{}` is not executable",
                    crate::sanitize::line(command)
                ),
                _ => format!("could not run `{}`: {e}", crate::sanitize::line(command)),
            };
            CrawlError::new(ErrorKind::SpawnFailed, why)
        })?;
        *diag.transport.lock().unwrap() = Some(TransportKind::Stdio);
        if let Some(pid) = child.id() {
            super::reaper::spawned(pid);
        }
        let pgid = child.id().map(|p| p as i32);
        let stdin = child.stdin.take();
        let stdout = BufReader::with_capacity(1 << 16, child.stdout.take().expect("piped stdout"));
        let mut stderr = child.stderr.take().expect("piped stderr");
        let d = diag.clone();
        let stderr_task = tokio::spawn(async move {
            let mut buf = vec![0u8; 8192];
            loop {
                match stderr.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => d.stderr.lock().unwrap().push(&buf[..n]),
                }
            }
        });
        Ok(StdioConn {
            child,
            pgid,
            stdin,
            stdout,
            stderr_task,
            diag,
            max: opts.max_message_bytes,
            lines: LineAssembler::new(opts.max_message_bytes),
            next_id: 1,
            reaped: false,
        })
    }

    async fn write(&mut self, msg: &Value) -> Result<(), CrawlError> {
        let mut line = msg.to_string();
        line.push('\n');
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(CrawlError::new(ErrorKind::Exited, "stdin already closed"));
        };
        let res = async {
            stdin.write_all(line.as_bytes()).await?;
            stdin.flush().await
        }
        .await;
        match res {
            Ok(()) => Ok(()),
            Err(_) => Err(self.exited("while we were writing to it").await),
        }
    }

    /// Reads one line of stdout, refusing lines over the size limit. `None` at end of file.
    async fn read_line(&mut self) -> Result<Option<Vec<u8>>, CrawlError> {
        let mut line = Vec::new();
        loop {
            let buf = self.stdout.fill_buf().await.map_err(|e| {
                CrawlError::new(
                    ErrorKind::Transport,
                    format!("reading the server's stdout: {e}"),
                )
            })?;
            if buf.is_empty() {
                return Ok(if line.is_empty() { None } else { Some(line) });
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&buf[..i]);
                    self.stdout.consume(i + 1);
                    return Ok(Some(line));
                }
                None => {
                    let n = buf.len();
                    line.extend_from_slice(buf);
                    self.stdout.consume(n);
                }
            }
            if line.len() > self.max {
                return Err(CrawlError::new(
                    ErrorKind::TooLarge,
                    format!("a stdout line exceeds {} bytes", self.max),
                ));
            }
        }
    }

    /// The error for a server that went away: its exit status if it has one by now.
    async fn exited(&mut self, when: &str) -> CrawlError {
        let status = tokio::time::timeout(Duration::from_millis(500), self.child.wait()).await;
        let how = match status {
            Ok(Ok(s)) => {
                self.reaped = true;
                match s.code() {
                    Some(code) => format!("exited with status {code}"),
                    None => "was killed by a signal".to_string(),
                }
            }
            _ => "closed its stdout".to_string(),
        };
        CrawlError::new(ErrorKind::Exited, format!("the server {how} {when}"))
    }

    fn kill_group(&mut self) {
        #[cfg(unix)]
        if let Some(pgid) = self.pgid.take()
            && pgid > 0
        {
            // SAFETY: kill(2) has no memory-safety preconditions. The group id is our child's
            // pid; the child is not reaped yet (or was just reaped by us), so the id cannot
            // have been recycled for an unrelated group.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
        }
        #[cfg(not(unix))]
        {
            self.pgid = None;
            let _ = self.child.start_kill();
        }
    }

    /// Whether the group leader has exited, without reaping it (so its pid, which is the group
    /// id, stays reserved until we have signalled the group).
    #[cfg(unix)]
    fn leader_exited(&self) -> bool {
        let Some(pid) = self.pgid else { return true };
        // SAFETY: waitid writes into the zeroed siginfo we own; WNOWAIT leaves the child
        // waitable, so tokio's own wait still reaps it.
        unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            let rc = libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            );
            rc == 0 && info.si_pid() != 0
        }
    }
}

impl Drop for StdioConn {
    fn drop(&mut self) {
        // Reached on timeout (the crawl future is dropped mid-flight) and after close().
        self.kill_group();
        self.stderr_task.abort();
    }
}

impl super::transport::Transport for StdioConn {
    fn kind(&self) -> TransportKind {
        TransportKind::Stdio
    }

    async fn request(
        &mut self,
        method: &str,
        params: Option<Value>,
    ) -> Result<Value, RequestError> {
        let id = self.next_id;
        self.next_id += 1;
        self.write(&jsonrpc::request(id, method, params)).await?;
        loop {
            let Some(line) = self.read_line().await? else {
                let when = if self.lines.has_partial() {
                    format!("in the middle of its answer to `{method}`")
                } else {
                    format!("before answering `{method}`")
                };
                return Err(self.exited(&when).await.into());
            };
            // Invalid UTF-8 becomes U+FFFD: a server's broken bytes in one description must
            // not cost the whole listing.
            let text = String::from_utf8_lossy(&line);
            let v = match self.lines.feed(&text) {
                Line::Message(v) => v,
                Line::Partial | Line::Blank => continue,
                Line::Noise(n) => {
                    self.diag.noise_lines.fetch_add(1, Ordering::Relaxed);
                    *self.diag.last_noise.lock().unwrap() = n;
                    continue;
                }
                Line::Broken(e) => return Err(e.into()),
            };
            for msg in jsonrpc::classify(v) {
                match jsonrpc::step(msg, id, method) {
                    Step::Answer(outcome) => {
                        return outcome.map_err(|error| RequestError::Rpc {
                            error,
                            http_status: None,
                        });
                    }
                    Step::Fail(e) => return Err(e.into()),
                    Step::Reply { answer, .. } => self.write(&answer).await?,
                    Step::Skip { noise: true } => {
                        self.diag.noise_lines.fetch_add(1, Ordering::Relaxed);
                    }
                    Step::Skip { noise: false } => {}
                }
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Option<Value>) -> Result<(), CrawlError> {
        self.write(&jsonrpc::notification(method, params)).await
    }

    /// Shutdown as the specification describes it, shortened for a crawler: close stdin, give
    /// the server a moment to exit on its own, then kill the whole process group (grandchildren
    /// included, whether or not the leader exited) and reap the leader.
    async fn close(&mut self) {
        self.stdin = None;
        #[cfg(unix)]
        for _ in 0..15 {
            if self.leader_exited() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.kill_group();
        if !self.reaped {
            let _ = tokio::time::timeout(Duration::from_secs(2), self.child.wait()).await;
            self.reaped = true;
        }
        // Let the drain catch the last words the server wrote.
        let _ = tokio::time::timeout(Duration::from_millis(200), &mut self.stderr_task).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_end_from_a_line_boundary() {
        let mut t = Tail::new(16);
        t.push(b"first line\nsecond line\nthird\n");
        assert_eq!(t.text(), "third\n");
        let mut t = Tail::new(100);
        t.push(b"short");
        assert_eq!(t.text(), "short");
    }

    #[test]
    fn child_env_is_the_safe_base_plus_declared() {
        // SAFETY: tests in this module do not read this variable concurrently.
        unsafe { std::env::set_var("MCPRISK_TEST_SECRET", "hunter2") };
        let env = child_env(&[
            ("DECLARED".into(), "1".into()),
            ("HOME".into(), "/override".into()),
        ]);
        assert!(env.iter().all(|(k, _)| k != "MCPRISK_TEST_SECRET"));
        assert!(env.contains(&("DECLARED".into(), "1".into())));
        assert_eq!(env.iter().filter(|(k, _)| k == "HOME").count(), 1);
        assert!(env.contains(&("HOME".into(), "/override".into())));
    }
}
