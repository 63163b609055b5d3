#!/usr/bin/env bash
# Builds the Windows field app on Linux and packages it as an NSIS installer:
#   tournee_<version>_x64-setup.exe   per-user install, Start-menu shortcut, uninstaller
# The executable is cross-compiled for x86_64-pc-windows-gnu with Debian's MinGW-w64 as the
# C compiler and linker (apt: gcc-mingw-w64-x86-64 nsis; rustup target add
# x86_64-pc-windows-gnu): Tauri's bundler is not used, its NSIS path downloads tools.
# The window needs Microsoft's WebView2 runtime, part of Windows 10 (since 2021) and 11.
# Usage: packaging/build-windows.sh [--profile release|debug] [--out DIR] [--update-key FILE]
# --update-key: the update signing key's public half, installed beside tournee.exe as
# update-key.pub (see packaging/build-deb.sh); without it the app offers no updates.
# The UI must be built first (cd ui && npm run build): the executable embeds ui/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
out=target/packages
update_key=""
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --update-key) update_key=$(realpath "$2"); shift 2 ;;
        *) echo "usage: $0 [--profile release|debug] [--out DIR] [--update-key FILE]" >&2; exit 2 ;;
    esac
done
target=x86_64-pc-windows-gnu
[ -f ui/dist/index.html ] || { echo "ui/dist is missing: run (cd ui && npm ci && npm run build) first" >&2; exit 1; }
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "x86_64-w64-mingw32-gcc is missing (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 1; }
command -v makensis >/dev/null || { echo "makensis is missing (apt-get install nsis)" >&2; exit 1; }
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
profile_flag=()
[ "$profile" = release ] && profile_flag=(--release)
# A debug build (what CI tests) without debug info: the installer strips it anyway, and
# it is a third of the compile. Build scripts and proc-macros (the build-override
# profile, shared with the Linux build in the same target directory) are not affected.
[ "$profile" = debug ] && export CARGO_PROFILE_DEV_DEBUG=0
cargo build --locked "${profile_flag[@]}" --target "$target" -p tournee
exe="${CARGO_TARGET_DIR:-target}/$target/$profile/tournee.exe"
mkdir -p "$out"
out=$(realpath "$out")
stripped=$(mktemp -d)
trap 'rm -rf "$stripped"' EXIT
x86_64-w64-mingw32-strip --strip-debug -o "$stripped/tournee.exe" "$exe"
# The bundle type Tauri's bundler writes into the binaries it packages (see build-deb.sh):
# the updater then runs an update as an NSIS installer.
grep -q __TAURI_BUNDLE_TYPE_VAR_UNK "$stripped/tournee.exe" \
    || { echo "the bundle type marker is missing from tournee.exe" >&2; exit 1; }
perl -0777 -pi -e 's/__TAURI_BUNDLE_TYPE_VAR_UNK/__TAURI_BUNDLE_TYPE_VAR_NSS/g' "$stripped/tournee.exe"
key_flag=()
[ -n "$update_key" ] && key_flag=(-DUPDATEKEY="$update_key")
# makensis resolves the script's relative paths (icon, licence) from its own folder.
(cd packaging/windows && makensis -V2 -DVERSION="$version" -DEXE="$stripped/tournee.exe" "${key_flag[@]}" \
    -DOUTFILE="$out/tournee_${version}_x64-setup.exe" tournee.nsi)
echo "$out/tournee_${version}_x64-setup.exe"
