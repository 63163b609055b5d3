#!/usr/bin/env bash
# Builds the Debian packages from this checkout's binaries, installs them with dpkg on this
# machine, drives the installed app to its home screen and runs the installed server as its
# own user (e2e/installed/deb.test.mjs) and behind the guide's nginx configuration
# (e2e/installed/proxy.test.mjs), updates it to a newer signed package published by the
# server (e2e/installed/update.test.mjs), then purges both packages so the next run starts from
# a machine without them (a purge never touches /var/lib/tournee: no maintainer script
# deletes data). Called by scripts/check.sh after the e2e build.
# Usage: scripts/check-installers.sh [debug|release]   (root or sudo, Xvfb, tauri-driver)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}
out=$(mktemp -d)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
cleanup() {
    $sudo dpkg --purge tournee tournee-server >/dev/null 2>&1 || true
    rm -rf "$out"
}
trap cleanup EXIT
# A throwaway update key: the installed app trusts its public half; the newer package the
# update test publishes is signed with its secret half (never kept: it dies with $out).
"${CARGO_TARGET_DIR:-target}/$profile/tournee-server" update keygen \
    --secret "$out/update.key" --public "$out/update-key.pub" >/dev/null
packaging/build-deb.sh --profile "$profile" --out "$out" --update-key "$out/update-key.pub"
# The update: the same binary packaged as the next patch version.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
next="${version%.*}.$(( ${version##*.} + 1 ))"
mkdir -p "$out/next"
packaging/build-deb.sh --profile "$profile" --out "$out/next" --update-key "$out/update-key.pub" --version "$next" >/dev/null
# apt installs what the packages depend on (already here on a machine that built them);
# the updater installs a .deb with pkexec, else sudo (here, as root, sudo).
extra=()
command -v sudo >/dev/null || extra+=(sudo)
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "$out"/tournee_*.deb "$out"/tournee-server_*.deb "${extra[@]}" >/dev/null
TOURNEE_APP=/usr/bin/tournee TOURNEE_SERVER=/usr/bin/tournee-server \
    TOURNEE_UPDATE_PACKAGE="$out/next/tournee_${next}_$(dpkg --print-architecture).deb" \
    TOURNEE_UPDATE_KEY="$out/update.key" TOURNEE_UPDATE_VERSION="$next" \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-force-exit --test-concurrency=1 --test-timeout=600000 \
    e2e/installed/deb.test.mjs e2e/installed/proxy.test.mjs e2e/installed/update.test.mjs
