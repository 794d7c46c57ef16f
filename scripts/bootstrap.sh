#!/usr/bin/env bash
# scripts/bootstrap.sh — install what Tricolor needs to build and test, and only what is missing.
#
# Idempotent and quiet: when everything is present it prints exactly one line,
# "bootstrap: everything present". Otherwise it says what it installs, fetches or builds.
#
#   1. Debian packages (checked one by one with dpkg-query; `apt-get update` only when one is missing).
#   2. A deb-src entry for the machine's own Debian archive (added only when none exists).
#   3. Debian source packages of SDL2 and Dear ImGui, extracted into third_party/ (gitignored).
#   4. SDL2 built for WebAssembly once, installed into a cache OUTSIDE the clone keyed by the SDL2 and
#      emcc versions ($TRICOLOR_CACHE_DIR, default ~/.cache/tricolor/sdl2-wasm-<sdl>-emcc<emcc>), and
#      linked as third_party/sdl2-wasm.
#   5. npm packages into the repo's own node_modules/ (`npm ci`, only when package-lock.json changed).
#
# Nothing is downloaded from anywhere but Debian's archive and the npm registry.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THIRD_PARTY="$ROOT/third_party"
CACHE_DIR="${TRICOLOR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tricolor}"
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
export DEBIAN_FRONTEND=noninteractive

# Debian packages the build and the tests need.
APT_PACKAGES=(
  cmake ninja-build ccache pkg-config git dpkg-dev g++ clang-14 libclang-rt-14-dev
  emscripten doctest-dev libsdl2-dev libimgui-dev libgl-dev
  lua5.4 luajit
  chromium xvfb xauth libgl1-mesa-dri
)

acted=0
say() {
  acted=1
  echo "bootstrap: $*"
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Runs a noisy command with its output in a log; shows the log's tail only if it fails.
run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "bootstrap: FAILED: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    say "apt-get update"
    run_logged /tmp/tricolor-apt-update.log as_root apt-get "${APT_OPTS[@]}" update
    apt_updated=1
  fi
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_debian_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    is_installed "$p" || missing+=("$p")
  done
  # Node and npm may come from Debian or from another apt source; only ask Debian when absent.
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  apt_update_once
  say "installing Debian packages: ${missing[*]} (this can take a few minutes)"
  run_logged /tmp/tricolor-apt-install.log as_root apt-get "${APT_OPTS[@]}" install -y -q "${missing[@]}"
}

# True when some apt source already provides deb-src for this release.
has_deb_src() {
  grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/
}

# Adds deb-src entries mirroring the machine's own main-archive `deb` entries for this release
# (same URIs, Signed-By and components), so source packages come from the archive the machine uses.
add_deb_src() {
  local codename entry_file=/etc/apt/sources.list.d/tricolor-deb-src.sources stanzas
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  stanzas="$(awk -v rel="$codename" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " rel " ") && uris != "") {
        printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uris, rel, comps
        if (signed != "") printf "Signed-By: %s\n", signed
        printf "\n"
      }
      types = uris = suites = comps = signed = ""
    }
    /^[[:space:]]*$/ { flush(); next }
    /^#/ { next }
    /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
    /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
    /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); signed = $0 }
    END { flush() }
  ' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  if [[ -z "$stanzas" && -f /etc/apt/sources.list ]]; then
    # One-line format: turn each "deb <opts> URI <codename> <components>" into a deb-src line.
    stanzas="$(grep -E "^deb[[:space:]].*[[:space:]]$codename[[:space:]]" /etc/apt/sources.list | sed 's/^deb /deb-src /' || true)"
    entry_file=/etc/apt/sources.list.d/tricolor-deb-src.list
  fi
  if [[ -z "$stanzas" ]]; then
    echo "bootstrap: FAILED: found no Debian '$codename' deb entry to mirror as deb-src" >&2
    exit 1
  fi
  say "adding a deb-src entry ($entry_file)"
  printf '%s\n' "$stanzas" | as_root tee "$entry_file" >/dev/null
  apt_updated=0
}

# Fetches and extracts Debian source package $1 into third_party/ unless a directory holding
# file $2 already exists there. Sets EXTRACTED to that directory.
EXTRACTED=""
fetch_source_package() {
  local package="$1" marker="$2"
  find_extracted "$package" "$marker"
  if [[ -z "$EXTRACTED" ]]; then
    has_deb_src || add_deb_src
    # Refresh the package lists only when they do not know the source package yet.
    if ! apt-cache showsrc "$package" 2>/dev/null | grep -q '^Package:'; then apt_update_once; fi
    mkdir -p "$THIRD_PARTY/downloads"
    say "fetching Debian source package $package into third_party/"
    (cd "$THIRD_PARTY/downloads" &&
      run_logged "$THIRD_PARTY/downloads/$package.log" apt-get -q source --download-only "$package")
    local dsc
    dsc="$(ls -t "$THIRD_PARTY/downloads/${package}"_*.dsc | head -n 1)"
    (cd "$THIRD_PARTY" &&
      run_logged "$THIRD_PARTY/downloads/$package-extract.log" dpkg-source --no-check -x "$dsc")
    find_extracted "$package" "$marker"
    [[ -n "$EXTRACTED" ]] || { echo "bootstrap: FAILED: $package extracted without $marker" >&2; exit 1; }
  fi
}

# Sets EXTRACTED to the newest third_party/<package>-<version> directory holding file $2, or "".
find_extracted() {
  local package="$1" marker="$2" d
  EXTRACTED=""
  for d in $(ls -d "$THIRD_PARTY/$package"-[0-9]* 2>/dev/null | sort -rV); do
    if [[ -f "$d/$marker" ]]; then
      EXTRACTED="$d"
      return 0
    fi
  done
}

# Builds SDL2 for wasm from the Debian source into the cache, once per SDL2/emcc version.
build_sdl2_wasm() {
  local src="$1" sdl_version emcc_version prefix
  sdl_version="$(basename "$src")"
  sdl_version="${sdl_version#libsdl2-}"
  emcc_version="$(cat /usr/share/emscripten/emscripten-version.txt 2>/dev/null | tr -d '"' || echo unknown)"
  prefix="$CACHE_DIR/sdl2-wasm-$sdl_version-emcc$emcc_version"
  if [[ ! -f "$prefix/lib/libSDL2.a" ]]; then
    # One build at a time per cache (two clones may bootstrap at once); re-check after waiting.
    mkdir -p "$CACHE_DIR"
    exec 9>"$CACHE_DIR/sdl2-wasm.lock"
    flock 9
  fi
  if [[ ! -f "$prefix/lib/libSDL2.a" ]]; then
    say "building SDL2 $sdl_version for WebAssembly into $prefix (once; about 3 minutes on 2 cores)"
    local work="$prefix.build" log="$prefix.build.log"
    rm -rf "$work" "$prefix.partial"
    mkdir -p "$work"
    export NODE_PATH=/usr/share/nodejs
    say "  configuring SDL2 for wasm (emcmake cmake; about a minute)"
    run_logged "$log" emcmake cmake -S "$src" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$prefix.partial"
    # Ninja prints "[done/total] ..." lines; report every 10 percent.
    say "  compiling SDL2 for wasm"
    if ! ninja -C "$work" -j "${TRICOLOR_JOBS:-2}" 2>&1 | tee -a "$log" | awk '
        match($0, /^\[([0-9]+)\/([0-9]+)\]/) {
          split(substr($0, 2, RLENGTH - 2), n, "/")
          pct = int(100 * n[1] / n[2] / 10) * 10
          if (pct > last) { printf "bootstrap:   SDL2 wasm build %d%%\n", pct; fflush(); last = pct }
        }'; then
      echo "bootstrap: FAILED: SDL2 wasm build (log: $log)" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    run_logged "$log.install" ninja -C "$work" install
    mv "$prefix.partial" "$prefix"
    rm -rf "$work"
  fi
  exec 9>&-
  link_if_changed "$prefix" "$THIRD_PARTY/sdl2-wasm"
}

link_if_changed() {
  local target="$1" link="$2"
  if [[ "$(readlink "$link" 2>/dev/null)" != "$target" ]]; then
    mkdir -p "$(dirname "$link")"
    ln -sfn "$target" "$link"
    say "linked third_party/$(basename "$link") -> $target"
  fi
}

# npm ci into the repo's node_modules when it is missing or package-lock.json changed.
install_npm_packages() {
  local stamp="$ROOT/node_modules/.tricolor-lock.sha256" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    say "installing npm packages into node_modules/ (npm ci)"
    (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 run_logged /tmp/tricolor-npm-ci.log \
      npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

# True when a source package still has to be fetched.
sources_missing() {
  find_extracted imgui imgui.cpp
  [[ -z "$EXTRACTED" ]] && return 0
  find_extracted libsdl2 CMakeLists.txt
  [[ -z "$EXTRACTED" ]]
}

main() {
  # Add deb-src first when sources are needed, so one `apt-get update` serves both steps.
  if sources_missing && ! has_deb_src; then add_deb_src; fi
  install_debian_packages
  fetch_source_package imgui imgui.cpp
  link_if_changed "$EXTRACTED" "$THIRD_PARTY/imgui"
  fetch_source_package libsdl2 CMakeLists.txt
  link_if_changed "$EXTRACTED" "$THIRD_PARTY/sdl2-src"
  build_sdl2_wasm "$EXTRACTED"
  install_npm_packages
  if [[ $acted -eq 0 ]]; then
    echo "bootstrap: everything present"
  fi
}

main "$@"
