#!/usr/bin/env bash
# sim.sh — run simulated whatwatt Go devices (no app window).
#
# The app itself is scripts/demo.sh; this is for poking at the device protocol with curl.
#   scripts/sim.sh                      # default simulator on 127.0.0.1:8080
#   scripts/sim.sh --bind 127.0.0.1:9090 --devices 3   # custom simulator args
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Sourced so a PATH fix for ~/.cargo/bin applies here.
source scripts/ensure-deps.sh

# Keep mDNS on loopback unless the caller explicitly asks otherwise.
export WATTDESK_MDNS="${WATTDESK_MDNS:-loopback}"

if [[ $# -gt 0 ]]; then
    args=("$@")
else
    args=(--bind 127.0.0.1:8080 --devices 1 --license plus)
fi

# Work out the address for the hint from --bind (default 127.0.0.1:8080).
bind=127.0.0.1:8080
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --bind=*) bind=${args[$i]#--bind=} ;;
        --bind) if ((i + 1 < ${#args[@]})); then bind=${args[$((i + 1))]}; fi ;;
    esac
done
case "$bind" in
    0.0.0.0:*) bind="127.0.0.1:${bind#0.0.0.0:}" ;;
    "[::]:"*) bind="[::1]:${bind#\[::\]:}" ;;
esac

cat <<HINT
==> starting whatwatt-sim (${args[*]}); WATTDESK_MDNS=$WATTDESK_MDNS
    once it is listening, try:
      curl http://$bind/api/v1/system
    (if a device password is set, add: --digest -u ':PASSWORD')
    stop with Ctrl-C
HINT

exec cargo run --release -p whatwatt-sim -- "${args[@]}"
