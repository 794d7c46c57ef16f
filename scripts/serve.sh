#!/usr/bin/env bash
# scripts/serve.sh — build the browser app and serve it on http://127.0.0.1:${PORT:-8080}/.
#
#   1. scripts/bootstrap.sh (installs only what is missing)
#   2. configure and build the wasm-release preset (build/wasm-release; the page is in site/)
#   3. serve build/wasm-release/site with scripts/serve.mjs until Ctrl-C
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
export NODE_PATH=/usr/share/nodejs

echo "==> bootstrap"
scripts/bootstrap.sh
echo "==> configure wasm-release"
cmake --preset wasm-release --log-level=WARNING
echo "==> build wasm-release (-j${TRICOLOR_JOBS:-2})"
cmake --build --preset wasm-release -j "${TRICOLOR_JOBS:-2}"
echo "==> serve"
exec node scripts/serve.mjs build/wasm-release/site --port "${PORT:-8080}"
