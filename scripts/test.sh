#!/usr/bin/env bash
# The test command (CI runs it through .ci/run): setup, then every suite in turn, headless.
# Suites: rustfmt, clippy, cargo test (includes the check that the generated TypeScript
# bindings are not stale, and the crash harness), cargo-deny (licences, bans, sources; see
# deny.toml), the advisory audit (scripts/audit.sh: skipped, loudly, where the advisory
# services are unreachable), the UI's type check and unit tests, the browser end-to-end suites against
# `trastienda serve`, and the desktop end-to-end suite in the real webview under Xvfb.
# A failing suite does not stop the others; the last line is `N passed, N failed` (suites) and
# the exit status is non-zero when any suite failed. Works from any directory.
#   TEST_ONLY="clippy e2e-serve"  runs only the named suites (after setup).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
# CI builds from scratch once: incremental artefacts only cost time and disk there.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

passed=0
failed=0
results=()
banner() { printf '\n==== %s ====\n' "$*"; }
summary() {
  banner "summary"
  local r
  for r in "${results[@]+"${results[@]}"}"; do echo "$r"; done
  echo "$passed passed, $failed failed"
}
# suite NAME COMMAND...: runs one suite, records PASS/FAIL with its duration.
suite() {
  local name="$1"; shift
  if [ -n "${TEST_ONLY:-}" ] && [[ " $TEST_ONLY " != *" $name "* ]]; then return 0; fi
  banner "$name: $*"
  local start=$SECONDS status=0
  "$@" </dev/null || status=$?
  local took=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1)); results+=("PASS  $name (${took}s)")
  else
    failed=$((failed + 1)); results+=("FAIL  $name (${took}s, exit $status)")
    echo "!!!! $name FAILED (exit $status)" >&2
  fi
}

banner "setup"
if ! "$ROOT/scripts/setup.sh" </dev/null; then
  failed=$((failed + 1)); results+=("FAIL  setup (the suites were not run)")
  summary
  exit 1
fi
# cargo-deny checks the dependency tree's licences and sources; a test-only tool, so it is
# installed here (once, into ~/.cargo/bin, from crates.io) rather than by setup.sh.
if ! command -v cargo-deny >/dev/null; then
  banner "installing cargo-deny (once)"
  cargo install --locked cargo-deny --version 0.20.2 || echo "test: cargo-deny could not be installed; the deny suite will fail"
fi
# setup may have installed the project's own Node.
# shellcheck source=node-env.sh
. "$ROOT/scripts/node-env.sh"

in_ui() { (cd "$ROOT/ui" && "$@"); }

suite fmt cargo fmt --all --check
suite clippy cargo clippy --workspace --all-targets -- -D warnings
suite cargo-test cargo test --workspace
suite deny cargo deny --locked check licenses bans sources
suite audit "$ROOT/scripts/audit.sh"
suite ui-check in_ui npm run check
suite ui-test in_ui npm run test
suite e2e-serve timeout 900 node "$ROOT/tests/e2e/serve.spec.mjs"
suite e2e-periods timeout 900 node "$ROOT/tests/e2e/periods.spec.mjs"
suite e2e-reports timeout 900 node "$ROOT/tests/e2e/reports.spec.mjs"
suite e2e-backups timeout 900 node "$ROOT/tests/e2e/backups.spec.mjs"
suite e2e-customers timeout 900 node "$ROOT/tests/e2e/customers.spec.mjs"
suite e2e-invoices timeout 900 node "$ROOT/tests/e2e/invoices.spec.mjs"
suite e2e-receivables timeout 900 node "$ROOT/tests/e2e/receivables.spec.mjs"
suite e2e-sales-flow timeout 900 node "$ROOT/tests/e2e/sales-flow.spec.mjs"
suite e2e-suppliers timeout 900 node "$ROOT/tests/e2e/suppliers.spec.mjs"
suite e2e-employees timeout 900 node "$ROOT/tests/e2e/employees.spec.mjs"
suite e2e-hr timeout 900 node "$ROOT/tests/e2e/hr.spec.mjs"
suite e2e-purchase-orders timeout 900 node "$ROOT/tests/e2e/purchase-orders.spec.mjs"
suite e2e-payables timeout 900 node "$ROOT/tests/e2e/payables.spec.mjs"
suite e2e-purchase-flow timeout 900 node "$ROOT/tests/e2e/purchase-flow.spec.mjs"
suite e2e-payroll timeout 900 node "$ROOT/tests/e2e/payroll.spec.mjs"
suite e2e-payroll-reports timeout 900 node "$ROOT/tests/e2e/payroll-reports.spec.mjs"
suite e2e-bank timeout 900 node "$ROOT/tests/e2e/bank.spec.mjs"
suite e2e-documents timeout 900 node "$ROOT/tests/e2e/documents.spec.mjs"
suite e2e-mail timeout 900 node "$ROOT/tests/e2e/mail.spec.mjs"
suite e2e-search timeout 900 node "$ROOT/tests/e2e/search.spec.mjs"
# The desktop suite gets its own X server: headless, whatever display the caller has.
suite e2e-desktop timeout 900 xvfb-run -a -s "-screen 0 1280x800x24" node "$ROOT/tests/e2e/desktop.spec.mjs"

summary
[ "$failed" -eq 0 ]
