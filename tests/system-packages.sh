#!/usr/bin/env bash
# Installs the system programs the tests use, when run as root and they are missing.
# Not root and missing: say so; the tests that need them fail with a clear message.
set -euo pipefail
needed=()
command -v sqlite3 >/dev/null || needed+=(sqlite3)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages (install them, or run make test as root): ${needed[*]}" >&2
    exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
