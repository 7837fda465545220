#!/usr/bin/env bash
# ./otter loadtest: see `./otter loadtest --help` and docs/loadtest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d tools/loadtest/node_modules/ws ]; then
  echo "Installing the load-test tool's packages (npm ci in tools/loadtest/)..." >&2
  (cd tools/loadtest && npm ci --no-audit --no-fund >&2)
fi
exec node tools/loadtest/loadtest.mjs "$@"
