#!/usr/bin/env bash
# Back-office benchmark (figures in docs/benchmarks.md): pages under 200 concurrent
# loopback clients with wrk, and the time from a CC file landing in the inbox to the
# accountant's mail being accepted by a real SMTP server (aiosmtpd) on loopback.
# Usage: ./scripts/bench-office.sh [full|small] [RUNS] [SECONDS] [MAILS]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
ensure_prerequisites
if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq wrk
fi

size="${1:-full}"
cargo build --release --locked -p tournee-server
server="${CARGO_TARGET_DIR:-target}/release/tournee-server"
data="$(mktemp -d)/server"
trap 'rm -rf "$(dirname "$data")"' EXIT
"$server" init --data "$data" --demo "$size" --admin-password bench-admin-password-1 >/dev/null
# wrk's 200 clients share one address: lift the back office's per-address cap (32) for them.
printf '\n[limits]\noffice_max_connections_per_address = 256\n' >>"$data/config.toml"
"$server" snapshot --data "$data" >/dev/null
echo "data: $size demo; machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
python3 scripts/bench_office.py "$server" "$data" server/tests/smtp_sink.py \
    --runs "${2:-3}" --seconds "${3:-10}" --mails "${4:-20}"
