#!/usr/bin/env bash
# ./otter test: every test (Java, web, browser end to end, CDK), installing what the tests need when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh

phases=()
current_phase=""
phase_start=0
record() { phases+=("$(printf '%-34s %5ss  %s' "$1" "$2" "$3")"); }
run_phase() {
  current_phase=$1; shift
  phase_start=$SECONDS
  echo
  echo "==> $current_phase"
  "$@"
  record "$current_phase" $((SECONDS - phase_start)) ok
  current_phase=""
}
summary() {
  local status=$?
  [ -z "$current_phase" ] || record "$current_phase" $((SECONDS - phase_start)) FAILED
  echo
  echo "Timing per phase:"
  for line in "${phases[@]+"${phases[@]}"}"; do echo "  $line"; done
  echo "  total                              ${SECONDS}s"
  [ $status -eq 0 ] || echo "otter test: FAILED (exit $status)"
}
trap summary EXIT

install_system_packages() {
  local missing=()
  # OTTER_CHROMIUM names another Chromium-based browser (e.g. GitHub runners' preinstalled Chrome).
  [ -x "${OTTER_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  # Firefox ESR for the mixed-browser tests, driven over WebDriver BiDi (OTTER_FIREFOX names another build).
  [ -x "${OTTER_FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
  [ -x /usr/bin/turnserver ] || missing+=(coturn)
  command -v unshare >/dev/null || missing+=(util-linux)
  command -v ip >/dev/null || missing+=(iproute2)
  # The connectivity browser tests make UDP-blocking networks with nft inside the test namespace.
  command -v nft >/dev/null || missing+=(nftables)
  # A virtual display for the Firefox tests that need WebGL: headless Firefox has none without a GPU.
  command -v Xvfb >/dev/null || missing+=(xvfb)
  # Emoji (raised hands, reactions) in the screenshots the tests take; Debian's Chromium brings no emoji font.
  [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "chromium, firefox-esr, coturn, unshare, ip, nft, Xvfb and an emoji font are installed"
    return
  fi
  install_packages "${missing[@]}"
}

dynalite_install() {
  # The local DynamoDB engine of the storage tests and of local Otter (an npm package of this repository).
  (cd tools/dynalite && npm ci --no-audit --no-fund)
}

maven_verify() {
  mvn -B verify
  # verify built local Otter and its classpath file; scripts/local.sh need not build it again.
  touch local/target/.otter-local-built
}

webapp_tests() {
  (cd webapp && npm ci --no-audit --no-fund && npm test && npm run build)
}

e2e_tests() {
  (cd e2e && npm ci --no-audit --no-fund)
  # The HTTP API's contract is linted here; e2e/tests/openapi-contract.test.mjs checks local Otter against it.
  (cd e2e && npm run lint:openapi)
  # The load-test tool is exercised by a test too, and the namespace below has no network to install it from.
  (cd tools/loadtest && npm ci --no-audit --no-fund)
  bash scripts/local.sh --build-only
  # The browsers and the Otter they talk to share a private network namespace with only loopback in it.
  bash e2e/run-in-netns.sh node --test --test-concurrency=1 e2e/tests/*.test.mjs
}

cdk_synth() {
  bash scripts/synth.sh
}

run_phase "system packages" install_system_packages
run_phase "dynalite: npm ci" dynalite_install
run_phase "maven verify (all modules)" maven_verify
run_phase "webapp: npm ci, test, build" webapp_tests
run_phase "e2e: browsers in a private netns" e2e_tests
run_phase "cdk synth + cfn-lint" cdk_synth
echo
echo "otter test: all phases passed"
