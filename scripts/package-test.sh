#!/usr/bin/env bash
# package-test.sh — builds the Linux installers (.deb, .rpm) of the debug build and checks them the way
# a user meets them: metadata and dependencies, the desktop entry (desktop-file-validate) and icons,
# then installs the .deb with apt (root or passwordless sudo), launches the installed /usr/bin/wattdesk
# in Xvfb through the real-window test, and removes it again. Without root the .deb is unpacked and
# launched from there instead (and the script says so). Run by scripts/test.sh; sizes go to the log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/tauri.sh build --debug --bundles deb rpm
deb=$(ls target/debug/bundle/deb/*.deb)
rpm=$(ls target/debug/bundle/rpm/*.rpm)
printf 'installer sizes (debug build): .deb %s, .rpm %s\n' "$(du -h "$deb" | cut -f1)" "$(du -h "$rpm" | cut -f1)"

fail() { echo "package-test: $*" >&2; exit 1; }

# .deb: what it is called, what it needs and what it installs.
pkg=$(dpkg-deb -f "$deb" Package)
# Outputs are read into variables first: `cmd | grep -q` under pipefail fails at random when grep
# exits on its match while cmd still writes (SIGPIPE, exit 141) — that once failed CI on a good .rpm.
depends=$(dpkg-deb -f "$deb" Depends) || fail "cannot read the .deb's dependencies"
grep -q libwebkit2gtk-4.1-0 <<<"$depends" || fail ".deb does not depend on WebKitGTK"
grep -q libayatana-appindicator3-1 <<<"$depends" || fail ".deb does not depend on the tray library"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in usr/bin/wattdesk usr/share/applications/WattDesk.desktop usr/share/icons/hicolor/32x32/apps/wattdesk.png \
    usr/share/icons/hicolor/128x128/apps/wattdesk.png usr/share/icons/hicolor/512x512/apps/wattdesk.png; do
    grep -qx "\\./$f\\|$f" <<<"$contents" || fail ".deb lacks $f"
done
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/WattDesk.desktop"
grep -qx 'Exec=wattdesk' "$unpacked/usr/share/applications/WattDesk.desktop" || fail "desktop entry does not start wattdesk"

# .rpm: the same files and dependencies (rpm can read it here; installing it needs an RPM system).
requires=$(rpm -qp --requires "$rpm" 2>/dev/null) || fail "cannot read the .rpm's requirements"
files=$(rpm -qpl "$rpm" 2>/dev/null) || fail "cannot list the .rpm's files"
grep -q "libwebkit2gtk-4.1.so" <<<"$requires" || fail ".rpm does not require WebKitGTK"
grep -qx /usr/bin/wattdesk <<<"$files" || fail ".rpm lacks /usr/bin/wattdesk"
grep -qx /usr/share/applications/WattDesk.desktop <<<"$files" || fail ".rpm lacks its desktop entry"
echo "package-test: .deb ($pkg) and .rpm metadata, desktop entry and icons are right"

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
fi
if [[ ${sudo[0]:-} == none ]]; then
    echo "package-test: not root and no passwordless sudo: launching the unpacked .deb instead of installing it"
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/window.mjs "$unpacked/usr/bin/wattdesk"
    exit 0
fi
# apt resolves the package's dependencies the way a user's install does.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "./$deb" >/dev/null
cleanup() {
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 remove -y -q "$pkg" >/dev/null || true
    rm -rf "$unpacked"
}
trap cleanup EXIT
grep -q "^Status: install ok installed" <<<"$(dpkg -s "$pkg")" || fail "$pkg is not installed"
test -x /usr/bin/wattdesk || fail "/usr/bin/wattdesk missing after install"
echo "package-test: $pkg installed with apt; launching /usr/bin/wattdesk"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/e2e/window.mjs /usr/bin/wattdesk
echo "package-test: the installed app started and showed its window; removing $pkg"
