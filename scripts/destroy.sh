#!/usr/bin/env bash
# ./otter destroy: removes an Otter deployment, including its log groups and data, unless --retain-data.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: ./otter destroy [options]

Deletes OtterApi, OtterTurn, OtterSignaling and OtterFrontend. The web app bucket is emptied first;
tables, the room-token secret and every log group go with the stacks unless --retain-data is given.

Options:
  --region REGION     AWS region (default: the one of the last ./otter deploy)
  --profile PROFILE   AWS CLI profile (default: the one of the last ./otter deploy)
  --retain-data       keep the rooms, connections and API-key tables, the room-token secret and the logs
  -y, --yes           do not ask for confirmation
  -h, --help          show this help

With --retain-data the stacks are first updated so that CloudFormation retains those resources, which
needs the same build as a deploy (Java, Maven, Node, Docker).
USAGE
}

fail() { echo "otter destroy: $*" >&2; exit 1; }

state=.otter/deploy.env
region="" profile="" domain="" certificate="" turn_domain="" turn_certificate="" max_turn_tasks="" participants="" retain_data=false
if [ -f "$state" ]; then
  # shellcheck source=/dev/null
  . "$state"
fi
retain=false yes=false
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region=${2:?--region needs a value}; shift 2 ;;
    --profile) profile=${2:?--profile needs a value}; shift 2 ;;
    --retain-data) retain=true; shift ;;
    -y|--yes) yes=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "otter destroy: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in node npm aws; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed (see docs/aws.md, Prerequisites)"
done
[ -n "$profile" ] && export AWS_PROFILE="$profile"
region=${region:-$(aws configure get region || true)}
[ -n "$region" ] || fail "no region known: pass --region"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true
account=$(aws sts get-caller-identity --query Account --output text) || fail "no working AWS credentials (try --profile)"

if [ "$yes" != true ]; then
  what="everything, including rooms, API keys and logs"
  [ "$retain" = true ] && what="everything except the tables, the room-token secret and the logs"
  read -r -p "Delete Otter from account $account, region $region ($what)? [y/N] " answer
  [[ "$answer" =~ ^[Yy] ]] || { echo "Nothing deleted."; exit 1; }
fi

npm --prefix infra ci --no-audit --no-fund
cdk=infra/node_modules/.bin/cdk
# shellcheck source=scripts/cdk-context.sh
. scripts/cdk-context.sh
cdk_context "$retain"

if [ "$retain" = true ] && [ "$retain_data" != true ]; then
  # Deletion policies are part of the template: switch them to Retain before deleting.
  echo "==> Marking the data to be retained"
  install_for_cdk
  npm --prefix webapp ci --no-audit --no-fund
  npm --prefix webapp run build
  "$cdk" deploy --all --no-notices --require-approval never --progress events "${context[@]}"
elif [ "$retain" != true ] && [ "$retain_data" = true ]; then
  echo "otter destroy: this deployment was made with --retain-data, so its tables, secret and logs stay;"
  echo "               delete them in the console or redeploy without --retain-data first."
fi

stack_output() {
  aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text 2>/dev/null || true
}
bucket=$(stack_output OtterFrontend SiteBucketName)
if [ -n "$bucket" ] && [ "$bucket" != None ]; then
  echo "==> Emptying the web app bucket $bucket"
  aws s3 rm "s3://$bucket" --recursive --only-show-errors
fi

echo "==> Deleting the stacks"
# The app is synthesized for the deletion; it needs the built outputs or their stand-ins.
install_for_cdk
if [ ! -f webapp/dist/index.html ]; then
  npm --prefix webapp ci --no-audit --no-fund
  npm --prefix webapp run build
fi
"$cdk" destroy --all --force --no-notices "${context[@]}"
rm -f .otter/outputs.json
echo "Otter is removed from $account/$region. The CDK bootstrap stack (CDKToolkit) stays; it is shared by every CDK app."
