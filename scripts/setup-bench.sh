#!/usr/bin/env bash
# Installs what the benchmarks need beyond scripts/setup-system.sh: GNU time (peak RSS) and,
# for bench/statements.sh's comparison, hledger and ledger (Debian packages). Idempotent:
# packages already present are skipped. Uses sudo when not root. Called by the bench scripts;
# the app itself never needs these.
set -euo pipefail
PKGS=(time hledger ledger)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-bench: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi
