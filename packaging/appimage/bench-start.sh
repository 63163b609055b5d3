#!/usr/bin/env bash
# What the AppImage runtime adds to a start (packaging/README.md, « What it costs »): an image
# holding the given app binary with an AppRun that exits at once, started N times with an
# empty cache (unpack) and N times with a filled one (digest and reuse); medians, beside the
# same work done by Debian's tools in the same run (sha256sum of the image, unsquashfs of it).
# Usage: packaging/appimage/bench-start.sh RUNTIME APP_BINARY [RUNS] [ZSTD_LEVEL]
set -euo pipefail
runtime=$1 app=$2 runs=${3:-5} level=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/AppDir/usr/bin"
cp "$app" "$work/AppDir/usr/bin/tournee"
strip --strip-debug "$work/AppDir/usr/bin/tournee"
printf '#!/bin/sh\nexit 0\n' >"$work/AppDir/AppRun"
chmod +x "$work/AppDir/AppRun"
mksquashfs "$work/AppDir" "$work/img.sqfs" -comp zstd -Xcompression-level "$level" -all-root -noappend -no-progress -quiet >/dev/null
cp "$runtime" "$work/rt"
strip --strip-all "$work/rt"
printf 'AI\002' | dd of="$work/rt" bs=1 seek=8 conv=notrunc status=none
cat "$work/rt" "$work/img.sqfs" >"$work/x.AppImage"
chmod +x "$work/x.AppImage"
offset=$("$work/x.AppImage" --appimage-offset)
seconds() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
first=() second=() hash=() unsq=()
for _ in $(seq "$runs"); do
    rm -rf "$work/home" "$work/sq"
    first+=("$(seconds env HOME="$work/home" "$work/x.AppImage")")
    second+=("$(seconds env HOME="$work/home" "$work/x.AppImage")")
    hash+=("$(seconds sha256sum "$work/x.AppImage")")
    unsq+=("$(seconds unsquashfs -q -n -o "$offset" -d "$work/sq" "$work/x.AppImage")")
done
echo "image $(stat -c %s "$work/x.AppImage") bytes (zstd $level), runtime $(stat -c %s "$work/rt") bytes, unpacked $(du -sb "$work/home" | cut -f1) bytes"
echo "first start (unpack) median $(printf '%s\n' "${first[@]}" | median) ms; unsquashfs median $(printf '%s\n' "${unsq[@]}" | median) ms"
echo "later start (digest, reuse) median $(printf '%s\n' "${second[@]}" | median) ms; sha256sum median $(printf '%s\n' "${hash[@]}" | median) ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
