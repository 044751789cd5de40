#!/usr/bin/env bash
# Builds the Debian package of Kohorte offline with the Tauri bundler:
#   scripts/package.sh          – build target/release/bundle/deb/Kohorte_<version>_amd64.deb
#   scripts/package.sh --test   – also install it, start it under Xvfb, remove it again
# The package holds the window (/usr/bin/kohorte-app) and the command line
# (/usr/bin/kohorte). AppImage is not built: its bundler downloads a tool at build time.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

run_test=false
case "${1:-}" in
  "") ;;
  --test) run_test=true ;;
  *) echo "Aufruf: scripts/package.sh [--test]" >&2; exit 64 ;;
esac

if $run_test; then scripts/system-deps.sh test; else scripts/system-deps.sh run; fi
# The UI (embedded into the binary) and, through ui/package.json, the pinned Tauri CLI.
scripts/build-ui.sh

# The command line goes into the package beside the window (bundle.linux.deb.files).
cargo build --quiet --release -p kohorte --bin kohorte

# tauri.conf.json names ../target/release/kohorte; another target dir replaces that.
config=()
if [ "$target" != "$root/target" ]; then
  config=(--config "{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/kohorte\":\"$target/release/kohorte\"}}}}}")
fi
# The CLI looks for tauri.conf.json below its working directory: run it in src-tauri.
(cd src-tauri && "$root/ui/node_modules/.bin/tauri" build --ci --bundles deb "${config[@]}")

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
deb="$target/release/bundle/deb/Kohorte_${version}_amd64.deb"
[ -f "$deb" ] || { echo "Paket nicht gefunden: $deb" >&2; exit 1; }

size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$(stat -c %s "$1")"; }
echo
echo "Paket:      $deb"
echo "Paketgröße: $(size "$deb")"
echo "Programm:   $(size "$target/release/kohorte-app") (kohorte-app, gestrippt)"
echo "Kommandozeile: $(size "$target/release/kohorte") (kohorte, gestrippt)"

if $run_test; then
  tests/package/test_deb.sh "$deb"
fi
