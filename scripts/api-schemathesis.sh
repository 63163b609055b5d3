#!/usr/bin/env bash
# Schemathesis against the REST API's own OpenAPI document (/api/v1/openapi.json), served
# by the real server on loopback over the small demo data: every phase (examples,
# coverage, fuzzing, and the stateful phase that follows the document's links: create →
# fetch → update with If-Match → delete), every check. A rep's token with every scope, so
# that writes are integrated by the running automaton like a laptop's.
# Usage: ./scripts/api-schemathesis.sh [SERVER_BINARY]
#   SERVER_BINARY: default "$CARGO_TARGET_DIR/debug/tournee-server" (built here when absent).
# Schemathesis comes from PyPI into a venv under /tmp (SCHEMATHESIS_VENV), never the repo.
# Extra schemathesis options may follow in SCHEMATHESIS_ARGS (e.g. "--max-examples 20").
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}/debug"
server="${1:-}"
if [ -z "$server" ]; then
    cargo build --locked -p tournee-server --bin tournee-server >/dev/null
    server="$target/tournee-server"
fi
venv="${SCHEMATHESIS_VENV:-/tmp/tournee-schemathesis-venv}"
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi
work="$(mktemp -d)"
trap 'kill "${running:-}" 2>/dev/null || true; wait "${running:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
data="$work/data"
"$server" init --data "$data" --demo small --admin-password Schema-admin-123 >/dev/null
# The run tests what the API does with a request, not its rate limit (tested in
# server/src/api/limit.rs and server/tests/api.rs): at the default 100 requests per second
# the coverage phase's bursts drew a 429 where it expected 428, depending on the
# machine's speed.
printf '\n[limits]\napi_burst = 1000000\napi_requests_per_second = 1000000\n' >>"$data/config.toml"
# A token for the first rep of the demo, made as the admin's page makes it: only the
# SHA-256 of the secret is stored.
token="$(python3 - "$data/tournee.sqlite" <<'PY'
import hashlib, json, secrets, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
owner = db.execute(
    "SELECT windows_user FROM app_user WHERE role = 'rep' AND active = 1 AND erp_code IS NOT NULL "
    "ORDER BY windows_user LIMIT 1").fetchone()[0]
secret = "tn_" + secrets.token_urlsafe(32)
scopes = {e: "write" for e in ["party", "person", "action", "action_reply", "todo"]}
scopes.update({e: "read" for e in ["client", "prospect", "user"]})
db.execute(
    "INSERT INTO api_token (name, owner, secret_sha256, scopes_json, created_by, created_at) "
    "VALUES ('schemathesis', ?, ?, ?, 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    (owner, hashlib.sha256(secret.encode()).hexdigest(), json.dumps(scopes)))
db.commit()
print(secret)
PY
)"
"$server" run --data "$data" --listen "127.0.0.1:$port" 2>"$work/server.log" &
running=$!
for _ in $(seq 150); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
started=$(date +%s)
status=0
# shellcheck disable=SC2086 # SCHEMATHESIS_ARGS is a list of options
# Run from the scratch folder: Schemathesis keeps its cache (.schemathesis/, .hypothesis/)
# in the working directory, which must not be the repository.
config="$PWD/scripts/api-schemathesis.toml"
cd "$work"
"$venv/bin/schemathesis" --config-file "$config" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --seed 1 \
    --request-timeout 30 \
    ${SCHEMATHESIS_ARGS:-} || status=$?
echo "schemathesis: $(( $(date +%s) - started )) s, exit $status"
if [ "$status" -ne 0 ] && grep -q panicked "$work/server.log"; then
    grep -A5 panicked "$work/server.log" | head -40
fi
exit "$status"
