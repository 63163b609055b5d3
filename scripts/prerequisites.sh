# Installs what building Tournée needs on Debian/Ubuntu when it is missing.
# Sourced by the other scripts; needs root (or sudo) only when something is missing.

ensure_prerequisites() {
    local missing=()
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "installing: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    # jsonschema checks the sync-spec vectors; aiosmtpd is the real SMTP server of the mail tests.
    if ! python3 -c 'import jsonschema, aiosmtpd' >/dev/null 2>&1; then
        echo "installing the Python packages jsonschema and aiosmtpd (test tools)"
        local pip=(python3 -m pip install --quiet --disable-pip-version-check jsonschema aiosmtpd)
        # A Debian system Python refuses pip (PEP 668): then use its own packages.
        "${pip[@]}" 2>/dev/null \
            || "${pip[@]}" --break-system-packages 2>/dev/null \
            || { [ "$(id -u)" -eq 0 ] && apt-get update -qq && apt-get install -y -qq python3-jsonschema python3-aiosmtpd; }
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
        return 1
    fi
}
