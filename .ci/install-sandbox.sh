#!/usr/bin/env bash
# Installs bubblewrap (Debian's `bubblewrap`, the `bwrap` command), which `mcprisk crawl
# --sandbox` runs each stdio server under, and checks that it can create the namespaces the
# sandbox uses. The sandbox tests fail under MCPRISK_CI=1 when it is missing.
set -euo pipefail

if ! command -v bwrap >/dev/null 2>&1; then
    echo "installing bubblewrap"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends bubblewrap
fi
bwrap --version
if ! bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev --proc /proc -- true; then
    echo "bwrap is installed but cannot create namespaces on this machine: enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 kernel.apparmor_restrict_unprivileged_userns=0)" >&2
    exit 1
fi
