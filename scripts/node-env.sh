# Sourced by the scripts: puts the project's own Node (installed by setup-system.sh from the
# npm registry when the system's is older than the UI toolchain needs) first on PATH.
_trastienda_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$_trastienda_root/.tools/node/node_modules/.bin/node" ]; then
  case ":$PATH:" in
    *":$_trastienda_root/.tools/node/node_modules/.bin:"*) ;;
    *) export PATH="$_trastienda_root/.tools/node/node_modules/.bin:$PATH" ;;
  esac
fi
unset _trastienda_root
