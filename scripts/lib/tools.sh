# Tool installation shared by scripts/run and scripts/test. Each step is skipped when the right
# version is already there, so a warm machine rebuilds nothing. Only the package registries are
# reachable here (crates.io, npm, Debian), so nothing is downloaded from anywhere else.

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen crate pinned in Cargo.toml (=0.2.130).
WASM_BINDGEN_VERSION=0.2.130
# The WASM splitter cargo-leptos uses (trunk's post-build hook runs it: scripts/lib/split_wasm.py).
WASM_SPLIT_VERSION=0.2.4
CHROMIUM=/usr/bin/chromium

root_dir() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The build tools run for seconds, so they are built for build speed, not run speed: no
# optimisation, no LTO, many codegen units, and one target directory for both installs, which
# share many crates. Measured for trunk: 263 CPU-seconds at opt-level 0 against 543 at 1 (and
# more with the default profile); a console build takes the same time with either trunk, and
# wasm-bindgen takes about 4 s instead of 2.
install_tool() {
  # Never linted: trunk's build hook installs from inside a build run under with_clippy.
  env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    CARGO_TARGET_DIR="${SNAPDECK_TOOLS_TARGET:-${TMPDIR:-/tmp}/snapdeck-tools-target}" \
    cargo install "$@"
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 5 minutes the first time)"
    # No default features: no TLS stack and no update check — it builds offline and serves
    # plain http, so neither is used, and about twenty crates fewer are built.
    install_tool trunk --version "$TRUNK_VERSION" --locked --no-default-features
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes the first time)"
    # Not --locked: a locked dependency of this release is no longer in the registry. Only the
    # wasm-bindgen binary trunk calls (not the test runner), and no TLS stack (nothing is fetched).
    install_tool wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features --bin wasm-bindgen
  fi
}

# Trunk installs this itself, in its build hook, beside cargo's build of the console (Trunk.toml),
# whose single-threaded link leaves a core free (on a fresh machine: 70 s, mostly hidden there).
ensure_wasm_split() {
  if ! command -v wasm-split-cli >/dev/null ||
    ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about half a minute the first time)"
    install_tool wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
  fi
}

# The OpenID provider the single sign-on test starts (oidc-provider, e2e/oidc/package-lock.json).
ensure_oidc_provider() {
  local dir
  dir="$(root_dir)/e2e/oidc"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the test OpenID provider in e2e/oidc/"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

# npm packages of the repo (wasm-opt from binaryen@132, playwright-core), from package-lock.json.
ensure_node_modules() {
  local dir
  dir="$(root_dir)/e2e"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in e2e/"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ] || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
}

ensure_frontend_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_modules
}

# One job in the background, its output kept until it is waited for: scripts/test builds the
# console there while it checks and tests the project, scripts/run installs the build tools there
# while the backend builds (two cargo builds side by side fill each other's idle moments: link
# steps, the last crates). background_wait waits, shows the output and returns the job's status;
# background_stop (on EXIT) stops a job a failing script leaves behind.
BACKGROUND_PID=""
BACKGROUND_LOG=""
background_start() {
  BACKGROUND_LOG="$(mktemp)"
  "$@" >"$BACKGROUND_LOG" 2>&1 &
  BACKGROUND_PID=$!
}

background_wait() {
  local status=0
  [ -n "$BACKGROUND_PID" ] || return 0
  wait "$BACKGROUND_PID" || status=$?
  BACKGROUND_PID=""
  cat "$BACKGROUND_LOG" >&2
  rm -f "$BACKGROUND_LOG"
  return "$status"
}

background_stop() {
  [ -n "$BACKGROUND_PID" ] || return 0
  pkill -TERM -P "$BACKGROUND_PID" 2>/dev/null || true
  kill "$BACKGROUND_PID" 2>/dev/null || true
  wait "$BACKGROUND_PID" 2>/dev/null || true
  BACKGROUND_PID=""
  rm -f "$BACKGROUND_LOG"
}

# A digest of everything the built frontend depends on: the sources of the frontend and shared
# crates, the trunk entry, the workspace manifest and lock file, wasm-opt's lock file and the
# tools' versions.
frontend_inputs_digest() {
  local root
  root="$(root_dir)"
  {
    trunk --version 2>/dev/null
    wasm-bindgen --version 2>/dev/null
    echo "wasm-split-cli $WASM_SPLIT_VERSION"
    rustc --version
    (cd "$root" && find frontend shared -type f | LC_ALL=C sort | xargs sha256sum)
    (cd "$root" && sha256sum index.html Trunk.toml Cargo.toml Cargo.lock e2e/package-lock.json \
      .cargo/config.toml scripts/lib/split_wasm.py)
  } | sha256sum | cut -d' ' -f1
}

# Builds the frontend into dist/ with trunk (release, offline), wasm-opt from npm first on PATH.
# Skipped when dist/ is the build of exactly these inputs (the record, in the target directory,
# holds their digest and the digest of the dist/index.html built from them): an unchanged
# frontend is not linked and optimised again. Under with_clippy (scripts/test) the build is the
# wasm32 lint too, so a build made without it (scripts/run) is not taken as one that passed.
build_frontend() {
  local root record wanted kind
  root="$(root_dir)"
  record="${CARGO_TARGET_DIR:-$root/target}/frontend-inputs"
  wanted="$(frontend_inputs_digest)"
  kind=plain
  [ -z "${RUSTC_WORKSPACE_WRAPPER:-}" ] || kind=linted
  if [ -f "$root/dist/index.html" ]; then
    local built
    built="$wanted $(sha256sum <"$root/dist/index.html" | cut -d' ' -f1)"
    case "$(cat "$record" 2>/dev/null || true)" in "$built linted" | "$built $kind")
      say "the frontend in dist/ is up to date"
      return
      ;;
    esac
  fi
  say "building the frontend (trunk, release)"
  # Explicit returns: a caller's `||` or `if` turns `set -e` off in here, and a failed build
  # must never be recorded as one that passed.
  (cd "$root" && PATH="$root/e2e/node_modules/.bin:$PATH" trunk build --release --skip-version-check) ||
    return
  precompress "$root/dist" || return
  mkdir -p "$(dirname "$record")"
  echo "$wanted $(sha256sum <"$root/dist/index.html" | cut -d' ' -f1) $kind" >"$record"
}

# Writes file.br (brotli 11) and file.gz (gzip 9) beside each wasm, js and css file, which the
# server sends to browsers that accept them instead of compressing on every request.
precompress() {
  python3 -c 'import brotli' 2>/dev/null || python3 -m pip install --quiet brotli
  python3 - "$1" <<'PY'
import brotli, glob, gzip, os, sys
for path in glob.glob(os.path.join(sys.argv[1], "*")):
    if not path.endswith((".wasm", ".js", ".css", ".svg")):
        continue
    data = open(path, "rb").read()
    open(path + ".br", "wb").write(brotli.compress(data, quality=11))
    open(path + ".gz", "wb").write(gzip.compress(data, compresslevel=9, mtime=0))
PY
}

# The folder the release binary embeds (SNAPDECK_EMBED_DIST, read by backend/build.rs): a copy
# of dist/ in which a file is rewritten only when its bytes change, so a trunk build that
# produced the same files does not make cargo rebuild the binary.
embed_dir() { echo "${CARGO_TARGET_DIR:-$(root_dir)/target}/embed-dist"; }

sync_embed_dir() {
  python3 - "$(root_dir)/dist" "$(embed_dir)" <<'PY'
import filecmp, os, shutil, sys
src, dst = sys.argv[1:3]
os.makedirs(dst, exist_ok=True)
wanted = set()
for folder, _, files in os.walk(src):
    for name in files:
        path = os.path.join(folder, name)
        if os.path.islink(path):
            continue
        relative = os.path.relpath(path, src)
        wanted.add(relative)
        target = os.path.join(dst, relative)
        if not (os.path.isfile(target) and filecmp.cmp(path, target, shallow=False)):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(path, target)
for folder, _, files in os.walk(dst):
    for name in files:
        path = os.path.join(folder, name)
        if os.path.relpath(path, dst) not in wanted:
            os.remove(path)
PY
}

# Runs a release-profile cargo command ("$@") with the built console embedded when dist/ holds
# one. Every release build of the scripts goes through here with the same setting, so the
# build script's input never flips between them (which would rebuild the binary each time).
with_embedded_console() {
  if [ -f "$(root_dir)/dist/index.html" ]; then
    sync_embed_dir
    SNAPDECK_EMBED_DIST="$(embed_dir)" "$@"
  else
    env -u SNAPDECK_EMBED_DIST "$@"
  fi
}

# The release binary, carrying the console when dist/ is built. Extra arguments go to cargo:
# scripts/test and scripts/bench pass `--benches` (build_backend_release_with_benches), because
# building the benchmarks turns on the dev-dependencies' features, which changes the features of
# tokio, reqwest and everything above them — built once that way, the binary the e2e tests use
# and the benchmarks share one build instead of two.
build_backend_release() {
  if [ -f "$(root_dir)/dist/index.html" ]; then
    say "building the backend (release), with the console from dist/ embedded"
  else
    say "building the backend (release); there is no dist/, so no console is embedded"
  fi
  with_embedded_console cargo build --release -p snapdeck --bin snapdeck "$@"
}

build_backend_release_with_benches() { build_backend_release --benches; }

# Runs a cargo command with clippy's lints on the workspace's own crates, warnings denied: what
# `cargo clippy -- -D warnings` does, but for any command, so the tests' build is linted while it
# compiles (cargo runs clippy-driver instead of rustc for workspace members only; CLIPPY_ARGS is
# how cargo-clippy passes its arguments to it). A plain `cargo test` afterwards rebuilds the
# workspace's crates (not the dependencies): the wrapper is part of their fingerprint.
with_clippy() {
  RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

# Fails unless with_clippy still denies a clippy warning (a needless `return`): the argument
# protocol between cargo-clippy and clippy-driver is clippy's own, and a toolchain that changed
# it would otherwise leave the lints printed but no longer failing the run.
clippy_wrapper_denies_warnings() {
  local probe status=0
  probe="$(mktemp -d)"
  printf 'pub fn probe(x: i32) -> i32 {\n    return x + 1;\n}\n' >"$probe/probe.rs"
  with_clippy sh -c '"$RUSTC_WORKSPACE_WRAPPER" rustc --edition 2021 --crate-type lib \
    --emit=metadata --out-dir "$1" "$1/probe.rs"' sh "$probe" >"$probe/out" 2>&1 || status=$?
  if [ "$status" -eq 0 ] || ! grep -q needless_return "$probe/out"; then
    cat "$probe/out" >&2
    echo "clippy-driver no longer denies warnings given through CLIPPY_ARGS" >&2
    rm -rf "$probe"
    return 1
  fi
  rm -rf "$probe"
}
