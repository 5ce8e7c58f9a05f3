#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Trastienda needs to build, run and test, and checks the
# Rust and Node toolchains. Idempotent: packages already present are skipped, so a second run
# takes well under a second. Works from any directory; uses sudo when not root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKGS=(
  # build (Tauri v2 on WebKitGTK 4.1)
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # run and test: Xvfb for the headless desktop suite, WebKitWebDriver for the real webview,
  # Chromium for the browser suite, ImageMagick for screenshots, poppler for PDF text,
  # GNU time for the benchmarks' peak RSS, xmllint (libxml2-utils) to validate SEPA files
  # against the ISO 20022 schema
  xvfb xauth webkit2gtk-driver imagemagick poppler-utils fonts-dejavu-core
  fonts-liberation xdotool chromium xdg-utils time ca-certificates libxml2-utils
  # the UI toolchain
  nodejs npm
)
NODE_MIN="20.19.0"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_install() {
  echo "setup: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@"
}

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from outside Debian (nodesource, nvm): accept them when on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]+"${missing[@]}"}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
  apt_install "${missing[@]}"
fi

# The UI toolchain (Vite 8) needs Node >= 20.19; Debian 12's and Ubuntu 24.04's own nodejs is
# 18. Then the project installs its own Node 22 from the npm registry (the `node` package
# ships the official binary) into .tools/node; scripts/node-env.sh puts it on PATH.
node_ok() {
  local v; v="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  [ "$(printf '%s\n%s\n' "$NODE_MIN" "$v" | sort -V | head -n1)" = "$NODE_MIN" ]
}
# shellcheck source=node-env.sh
. "$ROOT/scripts/node-env.sh"
if ! node_ok; then
  echo "setup: Node $(node -v 2>/dev/null || echo none) is older than $NODE_MIN; installing Node 22 into .tools/node"
  npm install --prefix "$ROOT/.tools/node" --no-audit --no-fund --loglevel=error node@22
  . "$ROOT/scripts/node-env.sh"
  if ! node_ok; then
    echo "setup: could not get Node >= $NODE_MIN (have $(node -v 2>/dev/null || echo none))." >&2
    exit 1
  fi
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: cargo not found; install Rust (https://rustup.rs) and re-run" >&2
    exit 1
  fi
fi
# fmt and clippy are part of the test command.
for component in rustfmt clippy; do
  sub="${component/rustfmt/fmt}"
  if ! cargo "$sub" --version >/dev/null 2>&1; then
    if command -v rustup >/dev/null; then
      echo "setup: adding the Rust component $component"
      rustup component add "$component"
    else
      echo "setup: cargo $sub is missing and rustup is not available to add it" >&2
      exit 1
    fi
  fi
done
