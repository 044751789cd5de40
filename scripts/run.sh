#!/usr/bin/env bash
# Starts Kohorte. Without --db it opens the database in the app-data folder
# (~/.local/share/de.kohorte.desktop/kohorte.sqlite), filled with the demo programme
# on first start. Extra arguments go to the app, e.g. `scripts/run.sh --db my.sqlite`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh run
scripts/build-ui.sh
cargo build --quiet -p kohorte-app
exec "${CARGO_TARGET_DIR:-target}/debug/kohorte-app" "$@"
