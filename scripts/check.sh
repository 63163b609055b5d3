#!/usr/bin/env bash
# Runs every check and every test of Tournée: the one command CI calls too.
# Usage: ./scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
ensure_prerequisites

step() { printf '\n==> %s\n' "$*"; }

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "sync-spec vectors are self-consistent"
python3 sync-spec/vectors/check_vectors.py

step "tests (unit, integration against the real binary and real SQLite files)"
cargo test --workspace --locked
