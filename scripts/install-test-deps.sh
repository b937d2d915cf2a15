#!/usr/bin/env bash
# Installs the Debian packages the tests run for real (Prometheus and promtool; Alertmanager and amtool; Chromium for
# the browser tests, since Playwright cannot download its own browsers here) when they are missing.
# Runs before `npm test`; does nothing when everything is present.
set -euo pipefail
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
{ [ -x "${ALERTMANAGER_BIN:-/usr/bin/prometheus-alertmanager}" ] && [ -x "${AMTOOL_BIN:-/usr/bin/amtool}" ]; } ||
  missing+=(prometheus-alertmanager)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages (or their binaries on PATH): ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
