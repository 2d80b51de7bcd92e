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
echo "==> starting WattDesk (WATTDESK_MDNS=$WATTDESK_MDNS)"
exec target/debug/wattdesk "$@"
