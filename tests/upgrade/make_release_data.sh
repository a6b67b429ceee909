#!/usr/bin/env bash
# Makes the upgrade test data of one release: a laptop's store and its hub's database (SQLite
# file and a PostgreSQL dump), built through the release's own command lines only.
#
#   git worktree add /tmp/release <tag-or-commit> && cd /tmp/release && make .venv/.installed
#   bash <this checkout>/tests/upgrade/make_release_data.sh /tmp/release/.venv/bin OUT_DIR
#
# Version 0.1 (commit c54d93a) made tests/upgrade/data/v0.1 this way (its hub.sqlite before the
# .backup fix, so without records); release 0.2.0 made tests/upgrade/data/v0.2. Run as root, it starts
# PostgreSQL as the `postgres` user (initdb refuses root); needs pg_dump on the PATH or in
# /usr/lib/postgresql/*/bin.
set -euo pipefail
bin=$(cd "$1" && pwd); out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); chmod 755 "$work"
trap 'kill $hub_pid 2>/dev/null || true; [ -n "${pgbin:-}" ] && run_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$out"
export PYTHONPATH="$here/sync_net" PYTHON_KEYRING_BACKEND=sync_keyring.FileKeyring
export SYNC_TEST_KEYRING="$work/keyring.json"
export CCIS_HUB_PASSWORD="release hub password 1" PACLIENT_HUB_PASSWORD="release hub password 1"
export PACLIENT_HOME="$work/laptop" PACLIENT_PASSPHRASE="release store passphrase 1"
hub_db="sqlite:///$work/hub.db"

"$bin/ccis-hub" user add pa1 --role adviser --team North --db "$hub_db"
"$bin/ccis-hub" user add tl1 --role team-leader --team North --db "$hub_db"
"$bin/ccis-hub" user add admin1 --role admin --db "$hub_db"
"$bin/ccis-hub" serve --db "$hub_db" --port 0 > "$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/hub.log" && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/hub.log" | head -1)

"$bin/paclient" init --name "Pat Adviser" --username pa1 --team North --hub "$url"
"$bin/paclient" demo --people 12 --seed 7
"$bin/paclient" people --json > "$work/people.jsonl"
first=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$work/people.jsonl")
"$bin/paclient" note "$first" "Synced note written by release 0.1."
"$bin/paclient" person set "$first" town=Upgradeton
"$bin/paclient" sync
"$bin/paclient" note "$first" "Unsent note written by release 0.1."   # stays in the outbox
"$bin/paclient" person set "$first" preferred_name=Ugly

# What the test expects to find again, as the release itself reports it.
"$bin/paclient" people --json > "$out/people.jsonl"
"$bin/paclient" person show "$first" --json > "$out/person.json"
"$bin/paclient" person contacts "$first" --json > "$out/contacts.jsonl"
"$bin/paclient" --version > "$out/version.txt"
kill $hub_pid; wait $hub_pid 2>/dev/null || true

mkdir -p "$out/laptop"
cp "$work/laptop/paclient.db" "$work/laptop/keyslots.json" "$out/laptop/"
# A copy through SQLite itself: the hub's WAL holds rows a plain cp of hub.db leaves out (the
# committed v0.1/hub.sqlite was made with cp and has its accounts but none of its records).
sqlite3 "$work/hub.db" ".backup '$out/hub.sqlite'"
echo "$PACLIENT_PASSPHRASE" > "$out/passphrase.txt"
echo "$CCIS_HUB_PASSWORD" > "$out/hub-password.txt"

# The same hub in PostgreSQL: migrate a fresh database with the release, copy the rows in.
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
run_pg "$pgbin/initdb" -D "$work/pg" -U hub --auth=trust -E UTF8 --no-sync >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$work" start >/dev/null
"$bin/python" - "$port" "$work/hub.db" <<'PY'
import sys
import sqlalchemy as sa
from ccis_hub.db import make_engine, migrate
port, source = sys.argv[1], sys.argv[2]
import psycopg
with psycopg.connect(f"host=127.0.0.1 port={port} user=hub dbname=postgres", autocommit=True) as c:
    c.execute("CREATE DATABASE hub")
target = make_engine(f"postgresql+psycopg://hub@127.0.0.1:{port}/hub")
migrate(target)
from ccis_hub.models import Base
lite = make_engine(f"sqlite:///{source}")
with lite.connect() as src, target.begin() as dst:
    for table in Base.metadata.sorted_tables:
        rows = [dict(r._mapping) for r in src.execute(sa.select(table))]
        dst.execute(table.delete())
        if rows:
            dst.execute(table.insert(), rows)
PY
"$pgbin/pg_dump" --no-owner --no-privileges -h 127.0.0.1 -p "$port" -U hub hub > "$out/hub.pg.sql"
echo "Release data written to $out"
