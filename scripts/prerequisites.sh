# Installs what building Tournée needs on Debian/Ubuntu when it is missing.
# Sourced by the other scripts; needs root (or sudo) only when something is missing.

ensure_prerequisites() {
    local missing=()
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
    # Schemathesis (the REST API's fuzzing) is installed from PyPI into a venv of its own.
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
    # Node itself comes from the npm registry (ensure_node below); fetching it needs the CAs.
    [ -e /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
    # The field app's window (Tauri 2 on WebKitGTK) and its end-to-end tests.
    pkg-config --exists webkit2gtk-4.1 2>/dev/null || missing+=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev file)
    command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
    command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
    fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
    # The back office's browser tests drive Debian's Chromium through playwright-core.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    # The stats PDF is checked by rendering it (pdftoppm) and reading its text (pdftotext).
    command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    # « Imprimer » hands the PDF to the desktop: the e2e test opens it in a real viewer through
    # xdg-open and photographs the whole screen (ImageMagick's import, x11-utils' xwininfo).
    command -v mupdf >/dev/null 2>&1 || missing+=(mupdf)
    command -v xdg-open >/dev/null 2>&1 || missing+=(xdg-utils)
    command -v import >/dev/null 2>&1 || missing+=(imagemagick)
    command -v xwininfo >/dev/null 2>&1 || missing+=(x11-utils)
    # Folder mode is tested end to end with two real Syncthing instances on loopback.
    command -v syncthing >/dev/null 2>&1 || missing+=(syncthing)
    # The nightly jobs are tested under a clock that reaches the night (libfaketime).
    command -v faketime >/dev/null 2>&1 || missing+=(faketime)
    # The installers: dpkg-shlibdeps computes the .deb's dependencies (packaging/build-deb.sh).
    command -v dpkg-shlibdeps >/dev/null 2>&1 || missing+=(dpkg-dev)
    # The AppImage's squashfs is made by Debian's mksquashfs (packaging/build-appimage.sh).
    command -v mksquashfs >/dev/null 2>&1 || missing+=(squashfs-tools)
    # The deployment guide's reverse proxy is tested for real (e2e/installed/proxy.test.mjs).
    command -v nginx >/dev/null 2>&1 || missing+=(nginx)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    # The Windows installer: cross-compiled with MinGW-w64, packaged by NSIS, listed with
    # 7-Zip and installed under Wine by scripts/check-windows-installer.sh.
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
    command -v makensis >/dev/null 2>&1 || missing+=(nsis)
    command -v 7z >/dev/null 2>&1 || missing+=(p7zip-full)
    command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "installing: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    # jsonschema checks the sync-spec vectors; aiosmtpd is the real SMTP server of the mail
    # tests; icalendar reads the calendar export back as a calendar application would;
    # openpyxl reads the reports' Excel export back as a spreadsheet would.
    if ! python3 -c 'import jsonschema, aiosmtpd, icalendar, openpyxl' >/dev/null 2>&1; then
        echo "installing the Python packages jsonschema, aiosmtpd, icalendar and openpyxl (test tools)"
        local pip=(python3 -m pip install --quiet --disable-pip-version-check jsonschema aiosmtpd icalendar openpyxl)
        # A Debian system Python refuses pip (PEP 668): then use its own packages.
        "${pip[@]}" 2>/dev/null \
            || "${pip[@]}" --break-system-packages 2>/dev/null \
            || { [ "$(id -u)" -eq 0 ] && apt-get update -qq && apt-get install -y -qq python3-jsonschema python3-aiosmtpd python3-icalendar python3-openpyxl; }
    fi
    ensure_node || return 1
    if ! command -v cargo >/dev/null 2>&1; then
        echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
        return 1
    fi
}

# The UI and the end-to-end tests need the Node LTS line named in .nvmrc (24). A system Node
# of that line or newer is used as it is; otherwise (Debian 12 ships Node 18, and none at all
# on a bare machine) scripts/install-node.py fetches Node's official Linux binary and npm
# from the npm registry, checked against the registry's sha512, into
# ~/.cache/tournee-node/v<version>/ (outside the clone, shared by every clone and worktree),
# and that folder's bin/ goes first on PATH for the rest of the calling script. Once installed
# this costs a directory listing, no network.
ensure_node() {
    local root want cache dir
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    want="$(tr -dc '0-9' <"$root/.nvmrc")"
    cache="${TOURNEE_NODE_CACHE:-$HOME/.cache/tournee-node}"
    node_is_recent() {
        command -v npm >/dev/null 2>&1 \
            && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge "$want" ]
    }
    node_is_recent && return 0
    # The newest Node of the wanted line already in the cache, else a fresh install.
    dir="$(ls -d "$cache/v$want".*.*/ 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] || [ ! -x "$dir/bin/npm" ]; then
        dir="$(python3 "$root/scripts/install-node.py" "$want" "$cache")" || {
            echo "could not install Node $want from the npm registry" >&2
            return 1
        }
    fi
    export PATH="${dir%/}/bin:$PATH"
    hash -r
    node_is_recent || { echo "Node $want from $dir does not run here" >&2; return 1; }
    echo "using Node $(node --version) from ${dir%/}"
}

# tauri-driver bridges WebDriver to WebKitWebDriver for the field app's e2e tests; it comes
# from crates.io (about 30 s to build) and is kept in cargo's bin folder.
ensure_tauri_driver() {
    local bin="${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver"
    if [ ! -x "$bin" ]; then
        echo "installing tauri-driver"
        cargo install tauri-driver --version '^2' --locked --quiet
    fi
}
