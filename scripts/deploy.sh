#!/usr/bin/env bash
# ./otter deploy: builds Otter, deploys the four CDK stacks into your AWS account, and prints the
# endpoints, the first API key (once) and a sample room link created through the deployed API.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: ./otter deploy [options]

Builds the handlers, the web app and the TURN image, deploys OtterFrontend, OtterSignaling, OtterTurn and
OtterApi with the AWS CDK, and prints the endpoints, the API key (first deploy only) and a sample room link.

Options:
  --region REGION              AWS region (default: your AWS CLI configuration)
  --profile PROFILE            AWS CLI profile (default: your default credentials)
  --domain HOST                serve the web app on HOST (e.g. call.example.com) ...
  --certificate-arn ARN        ... with this ACM certificate, which must be in us-east-1
  --turn-domain HOST           offer turns:HOST:443 for networks that block UDP ...
  --turn-certificate-arn ARN   ... with this ACM certificate in the deployment region
  --max-turn-tasks N           upper bound of the TURN autoscaling (default: sized from --participants, 3 for 1000)
  --participants N             people in calls at once that the API throttles are sized for (default 1000,
                               10 to 5000; see docs/limits.md)
  --retain-data                keep tables, the signing secret and logs if the stacks are ever deleted
  --embed-origins LIST         comma-separated sites that may show rooms in an iframe, e.g.
                               https://portal.example.com (default: none; see webapp/docs/embedding.md)
  --api-origins LIST           comma-separated sites whose own pages call the HTTP API through the SDK
                               (CORS), e.g. https://app.example.com (default: only the Otter web app)
  -h, --help                   show this help

Needs: an AWS account and credentials, Java 17+, Maven, Node 20+, Docker (builds the coturn image) and
the AWS CLI v2. The CDK bootstrap stack is created on first use. Your options are saved in .otter/ so
that ./otter destroy and later deploys reuse them.
USAGE
}

fail() { echo "otter deploy: $*" >&2; exit 1; }

state=.otter/deploy.env
region="" profile="" domain="" certificate="" turn_domain="" turn_certificate="" max_turn_tasks="" participants="" retain_data=false embed_origins="" api_origins=""
# A later deploy keeps the options of the first unless they are given again.
if [ -f "$state" ]; then
  # shellcheck source=/dev/null
  . "$state"
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region=${2:?--region needs a value}; shift 2 ;;
    --profile) profile=${2:?--profile needs a value}; shift 2 ;;
    --domain) domain=${2:?--domain needs a value}; shift 2 ;;
    --certificate-arn) certificate=${2:?--certificate-arn needs a value}; shift 2 ;;
    --turn-domain) turn_domain=${2:?--turn-domain needs a value}; shift 2 ;;
    --turn-certificate-arn) turn_certificate=${2:?--turn-certificate-arn needs a value}; shift 2 ;;
    --max-turn-tasks) max_turn_tasks=${2:?--max-turn-tasks needs a value}; shift 2 ;;
    --participants) participants=${2:?--participants needs a value}; shift 2 ;;
    --embed-origins) embed_origins=${2:?--embed-origins needs a value}; shift 2 ;;
    --api-origins) api_origins=${2:?--api-origins needs a value}; shift 2 ;;
    --retain-data) retain_data=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "otter deploy: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$domain" ] && [ -z "$certificate" ]; then fail "--domain needs --certificate-arn (an ACM certificate in us-east-1)"; fi
if [ -n "$turn_domain" ] && [ -z "$turn_certificate" ]; then fail "--turn-domain needs --turn-certificate-arn"; fi
if [ -n "$max_turn_tasks" ] && ! [[ "$max_turn_tasks" =~ ^[1-9][0-9]*$ ]]; then fail "--max-turn-tasks must be a positive number, got '$max_turn_tasks'"; fi
if [ -n "$participants" ] && ! [[ "$participants" =~ ^[1-9][0-9]*$ ]]; then fail "--participants must be a positive number, got '$participants'"; fi

for tool in java mvn node npm aws docker; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed (see docs/aws.md, Prerequisites)"
done
[ -n "$region" ] && export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
[ -n "$profile" ] && export AWS_PROFILE="$profile"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true

account=$(aws sts get-caller-identity --query Account --output text) || fail "no working AWS credentials (try --profile)"
region=${region:-$(aws configure get region || true)}
[ -n "$region" ] || fail "no region configured: pass --region"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
echo "==> Deploying Otter into account $account, region $region"

mkdir -p .otter
{
  printf 'region=%q\nprofile=%q\ndomain=%q\ncertificate=%q\n' "$region" "$profile" "$domain" "$certificate"
  printf 'turn_domain=%q\nturn_certificate=%q\nmax_turn_tasks=%q\nparticipants=%q\nretain_data=%q\n' \
    "$turn_domain" "$turn_certificate" "$max_turn_tasks" "$participants" "$retain_data"
  printf 'embed_origins=%q\napi_origins=%q\n' "$embed_origins" "$api_origins"
} > "$state"

# shellcheck source=scripts/cdk-context.sh
. scripts/cdk-context.sh
echo "==> Building the handlers"
install_for_cdk
echo "==> Building the web app"
npm --prefix webapp ci --no-audit --no-fund
npm --prefix webapp run build
npm --prefix infra ci --no-audit --no-fund
cdk=infra/node_modules/.bin/cdk

cdk_context "$retain_data"

if ! aws cloudformation describe-stacks --stack-name CDKToolkit >/dev/null 2>&1; then
  echo "==> Bootstrapping the CDK in $account/$region (once per account and region)"
  "$cdk" bootstrap --no-notices "aws://$account/$region" "${context[@]}"
fi

echo "==> Deploying the stacks (the TURN image is built by Docker; the first deploy takes 10-20 minutes)"
outputs=.otter/outputs.json
"$cdk" deploy --all --no-notices --require-approval never --progress events --outputs-file "$outputs" "${context[@]}"

output() { node -e 'const o = require(process.argv[1]); console.log((o[process.argv[2]] || {})[process.argv[3]] || "")' \
  "$PWD/$outputs" "$1" "$2"; }
web_url=$(output OtterFrontend WebAppUrl)
distribution=$(output OtterFrontend DistributionDomainName)
api_url=$(output OtterApi ApiUrl)
ws_url=$(output OtterSignaling WebSocketUrl)
turn_host=$(output OtterTurn TurnHost)
key_secret=$(output OtterApi FirstApiKeySecretName)

# The first API key is readable exactly once: shown here, then its secret is deleted for good.
api_key=""
if api_key=$(aws secretsmanager get-secret-value --secret-id "$key_secret" --query SecretString --output text 2>/dev/null); then
  aws secretsmanager delete-secret --secret-id "$key_secret" --force-delete-without-recovery >/dev/null
else
  api_key=${OTTER_API_KEY:-}
fi

room_link="" host_link=""
if [ -n "$api_key" ]; then
  room=$(curl -fsS -X POST "$api_url/createRoom" -H "Authorization: Bearer $api_key" \
      -H 'Content-Type: application/json' -d '{"name":"Otter test room"}') || room=""
  if [ -n "$room" ]; then
    # As a developer's backend does: one room secret for both links, made here, never sent to Otter's servers
    # (docs/http-api.md, "Room links"). The room travels on stdin, so no token shows in the process list.
    links=$(printf '%s' "$room" | node -e '
      const room = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const secret = require("crypto").randomBytes(32).toString("base64url");
      console.log(`${room.url}&k=${secret}`);
      console.log(`${room.hostUrl}&k=${secret}`);')
    room_link=$(printf '%s\n' "$links" | sed -n 1p)
    host_link=$(printf '%s\n' "$links" | sed -n 2p)
  fi
fi

echo
echo "Otter is deployed."
echo "  Web app:        $web_url"
echo "  HTTP API:       $api_url"
echo "  Signaling:      $ws_url"
echo "  TURN:           $turn_host:3478 (UDP/TCP)${turn_domain:+, turns:$turn_domain:443}"
if [ -n "$api_key" ] && [ -z "${OTTER_API_KEY:-}" ]; then
  echo "  API key:        $api_key"
  echo "                  shown this once and stored nowhere else: keep it in your secret store now."
elif [ -z "$api_key" ]; then
  echo "  API key:        shown at the first deploy (rotate with POST /apiKeys/rotate);"
  echo "                  set OTTER_API_KEY to have the deploy create a sample room."
fi
if [ -n "$room_link" ]; then
  echo "  Sample room:    $room_link"
  echo "  Host link:      $host_link"
elif [ -n "$api_key" ]; then
  echo "  Sample room:    could not be created: try  curl -X POST $api_url/createRoom -H 'Authorization: Bearer <key>'"
fi
if [ -n "$domain" ]; then
  echo "  DNS:            point $domain (CNAME) at $distribution"
fi
if [ -n "$turn_domain" ]; then
  echo "  DNS:            point $turn_domain (CNAME) at $turn_host"
fi
