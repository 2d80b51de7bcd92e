#!/usr/bin/env bash
# test.sh — set up and run all WattDesk tests (the README's test command).
#
# Each step is a small `step_*` function run through `section`, which prints a
# "==> name" header and the time it took. The script stops at the first
# failure and exits non-zero. To add a step (e.g. UI tests with npm), write a
# `step_*` function and add a `section` line in main().
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# No mDNS packet may leave the machine during tests.
export WATTDESK_MDNS=loopback
# Plain text when the output is a log file (CI), not a terminal.
if [[ ! -t 1 ]]; then
    export NO_COLOR=1 CARGO_TERM_COLOR=never FORCE_COLOR=0
fi

# --locked only when a lockfile is committed.
LOCKED=()
if [[ -f Cargo.lock ]]; then LOCKED=(--locked); fi

CURRENT_SECTION=""
SECTION_START=0
TOTAL_START=$SECONDS
SUMMARY=()

on_exit() {
    local rc=$?
    if [[ $rc -ne 0 && -n "$CURRENT_SECTION" ]]; then
        echo
        echo "==> FAILED: $CURRENT_SECTION (exit $rc, after $((SECONDS - SECTION_START))s)" >&2
    fi
}
trap on_exit EXIT

# section NAME FUNCTION — run FUNCTION under a header and report its duration.
# Called directly (not in `if`/`||`) so `set -e` stays in force inside steps.
section() {
    CURRENT_SECTION=$1
    SECTION_START=$SECONDS
    echo
    echo "==> $1"
    "$2"
    local took=$((SECONDS - SECTION_START))
    echo "<== $1 ok (${took}s)"
    SUMMARY+=("$(printf '%-8s %5ss' "$1" "$took")")
    CURRENT_SECTION=""
}

step_deps() {
    # Sourced so a PATH fix for ~/.cargo/bin reaches the steps below.
    source scripts/ensure-deps.sh
    cargo --version
}

step_fmt() {
    cargo fmt --all -- --check
}

step_ui() {
    # Builds ui/dist, which the Tauri crate embeds: it must exist before clippy/test compile src-tauri.
    (cd ui && npm ci --no-audit --no-fund && npm run check && npm test && npm run build)
}

step_clippy() {
    cargo clippy --workspace --all-targets ${LOCKED[@]+"${LOCKED[@]}"} -- -D warnings
}

step_test() {
    cargo test --workspace ${LOCKED[@]+"${LOCKED[@]}"}
    # ts-rs wrote every exported IPC type again. Write them once more into an empty folder, so a type
    # that no longer exists shows up below as a deleted file instead of lingering.
    find ui/src/lib/bindings -name '*.ts' ! -name index.ts -delete
    cargo test -p wattdesk-core --lib ${LOCKED[@]+"${LOCKED[@]}"} -q export_bindings >/dev/null
    (cd ui && npm run gen)
}

# Files generated from the Rust side (ts-rs bindings, build.rs's command contract, tauri-build's
# permissions) are committed so a fresh clone builds the UI; after the build and tests above they must
# be exactly what is committed, and nothing generated may be left untracked.
GENERATED=(ui/src/lib/bindings ui/src/lib/commands.gen.ts src-tauri/capabilities src-tauri/permissions)

step_generated() {
    if [[ -n "$(git status --porcelain -- "${GENERATED[@]}")" ]]; then
        git status --short -- "${GENERATED[@]}"
        git --no-pager diff -- "${GENERATED[@]}" | head -50
        echo "generated files are stale or missing: run cargo test (and npm run gen in ui/), then commit them" >&2
        return 1
    fi
}

step_fuzz() {
    # A short libFuzzer pass over every target (the long campaign is scripts/fuzz.sh without
    # options). Without the nightly toolchain only the seeds and regressions run, in cargo test.
    if cargo +nightly --version >/dev/null 2>&1; then
        scripts/fuzz.sh --brief
    else
        echo "no nightly toolchain: the fuzz targets ran over their seeds and regressions in cargo test"
    fi
}

step_views() {
    (cd ui && npm run test:views)
}

step_e2e() {
    if ! command -v tauri-driver >/dev/null 2>&1; then
        cargo install tauri-driver --locked --version '^2'
    fi
    scripts/tauri.sh build --debug --no-bundle
    # Each run gets its own D-Bus session: single instance and notifications speak D-Bus, and a
    # WattDesk the developer has running must not be the instance a test window hands over to.
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/window.mjs target/debug/wattdesk
    cargo build -q -p whatwatt-sim
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/setup.mjs target/debug/wattdesk target/debug/whatwatt-sim
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/settings.mjs target/debug/wattdesk target/debug/whatwatt-sim
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/history.mjs target/debug/wattdesk
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/sharing.mjs target/debug/wattdesk
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/tray.mjs target/debug/wattdesk
    # A window that burns a core again fails here (loose limits for a busy machine; README has the real table).
    xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/quiet.mjs --app target/debug/wattdesk --check
}

step_package() {
    # The Linux installers: .deb and .rpm built, checked, the .deb installed with apt and launched.
    scripts/package-test.sh
}

main() {
    section deps     step_deps
    section fmt      step_fmt
    section ui       step_ui
    section clippy   step_clippy
    section test     step_test
    section generated step_generated
    section fuzz     step_fuzz
    section views    step_views
    section e2e      step_e2e
    section package  step_package

    echo
    echo "==> all tests passed ($((SECONDS - TOTAL_START))s)"
    printf '    %s\n' "${SUMMARY[@]}"
}

main "$@"
