#!/usr/bin/env bash
# Starts Kohorte. Without --db it opens the database in the app-data folder
# (~/.local/share/de.kohorte.desktop/kohorte.sqlite); an empty file is filled with the
# demo programme (--demo). Extra arguments go to the app, e.g. `scripts/run.sh --db my.sqlite`;
# a new file given with --db asks for a new programme or the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh run
scripts/build-ui.sh
cargo build --quiet -p kohorte-app
if [ "$#" -eq 0 ]; then
  set -- --demo
fi
exec "${CARGO_TARGET_DIR:-target}/debug/kohorte-app" "$@"
