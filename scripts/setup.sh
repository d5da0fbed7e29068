#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: installs everything, then runs the demo or the tests.
#   scripts/setup.sh demo   install, then start the demo kiosk (or explain `kiosk tour` when there is no display)
#   scripts/setup.sh test   install, then run every check: ruff, mypy, the whole pytest suite
# Idempotent: a second run installs nothing new. Debian packages are installed when run as root or with sudo.
set -euo pipefail
mode=${1:-}
case "$mode" in demo|test|install) ;; *) echo "usage: $0 demo|test|install" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian packages: PC/SC daemon + virtual reader driver (card tests), pyscard build headers, a CJK font,
# Qt's runtime libraries, PostgreSQL (platform tests), curl (upload benchmark baseline).
apt_packages=(pcscd vsmartcard-vpcd libpcsclite-dev swig gcc python3-venv python3-dev fonts-wqy-microhei
  libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  postgresql curl
  cups cups-client poppler-utils)  # A4 through CUPS: a real cupsd in the tests (tests/cups_server.py), pdftotext
# Node.js and npm run the official tus peers of the upload interoperability tests (tests/interop, whose
# packages the tests install with `npm ci`); a machine that has node already keeps its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_packages+=(nodejs npm)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
    echo "Need these Debian packages (run as root to install them): ${missing[*]}" >&2
  else
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"

case "$mode" in
  install) echo "Installed. Activate with: source .venv/bin/activate" ;;
  demo)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "没有可用的显示器 (no display found): the kiosk window cannot open here."
      echo "To see every screen without a display, render them to PNG:"
      echo "  .venv/bin/kiosk tour --out tour/"
      exit 0
    fi
    exec .venv/bin/kiosk --home "${KIOSK_HOME:-$root/var/demo}" run --demo --windowed
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
    echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
    echo "== mypy"; .venv/bin/mypy kiosk drivers offline_cache ui central
    echo "== pytest"; .venv/bin/python -m pytest -q -p no:cacheprovider "${@:2}"
    ;;
esac
