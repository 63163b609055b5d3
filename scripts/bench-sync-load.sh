#!/usr/bin/env bash
# Many laptops polling the HTTPS sync transport at once (the idle laptop's request: a
# signed "newer snapshot?" answered 304), against the real release server on loopback,
# this machine shared by server and clients. RUNS runs of SECONDS each, medians.
# Usage: ./scripts/bench-sync-load.sh [CLIENTS] [SECONDS] [RUNS]   (default: 200 10 3)
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-200}"; seconds="${2:-10}"; runs="${3:-3}"
cargo build --release --locked -p tournee-server --bins --example sync_load >/dev/null 2>&1
target="${CARGO_TARGET_DIR:-target}/release"
server="$target/tournee-server"
work="$(mktemp -d)"
trap 'kill "${automaton:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
data="$work/data"
"$server" init --data "$data" --demo small --admin-password Bench-admin-123 --sync-listen "127.0.0.1:$port" >/dev/null
"$server" snapshot --data "$data" >/dev/null
"$server" run --data "$data" --listen "127.0.0.1:$(free_port)" 2>/dev/null &
automaton=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
results=()
for run in $(seq "$runs"); do
    line="$("$target/examples/sync_load" --data "$data" --url "https://127.0.0.1:$port" --clients "$clients" --seconds "$seconds" 2>/dev/null)"
    echo "run $run: $line"
    results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [dict(zip(l.split()[::2], l.split()[1::2])) for l in sys.stdin if l.strip()]
def med(key):
    return statistics.median(float(r[key]) for r in rows)
errors = sum(int(r["errors"]) for r in rows)
print("median of %d runs: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d" % (len(rows), med("req/s"), med("p50_ms"), med("p99_ms"), errors))
'
