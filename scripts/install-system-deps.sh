#!/usr/bin/env bash
# Installs the Debian packages QLS needs, when they are missing.
#   runtime: what the app needs (WeasyPrint's Pango, fonts)
#   test:    runtime + Chromium for browser tests + PostgreSQL for the PG suite
#            + a Java runtime for the Spark tests (Spark's local mode)
#   bench:   runtime + PostgreSQL (the ward dashboard benchmark runs on it) + Chromium
#            (the page load benchmark drives it) + Java (the Spark benchmark)
# Under CI=true a package that cannot be installed is an error, never a skip.
set -euo pipefail
kind=${1:-test}
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation)
if [ "$kind" = test ]; then
  packages+=(chromium postgresql openjdk-17-jre-headless)
elif [ "$kind" = bench ]; then
  packages+=(chromium postgresql openjdk-17-jre-headless)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt_get=(sudo apt-get)
else
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
