#!/usr/bin/env bash
# Everything needed before running or testing Trastienda on a fresh Debian/Ubuntu machine:
# system packages, the UI's and the end-to-end tests' npm packages (from their lock files),
# the UI build (ui/dist, embedded into the desktop binary) and a debug build of the workspace
# binaries (`trastienda` and `trastienda-desktop`). Quick when everything is already in place.
# Works from any directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/setup-system.sh"
# setup-system.sh may have installed the project's own Node.
# shellcheck source=node-env.sh
. "$ROOT/scripts/node-env.sh"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

# `npm ci` from the lock file, skipped when node_modules already matches that lock file
# (a stamp of the lock file's hash, or npm's own hidden lock file newer than it).
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.trastienda-lock.sha256" want
  [ -f "$dir/package.json" ] || return 0
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  # Installed by hand with npm since the lock file last changed: trust it, record it.
  local hidden="$dir/node_modules/.package-lock.json"
  if [ -f "$hidden" ] && [ "$hidden" -nt "$dir/package-lock.json" ]; then
    echo "$want" >"$stamp"
    return 0
  fi
  echo "setup: npm ci in ${dir#"$ROOT"/}"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  echo "$want" >"$stamp"
}
npm_ci "$ROOT/ui"
npm_ci "$ROOT/tests/e2e"

echo "setup: building the UI (ui/dist)"
(cd "$ROOT/ui" && npm run build)

echo "setup: building the workspace binaries"
cargo build --workspace --bins
