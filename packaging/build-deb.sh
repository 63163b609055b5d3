#!/usr/bin/env bash
# Builds the two Debian packages from binaries already compiled:
#   tournee_<version>_amd64.deb         the field app (binary, desktop entry, icon)
#   tournee-server_<version>_amd64.deb  the server (binary, systemd unit, nightly backup timer,
#                                       /etc/default file, its own user created at installation)
# Usage: packaging/build-deb.sh [--profile release|debug] [--out DIR] [--update-key FILE]
#                               [--version VERSION]
# --update-key: the public key of the release's update signing key (`tournee-server update
# keygen`), installed as /usr/share/tournee/update-key.pub: the app then offers the updates
# the server publishes signed with its secret half. Without it (and without
# TOURNEE_UPDATE_PUBKEY at build time), the app never offers updates.
# --version: the packages' version instead of the workspace's (a test update).
# Compile first: cargo build --release -p tournee -p tournee-server (the app needs ui/dist).
# Runtime dependencies are computed by dpkg-shlibdeps from the binaries' shared libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
out=target/packages
update_key=""
version=""
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --update-key) update_key=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        *) echo "usage: $0 [--profile release|debug] [--out DIR] [--update-key FILE] [--version VERSION]" >&2; exit 2 ;;
    esac
done
bin_dir="${CARGO_TARGET_DIR:-target}/$profile"
[ -n "$version" ] || version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "no workspace version in Cargo.toml" >&2; exit 1; }
arch=$(dpkg --print-architecture)
# xz makes the smallest packages (what is published); a test build takes gzip, 10× faster.
if [ "$profile" = release ]; then compression=(-Zxz); else compression=(-Zgzip -z6); fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The shared libraries a binary needs, as Debian dependencies (dpkg-shlibdeps reads a
# debian/control it does not use otherwise).
shlib_depends() {
    local binary=$1
    mkdir -p "$work/shlibs/debian"
    printf 'Source: tournee\n\nPackage: tournee\nArchitecture: any\n' >"$work/shlibs/debian/control"
    (cd "$work/shlibs" && dpkg-shlibdeps -O "$binary" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

# control FILE PACKAGE DEPENDS DESCRIPTION...
write_control() {
    local file=$1 package=$2 depends=$3 summary=$4 body=$5 size
    size=$(du -sk "$(dirname "$(dirname "$file")")" | cut -f1)
    cat >"$file" <<CONTROL
Package: $package
Version: $version
Architecture: $arch
Maintainer: Tournée <dev@tournee.invalid>
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Homepage: https://tournee.invalid
Description: $summary
$body
CONTROL
}

package() {
    local root=$1 name=$2
    find "$root" -type d -exec chmod 0755 {} +
    dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$out/${name}_${version}_${arch}.deb" >/dev/null
    echo "$out/${name}_${version}_${arch}.deb"
}

# The field app.
app="$work/tournee"
install -D -m 0755 "$bin_dir/tournee" "$app/usr/bin/tournee"
install -D -m 0644 packaging/linux/tournee.desktop "$app/usr/share/applications/tournee.desktop"
install -D -m 0644 icons/icon.png "$app/usr/share/icons/hicolor/128x128/apps/tournee.png"
install -D -m 0644 LICENSE "$app/usr/share/doc/tournee/copyright"
strip --strip-debug "$app/usr/bin/tournee"
# What Tauri's bundler does to the binaries it packages: the bundle type, read by the
# updater to install an update as a .deb (dpkg -i) rather than as an AppImage. The marker
# is a fixed-length string in tauri-utils; it must be there exactly as the bundler expects.
grep -q __TAURI_BUNDLE_TYPE_VAR_UNK "$app/usr/bin/tournee" \
    || { echo "the bundle type marker is missing from the binary (tauri-utils changed?)" >&2; exit 1; }
perl -0777 -pi -e 's/__TAURI_BUNDLE_TYPE_VAR_UNK/__TAURI_BUNDLE_TYPE_VAR_DEB/g' "$app/usr/bin/tournee"
if [ -n "$update_key" ]; then
    install -D -m 0644 "$update_key" "$app/usr/share/tournee/update-key.pub"
fi
mkdir -p "$app/DEBIAN"
write_control "$app/DEBIAN/control" tournee "$(shlib_depends "$app/usr/bin/tournee")" \
    "Tournée: the travelling sales rep's offline CRM" \
    " Clients, prospects, visits, revisit dates and statistics on the laptop, without
 network; every change is a file that syncs itself when a connection shows up."
package "$app" tournee

# The server.
srv="$work/tournee-server"
install -D -m 0755 "$bin_dir/tournee-server" "$srv/usr/bin/tournee-server"
install -D -m 0644 LICENSE "$srv/usr/share/doc/tournee-server/copyright"
strip --strip-debug "$srv/usr/bin/tournee-server"
install -D -m 0644 packaging/deb/tournee-server.service "$srv/lib/systemd/system/tournee-server.service"
install -D -m 0644 packaging/deb/tournee-server-backup.service "$srv/lib/systemd/system/tournee-server-backup.service"
install -D -m 0644 packaging/deb/tournee-server-backup.timer "$srv/lib/systemd/system/tournee-server-backup.timer"
install -D -m 0644 packaging/deb/tournee-server.default "$srv/etc/default/tournee-server"
mkdir -p "$srv/DEBIAN"
install -m 0755 packaging/deb/tournee-server.postinst "$srv/DEBIAN/postinst"
install -m 0755 packaging/deb/tournee-server.prerm "$srv/DEBIAN/prerm"
echo "/etc/default/tournee-server" >"$srv/DEBIAN/conffiles"
write_control "$srv/DEBIAN/control" tournee-server "adduser, $(shlib_depends "$srv/usr/bin/tournee-server")" \
    "Tournée server: integration automaton, back office, HTTPS sync" \
    " Integrates each change file of the laptops exactly once, mails, regenerates the
 offline databases, and serves the back office and the built-in HTTPS transport."
package "$srv" tournee-server
