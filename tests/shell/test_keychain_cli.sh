#!/usr/bin/env bash
# The credential round trip through opsdeck-cli on a private D-Bus session with the real
# gnome-keyring, and the same without any Secret Service: a clear error naming the keychain,
# exit 2, and the secret nowhere on disk (no plaintext fallback), all of it headless as in CI.
set -u
cli=${OPSDECK_CLI:?}
fail() { echo "FAIL: $*"; exit 1; }

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
unset GITHUB_TOKEN GH_TOKEN VERCEL_TOKEN OPENAI_ADMIN_KEY ANTHROPIC_ADMIN_KEY DATABASE_URL
sentinel="sentinel-value-$RANDOM$RANDOM-not-a-real-token"

# 1. With a keyring: set, list, reject an accidental overwrite, replace with --yes, delete.
out=$(dbus-run-session -- bash -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  cli=$1; sentinel=$2
  printf "%s\n" "$sentinel" | "$cli" secrets set github-token || exit 10
  "$cli" --json secrets list > "$HOME/list.json" || exit 11
  printf "other\n" | "$cli" secrets set github-token; [ $? -eq 2 ] || exit 12
  printf "%s-2\n" "$sentinel" | "$cli" secrets set github-token --yes || exit 13
  "$cli" secrets delete github-token --yes || exit 14
  "$cli" --json secrets list > "$HOME/list-after.json" || exit 15
  "$cli" audit verify || exit 16
  "$cli" --json audit list > "$HOME/audit.json" || exit 17
' bash "$cli" "$sentinel" 2>&1) || fail "keychain round trip (exit $?): $out"
grep -q '"name": "github-token"' "$home/list.json" || fail "list has no github-token: $(cat "$home/list.json")"
python3 - "$home/list.json" "$home/list-after.json" <<'PY' || fail "secrets list states"
import json, sys
before = {r["name"]: r for r in json.load(open(sys.argv[1]))}
after = {r["name"]: r for r in json.load(open(sys.argv[2]))}
assert before["github-token"]["storedIn"] == "keychain", before["github-token"]
assert before["github-token"]["ageDays"] == 0
assert before["vercel-token"]["storedIn"] == "not set", before["vercel-token"]
assert after["github-token"]["storedIn"] == "not set", after["github-token"]
PY
grep -q '"secret.set"' "$home/audit.json" && grep -q '"secret.replace"' "$home/audit.json" \
  && grep -q '"secret.delete"' "$home/audit.json" || fail "audit entries missing: $(cat "$home/audit.json")"

# 2. A locked keychain: a login keyring made with another password stays locked, and no prompt can
#    open without a display. The CLI must say so at once (exit 2), not hang and not fall back to a file.
locked=$(mktemp -d)
#    The replacing daemon takes the Secret Service name over asynchronously: until it owns the name, the
#    first daemon (which holds the keyring unlocked) still answers, and the CLI's write would succeed.
#    So the CLI starts only once the name belongs to a process other than the first daemon.
err=$(XDG_DATA_HOME="$locked" dbus-run-session -- bash -c '
  owner() { dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
              org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
            awk "/uint32/ {print \$2}"; }
  printf other | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  first=""; for i in $(seq 200); do first=$(owner); [ -n "$first" ] && break; sleep 0.05; done
  [ -n "$first" ] || { echo "setup: the first keyring daemon never owned the Secret Service" >&2; exit 90; }
  printf pw | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1
  now=""; for i in $(seq 200); do now=$(owner); [ -n "$now" ] && [ "$now" != "$first" ] && break; sleep 0.05; done
  [ -n "$now" ] && [ "$now" != "$first" ] || { echo "setup: the replacing keyring daemon never took over" >&2; exit 91; }
  printf "%s\n" "$2" | timeout 30 "$1" secrets set openai-admin-key' bash "$cli" "$sentinel" 2>&1 >/dev/null)
code=$?
rm -rf "$locked"
[ "$code" -eq 2 ] || fail "expected exit 2 with a locked keychain, got $code: $err"
echo "$err" | grep -qiE 'keychain.*(locked|denied)' || fail "locked keychain: the message does not say the keychain is locked or denied: $err"

# 3. Without a Secret Service: exit 2, the message names the keychain, nothing on disk.
err=$(dbus-run-session -- bash -c 'printf "%s\n" "$2" | timeout 20 "$1" secrets set vercel-token' bash "$cli" "$sentinel" 2>&1 >/dev/null)
code=$?
[ "$code" -eq 2 ] || fail "expected exit 2 without a Secret Service, got $code: $err"
echo "$err" | grep -qi 'keychain' || fail "message does not name the keychain: $err"
if grep -rl --binary-files=text "$sentinel" "$home" 2>/dev/null | grep -v '\.json$'; then
  fail "the secret was written to disk"
fi
# list.json etc. are our own outputs; make sure no value leaked into them either.
! grep -q "$sentinel" "$home"/*.json || fail "a secret value appeared in CLI output"
echo "1 passed, 0 failed"
