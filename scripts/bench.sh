#!/usr/bin/env bash
# ./otter bench [--quick] [--only cold-start,signal-relay,file-throughput,call-setup,sizes,cost]
# Runs every benchmark on this machine and prints one table: each figure a median, with the baseline measured in
# the same run and their ratio. Builds what is missing first (as ./otter local does). How to read the table:
# docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

# Local Otter (Maven install of config, lambdas with its shaded Lambda jar, local), dynalite, the web app and SDK.
bash scripts/local.sh --build-only
# The per-call cost probe runs the handlers from the lambdas test classes against dynalite.
echo "Building the cost probe (Maven test-compile of lambdas)..." >&2
mvn -B -q -pl lambdas test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2
if [ ! -d e2e/node_modules/@aws-sdk/client-dynamodb ] || [ ! -d e2e/node_modules/ws ]; then
  echo "Installing the bench's Node packages (npm ci in e2e/)..." >&2
  (cd e2e && npm ci --no-audit --no-fund >&2)
fi
# Loopback only: the browsers' ICE candidates and every server stay inside a private network namespace.
exec bash e2e/run-in-netns.sh node e2e/bench/run-all.mjs "$@"
