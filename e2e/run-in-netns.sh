#!/usr/bin/env bash
# Runs a command in a private network namespace that has only loopback, so the browsers and the local Otter
# they talk to can reach nothing but each other: Chromium offers no host's real addresses as ICE candidates.
# Usage: e2e/run-in-netns.sh <command> [args...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 <command> [args...]" >&2; exit 2; }
if [ "${OTTER_NETNS:-}" = "private" ]; then
  exec "$@"
fi
# As root a plain network namespace; otherwise inside a user namespace where we map to root.
unshare_flags=(-n)
[ "$(id -u)" -eq 0 ] || unshare_flags=(-r -n)
exec unshare "${unshare_flags[@]}" -- bash -c 'ip link set lo up && OTTER_NETNS=private exec "$@"' run-in-netns "$@"
