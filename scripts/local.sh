#!/usr/bin/env bash
# ./otter local [flags]: builds what is missing or stale, then runs local Otter in the foreground.
# --build-only (this script's own flag) builds and exits; the e2e harness uses it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh

build_only=false
args=()
for arg in "$@"; do
  case "$arg" in
    --build-only) build_only=true ;;
    *) args+=("$arg") ;;
  esac
done

classpath_file=local/target/runtime-classpath.txt
stamp=local/target/.otter-local-built

# Stale when any source or pom of the three modules is newer than the last build.
stale() {
  [ -f "$stamp" ] && [ -f "$classpath_file" ] || return 0
  [ -n "$(find pom.xml config local lambdas -path '*/target' -prune -o -newer "$stamp" -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]
}

if stale; then
  echo "Building local Otter (Maven: config, lambdas, local)..." >&2
  mvn -B -q install -Dmaven.test.skip=true -pl local -am >&2
  touch "$stamp"
fi

if [ ! -d tools/dynalite/node_modules/dynalite ]; then
  echo "Installing dynalite, the local DynamoDB engine (npm ci in tools/dynalite/)..." >&2
  (cd tools/dynalite && npm ci --no-audit --no-fund >&2)
fi

wants_web=true
for arg in "${args[@]+"${args[@]}"}"; do
  case "$arg" in --web-dir|--web-dir=*|-h|--help|-V|--version) wants_web=false ;; esac
done
# Built when missing, and again when anything it is built from changed since (a pulled change must not leave the
# runner serving the old app).
web_app_stale() {
  [ ! -f webapp/dist/index.html ] && return 0
  [ -n "$(find webapp/src webapp/public webapp/index.html webapp/package.json webapp/package-lock.json webapp/vite.config.ts \
    -newer webapp/dist/index.html -print -quit 2>/dev/null)" ]
}
if $wants_web && [ -f webapp/package.json ] && web_app_stale; then
  echo "Building the web app (npm ci && npm run build in webapp/)..." >&2
  (cd webapp && npm ci --no-audit --no-fund >&2 && npm run build >&2)
fi

$build_only && exit 0

# Without coturn a local run has no relay, and calls between strict networks fail silently: install it unless
# the run is asked to go without (--no-turn). If it cannot be installed, the runner says TURN is off.
wants_turn=true
for arg in "${args[@]+"${args[@]}"}"; do
  case "$arg" in --no-turn|-h|--help|-V|--version) wants_turn=false ;; esac
done
if $wants_turn && [ ! -x /usr/bin/turnserver ] && ! command -v turnserver >/dev/null; then
  echo "coturn is not installed; installing it for the local TURN relay (apt-get install coturn)..." >&2
  install_packages coturn || echo "could not install coturn: local Otter runs without a TURN relay" >&2
fi
exec java -XX:TieredStopAtLevel=1 -cp "local/target/classes:$(cat "$classpath_file")" \
  dev.otter.local.OtterLocalCommand "${args[@]+"${args[@]}"}"
