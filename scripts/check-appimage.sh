#!/usr/bin/env bash
# Builds the field app's AppImage from this checkout's binaries (packaging/build-appimage.sh:
# our runtime, Debian's mksquashfs, nothing downloaded), then starts the image itself under
# Xvfb through tauri-driver and drives it to its home screen (e2e/installed/appimage.test.mjs),
# and updates it to a newer signed AppImage published by the server
# (e2e/installed/update.test.mjs with TOURNEE_UPDATE_KIND=appimage): the image file itself is
# replaced, the pending change and the draft stay.
# Called by scripts/check.sh after the .deb installers.
# Usage: scripts/check-appimage.sh [debug|release] [build-appimage.sh options, e.g. --app FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
server="${TOURNEE_SERVER:-${CARGO_TARGET_DIR:-target}/$profile/tournee-server}"
# A throwaway update key (see check-installers.sh): the image trusts its public half, the
# newer image is signed with its secret half.
"$server" update keygen --secret "$out/update.key" --public "$out/update-key.pub" >/dev/null
image=$(packaging/build-appimage.sh --profile "$profile" --out "$out" --update-key "$out/update-key.pub" "$@")
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
next="${version%.*}.$(( ${version##*.} + 1 ))"
mkdir -p "$out/next"
update=$(packaging/build-appimage.sh --profile "$profile" --out "$out/next" --update-key "$out/update-key.pub" --version "$next" "$@")
TOURNEE_APP="$image" xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-force-exit --test-concurrency=1 --test-timeout=600000 \
    e2e/installed/appimage.test.mjs
TOURNEE_APP="$image" TOURNEE_SERVER="$server" TOURNEE_UPDATE_KIND=appimage \
    TOURNEE_UPDATE_PACKAGE="$update" TOURNEE_UPDATE_KEY="$out/update.key" TOURNEE_UPDATE_VERSION="$next" \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-force-exit --test-concurrency=1 --test-timeout=600000 \
    e2e/installed/update.test.mjs
