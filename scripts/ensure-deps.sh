#!/usr/bin/env bash
# ensure-deps.sh — install the system packages WattDesk's tests and demo need.
#
# Idempotent: every dependency is checked first and only the missing ones are
# installed (one `apt-get update`, one `apt-get install`). Prints one line per
# package installed and nothing at all when everything is already present.
#
# Works when executed (`bash scripts/ensure-deps.sh`) or sourced
# (`source scripts/ensure-deps.sh`); when sourced it also puts ~/.cargo/bin on
# the caller's PATH if cargo is installed there but not on PATH.
# Runs as root (CI, no stdin) or as a normal user with sudo.
#
# Note on mosquitto: the tests start their own broker in the foreground on a
# free port (/usr/sbin/mosquitto -c <tmpconf>); the Debian system service is
# never used, so it doesn't matter if it is disabled, stopped or running.
#
# To add a dependency, append one line to wattdesk_declare_deps below:
#     need '<shell check that succeeds when present>' <apt-package> ['<fallback>']

wattdesk_declare_deps() {
    need 'command -v curl'                              curl
    need 'command -v python3'                           python3
    need "python3 -c 'import requests'"                 python3-requests \
         'python3 -m pip install --quiet --disable-pip-version-check requests'
    need 'command -v pkg-config'                        pkg-config
    need 'command -v cc'                                build-essential
    need 'test -x /usr/sbin/mosquitto'                  mosquitto
    need 'command -v mosquitto_sub && command -v mosquitto_pub' mosquitto-clients
    # The desktop app (Tauri v2 on WebKitGTK) and its tests. Node.js is checked below, not installed:
    # Debian's is too old for the UI's toolchain.
    need 'pkg-config --exists webkit2gtk-4.1'           libwebkit2gtk-4.1-dev
    need 'pkg-config --exists librsvg-2.0'              librsvg2-dev
    need 'test -e /usr/include/xdo.h'                   libxdo-dev
    need 'pkg-config --exists ayatana-appindicator3-0.1' libayatana-appindicator3-dev
    need 'command -v file'                              file
    need 'command -v WebKitWebDriver'                   webkit2gtk-driver
    need 'command -v xvfb-run'                          xvfb
    need 'command -v xauth'                             xauth
    need 'test -x /usr/bin/chromium'                    chromium
    # The quiet check hides the real window the way minimizing does.
    need 'command -v xdotool'                           xdotool
    # The tray E2E: its own session bus (single instance, notifications), and a close request sent
    # the way a window manager sends it (Xvfb has none).
    need 'command -v dbus-run-session'                  dbus
    # The installers' checks: the .rpm's contents and the desktop entry.
    need 'command -v rpm'                               rpm
    need 'command -v desktop-file-validate'             desktop-file-utils
    need '/usr/bin/python3 -c "import Xlib"'            python3-xlib
}

# ---------------------------------------------------------------------------

wattdesk_ensure_deps() {
    local -a _checks=() _pkgs=() _fallbacks=() _missing=()
    local _i _p _dup _sudo=() _log _rc=0

    need() {
        _checks+=("$1"); _pkgs+=("$2"); _fallbacks+=("${3:-}")
    }
    _wd_check() { ( eval "$1" ) >/dev/null 2>&1 </dev/null; }

    wattdesk_declare_deps
    unset -f need

    for _i in "${!_checks[@]}"; do
        _wd_check "${_checks[$_i]}" && continue
        _dup=0
        for _p in ${_missing[@]+"${_missing[@]}"}; do
            [[ "$_p" == "${_pkgs[$_i]}" ]] && _dup=1
        done
        (( _dup )) || _missing+=("${_pkgs[$_i]}")
    done

    if (( ${#_missing[@]} > 0 )); then
        if ! command -v apt-get >/dev/null 2>&1; then
            echo "ensure-deps: missing ${_missing[*]} and apt-get is not available; install them manually" >&2
            _rc=1
        else
            if [[ "$(id -u)" -ne 0 ]]; then
                if command -v sudo >/dev/null 2>&1; then
                    _sudo=(sudo)
                else
                    echo "ensure-deps: need root or sudo to install: ${_missing[*]}" >&2
                    _rc=1
                fi
            fi
            if (( _rc == 0 )); then
                _log="$(mktemp "${TMPDIR:-/tmp}/ensure-deps.XXXXXX")"
                if ${_sudo[@]+"${_sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
                        apt-get -o DPkg::Lock::Timeout=300 update -q >"$_log" 2>&1 </dev/null \
                   && ${_sudo[@]+"${_sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
                        apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends \
                        "${_missing[@]}" >>"$_log" 2>&1 </dev/null; then
                    for _p in "${_missing[@]}"; do
                        echo "ensure-deps: installed $_p"
                    done
                else
                    echo "ensure-deps: apt-get failed installing: ${_missing[*]}" >&2
                    cat "$_log" >&2
                    _rc=1
                fi
                rm -f "$_log"
            fi
        fi

        # Verify; run a fallback where apt alone wasn't enough (e.g. `python3`
        # on PATH is a pyenv/venv interpreter, not Debian's /usr/bin/python3).
        for _i in "${!_checks[@]}"; do
            _wd_check "${_checks[$_i]}" && continue
            if [[ -n "${_fallbacks[$_i]}" ]] \
               && ( eval "${_fallbacks[$_i]}" ) </dev/null \
               && _wd_check "${_checks[$_i]}"; then
                echo "ensure-deps: installed ${_pkgs[$_i]} (fallback: ${_fallbacks[$_i]})"
                continue
            fi
            echo "ensure-deps: still missing after install: ${_pkgs[$_i]} (check failed: ${_checks[$_i]})" >&2
            _rc=1
        done
    fi

    # Node.js: the UI's toolchain (Vite 8) needs the version ui/package.json names; Debian 12's
    # packaged Node.js (18) cannot build it, so it is never installed from apt here.
    local _need_node="20.19.0" _node
    _node=$(node --version 2>/dev/null | tr -d v || true)
    if [[ -z "$_node" ]] || ! command -v npm >/dev/null 2>&1; then
        echo "ensure-deps: Node.js $_need_node or newer (with npm) is needed for the UI; install it (https://nodejs.org, or your distribution's nodejs 20/22 packages) and run this again" >&2
        _rc=1
    elif [[ "$(printf '%s\n%s\n' "$_need_node" "$_node" | sort -V | head -1)" != "$_need_node" ]]; then
        echo "ensure-deps: Node.js $_node is too old for the UI's toolchain (Vite 8 needs $_need_node or newer); install a newer Node.js (https://nodejs.org) and run this again" >&2
        _rc=1
    fi

    # Rust toolchain: not installed here, but make an existing rustup install usable.
    if ! command -v cargo >/dev/null 2>&1; then
        if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
            export PATH="$HOME/.cargo/bin:$PATH"
            if [[ "${_WD_SOURCED:-0}" == 1 ]]; then
                echo "ensure-deps: added ~/.cargo/bin to PATH for this run; run 'source ~/.cargo/env' in your shell to make it permanent"
            else
                echo "ensure-deps: cargo is in ~/.cargo/bin but not on PATH; run: source ~/.cargo/env" >&2
            fi
        else
            echo "ensure-deps: cargo not found; install Rust (https://rustup.rs), then: source ~/.cargo/env" >&2
        fi
    fi

    unset -f _wd_check
    return "$_rc"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: don't touch the caller's shell options; report failure via return.
    _WD_SOURCED=1 wattdesk_ensure_deps
    return $?
else
    set -euo pipefail
    _WD_SOURCED=0 wattdesk_ensure_deps
fi
