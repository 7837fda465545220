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

# AWS's own CloudFormation linter reads the templates as CloudFormation will: any error fails the build.
# Its warnings are printed, not fatal: today they are W3005 (a DependsOn the CDK writes that a Ref implies).
# cfn-lint comes with this machine image (Python; PyPI is not reachable here to install it).
cfn_lint=$(command -v cfn-lint || true)
for candidate in /root/.pyenv/shims/cfn-lint /root/.pyenv/versions/*/bin/cfn-lint; do
  [ -n "$cfn_lint" ] || { [ -x "$candidate" ] && cfn_lint=$candidate; }
done
[ -n "$cfn_lint" ] || { echo "synth: cfn-lint is not installed (pip install cfn-lint)" >&2; exit 1; }
lint_status=0
"$cfn_lint" --format parseable -- "$out"/Otter*.template.json || lint_status=$?
# cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 means it failed to run.
if [ $((lint_status & 3)) -ne 0 ]; then
  echo "synth: cfn-lint found errors in the synthesized templates (exit $lint_status)" >&2
  exit 1
fi
echo "cfn-lint ($("$cfn_lint" --version)): no errors in ${stacks} templates"
