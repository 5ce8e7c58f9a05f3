#!/usr/bin/env bash
# Known-vulnerability audit of the dependencies: `cargo deny check advisories` (the RustSec
# advisory database, cloned from GitHub) and `npm audit` (the npm registry's advisory
# endpoint) for the UI and the e2e harness. Both need those services. Where they cannot be
# reached (machines that see only the package registries) each check says so loudly and is
# skipped; where they answer, any advisory at or above "high" fails this script.
#   scripts/audit.sh        (test.sh runs it as the `audit` suite)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=node-env.sh
. "$ROOT/scripts/node-env.sh"
status=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

cd "$ROOT"
if cargo deny --locked check advisories >"$log" 2>&1; then
  echo "audit: cargo deny advisories: no known vulnerabilities"
elif grep -q "failed to fetch advisory database" "$log"; then
  echo "audit: SKIPPED cargo deny advisories: the RustSec database (github.com) is unreachable from this machine"
else
  cat "$log"; echo "audit: cargo deny advisories FAILED" >&2; status=1
fi

for dir in ui tests/e2e; do
  if (cd "$ROOT/$dir" && npm audit --audit-level=high) >"$log" 2>&1; then
    echo "audit: npm audit ($dir): nothing at or above high"
  elif grep -qE "audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|405 Method Not Allowed" "$log"; then
    echo "audit: SKIPPED npm audit ($dir): the registry's advisory endpoint does not answer from this machine"
  else
    cat "$log"; echo "audit: npm audit ($dir) FAILED" >&2; status=1
  fi
done
exit "$status"
