#!/bin/bash
# Ends the TURN relays Otter revoked: those of a participant a host removed, and of every participant of an ended
# room. Runs beside coturn in each TURN task (a second container of the task, TurnService.REVOKER).
#
# Why: coturn checks a TURN REST credential's expiry only when a session first authenticates, so an allocation lives
# as long as its client refreshes it. The signaling functions cannot reach the tasks' admin interface (it must never
# face a network), so they write a revocation to a DynamoDB table instead (DynamoRelayRevoker): key "<roomId>" for a
# whole room or "<roomId>:<peerId>" for one participant, with "ttl" set past the life of any credentials issued before
# it. Every task reads the table every OTTER_REVOKE_INTERVAL_SECONDS and cancels, through coturn's CLI on the task's
# loopback, every session whose username ("<expiry>:<roomId>:<peerId>") a live revocation names. It goes on doing so
# while the revocation lives, so a relay opened later with credentials issued before the removal ends too.
set -uo pipefail
export LC_ALL=C

# shellcheck source=otter-common.sh
. "$(dirname "$0")/otter-common.sh"

log() { echo "otter-revoker: $*" >&2; }

: "${OTTER_RELAY_REVOCATIONS_TABLE:?must name the relay-revocations table}"
: "${OTTER_AWS_REGION:?must name the region}"
interval="${OTTER_REVOKE_INTERVAL_SECONDS:-5}"
# DynamoDB's regional endpoint unless one is given (a VPC endpoint, or a local engine in tests).
dynamodb_endpoint="${OTTER_DYNAMODB_ENDPOINT:-https://dynamodb.${OTTER_AWS_REGION}.amazonaws.com/}"
credentials_url=$(otter_credentials_url) || { log "the task has no role"; exit 1; }
cli_password=$(otter_cli_password)
unset OTTER_TURN_SECRET

# The revocations still in force, one key a line. One Scan (paged): the table holds only the last hour's removals
# and ended rooms, and DynamoDB deletes expired items late, so "ttl" is checked here.
revoked() {
  local credentials access_key secret_key session_token now body page start_key=null
  credentials=$(curl -fsS --max-time 5 "$credentials_url") || return 1
  access_key=$(jq -r .AccessKeyId <<<"$credentials")
  secret_key=$(jq -r .SecretAccessKey <<<"$credentials")
  session_token=$(jq -r '.Token // empty' <<<"$credentials")
  now=$(date +%s)
  while :; do
    body=$(jq -cn --arg table "$OTTER_RELAY_REVOCATIONS_TABLE" --argjson start "$start_key" \
      '{TableName: $table, ProjectionExpression: "relay, #ttl", ExpressionAttributeNames: {"#ttl": "ttl"}}
       + (if $start == null then {} else {ExclusiveStartKey: $start} end)')
    # The credentials go to curl as a config on its standard input, written by the shell's printf builtin: on curl's
    # command line anyone on the host could read them in /proc/<pid>/cmdline.
    page=$(printf 'user = "%s:%s"\nheader = "x-amz-security-token: %s"\n' "$access_key" "$secret_key" "$session_token" \
      | curl -fsS --max-time 10 --config - \
        --aws-sigv4 "aws:amz:${OTTER_AWS_REGION}:dynamodb" \
        -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Target: DynamoDB_20120810.Scan' \
        --data-binary "$body" "$dynamodb_endpoint") || return 1
    jq -r --argjson now "$now" '.Items[] | select((.ttl.N // "0" | tonumber) > $now) | .relay.S' <<<"$page" || return 1
    start_key=$(jq -c '.LastEvaluatedKey // null' <<<"$page")
    [ "$start_key" != null ] || return 0
  done
}

# Reads the CLI's output on fd 3 until it ends with $1 (the CLI then waits for input).
read_until() {
  local seen="" c
  while [ ${#seen} -lt 65536 ]; do
    IFS= read -r -N 1 -t 5 c <&3 || return 1
    seen+="$c"
    [[ "$seen" == *"$1" ]] && return 0
  done
  return 1
}

# Logs into coturn's CLI, runs the given commands and prints what it answered. coturn drops what arrives before its
# password prompt, so the password waits for the prompt and the commands for the first "> ".
cli() {
  exec 3<>"/dev/tcp/127.0.0.1/${OTTER_COTURN_CLI_PORT}" || return 1
  local status=1
  if read_until 'password: ' && printf '%s\r\n' "$cli_password" >&3 && read_until '> '; then
    printf '%s\r\n' "$@" quit >&3
    timeout 10 cat <&3 2>/dev/null | tr -d '\r'
    status=0
  fi
  exec 3<&- 3>&-
  return $status
}

# Of the CLI's session listing, the ids of the sessions a revocation ($REVOKED, one key a line) names.
revoked_sessions() {
  REVOKED="$1" awk '
    BEGIN { n = split(ENVIRON["REVOKED"], keys, "\n"); for (i = 1; i <= n; i++) if (keys[i] != "") gone[keys[i]] = 1 }
    match($0, /id=[0-9]+, user <[^>]*>/) {
      found = substr($0, RSTART, RLENGTH)
      id = found; sub(/^id=/, "", id); sub(/,.*$/, "", id)
      user = found; sub(/^.*user </, "", user); sub(/>$/, "", user)
      if (split(user, part, ":") == 3 && ((part[2]) in gone || (part[2] ":" part[3]) in gone)) print id
    }'
}

log "ending revoked relays every ${interval} s (revocations in ${OTTER_RELAY_REVOCATIONS_TABLE})"
while :; do
  if ! keys=$(revoked); then
    log "could not read the revocations; trying again in ${interval} s"
  elif [ -n "$keys" ]; then
    if ! listing=$(cli "psp :"); then
      log "coturn's CLI on 127.0.0.1:${OTTER_COTURN_CLI_PORT} did not answer; trying again in ${interval} s"
    else
      mapfile -t sessions < <(revoked_sessions "$keys" <<<"$listing")
      if [ "${#sessions[@]}" -gt 0 ] && cli "${sessions[@]/#/cs }" >/dev/null; then
        log "ended ${#sessions[@]} revoked relay session(s)"
      fi
    fi
  fi
  sleep "$interval"
done
