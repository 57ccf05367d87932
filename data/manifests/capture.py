#!/usr/bin/env python3
"""Capture the real `tools/list` of MCP servers as mcprisk server snapshots.

This script is the provenance record for the files in this directory and the way to refresh
them. It never runs third-party code through a shell: every command is an argv list.

Two modes:

  capture.py refresh [SLUG ...] [--work DIR]
      Install each pinned server from SERVERS below into DIR (default /tmp/mcprisk-capture:
      npm packages with `npm install --ignore-scripts --prefix`, PyPI packages into a venv
      with wheels only), start it, capture it and write `<slug>.json` next to this script.
      With no SLUG, every server in SERVERS.

  capture.py run --name NAME --source SOURCE --out FILE -- COMMAND [ARG ...]
      Capture an already installed server started by COMMAND.

The capture itself: spawn the server over stdio, without network access (in a fresh network
namespace via util-linux `unshare --net`; `--allow-network` skips this), with a minimal environment (PATH, HOME, LANG,
TMPDIR only; HOME and TMPDIR point at fresh empty directories so the server reads no user
configuration), send `initialize` (protocolVersion 2025-06-18, no capabilities), then
`notifications/initialized`, then `tools/list` following `nextCursor` until it is absent. Lines
on stdout that are not JSON are skipped (some servers log there); requests from the server are
answered with "method not found" since this client declares no capabilities. Each response has
a timeout, and the process is terminated (then killed) at the end.

The snapshot written is
    {"server": {"name", "version", "protocolVersion", "title"?, "instructions"?, "source"},
     "tools": [...every tool exactly as returned, all pages, in order...]}
pretty-printed with a 2-space indent and a trailing newline.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROTOCOL_VERSION = "2025-06-18"
CLIENT_INFO = {"name": "mcprisk-capture", "version": "0.1"}
RESPONSE_TIMEOUT = 60.0  # seconds per response; first start of a Node server can be slow
MAX_PAGES = 1000  # guard against a server that returns the same cursor forever

HERE = Path(__file__).resolve().parent

# Pinned servers. `args` may use {fs_root} and {git_repo}: fixed paths under the work directory
# prepared by `refresh` (fixed rather than random so that a server echoing its arguments into
# descriptions or instructions yields the same bytes on every refresh).
SERVERS = [
    # slug, registry, package, version, executable (npm bin / venv script), args, and for npm
    # optionally npm_overrides ({"dep": "version"}) for a dependency the registry cannot resolve
    dict(slug="everything", registry="npm", package="@modelcontextprotocol/server-everything",
         version="2026.8.31", exe="mcp-server-everything", args=["stdio"]),
    dict(slug="filesystem", registry="npm", package="@modelcontextprotocol/server-filesystem",
         version="2026.8.31", exe="mcp-server-filesystem", args=["{fs_root}"]),
    dict(slug="memory", registry="npm", package="@modelcontextprotocol/server-memory",
         version="2026.8.31", exe="mcp-server-memory", args=[]),
    dict(slug="sequential-thinking", registry="npm",
         package="@modelcontextprotocol/server-sequential-thinking",
         version="2026.8.31", exe="mcp-server-sequential-thinking", args=[]),
    dict(slug="time", registry="pypi", package="mcp-server-time",
         version="2026.10.19", exe="mcp-server-time", args=[]),
    dict(slug="fetch", registry="pypi", package="mcp-server-fetch",
         version="2026.10.24", exe="mcp-server-fetch", args=[]),
    dict(slug="git", registry="pypi", package="mcp-server-git",
         version="2026.10.19", exe="mcp-server-git", args=["--repository", "{git_repo}"]),
    dict(slug="playwright", registry="npm", package="@playwright/mcp",
         version="0.0.83", exe="playwright-mcp", args=["--headless", "--isolated"]),
]


class CaptureError(Exception):
    pass


class Server:
    """A child process speaking JSON-RPC over newline-delimited stdio."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str, stderr_path: Path):
        self.stderr_file = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            env=env,
            cwd=cwd,
            start_new_session=True,  # own process group: see close()
        )
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        self.skipped = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, msg: dict) -> None:
        assert self.proc.stdin is not None
        data = json.dumps(msg, separators=(",", ":")).encode() + b"\n"
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError as e:
            raise CaptureError(f"server closed its stdin (exit code {self.proc.poll()})") from e

    def request(self, method: str, params: dict) -> dict:
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + RESPONSE_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CaptureError(f"no response to {method} within {RESPONSE_TIMEOUT:.0f}s")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise CaptureError(
                    f"server exited before answering {method} (exit code {self.proc.wait()})")
            try:
                msg = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                self.skipped += 1
                continue
            if not isinstance(msg, dict):
                self.skipped += 1
                continue
            if "method" in msg:
                if "id" in msg:  # a request from the server: we offer nothing
                    self.send({"jsonrpc": "2.0", "id": msg["id"],
                               "error": {"code": -32601, "message": "method not found"}})
                continue  # notifications (logging, list_changed, ...) are ignored
            if msg.get("id") != rid:
                continue
            if "error" in msg:
                raise CaptureError(f"{method} failed: {json.dumps(msg['error'])}")
            result = msg.get("result")
            if not isinstance(result, dict):
                raise CaptureError(f"{method}: result is not an object")
            return result

    def close(self) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass
        # Closing stdin is how a stdio MCP server is asked to stop. Whatever is left is then
        # signalled as a process group (the child leads its own session), which also reaches
        # any helper processes the server started.
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.proc.wait()
        self._signal_group(signal.SIGKILL)  # stragglers whose leader already exited
        self.stderr_file.close()

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def minimal_env(home: Path, tmp: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
    }


def no_network_prefix() -> list[str]:
    """The argv prefix that runs a command in a new network namespace holding only a down
    loopback interface: the server can reach nothing, so nothing it reports can have come
    from the network, and telemetry or downloads some servers start on their own fail."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        raise CaptureError("network isolation needs Linux and util-linux `unshare`; "
                           "pass --allow-network to capture without it")
    if os.geteuid() == 0:
        return ["unshare", "--net", "--"]
    return ["unshare", "--map-root-user", "--net", "--"]


def capture(argv: list[str], name: str, source: str, out: Path, allow_network: bool = False) -> int:
    """Runs one server and writes its snapshot; returns the number of tools."""
    if not allow_network:
        argv = no_network_prefix() + argv
    scratch = Path(tempfile.mkdtemp(prefix="mcprisk-capture-"))
    home, tmp = scratch / "home", scratch / "tmp"
    home.mkdir()
    tmp.mkdir()
    stderr_path = scratch / "stderr.log"
    server = Server(argv, minimal_env(home, tmp), str(home), stderr_path)
    try:
        init = server.request("initialize", {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": CLIENT_INFO,
        })
        server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        tools: list = []
        cursor = None
        for _ in range(MAX_PAGES):
            page = server.request("tools/list", {} if cursor is None else {"cursor": cursor})
            got = page.get("tools")
            if not isinstance(got, list):
                raise CaptureError("tools/list result has no `tools` array")
            tools.extend(got)
            cursor = page.get("nextCursor")
            if cursor is None:
                break
        else:
            raise CaptureError(f"more than {MAX_PAGES} pages of tools")
    except CaptureError as e:
        log = stderr_path.read_bytes()[-2000:].decode("utf-8", "replace")
        raise CaptureError(f"{name}: {e}\n--- server stderr (tail) ---\n{log}") from None
    finally:
        server.close()

    info = init.get("serverInfo") or {}
    meta: dict = {
        "name": name,
        "version": info.get("version"),
        "protocolVersion": init.get("protocolVersion"),
    }
    if "title" in info:
        meta["title"] = info["title"]
    if "instructions" in init:
        meta["instructions"] = init["instructions"]
    meta["source"] = source
    out.write_text(json.dumps({"server": meta, "tools": tools}, indent=2, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    if server.skipped:
        print(f"{name}: skipped {server.skipped} non-JSON stdout line(s)", file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return len(tools)


def run(argv: list[str], **kw) -> None:
    print("+ " + " ".join(argv), file=sys.stderr)
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, **kw)


def install(spec: dict, work: Path) -> list[str]:
    """Installs one pinned server under `work`; returns the executable's path as argv[0]."""
    prefix = work / spec["slug"]
    if spec["registry"] == "npm":
        exe = prefix / "node_modules" / ".bin" / spec["exe"]
        if not exe.exists():
            if spec.get("npm_overrides"):
                prefix.mkdir(parents=True, exist_ok=True)
                (prefix / "package.json").write_text(json.dumps(
                    {"private": True, "overrides": spec["npm_overrides"]}, indent=2) + "\n")
            # --ignore-scripts: no install-time code from the package or its dependencies runs.
            run(["npm", "install", "--prefix", str(prefix), "--ignore-scripts", "--no-audit",
                 "--no-fund", "--no-save", f"{spec['package']}@{spec['version']}"])
    elif spec["registry"] == "pypi":
        exe = prefix / "bin" / spec["exe"]
        if not exe.exists():
            run([sys.executable, "-m", "venv", str(prefix)])
            # Wheels only: installing runs no setup.py from any package.
            run([str(prefix / "bin" / "pip"), "install", "--quiet", "--only-binary=:all:",
                 f"{spec['package']}=={spec['version']}"])
    else:
        raise CaptureError(f"unknown registry {spec['registry']!r}")
    return [str(exe)]


def prepare_fixtures(work: Path) -> dict[str, str]:
    fs_root = work / "fs-root"
    fs_root.mkdir(parents=True, exist_ok=True)
    git_repo = work / "git-repo"
    if not (git_repo / ".git").exists():
        git_repo.mkdir(parents=True, exist_ok=True)
        run(["git", "init", "--quiet", str(git_repo)])
    return {"fs_root": str(fs_root), "git_repo": str(git_repo)}


def source_of(spec: dict) -> str:
    sep = "@" if spec["registry"] == "npm" else "=="
    return f"{spec['registry']}:{spec['package']}{sep}{spec['version']}"


def cmd_refresh(args: argparse.Namespace) -> int:
    by_slug = {s["slug"]: s for s in SERVERS}
    unknown = [s for s in args.slugs if s not in by_slug]
    if unknown:
        print(f"unknown slug(s): {', '.join(unknown)}; known: {', '.join(by_slug)}",
              file=sys.stderr)
        return 2
    work = Path(args.work).resolve()
    fixtures = prepare_fixtures(work)
    failed = 0
    for spec in [by_slug[s] for s in args.slugs] or SERVERS:
        try:
            argv = install(spec, work) + [a.format(**fixtures) for a in spec["args"]]
            n = capture(argv, spec["slug"], source_of(spec), HERE / f"{spec['slug']}.json",
                        args.allow_network)
            print(f"{spec['slug']}: {n} tools -> {spec['slug']}.json")
        except (CaptureError, subprocess.CalledProcessError, OSError) as e:
            failed += 1
            print(f"{spec['slug']}: FAILED: {e}", file=sys.stderr)
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv:
        print("run: give the server command after --", file=sys.stderr)
        return 2
    try:
        n = capture(argv, args.name, args.source, Path(args.out), args.allow_network)
    except (CaptureError, OSError) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    print(f"{args.name}: {n} tools -> {args.out}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("refresh", help="install pinned servers and rewrite their snapshots")
    r.add_argument("slugs", nargs="*")
    r.add_argument("--work", default="/tmp/mcprisk-capture",
                   help="install directory, reused if it already holds a server "
                        "(default: /tmp/mcprisk-capture; fixed so that paths given to servers "
                        "are the same on every refresh)")
    r.set_defaults(func=cmd_refresh)
    c = sub.add_parser("run", help="capture one installed server")
    c.add_argument("--name", required=True)
    c.add_argument("--source", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("command", nargs=argparse.REMAINDER)
    c.set_defaults(func=cmd_run)
    for sp in (r, c):
        sp.add_argument("--allow-network", action="store_true",
                        help="let the server reach the network (default: run it in a new, "
                             "empty network namespace)")
    args = p.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
