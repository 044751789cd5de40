#!/usr/bin/env bash
# Builds the web UI into ui/dist, which the app binary embeds at compile time.
set -euo pipefail
cd "$(dirname "$0")/../ui"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit --loglevel=error
fi
npm run --silent build -- --logLevel warn
