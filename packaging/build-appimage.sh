#!/usr/bin/env bash
# Builds the field app's AppImage, tournee_<version>_<arch>.AppImage, from binaries already
# compiled and Debian's squashfs-tools, without downloading anything (packaging/README.md,
# « AppImage », says why it does not use appimagetool or Tauri's bundler):
#   1. the AppDir: usr/bin/tournee, the menu entry and icon (at the root too, as the AppImage
#      specification asks, and under usr/share/), .DirIcon, and AppRun (a relative symlink to
#      usr/bin/tournee);
#   2. its squashfs, made by mksquashfs (zstd: level 3 for a test build, under a second;
#      level 19 for what is published);
#   3. our runtime (packaging/appimage/runtime, a workspace crate) with the type-2 magic
#      AI\x02 written at offset 8, then the squashfs appended where its ELF ends.
# The app uses the laptop's WebKitGTK 4.1 and GTK 3 (libwebkit2gtk-4.1-0, libgtk-3-0, as the
# .deb depends on them): they are not bundled.
# Usage: packaging/build-appimage.sh [--profile release|debug] [--out DIR] [--app FILE]
#                                    [--runtime FILE] [--update-key FILE] [--version VERSION]
# --app, --runtime: the binaries to use instead of $CARGO_TARGET_DIR/<profile>/tournee and
# …/tournee-appimage-runtime (a copy kept aside while other builds replace those).
# --update-key: the release's update public key, installed as usr/share/tournee/update-key.pub.
# Compile first: cargo build --release -p tournee -p tournee-appimage-runtime (the app needs ui/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
out=target/packages
app_bin=""
runtime_bin=""
update_key=""
version=""
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --app) app_bin=$2; shift 2 ;;
        --runtime) runtime_bin=$2; shift 2 ;;
        --update-key) update_key=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        *) echo "usage: $0 [--profile release|debug] [--out DIR] [--app FILE] [--runtime FILE] [--update-key FILE] [--version VERSION]" >&2; exit 2 ;;
    esac
done
bin_dir="${CARGO_TARGET_DIR:-target}/$profile"
[ -n "$app_bin" ] || app_bin="$bin_dir/tournee"
[ -n "$runtime_bin" ] || runtime_bin="$bin_dir/tournee-appimage-runtime"
for f in "$app_bin" "$runtime_bin"; do
    [ -x "$f" ] || { echo "$f is missing: compile it first (cargo build -p tournee -p tournee-appimage-runtime)" >&2; exit 1; }
done
command -v mksquashfs >/dev/null || { echo "mksquashfs is missing: apt-get install squashfs-tools" >&2; exit 1; }
[ -n "$version" ] || version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "no workspace version in Cargo.toml" >&2; exit 1; }
arch=$(uname -m)
# zstd decompresses fast at any level; 19 makes the published image a fifth smaller than 3,
# at a minute of build time on one core instead of half a second.
if [ "$profile" = release ]; then level=19; else level=3; fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The AppDir.
appdir="$work/AppDir"
install -D -m 0755 "$app_bin" "$appdir/usr/bin/tournee"
strip --strip-debug "$appdir/usr/bin/tournee"
# The bundle type Tauri's bundler writes into the binaries it packages (build-deb.sh does the
# same for DEB): « AppImage » tells the updater to replace the file named by $APPIMAGE.
grep -q __TAURI_BUNDLE_TYPE_VAR_UNK "$appdir/usr/bin/tournee" \
    || { echo "the bundle type marker is missing from the binary (tauri-utils changed?)" >&2; exit 1; }
perl -0777 -pi -e 's/__TAURI_BUNDLE_TYPE_VAR_UNK/__TAURI_BUNDLE_TYPE_VAR_APP/g' "$appdir/usr/bin/tournee"
install -D -m 0644 packaging/linux/tournee.desktop "$appdir/usr/share/applications/tournee.desktop"
install -D -m 0644 icons/icon.png "$appdir/usr/share/icons/hicolor/128x128/apps/tournee.png"
install -D -m 0644 LICENSE "$appdir/usr/share/doc/tournee/copyright"
# The AppImage's own desktop entry names its version (the AppImage specification's key), so
# two releases of the same binary are two different images.
{ cat packaging/linux/tournee.desktop; echo "X-AppImage-Version=$version"; } >"$appdir/tournee.desktop"
chmod 0644 "$appdir/tournee.desktop"
install -m 0644 icons/icon.png "$appdir/tournee.png"
ln -s tournee.png "$appdir/.DirIcon"
ln -s usr/bin/tournee "$appdir/AppRun"
if [ -n "$update_key" ]; then
    install -D -m 0644 "$update_key" "$appdir/usr/share/tournee/update-key.pub"
fi

# 2. The squashfs (owned by root, no extended attributes, the build's time stamps).
mksquashfs "$appdir" "$work/AppDir.squashfs" -comp zstd -Xcompression-level "$level" \
    -all-root -no-xattrs -noappend -no-progress -quiet >/dev/null

# 3. The runtime, magic written, then the squashfs where its ELF ends.
runtime="$work/runtime"
cp "$runtime_bin" "$runtime"
strip --strip-all "$runtime"
printf 'AI\002' | dd of="$runtime" bs=1 seek=8 conv=notrunc status=none
# The runtime finds the squashfs at the end of its section header table: that must be the
# end of its file (true of what ld writes; checked, since a tool appending to the runtime
# would silently break every image).
elf_end=$("$runtime" --appimage-offset)
size=$(stat -c %s "$runtime")
[ "$elf_end" = "$size" ] || { echo "the runtime's ELF ends at $elf_end but its file at $size" >&2; exit 1; }
image="$out/tournee_${version}_${arch}.AppImage"
cat "$runtime" "$work/AppDir.squashfs" >"$image.part"
chmod 0755 "$image.part"
mv "$image.part" "$image"
echo "$image"
