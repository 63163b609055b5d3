#!/usr/bin/env bash
# REST API benchmark (docs/benchmarks.md, « REST API »): 200 concurrent loopback clients
# (wrk, 2 threads) on a list of parties (50 per page), one party fetched, and a trivial
# route of the same listener (`GET /health`: no database, no token, a two-byte body) as the
# reference, the list again with another page (a random cursor) at every request, which the
# server's kept answers cannot serve, interleaved, several runs each; p50/p95 latency (wrk's Lua hook) and
# requests/s, and the ratio of each to the reference's. Then writes: party creations
# through the API, each integrated by the automaton before its answer, from 1 and from 10
# connections.
# Usage: ./scripts/bench-api.sh [full|small] [RUNS] [SECONDS] [SERVER_BINARY]
# Needs wrk (Debian's package: `apt-get install wrk`) and python3.
# BENCH_DATA=/some/dir: the data directory is made there once (the full demo's `init` takes
# minutes) and kept, and later runs reuse it (each adds its tokens and its writes' parties);
# without it, a temporary one is made and removed at the end. BENCH_LOG=/some/file: the
# server's log (its passes and snapshot rounds), otherwise discarded.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-full}"
runs="${2:-3}"
seconds="${3:-10}"
server="${4:-}"
if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq wrk
fi
if [ -z "$server" ]; then
    cargo build --release --locked -p tournee-server --bin tournee-server >/dev/null
    server="${CARGO_TARGET_DIR:-target}/release/tournee-server"
fi
work="$(mktemp -d)"
trap 'kill "${running:-}" 2>/dev/null || true; wait "${running:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
data="${BENCH_DATA:-$work/data}"
if [ ! -f "$data/tournee.sqlite" ]; then
    "$server" init --data "$data" --demo "$size" --admin-password bench-admin-password-1 >/dev/null
    # wrk's 200 clients share one address and one token: lift the per-address cap (32) and
    # the token's rate limit (600 then 100/s), which would otherwise answer most requests 429.
    printf '\n[limits]\noffice_max_connections_per_address = 256\napi_burst = 100000000\napi_requests_per_second = 100000000\n' >>"$data/config.toml"
fi
read -r token writer party <<<"$(python3 - "$data/tournee.sqlite" <<'PY'
import hashlib, json, secrets, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def token(owner, scopes):
    secret = "tn_" + secrets.token_urlsafe(32)
    db.execute(
        "INSERT INTO api_token (name, owner, secret_sha256, scopes_json, created_by, created_at) "
        "VALUES ('bench', ?, ?, ?, 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        (owner, hashlib.sha256(secret.encode()).hexdigest(), json.dumps(scopes)))
    return secret
# The admin reads every party: the largest list, the policy's `all` scope. Writes go in a
# rep's name (a laptop user: the integration knows them).
reader = token("admin", {"party": "read"})
rep = db.execute("SELECT windows_user FROM app_user WHERE role = 'rep' AND active = 1 "
                 "AND erp_code IS NOT NULL ORDER BY windows_user LIMIT 1").fetchone()[0]
writer = token(rep, {"party": "write"})
db.commit()
party = db.execute("SELECT id FROM party ORDER BY id LIMIT 1 OFFSET 100").fetchone()[0]
print(reader, writer, party)
PY
)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$server" run --data "$data" --listen "127.0.0.1:$port" 2>"${BENCH_LOG:-/dev/null}" &
running=$!
for _ in $(seq 150); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
parties="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM party').fetchone()[0])" "$data/tournee.sqlite")"
echo "data: $size demo ($parties parties); machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); $runs runs of ${seconds} s, 200 connections"
echo "load before: $(uptime)"
# wrk prints p50/p75/p90/p99; the 95th percentile comes from its Lua hook, in µs.
cat >"$work/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
LUA
# A list whose every request asks another page (2,000 cursors drawn at random), which the
# server's kept answers cannot serve: what reading and rendering a page costs.
python3 - "$data/tournee.sqlite" >"$work/pages.lua" <<'PY'
import base64, json, random, sqlite3, sys
ids = [r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM party ORDER BY id")]
random.seed(7)
picked = random.sample(ids[:-60], min(2000, max(1, len(ids) - 60)))
def cursor(i):
    text = json.dumps({"s": "id", "k": i, "i": i}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")
print("local cursors = {" + ",".join('"%s"' % cursor(i) for i in picked) + "}")
print("""request = function()
  return wrk.format("GET", "/api/v1/parties?limit=50&cursor=" .. cursors[math.random(#cursors)])
end""")
PY
cat "$work/p95.lua" >>"$work/pages.lua"
# Warm-up (connections to the master opened, pages in the cache).
wrk -t2 -c200 -d3s -H "Authorization: Bearer $token" "$base/api/v1/parties?limit=50" >/dev/null
python3 - "$runs" <<PY
import re, statistics, subprocess, sys
runs = int(sys.argv[1])
routes = {
    "reference (health route)": ("$base/health", [], "$work/p95.lua"),
    "list parties, 50/page": ("$base/api/v1/parties?limit=50", ["-H", "Authorization: Bearer $token"], "$work/p95.lua"),
    "list parties, 50/page, another page each time": ("$base/api/v1/parties", ["-H", "Authorization: Bearer $token"], "$work/pages.lua"),
    "fetch one party": ("$base/api/v1/parties/$party", ["-H", "Authorization: Bearer $token"], "$work/p95.lua"),
}
def ms(text):
    found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not found:
        sys.exit(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
results = {name: [] for name in routes}
for _ in range(runs):
    for name, (url, extra, script) in routes.items():
        out = subprocess.run(["wrk", "-t2", "-c200", "-d${seconds}s", "--latency", "-s", script, *extra, url],
                             capture_output=True, text=True, check=True).stdout
        p50 = ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
        p99 = int(re.search(r"p95_us (\d+)", out).group(1)) / 1000.0
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            sys.exit(f"{name}: {errors.group(1)} answers not 2xx/3xx\n{out}")
        results[name].append((p50, p99, rps))
ref = results["reference (health route)"]
ref_p99 = statistics.median(r[1] for r in ref)
print("| route | p50 ms | p95 ms | requests/s | p95 / reference |")
print("|---|---|---|---|---|")
for name, rows in results.items():
    p50 = statistics.median(r[0] for r in rows)
    p99 = statistics.median(r[1] for r in rows)
    rps = statistics.median(r[2] for r in rows)
    print(f"| {name} | {p50:.1f} | {p99:.1f} | {rps:.0f} | {p99 / ref_p99:.1f} |")
PY
# Writes: party creations, each answered once the automaton integrated it (201), from one
# connection (a script's pace) and from ten; the p95 target is 50 ms.
cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind": "company", "name": "Transports Banc d\'essai", "city": "Lyon"}'
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
LUA
python3 - "$runs" <<PY
import re, statistics, subprocess, sys
runs = int(sys.argv[1])
def ms(text):
    found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not found:
        sys.exit(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
print()
print("| write (party creation, integrated) | connections | p50 ms | p95 ms | writes/s |")
print("|---|---|---|---|---|")
for connections in (1, 10):
    rows = []
    for _ in range(runs):
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", "-d${seconds}s", "--latency",
                              "-s", "$work/create.lua", "-H", "Authorization: Bearer $writer",
                              "$base/api/v1/parties"], capture_output=True, text=True, check=True).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            sys.exit(f"writes: {errors.group(1)} answers not 2xx/3xx\n{out}")
        rows.append((ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),
                     int(re.search(r"p95_us (\d+)", out).group(1)) / 1000.0,
                     float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))))
    print(f"| create a party | {connections} | {statistics.median(r[0] for r in rows):.1f} | "
          f"{statistics.median(r[1] for r in rows):.1f} | {statistics.median(r[2] for r in rows):.0f} |")
PY
echo "load after: $(uptime)"
