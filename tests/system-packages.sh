#!/usr/bin/env bash
# Installs the system packages paclient needs, when run as root and they are missing:
#   tests/system-packages.sh        what the tests use (sqlite3; pdftotext and pdftoppm;
#                                   PostgreSQL's initdb and pg_ctl for the hub tests; nginx for
#                                   the hub's deployment test, which runs its own nginx)
#   tests/system-packages.sh gui    what Qt needs to open a window on Linux (libxcb-cursor0)
# Not root and missing: say so and carry on; what needs them fails with a clear message.
set -euo pipefail
needed=()
if [ "${1:-}" = gui ]; then
    [ "$(uname -s)" = Linux ] || exit 0
    ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0' || needed+=(libxcb-cursor0)
else
    command -v sqlite3 >/dev/null || needed+=(sqlite3)
    command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || needed+=(poppler-utils)
    command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
        || needed+=(postgresql)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || needed+=(nginx-light)
fi
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "Missing system packages (install them, or run make as root on Debian/Ubuntu): ${needed[*]}" >&2
    exit 0
fi
# Services installed here must not start: the tests run their own servers on 127.0.0.1, and a
# system nginx would listen on port 80 of every address. policy-rc.d is Debian's switch for
# that; one already there (as in containers) is left as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
