#!/usr/bin/env bash
# Installs the Debian packages SchoolGate needs beyond the .NET SDK. Idempotent: it only calls
# apt-get when something is missing, so repeated runs cost nothing.
#   fonts-dejavu-core  ScottPlot draws chart text with it (without a font, charts lose all text)
#   chromium           browser tests of the planner report and the dashboard
#   postgresql         the gateway suite runs a second time on a throwaway server (scripts/postgres.sh)
set -euo pipefail

wanted=(fonts-dejavu-core chromium postgresql)
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
