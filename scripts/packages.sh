# Installs Debian packages with apt when they are missing; sourced by scripts/test.sh and scripts/local.sh.
# install_packages <package>...: apt-get as root (or through sudo), quietly.
install_packages() {
  [ $# -gt 0 ] || return 0
  echo "installing: $*" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "cannot install $* without root or sudo" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
  # Debian's coturn package starts a system turnserver on 0.0.0.0:3478; Otter starts its own.
  if [[ " $* " == *" coturn "* ]] && command -v systemctl >/dev/null; then
    $sudo systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
}
