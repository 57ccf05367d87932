#!/usr/bin/env bash
# Installs the real third-party MCP servers that the crawler's integration tests crawl, at pinned
# versions, into a project-local directory (never globally):
#
#   target/real-servers/node   npm packages (npm install --prefix)
#   target/real-servers/py     a Python virtual environment with PyPI packages
#
# Override the location with MCPRISK_REAL_SERVERS. The tests look there and skip, with a printed
# reason, when a server is missing. Re-running is cheap: each part is skipped when the pinned
# version is already installed.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST="${MCPRISK_REAL_SERVERS:-$PWD/target/real-servers}"

# Pinned versions (the newest on the registries when pinned). Bump deliberately.
EVERYTHING_VERSION=2026.8.31
FILESYSTEM_VERSION=2026.8.31
TIME_VERSION=2026.10.19

mkdir -p "$DEST"

if command -v npm >/dev/null 2>&1; then
    stamp="$DEST/node/.installed-$EVERYTHING_VERSION-$FILESYSTEM_VERSION"
    if [ ! -e "$stamp" ]; then
        echo "installing @modelcontextprotocol/server-everything@$EVERYTHING_VERSION and server-filesystem@$FILESYSTEM_VERSION into $DEST/node"
        mkdir -p "$DEST/node"
        npm install --prefix "$DEST/node" --no-audit --no-fund --loglevel=error \
            "@modelcontextprotocol/server-everything@$EVERYTHING_VERSION" \
            "@modelcontextprotocol/server-filesystem@$FILESYSTEM_VERSION"
        touch "$stamp"
    fi
else
    echo "npm not found: skipping the Node.js servers (their tests will skip)" >&2
fi

if command -v python3 >/dev/null 2>&1; then
    stamp="$DEST/py/.installed-time-$TIME_VERSION"
    if [ ! -e "$stamp" ]; then
        echo "installing mcp-server-time==$TIME_VERSION into $DEST/py"
        python3 -m venv "$DEST/py"
        "$DEST/py/bin/python" -m pip install --quiet --disable-pip-version-check "mcp-server-time==$TIME_VERSION"
        touch "$stamp"
    fi
else
    echo "python3 not found: skipping the Python servers (their tests will skip)" >&2
fi
echo "real MCP servers installed in $DEST"
