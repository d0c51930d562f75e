#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster (as the postgres user, on a free port) and runs bench_team
# against it: tests/bench/run_bench_team.sh [build dir] [writers] [ticks per writer]
set -euo pipefail
build=${1:-build/release}
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d)
chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=bench-only-$(date +%s)
printf '%s' "$password" > "$dir/pw"
chown postgres "$dir/pw"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" -A scram-sha-256 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -w start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null; rm -rf "$dir"' EXIT
PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE team'
OPSDECK_STORE_PASSWORD=$password "$build/tests/bench/bench_team" "postgresql://postgres@127.0.0.1:$port/team" "${2:-10}" "${3:-50}"
