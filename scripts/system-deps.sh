#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Kohorte needs, but only those that are missing.
#   scripts/system-deps.sh run    – build and start the app
#   scripts/system-deps.sh test   – also run every test (Xvfb, WebDriver, PDF tools;
#                                   xwininfo and desktop-file-validate for the package test)
set -euo pipefail

run_packages=(pkg-config libwebkit2gtk-4.1-dev build-essential)
test_packages=(xvfb xauth webkit2gtk-driver poppler-utils x11-utils desktop-file-utils)

wanted=("${run_packages[@]}")
[ "${1:-run}" = test ] && wanted+=("${test_packages[@]}")
command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || wanted+=(python3-venv)

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installiere Systempakete: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
