#!/usr/bin/env bash
# Installs a Debian package when its command is missing: ensure-debian-package.sh <package> <command> <what for>.
# Needs root, as on CI; otherwise says what to install, and fails.
set -euo pipefail
package=$1 command=$2 purpose=$3
if command -v "$command" >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "$command is missing: install Debian's $package (apt-get install $package), then run again." >&2
  exit 1
fi
echo "Installing Debian's $package for $purpose…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "$package" >/dev/null
"$command" --version
