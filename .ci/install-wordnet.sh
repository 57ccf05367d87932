#!/usr/bin/env bash
# Installs WordNet 3.0 (Debian's wordnet-base) for the test that rules/lexicon/wordnet.toml is
# what scripts/lexicon/wordnet.py prints (src/eval/lexicon.rs). Skipped when already there.
set -euo pipefail

if [ -f "${WORDNET_DIR:-/usr/share/wordnet}/data.verb" ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wordnet-base >/dev/null
