#!/usr/bin/env bash
# measure-quiet.sh [--minutes M] [--release] — how much CPU and memory WattDesk's window takes, view by
# view, side by side with the smallest Tauri window built from the same lock file (tools/hello-window).
# Builds both, starts a 10 readings/s simulated meter, and runs ui/tests/e2e/quiet.mjs under Xvfb
# (CPU over 20 s after 25 s on each view; PSS of the whole process tree). The README's table comes
# from this script. --minutes M samples PSS on the meter detail view every minute for M minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-deps.sh
# Never further than loopback; WATTDESK_MDNS=off keeps the window's demo meter out of other tests' way.
if [[ ${WATTDESK_MDNS:-} != off ]]; then export WATTDESK_MDNS=loopback; fi
minutes=0
profile=(--debug)
dir=debug
while [[ $# -gt 0 ]]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --release) profile=(); dir=release; shift ;;
        *) echo "usage: $0 [--minutes M] [--release]" >&2; exit 2 ;;
    esac
done
if ! command -v tauri-driver >/dev/null 2>&1; then
    cargo install tauri-driver --locked --version '^2'
fi
(cd ui && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; })
scripts/tauri.sh build ${profile[@]+"${profile[@]}"} --no-bundle
TAURI_APP_PATH=tools/hello-window ui/node_modules/.bin/tauri build ${profile[@]+"${profile[@]}"} --no-bundle
cargo build -q --release -p whatwatt-sim
sim_log=$(mktemp)
target/release/whatwatt-sim --bind 127.0.0.1:0 --interval 0.1 --no-mdns >"$sim_log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true; rm -f "$sim_log"' EXIT
for _ in $(seq 50); do grep -q '^device ' "$sim_log" && break; sleep 0.1; done
url=$(awk '/^device / {print $3; exit}' "$sim_log")
xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/quiet.mjs \
    --app "target/$dir/wattdesk" --hello "target/$dir/hello-window" --hz10 "$url" \
    --minutes "$minutes" --json "target/quiet-$dir.json"
echo "results: target/quiet-$dir.json"
