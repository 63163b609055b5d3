#!/usr/bin/env bash
# Runs every check and every test of Tournée: the one command CI calls too.
# Usage: ./scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
ensure_prerequisites

step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

# Every process this run starts, detached ones included (Chromium, Syncthing), inherits
# this marker; whatever still carries it at the end was left behind by a test. It is
# named and stopped, so a stray process can never keep CI's output open.
export TOURNEE_CHECK_RUN="$$-$RANDOM"
sweep_leftovers() {
    local status=$? pid found=()
    for environ in /proc/[0-9]*/environ; do
        pid="${environ#/proc/}"; pid="${pid%/environ}"
        [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
        if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qx "TOURNEE_CHECK_RUN=$TOURNEE_CHECK_RUN"; then
            found+=("$pid")
        fi
    done
    if [ ${#found[@]} -gt 0 ]; then
        echo "left running by the tests, now stopped:" >&2
        ps -o pid=,args= -p "${found[@]}" >&2 || true
        kill -KILL "${found[@]}" 2>/dev/null || true
    fi
    printf '\n==> done in %dm%02ds (exit %d)\n' $((SECONDS / 60)) $((SECONDS % 60)) "$status"
    exit "$status"
}
trap sweep_leftovers EXIT

step "front end: install, type check, lint, unit tests, build (ui/dist is embedded by the app)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm run lint && npm test && npm run build)

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "sync-spec vectors are self-consistent"
python3 sync-spec/vectors/check_vectors.py

step "landing page and documentation: every link resolves inside the repository (site/, docs/)"
python3 scripts/check-site.py

step "tests (unit, integration against the real binary and real SQLite files)"
timeout --kill-after=30 2400 cargo test --workspace --locked

step "REST API: Schemathesis (examples, coverage, fuzzing, stateful) against the served OpenAPI document, on loopback (scripts/api-schemathesis.sh)"
timeout --kill-after=30 1200 scripts/api-schemathesis.sh

step "end-to-end: the real app window through WebDriver (tauri-driver, WebKitWebDriver, Xvfb), the back office in headless Chromium (playwright-core)"
cargo build --workspace --locked
ensure_tauri_driver
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
# --test-force-exit: a handle a test forgot open must not keep the run alive after the last test.
# The files are named (Node 22 and later take files or patterns, not a folder).
timeout --kill-after=30 2400 xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-force-exit --test-concurrency=1 --test-timeout=600000 e2e/*.test.mjs

step "installers: the .deb packages built from this run's binaries, installed with dpkg, the installed app driven to its home screen (scripts/check-installers.sh)"
scripts/check-installers.sh debug

step "AppImage: the app packaged with our runtime and Debian's mksquashfs, the image itself started under Xvfb (no FUSE) and driven to its home screen (scripts/check-appimage.sh)"
scripts/check-appimage.sh debug

step "Windows installer: the app cross-compiled for x86_64-pc-windows-gnu, packaged by NSIS, installed, updated and uninstalled under Wine (scripts/check-windows-installer.sh)"
scripts/check-windows-installer.sh debug
