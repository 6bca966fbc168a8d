#!/usr/bin/env bash
# postloan developer entry point.
#
#   ./dev.sh start [ARGS…]   set everything up, then start the desktop app on its embedded
#                            defaults (local SQLite in the user data folder, demo portfolio)
#   ./dev.sh test            set everything up, then run every check: ruff, mypy, translations,
#                            and the whole pytest suite (widgets offscreen)
#   ./dev.sh setup           only set up: Debian packages, .venv, the project and its tools
#
# Set-up is idempotent and quick when nothing changed. It installs Debian packages with
# apt-get (through sudo when not root) only when one is missing.
set -euo pipefail
cd "$(dirname "$0")"

VENV=${POSTLOAN_VENV:-.venv}
PYTHON=${PYTHON:-python3}

# Qt's runtime libraries, a CJK font for the UI and the PDF reports, PDF checking tools
# (certutil from libnss3-tools gives pdfsig a trust store with the head-office CA in tests).
# PostgreSQL: the server tests also run against a throwaway cluster the tests start themselves.
DEB_PACKAGES=(
  python3 python3-venv
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
  libxcb-xinerama0 libxcb-xkb1
  fonts-noto-cjk fonts-wqy-zenhei
  poppler-utils qpdf libnss3-tools
  postgresql
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    say "not a Debian system: install Qt 6's runtime libraries and a CJK font yourself"
    return 0
  }
  local missing=()
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      say "missing Debian packages and no sudo: as root run"
      echo "  apt-get install ${missing[*]}" >&2
      exit 1
    }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

python_env() {
  if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    say "creating $VENV with $($PYTHON --version)"
    rm -rf "$VENV"  # a half-made one (python3-venv was missing) is made again
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.postloan-installed"
  local want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing postloan and its tools into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    echo "$want" >"$stamp"
  fi
}

setup() {
  system_packages
  python_env
}

run_tests() {
  export QT_QPA_PLATFORM=offscreen
  local bin="$VENV/bin"
  say "ruff"
  "$bin/ruff" check .
  "$bin/ruff" format --check .
  say "mypy (strict below ui/)"
  "$bin/mypy"
  say "translations"
  "$bin/python" tools/i18n.py --check
  say "pytest"
  # One worker per core, each test file on one worker (module fixtures stay whole). The
  # server tests start their own PostgreSQL cluster and servers per worker.
  "$bin/pytest" -n auto --dist loadfile "$@"
}

command=${1:-start}
[ $# -gt 0 ] && shift
case "$command" in
  setup) setup ;;
  start)
    setup
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --screenshot"* ]]; then
      say "no display: starting offscreen is pointless; try ./dev.sh start --screenshot shot.png"
      exit 1
    fi
    exec "$VENV/bin/postloan" --demo "$@"
    ;;
  test)
    setup
    run_tests "$@"
    ;;
  *)
    echo "usage: ./dev.sh [start|test|setup] [ARGS…]" >&2
    exit 2
    ;;
esac
