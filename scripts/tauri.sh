#!/usr/bin/env bash
# tauri.sh ARGS — the Tauri CLI (npm @tauri-apps/cli, pinned), run from the top level for this layout
# (tauri.conf.json at the top, src-tauri/tauri.conf.json links to it; see README "Layout choice").
#   scripts/tauri.sh build --debug --no-bundle
#   scripts/tauri.sh build --bundles deb
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=2.12.5
cli=ui/node_modules/.bin/tauri
if [[ ! -x $cli ]] || [[ "$("$cli" --version 2>/dev/null)" != "tauri-cli $version" ]]; then
    # Installed beside the UI's packages but kept out of ui/package.json: the npm registry mirror on
    # the build machines lacks the CLI's macOS/Windows binaries, and `npm ci` rejects a lock file
    # without them.
    [[ -d ui/node_modules ]] || (cd ui && npm ci --no-audit --no-fund)
    (cd ui && npm install --no-save --no-audit --no-fund "@tauri-apps/cli@$version" >/dev/null)
fi
TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui exec "$cli" "$@"
