#!/usr/bin/env bash
# The package as npm would publish it, after `npm run build`: packed once into a temporary folder, then
# publint, attw (types under node16 from ESM and from CommonJS, and bundler) and every entry, on that tarball.
# ESM-only: a require() of it resolves to ESM, which Node 20.19+ and 22.12+ load (see "engines"), so the
# `attw` script accepts cjs-resolves-to-esm; node10 resolution, which ignores "exports", is not a target.
set -euo pipefail
cd "$(dirname "$0")/.."

pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
tarball="$pack_dir/$(npm pack --silent --pack-destination "$pack_dir")"

npx --no-install publint "$tarball"
npm run --silent attw -- "$tarball"
node scripts/check-entries.mjs "$tarball"
