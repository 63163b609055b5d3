#!/usr/bin/env bash
# Bytes of a daily snapshot refresh for one rep (figures in docs/benchmarks.md): the full
# snapshot, the same compressed with zstd, and a zstd binary delta against yesterday's file
# (`--patch-from`), after a day of the reps' activity (sample change files integrated).
# Usage: ./scripts/bench-refresh.sh [DATA_DIR] [CHANGES]   (a new full demo when no DATA_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v zstd >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq zstd; }
cargo build --release --locked -q -p tournee-server
server="${CARGO_TARGET_DIR:-target}/release/tournee-server"
data="${1:-}"
if [ -z "$data" ]; then
    data="$(mktemp -d)/server"
    "$server" init --data "$data" --demo full --admin-password bench-admin-password-1 >/dev/null
fi
rep=jdupont
"$server" snapshot --data "$data" --user "$rep" >/dev/null
before="$(ls -t "$data/snapshots/$rep"/snapshot-*.sqlite | head -1)"
cp "$before" /tmp/yesterday.sqlite
"$server" samples --data "$data" --count "${2:-1500}" >/dev/null
"$server" integrate --data "$data" --once | tail -n 1
"$server" snapshot --data "$data" --user "$rep" >/dev/null
after="$(ls -t "$data/snapshots/$rep"/snapshot-*.sqlite | head -1)"
full=$(stat -c %s "$after")
zstd -q -3 -f "$after" -o /tmp/today.zst
compressed=$(stat -c %s /tmp/today.zst)
zstd -q -19 --long=27 --patch-from=/tmp/yesterday.sqlite -f "$after" -o /tmp/today.patch.zst 2>/dev/null
delta=$(stat -c %s /tmp/today.patch.zst)
# The delta must rebuild today's file exactly.
zstd -q -d --long=27 --patch-from=/tmp/yesterday.sqlite -f /tmp/today.patch.zst -o /tmp/rebuilt.sqlite
cmp -s /tmp/rebuilt.sqlite "$after" || { echo "delta does not rebuild the file" >&2; exit 1; }
echo "rep $rep, ${2:-1500} changes integrated between the two generations"
printf 'full snapshot        %10d bytes\n' "$full"
awk -v c="$compressed" -v d="$delta" -v f="$full" 'BEGIN {
    printf "zstd -3                  %10d bytes (%.1f %% of full)\n", c, 100 * c / f
    printf "zstd delta vs. yesterday %10d bytes (%.2f %% of full)\n", d, 100 * d / f
}'
