#!/usr/bin/env bash
# LR Lab build driver. Installs what is missing, builds, tests, serves.
#
#   ./build-wasm.sh test     build the engine natively and run every test suite
#   ./build-wasm.sh serve    build and serve the page on http://127.0.0.1:8000 (PORT=… to change)
#   ./build-wasm.sh bench    run the benchmarks and print their figures
#   ./build-wasm.sh native   build the engine natively (tests and benchmarks)
#   ./build-wasm.sh deps     only install what is missing
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_NATIVE="$ROOT/build/native"
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---- dependencies ------------------------------------------------------------------
# Debian packages the native build needs.
NATIVE_PACKAGES=(cmake ninja-build g++ libeigen3-dev libgtest-dev libbenchmark-dev)

apt_updated=0
missing_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

# Installs the Debian packages given, if missing: directly as root, with sudo when it needs
# no password, otherwise prints the exact command and stops.
ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian system: make sure these (or your system's equivalents) are installed: $*"
    return 0
  fi
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      die "missing packages: $missing
install them with:
  sudo apt-get update && sudo apt-get install -y $missing"
    fi
  fi
  say "installing $missing"
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

# ---- native build ------------------------------------------------------------------
build_native() {
  ensure_packages "${NATIVE_PACKAGES[@]}"
  say "building the engine natively (build/native)"
  cmake -S "$ROOT" -B "$BUILD_NATIVE" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_NATIVE" -j "$JOBS"
}

test_native() {
  build_native
  say "engine tests (GoogleTest via ctest)"
  ctest --test-dir "$BUILD_NATIVE" --output-on-failure -j "$JOBS"
}

bench_native() {
  build_native
  say "engine benchmarks (Google Benchmark, median of 10 repetitions)"
  "$BUILD_NATIVE/lrlab_bench" --benchmark_repetitions=10 --benchmark_report_aggregates_only=true \
    --benchmark_min_time=0.2
}

# ---- commands ----------------------------------------------------------------------
command=${1:-help}
case "$command" in
  deps)   ensure_packages "${NATIVE_PACKAGES[@]}" ;;
  native) build_native ;;
  test)   test_native ;;
  bench)  bench_native ;;
  serve)
    die "the page needs the WebAssembly build, which is not in this version yet; run './build-wasm.sh test' for the engine" ;;
  help|-h|--help)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$command'; use one of: test, serve, bench, native, deps" ;;
esac
