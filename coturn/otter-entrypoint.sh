#!/bin/bash
# Starts coturn in a Fargate task. A relay's ports cannot pass through the load balancer: peers send to
# the task's own public IP, so coturn must advertise it (external-ip) and map it to the private address
# it binds. Fargate exposes the public IP nowhere inside the task, so it is read from the task's network
# interface with one signed EC2 DescribeNetworkInterfaces call, made with the task role's credentials.
set -euo pipefail

# shellcheck source=otter-common.sh
. "$(dirname "$0")/otter-common.sh"

fail() { echo "otter-entrypoint: $*" >&2; exit 1; }

: "${OTTER_TURN_SECRET:?must be set from Secrets Manager as an ECS secret}"
: "${OTTER_VPC_ID:?must name the task VPC}"
: "${OTTER_AWS_REGION:?must name the region}"
: "${ECS_CONTAINER_METADATA_URI_V4:?not running on ECS}"
credentials_url=$(otter_credentials_url) || fail "the task has no role"
# EC2's regional endpoint unless one is given (a VPC interface endpoint, or a stand-in in tests).
ec2_endpoint="${OTTER_EC2_ENDPOINT:-https://ec2.${OTTER_AWS_REGION}.amazonaws.com/}"

private_ip=$(curl -fsS --max-time 5 "$ECS_CONTAINER_METADATA_URI_V4" | jq -r '.Networks[0].IPv4Addresses[0] // empty')
[ -n "$private_ip" ] || fail "no private IPv4 address in the task metadata"

credentials=$(curl -fsS --max-time 5 "$credentials_url")
access_key=$(jq -r .AccessKeyId <<<"$credentials")
secret_key=$(jq -r .SecretAccessKey <<<"$credentials")
session_token=$(jq -r .Token <<<"$credentials")

query="Action=DescribeNetworkInterfaces&Version=2016-11-15"
query+="&Filter.1.Name=addresses.private-ip-address&Filter.1.Value.1=${private_ip}"
query+="&Filter.2.Name=vpc-id&Filter.2.Value.1=${OTTER_VPC_ID}"
public_ip=""
for attempt in 1 2 3 4 5; do
  # The task credentials go to curl as a config on its standard input (--config -), written by the shell's
  # printf builtin: on curl's command line anyone on the host could read them in /proc/<pid>/cmdline.
  public_ip=$(printf 'user = "%s:%s"\nheader = "x-amz-security-token: %s"\n' "$access_key" "$secret_key" "$session_token" \
    | curl -fsS --max-time 10 --config - \
      --aws-sigv4 "aws:amz:${OTTER_AWS_REGION}:ec2" \
      "${ec2_endpoint}?${query}" \
    | sed -n 's:.*<publicIp>\([0-9.]*\)</publicIp>.*:\1:p' | head -n 1) || true
  [ -n "$public_ip" ] && break
  echo "otter-entrypoint: no public IP on the interface yet (attempt ${attempt})" >&2
  sleep "$attempt"
done
[ -n "$public_ip" ] || fail "the task's interface has no public IP: run it in a public subnet with assignPublicIp"
unset credentials access_key secret_key session_token

# The secret never goes on a command line (anyone on the host can read /proc/<pid>/cmdline): it is
# appended, by the shell's own printf (a builtin, no child process), to an owner-only copy of the
# configuration, and leaves the environment before coturn starts.
umask 077
runtime_dir=$(mktemp -d "${TMPDIR:-/tmp}/otter-coturn.XXXXXX")
config="${runtime_dir}/turnserver.conf"
# The shared file says no-cli for any other use of it; here the CLI listens on the task's loopback for the revoker
# (otter-revoker.sh, the task's other container), with a password derived from the secret (otter-common.sh).
grep -v '^no-cli$' "${OTTER_COTURN_CONFIG:-/etc/coturn/turnserver.conf}" >"$config"
printf '\nstatic-auth-secret=%s\n' "$OTTER_TURN_SECRET" >>"$config"
printf 'cli-ip=127.0.0.1\ncli-port=%s\ncli-password=%s\n' "$OTTER_COTURN_CLI_PORT" "$(otter_cli_password)" >>"$config"
unset OTTER_TURN_SECRET

echo "otter-entrypoint: relaying on ${private_ip}, advertised as ${public_ip}"
exec turnserver -c "$config" \
  --listening-ip="$private_ip" \
  --relay-ip="$private_ip" \
  --external-ip="${public_ip}/${private_ip}"
