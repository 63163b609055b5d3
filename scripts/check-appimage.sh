#!/usr/bin/env bash
# Builds the field app's AppImage from this checkout's binaries (packaging/build-appimage.sh:
# our runtime, Debian's mksquashfs, nothing downloaded), then starts the image itself under
# Xvfb through tauri-driver and drives it to its home screen (e2e/installed/appimage.test.mjs).
# Called by scripts/check.sh after the .deb installers.
# Usage: scripts/check-appimage.sh [debug|release] [build-appimage.sh options, e.g. --app FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
image=$(packaging/build-appimage.sh --profile "$profile" --out "$out" "$@")
TOURNEE_APP="$image" xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-force-exit --test-concurrency=1 --test-timeout=600000 \
    e2e/installed/appimage.test.mjs
