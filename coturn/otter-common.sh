# shellcheck shell=bash
# Sourced by otter-entrypoint.sh and otter-revoker.sh, the two processes of a TURN task: what both must agree on.

# coturn's admin CLI listens on the task's loopback only. In a Fargate task (awsvpc) every container shares that
# loopback, and nothing else reaches it: the relay itself refuses loopback peers (turnserver.conf, loopback-deny).
OTTER_COTURN_CLI_PORT="${OTTER_COTURN_CLI_PORT:-5766}"

# The CLI's password, derived from coturn's static-auth-secret (which both containers receive as an ECS secret), so
# no second secret has to be made, stored or shared. printf is a shell builtin: the secret reaches sha256sum on its
# standard input, never on a command line.
otter_cli_password() {
  printf 'otter-coturn-cli:%s' "${OTTER_TURN_SECRET:?must be set from Secrets Manager as an ECS secret}" \
    | sha256sum | cut -d' ' -f1
}

# The task role's credentials URL: ECS sets the relative URI; the full one (AWS's other variable for the same
# endpoint, and what tests point at a stand-in) takes precedence when set.
otter_credentials_url() {
  if [ -n "${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}" ]; then
    printf '%s' "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
  elif [ -n "${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}" ]; then
    printf 'http://169.254.170.2%s' "$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
  else
    return 1
  fi
}
