#!/usr/bin/env bash
# Runs every check and every test of Tournée: the one command CI calls too.
# Usage: ./scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
ensure_prerequisites

step() { printf '\n==> %s\n' "$*"; }

step "front end: install, type check, lint, unit tests, build (ui/dist is embedded by the app)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm run lint && npm test && npm run build)

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "sync-spec vectors are self-consistent"
python3 sync-spec/vectors/check_vectors.py

step "tests (unit, integration against the real binary and real SQLite files)"
cargo test --workspace --locked

step "end-to-end: the real app window through WebDriver (tauri-driver, WebKitWebDriver, Xvfb), the back office in headless Chromium (playwright-core)"
cargo build --workspace --locked
ensure_tauri_driver
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 --test-timeout=600000 e2e/
