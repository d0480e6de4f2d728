#!/usr/bin/env bash
# RedisCache's tests (test/redis) and its benchmark run against real Redis servers, which they start
# themselves (scripts/redis-server.mjs): Debian's redis-server. Installs it when missing; needs root, as on CI.
# Only the binary is used (the package's own service, if apt starts it, is not).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "redis-server is missing: install Debian's redis-server (apt-get install redis-server), then run again." >&2
  exit 1
fi
echo "Installing Debian's redis-server for the RedisCache tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq redis-server >/dev/null
redis-server --version
