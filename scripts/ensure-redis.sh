#!/usr/bin/env bash
# RedisCache's tests (test/redis) and its benchmark run against real Redis servers, which they start
# themselves (scripts/redis-server.mjs): Debian's redis-server, installed when missing. Only the binary is
# used (the package's own service, if apt starts it, is not).
set -euo pipefail
bash "$(dirname "$0")/ensure-debian-package.sh" redis-server redis-server "the RedisCache tests"
