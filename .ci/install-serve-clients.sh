#!/usr/bin/env bash
# Installs the real clients that test `mcprisk serve` and `mcprisk site`:
#
#   - the official MCP Python SDK (`mcp` from PyPI, pinned) in a project-local virtual
#     environment, target/serve-clients/py (override with MCPRISK_SERVE_CLIENTS);
#   - Debian's `chromium`, which the site tests drive headless over the DevTools protocol.
#
# The tests look for both and skip with a printed reason when they are missing, unless
# MCPRISK_CI=1 (as .ci/run sets), where a missing client fails the test. Re-running is cheap.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST="${MCPRISK_SERVE_CLIENTS:-$PWD/target/serve-clients}"

# Pinned (the newest on PyPI when pinned). Bump deliberately.
MCP_VERSION=2.3.0

mkdir -p "$DEST"
stamp="$DEST/py/.installed-mcp-$MCP_VERSION"
if [ ! -e "$stamp" ]; then
    echo "installing mcp==$MCP_VERSION into $DEST/py"
    python3 -m venv "$DEST/py"
    "$DEST/py/bin/python" -m pip install --quiet --disable-pip-version-check "mcp==$MCP_VERSION"
    touch "$stamp"
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
echo "serve clients installed: $("$DEST/py/bin/python" -c 'import mcp, importlib.metadata as m; print("mcp", m.version("mcp"))'), $(chromium --version 2>/dev/null || echo 'no chromium')"
