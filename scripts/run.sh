#!/usr/bin/env bash
# Runs Trastienda. After setup: with a display ($DISPLAY or $WAYLAND_DISPLAY) it opens the
# desktop app; without one it serves the same UI to a browser on 127.0.0.1 (the printed URL
# carries the access token). Extra arguments are passed through: to the desktop binary, or to
# `trastienda serve` (e.g. `--company FILE`, `--port N`). With no `--company`, `serve` opens the
# demo company in the data dir, creating it on first run. Works from any directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
# shellcheck source=node-env.sh
. "$ROOT/scripts/node-env.sh"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
cd "$ROOT"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec cargo run --quiet --bin trastienda-desktop -- "$@"
fi

# The app's data dir, as the api computes it for a debug build: TRASTIENDA_DATA_DIR when set,
# else the XDG data dir's trastienda-debug (debug builds never touch a release's real books).
DATA_DIR="${TRASTIENDA_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/trastienda-debug}"
has_company=false
for arg in "$@"; do
  case "$arg" in --company | --company=*) has_company=true ;; esac
done
extra=()
if ! $has_company; then
  # The same file the desktop's "open demo company" uses.
  demo="$DATA_DIR/companies/demo.trastienda"
  if [ ! -f "$demo" ]; then
    mkdir -p "$(dirname "$demo")"
    echo "run: creating the demo company in $demo"
    "$ROOT/target/debug/trastienda" demo --company "$demo"
  fi
  extra=(--company "$demo")
fi
echo "run: no display found, serving the UI to a browser (Ctrl+C to stop)"
exec "$ROOT/target/debug/trastienda" serve "${extra[@]}" "$@"
