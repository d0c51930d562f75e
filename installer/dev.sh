#!/usr/bin/env bash
# OpsDeck developer entry point for a fresh Debian 12 machine (root, or a user with sudo).
#   installer/dev.sh run    install what is missing, build, start OpsDeck in demo mode
#   installer/dev.sh test   install what is missing, build with ASan+UBSan, run every test, then the fuzz targets
#   installer/dev.sh deps   only install what is missing
#   installer/dev.sh build  install + build
#   installer/dev.sh bench  install + build (release), run the benchmarks
#   installer/dev.sh asan   the suite alone under AddressSanitizer and UBSan (ctest arguments pass through)
#   installer/dev.sh fuzz   install + build the libFuzzer targets (clang), run each for a bounded time
# Environment: OPSDECK_PRESET (default dev; test uses asan), OPSDECK_JOBS (default: all cores).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${OPSDECK_PRESET:-dev}
jobs=${OPSDECK_JOBS:-$(nproc)}
build="$here/build/$preset"

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-qpa-plugins libqt6svg6 libgl-dev libqt6opengl6-dev
  qtkeychain-qt6-dev libgit2-dev libsodium-dev zlib1g-dev catch2
  libqt6sql6-sqlite libqt6sql6-psql
  gnome-keyring dbus-x11 libsecret-1-0 xvfb xauth fonts-dejavu-core
  postgresql-15 postgresql-client-15 restic python3
)
# Benchmarks only: the log analyser that OpsDeck is measured against.
bench_packages=(goaccess)
# Fuzzing only: clang with libFuzzer and the sanitizer runtimes.
fuzz_packages=(clang libclang-rt-14-dev)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  for p in "${packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
      missing+=("$p")
    fi
  done
  # Node.js and npm run AWS's own Signature V4 signer in front of the S3 test peer. A Node.js that did
  # not come from Debian (NodeSource bundles npm) is used as it is rather than replaced.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  # An ASan build with its tests takes about 4.5 GB; a full disk fails the link with a less obvious message.
  local free_kb
  free_kb=$(df -Pk "$here" | awk 'NR==2 {print $4}')
  if [ -n "$free_kb" ] && [ "$free_kb" -lt $((8 * 1024 * 1024)) ]; then
    echo "Warning: $((free_kb / 1024)) MB free under $here; building the $preset preset needs about 4.5 GB." >&2
  fi
  cmake --preset "$preset" -S "$here" >/dev/null
  cmake --build "$build" -j "$jobs"
}

# Runs "$@" on a private D-Bus session with an unlocked gnome-keyring (the real Secret Service). The
# keyring lives in a throwaway folder: a login keyring already in $HOME with another password would stay
# locked, and every write would wait for a prompt that cannot open without a display.
with_keyring() {
  local keyrings
  keyrings=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-keyring.XXXXXX")
  trap 'rm -rf "$keyrings"' RETURN
  OPSDECK_KEYRING_HOME="$keyrings" dbus-run-session -- bash -c '
    printf "opsdeck-test-keyring" |
      XDG_DATA_HOME="$OPSDECK_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    unset OPSDECK_KEYRING_HOME
    exec "$@"' bash "$@"
}

case "${1:-}" in
  deps)
    install_deps ;;
  build)
    install_deps; build ;;
  run)
    install_deps; build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: starting OpsDeck under Xvfb (headless)." >&2
      exec xvfb-run -a "$build/app/opsdeck" --demo "${@:2}"
    fi
    exec "$build/app/opsdeck" --demo "${@:2}" ;;
  test)
    # The whole suite built with AddressSanitizer and UBSan (halt_on_error: no report passes), then every
    # parser of outside input under libFuzzer, a bounded time each (not when ctest was given a selection).
    # OPSDECK_PRESET=dev runs the suite on the plain debug build instead.
    OPSDECK_PRESET=${OPSDECK_PRESET:-asan} "$0" test-run "${@:2}"
    if [ $# -le 1 ]; then OPSDECK_PRESET=fuzz "$0" fuzz-run; fi ;;
  test-run)
    install_deps; build
    export QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=halt_on_error=1:detect_leaks=0
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    with_keyring ctest --test-dir "$build" --output-on-failure -j "$jobs" "${@:2}" ;;
  bench)
    OPSDECK_PRESET=release exec "$0" bench-run "${@:2}" ;;
  bench-run)
    install_deps "${bench_packages[@]}"; build
    export QT_QPA_PLATFORM=offscreen
    for b in "$build"/tests/bench/bench_*; do
      [ -x "$b" ] || continue
      # The team benchmark needs a PostgreSQL server: its script starts a throwaway one.
      if [ "$(basename "$b")" = bench_team ]; then tests/bench/run_bench_team.sh "$build"; else "$b"; fi
    done ;;
  asan)
    OPSDECK_PRESET=asan exec "$0" test-run "${@:2}" ;;
  fuzz)
    OPSDECK_PRESET=fuzz exec "$0" fuzz-run "${@:2}" ;;
  fuzz-run)
    install_deps "${fuzz_packages[@]}"
    cmake --preset fuzz -S "$here" >/dev/null
    cmake --build "$build" -j "$jobs"
    ctest --test-dir "$build" --output-on-failure -j "$jobs" -L fuzz "${@:2}" ;;
  *)
    sed -n '2,11p' "$0"; exit 2 ;;
esac
