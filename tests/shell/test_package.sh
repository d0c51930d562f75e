#!/usr/bin/env bash
# `cpack -G DEB` makes a package with the binaries, the desktop entry, the icon and the AppStream
# metadata, with dependencies APT resolves; its opsdeck-cli runs from the unpacked tree.
set -u
fail() { echo "FAIL: $*"; exit 1; }
bin=${OPSDECK_BINARY_DIR:?}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$bin" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || fail "cpack failed: $(tail -20 "$out/cpack.log")"
deb=$(ls "$out"/opsdeck_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb made: $(ls "$out")"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/opsdeck ./usr/bin/opsdeck-cli ./usr/share/applications/io.opsdeck.OpsDeck.desktop \
         ./usr/share/icons/hicolor/scalable/apps/io.opsdeck.OpsDeck.svg ./usr/share/metainfo/io.opsdeck.OpsDeck.metainfo.xml \
         ./usr/lib/systemd/user/opsdeck-restore-drill.service ./usr/lib/systemd/user/opsdeck-restore-drill.timer; do
  echo "$contents" | grep -q " $f\$" || fail "$f missing from the package"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "$depends" | grep -q 'libqt6core6' || fail "no Qt runtime dependencies recorded: $depends"
# Plugins that shlibdeps cannot see: without them the store, the database pages or the window would not work.
for p in libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins; do
  echo "$depends" | grep -q "$p" || fail "$p missing from Depends: $depends"
done
# APT can install it here: every dependency resolves (simulated, nothing changes on the machine).
sim=$(apt-get -s install "$deb" 2>&1) || fail "apt-get cannot install the package: $sim"
echo "$sim" | grep -q '^Conf opsdeck ' || fail "apt-get would not configure opsdeck: $sim"
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/opsdeck-cli" --version | grep -q '^opsdeck-cli ' || fail "the packaged opsdeck-cli does not run"
# The weekly restore-test timer runs the packaged CLI.
grep -q '^ExecStart=/usr/bin/opsdeck-cli backup drill$' "$out/root/usr/lib/systemd/user/opsdeck-restore-drill.service" \
  || fail "the restore-test service does not run opsdeck-cli backup drill"
calendar=$(sed -n 's/^OnCalendar=//p' "$out/root/usr/lib/systemd/user/opsdeck-restore-drill.timer")
if command -v systemd-analyze >/dev/null; then
  systemd-analyze calendar "$calendar" >/dev/null 2>&1 || fail "the timer's OnCalendar=$calendar is invalid"
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$out/root/usr/share/applications/io.opsdeck.OpsDeck.desktop" || fail "invalid desktop entry"
fi
echo "1 passed, 0 failed"
