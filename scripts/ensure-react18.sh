#!/usr/bin/env bash
# The React tests run on React 18 too (vitest project "react18"), from test/react18's own node_modules:
# the root cannot hold React 18 beside React 19 (react-dom's peer dependency). Installs it when missing.
set -euo pipefail
cd "$(dirname "$0")/../test/react18"
if [ -f node_modules/react/package.json ] && [ -f node_modules/react-dom/package.json ]; then exit 0; fi
echo "Installing React 18 for the react18 test project…"
npm ci --no-audit --no-fund --loglevel=error
