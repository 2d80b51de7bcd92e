#!/usr/bin/env bash
# measure-pss.sh BINARY [ARGS...] — idle memory of a desktop app's whole process tree (the app plus its
# WebKit web and network processes), as proportional set size (PSS, shared pages split fairly).
# Starts the app under Xvfb with a throw-away config dir and mDNS on loopback, waits IDLE_SECS (default
# 15), sums Pss over every process in the tree, prints "<MiB> MiB PSS over <N> processes", stops it.
set -euo pipefail
bin=$1; shift
idle=${IDLE_SECS:-15}
cfg=$(mktemp -d)
export WATTDESK_MDNS=loopback WATTDESK_CONFIG_DIR="$cfg" WATTDESK_SECRETS=file
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$0" "$@" >/dev/null 2>&1 &
  app=$!
  sleep '"$idle"'
  tree() { echo "$1"; for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done; }
  total=0; n=0
  for p in $(tree "$app"); do
    kb=$(awk "/^Pss:/ {print \$2}" /proc/$p/smaps_rollup 2>/dev/null || echo 0)
    total=$((total + ${kb:-0})); n=$((n + 1))
  done
  kill "$app"; wait "$app" 2>/dev/null || true
  awk -v kb="$total" -v n="$n" "BEGIN { printf \"%.1f MiB PSS over %d processes\n\", kb/1024, n }"
' "$bin" "$@"
rm -rf "$cfg"
