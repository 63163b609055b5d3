#!/usr/bin/env bash
# The main job on the embedded default: builds the server, creates a demo data
# directory (50,000 clients, 30 reps, 1,000,000 visits), drops sample change files
# from the reps into the inbox, integrates them, and publishes every rep's offline
# database, and writes the mails due as .eml files. No network, no SMTP. With a display,
# it then runs the automaton and opens the field app as the demo rep (TOURNEE_DEMO_APP=0: not).
# Usage: ./scripts/demo.sh [DATA_DIR]   (default: ./demo-data)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
ensure_prerequisites

data="${1:-demo-data}"
cargo build --release --locked -p tournee-server
server=target/release/tournee-server
if [ -n "${CARGO_TARGET_DIR:-}" ]; then server="$CARGO_TARGET_DIR/release/tournee-server"; fi

if [ ! -f "$data/tournee.sqlite" ]; then
    # The built-in HTTPS transport on loopback: laptops enroll from the back office's
    # « Appareils » page (a self-signed certificate is made here and pinned at enrollment).
    "$server" init --data "$data" --demo --sync-listen 127.0.0.1:8443
fi
"$server" samples --data "$data" --count 500
"$server" integrate --data "$data" --once | tail -n 1
"$server" mail --data "$data"
"$server" snapshot --data "$data" | tail -n 3

# The field app, as the demo rep Jean Dupont: the server's own inbox and snapshot folders
# stand in for the synced folders, and the automaton runs while the window is open.
if [ -n "${DISPLAY:-}" ] && [ "${TOURNEE_DEMO_APP:-1}" = "1" ]; then
    (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
    cargo build --locked -p tournee
    app=target/debug/tournee
    if [ -n "${CARGO_TARGET_DIR:-}" ]; then app="$CARGO_TARGET_DIR/debug/tournee"; fi
    laptop="$data/laptop"
    mkdir -p "$laptop" "$data/inbox/jdupont"
    abs_data="$(cd "$data" && pwd)"
    [ -f "$laptop/config.json" ] || printf '{"user":"jdupont","snapshot_dir":"%s/snapshots/jdupont","outbox_dir":"%s/inbox/jdupont","lang":"fr"}\n' "$abs_data" "$abs_data" > "$laptop/config.json"
    "$server" run --data "$data" &
    automaton=$!
    trap 'kill $automaton 2>/dev/null' EXIT
    echo "field app opened as jdupont (close the window to stop the demo)"
    "$app" --home "$laptop"
    exit 0
fi

cat <<MSG

Done. Where to look:
  $data/tournee.sqlite              master database (sqlite3 $data/tournee.sqlite)
  $data/archive/<day>/<rep>/        the change files just integrated
  $data/failed/                     refused files, each with a .error.txt (empty if all went well)
  $data/snapshots/<rep>/            each rep's offline database and manifest.json
  $data/mail/                       the mails due (accountant, errors) as .eml files: no SMTP configured
Run the automaton and the back office (http://127.0.0.1:8080/office, login admin with the
password printed by init above) with: $server run --data $data   (Ctrl-C to stop)
It also serves the HTTPS sync transport on https://127.0.0.1:8443 (enroll a laptop with a
code from the back office's « Appareils » page).
MSG
