#!/usr/bin/env bash
# demo.sh — set up and launch WattDesk (the README's "run" command).
#
# Installs what is missing, builds the UI and the app (debug profile, no installer) and starts it. With no
# saved meter, WattDesk starts its built-in demo meter. Extra arguments go to the app (e.g. --demo).
#
# mDNS stays on the loopback interface unless WATTDESK_MDNS says otherwise; at home, run
#   WATTDESK_MDNS=all scripts/demo.sh
# so WattDesk can find the real meters on your network.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-deps.sh
export WATTDESK_MDNS="${WATTDESK_MDNS:-loopback}"

echo "==> building the UI"
(cd ui && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run build)
echo "==> building WattDesk (first build takes a few minutes)"
scripts/tauri.sh build --debug --no-bundle
# A local broker for the demo meter, so MQTT (and the transport inspector) work without real hardware.
# It listens on 127.0.0.1 only and stops with the app. Set WATTDESK_DEMO_BROKER yourself to use another.
if [[ -z "${WATTDESK_DEMO_BROKER:-}" && -x /usr/sbin/mosquitto ]]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    conf=$(mktemp -t wattdesk-demo-mosquitto.XXXXXX.conf)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n' "$port" >"$conf"
    /usr/sbin/mosquitto -c "$conf" &
    broker_pid=$!
    trap 'kill "$broker_pid" 2>/dev/null; rm -f "$conf"' EXIT
    export WATTDESK_DEMO_BROKER="mqtt://127.0.0.1:$port"
    echo "==> demo broker: $WATTDESK_DEMO_BROKER"
fi
echo "==> starting WattDesk (WATTDESK_MDNS=$WATTDESK_MDNS)"
target/debug/wattdesk "$@"
