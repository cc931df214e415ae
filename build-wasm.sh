#!/usr/bin/env bash
# LR Lab build driver. Installs what is missing, builds, tests, serves.
#
#   ./build-wasm.sh test     build the engine natively and run every test suite (Release and Debug)
#   ./build-wasm.sh debug    build the engine tests in Debug (assertions on) and run them
#   ./build-wasm.sh serve    build and serve the page on http://127.0.0.1:8000 (PORT=… to change)
#   ./build-wasm.sh bench    run the benchmarks (engine, TF.js and JS peers, page, Lighthouse) into BENCHMARKS.md
#   ./build-wasm.sh build    build the WASM engine and dist/ (static site + lr-lab.html)
#   ./build-wasm.sh native   build the engine natively (tests and benchmarks)
#   ./build-wasm.sh sanitize the engine tests under ASan + UBSan (build/asan); `test` runs them too
#   ./build-wasm.sh fuzz [S] run each fuzz target (CSV parser; settings → run) for S seconds (300); `test` runs 20 each
#   ./build-wasm.sh deps     only install what is missing
# With CI=true every C++ build treats warnings as errors (-DLRLAB_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_NATIVE="$ROOT/build/native"
BUILD_WASM="$ROOT/build/wasm"
BUILD_DEBUG="$ROOT/build/debug"
WASM_OUT="$ROOT/web/engine/wasm"
JOBS=$(nproc 2>/dev/null || echo 2)
# Warnings are errors in CI, not on a developer's machine.
if [ "${CI:-}" = "true" ]; then WERROR=ON; else WERROR=OFF; fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---- dependencies ------------------------------------------------------------------
# Debian packages the native build and its tests need; the benchmarks also need
# libbenchmark-dev (optional: without it the tests still build).
NATIVE_PACKAGES=(cmake ninja-build g++ libeigen3-dev libgtest-dev)
BENCH_PACKAGES=(libbenchmark-dev)

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

# Node.js ≥ 20 and npm run the build tools and the JS/browser tests.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js 20 or newer is needed (found $(node --version)); install it from your distribution or nodejs.org"
}

# npm packages from package-lock.json (esbuild, playwright-core, Chart.js, …).
ensure_npm_packages() {
  ensure_node
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Emscripten: Debian's package unless an emsdk (or other) emcmake is already on PATH.
ensure_emscripten() {
  command -v emcmake >/dev/null 2>&1 || ensure_packages emscripten
  command -v emcmake >/dev/null 2>&1 || die "emcmake not found after installing emscripten"
}

# Debian's Chromium for the end-to-end tests (never a browser download).
ensure_chromium() {
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
    ensure_packages chromium
  fi
}

# ---- native build ------------------------------------------------------------------
build_native() {
  ensure_packages "${NATIVE_PACKAGES[@]}"
  say "building the engine natively (build/native)"
  cmake -S "$ROOT" -B "$BUILD_NATIVE" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLRLAB_WERROR="$WERROR" >/dev/null
  cmake --build "$BUILD_NATIVE" -j "$JOBS"
}

# Debug: -O0 -g, _GLIBCXX_ASSERTIONS and Eigen's own assertions (no NDEBUG); tests only.
test_debug() {
  ensure_packages "${NATIVE_PACKAGES[@]}"
  say "building the engine tests in Debug with assertions on (build/debug)"
  cmake -S "$ROOT" -B "$BUILD_DEBUG" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLRLAB_WERROR="$WERROR" >/dev/null
  cmake --build "$BUILD_DEBUG" -j "$JOBS" --target lrlab_tests
  say "engine tests in Debug (GoogleTest via ctest)"
  ctest --test-dir "$BUILD_DEBUG" --output-on-failure -j "$JOBS"
}

# AddressSanitizer + UndefinedBehaviorSanitizer: the GoogleTest suite at -O1 (build/asan).
test_sanitized() {
  ensure_packages "${NATIVE_PACKAGES[@]}"
  say "building the engine tests with ASan + UBSan (build/asan)"
  cmake -S "$ROOT" -B "$ROOT/build/asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DLRLAB_SANITIZE=ON -DLRLAB_WERROR="$WERROR" >/dev/null
  cmake --build "$ROOT/build/asan" -j "$JOBS" --target lrlab_tests
  say "engine tests under ASan + UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$ROOT/build/asan" --output-on-failure -j "$JOBS"
}

test_native() {
  build_native
  say "engine tests (GoogleTest via ctest)"
  ctest --test-dir "$BUILD_NATIVE" --output-on-failure -j "$JOBS"
}

# ---- fuzzing (clang + libFuzzer, ASan + UBSan) ---------------------------------------
FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)
BUILD_FUZZ="$ROOT/build/fuzz"

# Runs each libFuzzer target for $1 seconds from its seed corpus in tests/fuzz/<name>
# (copied: a run's new inputs stay in build/fuzz, not in the repository): the CSV parser
# (csv) and settings → validation → a short run (settings).
FUZZ_TARGETS=(csv settings)
run_fuzz() {
  local seconds=$1
  ensure_packages cmake ninja-build libeigen3-dev libgtest-dev "${FUZZ_PACKAGES[@]}"
  say "building the fuzz targets with clang-14 (build/fuzz)"
  CXX=clang++-14 cmake -S "$ROOT" -B "$BUILD_FUZZ" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLRLAB_FUZZ=ON >/dev/null
  cmake --build "$BUILD_FUZZ" -j "$JOBS" --target "${FUZZ_TARGETS[@]/#/lrlab_fuzz_}"
  for target in "${FUZZ_TARGETS[@]}"; do
    mkdir -p "$BUILD_FUZZ/corpus-$target"
    cp "$ROOT"/tests/fuzz/"$target"/* "$BUILD_FUZZ/corpus-$target/"
    say "fuzzing $target for ${seconds} s"
    "$BUILD_FUZZ/lrlab_fuzz_$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
      -artifact_prefix="$BUILD_FUZZ/$target-" "$BUILD_FUZZ/corpus-$target"
  done
}

bench_all() {
  ensure_packages "${BENCH_PACKAGES[@]}"
  build_native
  [ -x "$BUILD_NATIVE/lrlab_bench" ] || die "build/native/lrlab_bench was not built: is Google Benchmark (libbenchmark-dev) installed?"
  build_site
  say "benchmarks: native (Google Benchmark), WASM in Node, plain JS → BENCHMARKS.md"
  node tests/bench/run.mjs
  say "peers in Node: TensorFlow.js (cpu, wasm) and the plain-JS whole sweep → BENCHMARKS.md"
  node tests/bench/peers.mjs
  ensure_chromium
  say "page benchmarks in headless Chromium → BENCHMARKS.md"
  node tests/bench/page.mjs
  say "Lighthouse (mobile, desktop) on dist/ → BENCHMARKS.md (JSON reports in build/lighthouse/)"
  CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}" node tests/bench/lighthouse.mjs
}

# ---- WebAssembly build -------------------------------------------------------------
build_wasm() {
  ensure_packages cmake ninja-build libeigen3-dev
  ensure_emscripten
  ensure_node
  # Debian's emscripten needs Debian's node modules (acorn) whatever node runs it.
  export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
  say "building the engine for WebAssembly (build/wasm)"
  # Configure once (emcmake is slow), again only when the warnings-as-errors choice changed.
  if [ ! -f "$BUILD_WASM/build.ninja" ] || ! grep -q "^LRLAB_WERROR:BOOL=$WERROR\$" "$BUILD_WASM/CMakeCache.txt" 2>/dev/null; then
    emcmake cmake -S "$ROOT" -B "$BUILD_WASM" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DEigen3_DIR=/usr/share/eigen3/cmake -DLRLAB_WERROR="$WERROR" \
      -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
  fi
  cmake --build "$BUILD_WASM" -j "$JOBS"
  mkdir -p "$WASM_OUT"
  cp "$BUILD_WASM/lrlab.mjs" "$BUILD_WASM/lrlab.wasm" "$BUILD_WASM/lrlab.single.js" \
     "$BUILD_WASM/lrlab.node.cjs" "$WASM_OUT/"
}

# The page's assets: the WASM engine, then dist/ (static site + single file).
build_site() {
  build_wasm
  ensure_npm_packages
  say "bundling dist/ (static site and single-file lr-lab.html)"
  node web/tools/bundle.mjs
}

test_js() {
  say "engine API tests in Node (node --test, real WASM)"
  node --test tests/js/
}

test_e2e() {
  ensure_chromium
  say "end-to-end tests in headless Chromium (playwright-core)"
  node --test --test-concurrency=1 tests/e2e/
}

# ---- commands ----------------------------------------------------------------------
command=${1:-help}
case "$command" in
  deps)
    ensure_packages "${NATIVE_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
    ensure_emscripten
    ensure_npm_packages
    ensure_chromium ;;
  native) build_native ;;
  debug)  test_debug ;;
  build)  build_site ;;
  test)
    test_native
    test_debug
    build_site
    test_js
    test_e2e
    test_sanitized
    run_fuzz "${FUZZ_SECONDS:-20}" ;;
  sanitize) test_sanitized ;;
  fuzz)   run_fuzz "${FUZZ_SECONDS:-${2:-300}}" ;;
  bench)  bench_all ;;
  serve)
    build_site
    say "serving the repository"
    exec node web/tools/serve.mjs --root "$ROOT" --port "${PORT:-8000}" ;;
  help|-h|--help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$command'; use one of: test, serve, build, bench, native, debug, sanitize, fuzz, deps" ;;
esac
