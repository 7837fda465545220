#!/usr/bin/env bash
# Synthesizes the whole CDK app offline, exactly as `cdk deploy --all` would, without AWS credentials.
# Part of ./otter test; builds the handler jar and the web app first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: scripts/synth.sh [--out DIR]

Synthesizes the four Otter stacks with the pinned CDK CLI (infra/package.json), offline.
  --out DIR   keep the cloud assembly in DIR (default: a temporary folder, removed afterwards)
USAGE
}

out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "synth: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true

if [ ! -x infra/node_modules/.bin/cdk ]; then
  npm --prefix infra ci --no-audit --no-fund
fi
# shellcheck source=scripts/cdk-context.sh
. scripts/cdk-context.sh
install_for_cdk
if [ ! -f webapp/dist/index.html ]; then
  [ -f webapp/package.json ] || { echo "synth: webapp/package.json is missing, cannot build webapp/dist" >&2; exit 1; }
  [ -d webapp/node_modules ] || npm --prefix webapp ci --no-audit --no-fund
  npm --prefix webapp run build
fi

if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
start=$(date +%s)
# Runs the app exactly as cdk.json tells `cdk deploy` to; no AWS credentials or account are needed.
infra/node_modules/.bin/cdk synth --quiet --no-notices --output "$out"
stacks=0
for stack in OtterFrontend OtterSignaling OtterTurn OtterApi; do
  [ -f "$out/$stack.template.json" ] || { echo "synth: $stack was not synthesized" >&2; exit 1; }
  stacks=$((stacks + 1))
done
echo "cdk synth: ${stacks} stacks in $(( $(date +%s) - start )) s"
