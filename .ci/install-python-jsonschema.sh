#!/usr/bin/env bash
# Installs Python's `jsonschema` (the reference JSON Schema validator) at a pinned version into a
# project-local virtual environment, target/ci-python. The SARIF tests (tests/cli/scan.rs)
# validate mcprisk's SARIF output against the official OASIS schema with it; they look for it
# there (or at $MCPRISK_SCHEMA_PYTHON), skip without it locally, and fail without it in CI.
#
# Why Python's validator rather than a Rust crate: it is the reference implementation, and it
# costs CI a few seconds of pip instead of compiling a validator and its dependencies into the
# test build on every machine.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST="${MCPRISK_SCHEMA_VENV:-$PWD/target/ci-python}"
JSONSCHEMA_VERSION=4.26.0

stamp="$DEST/.installed-jsonschema-$JSONSCHEMA_VERSION"
if [ ! -e "$stamp" ]; then
    echo "installing jsonschema==$JSONSCHEMA_VERSION into $DEST"
    python3 -m venv "$DEST"
    "$DEST/bin/python" -m pip install --quiet --disable-pip-version-check "jsonschema==$JSONSCHEMA_VERSION"
    touch "$stamp"
fi
echo "jsonschema installed in $DEST"
