#!/usr/bin/env bash
# fuzz.sh — run the libFuzzer campaign over every input WattDesk reads from outside.
#
#   scripts/fuzz.sh [--runs N | --seconds S] [--brief] [--no-sanitizer] [TARGET ...]
#
# Default: 10,000,000 inputs per target with AddressSanitizer (the campaign in the README). --brief (CI)
# is 20,000 inputs or 8 s per target, whichever comes first, in a debug build without a sanitizer, which
# compiles much faster. --no-sanitizer keeps the optimised build but drops AddressSanitizer (several
# times more inputs per second; WattDesk's parsers are safe Rust, so a finding is a panic either way).
# Each target's corpus (fuzz/corpus/<target>, not committed) starts from the committed seeds
# (fuzz/seeds/<target>), every past crash (fuzz/regressions/<target>) and, for the device JSON targets,
# the vendor doc examples. A crash is copied into fuzz/regressions/<target>/, where the
# stable test suite (crates/wattdesk-fuzz/tests/corpora.rs) keeps checking it, and the script fails.
# Needs the nightly toolchain (libFuzzer and sanitizers); installs cargo-fuzz when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=10000000
seconds=0
seconds_cap=0
profile=()
targets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --seconds) seconds=$2; runs=0; shift 2 ;;
        --brief) runs=20000; seconds_cap=8; profile=(--dev --sanitizer none); shift ;;
        --no-sanitizer) profile=(--sanitizer none); shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(sse_framing device_json reading mqtt_decode mapping_guess auth_challenge mdns_txt sdcard_csv broker_url registry_file settings_doc)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: the nightly toolchain is not installed (rustup toolchain install nightly); the seeds and regressions still run on stable in cargo test" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

docs=crates/whatwatt/tests/fixtures/docs
echo "==> building the fuzz targets"
cargo +nightly fuzz build ${profile[@]+"${profile[@]}"} >/dev/null
summary=()
failed=0
for t in "${targets[@]}"; do
    corpus=fuzz/corpus/$t
    mkdir -p "$corpus" "fuzz/regressions/$t"
    cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
    find "fuzz/regressions/$t" -type f ! -name .keep -exec cp -n {} "$corpus"/ \;
    case "$t" in device_json|reading|mqtt_decode) cp -n "$docs"/*.json "$corpus"/ ;; esac
    limit=(-runs="$runs")
    if [[ $seconds -gt 0 ]]; then limit=(-max_total_time="$seconds"); fi
    if [[ $seconds_cap -gt 0 ]]; then limit+=(-max_total_time="$seconds_cap"); fi
    log=$(mktemp)
    echo "==> $t"
    start=$SECONDS
    if cargo +nightly fuzz run ${profile[@]+"${profile[@]}"} "$t" "$corpus" -- "${limit[@]}" -max_len=65536 -print_final_stats=1 >"$log" 2>&1; then
        status=ok
    else
        status=CRASH
        failed=1
        for a in fuzz/artifacts/"$t"/*; do
            [[ -f "$a" ]] || continue
            cp "$a" "fuzz/regressions/$t/"
            echo "    kept $(basename "$a") in fuzz/regressions/$t/"
        done
        tail -30 "$log"
    fi
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    size=$(find "$corpus" -type f | wc -l)
    summary+=("$(printf '%-16s %-6s %12s inputs %6ss  corpus %6s' "$t" "$status" "${execs:-?}" "$((SECONDS - start))" "$size")")
    rm -f "$log"
done
echo
printf '%s\n' "${summary[@]}"
exit $failed
