#!/usr/bin/env bash
# Builds the Windows installer (packaging/build-windows.sh) and runs it under Wine in a
# fresh prefix, as a rep without administrator rights would: a silent install, the files,
# the Start-menu shortcut and the « Applications et fonctionnalités » entry checked, an
# install over it (an update), an update as the app's updater runs it (passive, then the
# app started again), then the uninstaller; the rep's data folder
# (%APPDATA%\fr.tournee.field, where the app keeps its settings, local database, drafts and
# pending changes) must survive the update and the removal. The app itself is not started
# under Wine: it needs Microsoft's WebView2 runtime, which Wine does not provide.
# Usage: scripts/check-windows-installer.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}
out=$(mktemp -d)
export WINEPREFIX="$out/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$out"' EXIT
fail() { echo "windows installer: $*" >&2; exit 1; }

setup=$(packaging/build-windows.sh --profile "$profile" --out "$out" | tail -1)
file "$setup" | grep -q "PE32+ executable (GUI) x86-64" || fail "$setup is not a 64-bit Windows program"
7z l "$setup" | grep -q " tournee.exe$" || fail "tournee.exe is not in the installer"

# Wine and its virtual desktop want a display; every command waits for wineserver to settle.
wine_run() { xvfb-run -a sh -c 'wine "$@"; status=$?; wineserver -w; exit $status' wine "$@"; }
wine_run wineboot --init >/dev/null 2>&1
user_dir=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
install_dir="$user_dir/AppData/Local/Programs/Tournee"
data_dir="$user_dir/AppData/Roaming/fr.tournee.field"
menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Tournée.lnk"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\fr.tournee.field'

wine_run "$setup" /S
[ -f "$install_dir/tournee.exe" ] || fail "tournee.exe not installed in $install_dir"
cmp -s "$install_dir/tournee.exe" <(7z e -so "$setup" tournee.exe) || fail "the installed tournee.exe differs from the packaged one"
[ -f "$menu" ] || fail "no Start-menu shortcut"
entry=$(wine_run reg query "$key" 2>/dev/null | tr -d '\r')
grep -q 'DisplayVersion    REG_SZ    ' <<<"$entry" || fail "no uninstall entry: $entry"
grep -q 'QuietUninstallString.*uninstall.exe" /S' <<<"$entry" || fail "no quiet uninstall string"

# The rep's data, as the app leaves it: an update and a removal never touch it.
mkdir -p "$data_dir/outbox"
echo '{"pending":true}' >"$data_dir/outbox/VC_rep_01TESTPENDING.json"
wine_run "$setup" /S
[ -f "$data_dir/outbox/VC_rep_01TESTPENDING.json" ] || fail "an update removed a pending change"
# An update as the app's updater starts it (tauri-plugin-updater: passive, /UPDATE, restart
# with the app's arguments after /ARGS): no page waits for a click, the files are replaced,
# the data stays, and the installed app is started again with its arguments (seen in Wine's
# process trace: the app itself does not run without WebView2).
rm "$install_dir/LICENSE.txt"
WINEDEBUG=+process wine_run "$setup" /P /UPDATE /R /ARGS --relaunched "deux mots" 2>"$out/update.trace" \
    || fail "the updater's install failed"
[ -f "$install_dir/LICENSE.txt" ] || fail "the updater's install did not install the files"
cmp -s "$install_dir/tournee.exe" <(7z e -so "$setup" tournee.exe) || fail "the updater's install left another tournee.exe"
[ -f "$data_dir/outbox/VC_rep_01TESTPENDING.json" ] || fail "the updater's install removed a pending change"
grep -F 'CreateProcessInternalW app (null) cmdline L"\"C:\\users\\' "$out/update.trace" \
    | grep -F 'Tournee\\tournee.exe\" --relaunched \"deux mots\""' >/dev/null \
    || fail "the updater's install did not start the app again with its arguments"
wine_run "$install_dir/uninstall.exe" /S
[ ! -e "$install_dir/tournee.exe" ] || fail "tournee.exe left after uninstalling"
[ ! -e "$menu" ] || fail "shortcut left after uninstalling"
wine_run reg query "$key" >/dev/null 2>&1 && fail "uninstall entry left after uninstalling"
[ -f "$data_dir/outbox/VC_rep_01TESTPENDING.json" ] || fail "uninstalling removed a pending change"
echo "windows installer: $(basename "$setup") ($(du -k "$setup" | cut -f1) KiB) installs, updates and uninstalls under Wine; the rep's data stays"
