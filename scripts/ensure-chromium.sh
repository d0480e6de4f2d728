#!/usr/bin/env bash
# Browser tests run in Debian's Chromium (Playwright cannot download its own browser here): installed when missing.
set -euo pipefail
bash "$(dirname "$0")/ensure-debian-package.sh" chromium /usr/bin/chromium "the browser tests"
