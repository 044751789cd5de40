#!/usr/bin/env bash
# The release window's figures (issue 14) as table rows for scripts/bench.sh, which runs
# this as `scripts/bench.sh launch` and `scripts/bench.sh window`:
#   scripts/bench-app.sh launch [window]   progress on stderr, rows on stdout
# launch: time from start to the Übersicht with its figures, and the memory of the app
#   and its WebKit processes once settled, next to a bare Tauri window
#   (benches/bare-window: one static page), 5 rounds taking turns after one warm-up
#   (BENCH_ROUNDS), medians. KOHORTE_LAUNCH_PROBE=1 makes the app print
#   "launch-probe: overview" once the Übersicht painted (src-tauri/src/lib.rs); the bare
#   page prints "launch-probe: page"; scripts/bench_launch.py times that line and prints
#   the moments on the way (the breakdown) on stderr.
# window: open Bewerbungen, change a filter, each keystroke of a search, set a status,
#   timed inside the page (tests/e2e-bench/window.py, through tauri-driver on
#   KOHORTE_E2E_PORT, default 4444, and the next port).
# Both binaries are built alike: release profile, the page embedded and served by
# Tauri's own protocol (`tauri/custom-protocol`, as `cargo tauri build` does). The
# databases: the demo, and the demo with the import benchmark's 10,000 rows imported.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-target}"
rounds="${BENCH_ROUNDS:-5}"
xvfb=(xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24")

scripts/system-deps.sh test >&2
scripts/build-ui.sh >&2
cargo build --quiet --release -p kohorte -p kohorte-app -p bare-window \
  --features tauri/custom-protocol,bare-window/custom-protocol >&2
cli="$target/release/kohorte"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" --db "$work/demo.sqlite" demo >/dev/null
"$cli" --db "$work/large.sqlite" demo >/dev/null
cargo bench --quiet --bench import -- --write "$work/large.csv" >&2
"$cli" --db "$work/large.sqlite" import "$work/large.csv" >/dev/null
large=$("$cli" --db "$work/large.sqlite" list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
# WebKit's and the app's caches and settings in the temp folder, not the user's.
export XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"

for part in "$@"; do
  case "$part" in
  launch)
    echo "== launch: $rounds rounds after a warm-up; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "${xvfb[@]}" python3 scripts/bench_launch.py "$rounds" 3 \
      "bare=$target/release/bare-window" \
      "demo=$target/release/kohorte-app --db $work/demo.sqlite" \
      "large=$target/release/kohorte-app --db $work/large.sqlite" | tee "$work/launch.txt" >&2
    echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    awk -v large="$large" '
      $2 == "launch" { launch[$1] = $3; pss[$1] = $5 }
      END {
        printf "| launch to the Übersicht with figures, demo (bare Tauri window: %d ms) | %d ms (%.2f×) | ≤ 1.2× the bare window |\n", launch["bare"], launch["demo"], launch["demo"] / launch["bare"]
        printf "| launch to the Übersicht with figures, %d applications | %d ms (%.2f×) | ≤ 1.2× the bare window |\n", large, launch["large"], launch["large"] / launch["bare"]
        printf "| memory once settled, app + WebKit processes (PSS), demo (bare Tauri window: %d MB) | %d MB (%+d MB) | ≤ +60 MB |\n", pss["bare"], pss["demo"], pss["demo"] - pss["bare"]
        printf "| memory once settled, %d applications | %d MB (%+d MB) | ≤ +60 MB |\n", large, pss["large"], pss["large"] - pss["bare"]
      }' "$work/launch.txt"
    ;;
  window)
    venv="$target/e2e-venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt >&2
    echo "== window, $large applications; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "${xvfb[@]}" "$venv/bin/python" tests/e2e-bench/window.py \
      "$(realpath "$target/release/kohorte-app")" "$work/large.sqlite" | tee "$work/window.txt" >&2
    echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    awk -v large="$large" '
      $1 == "open" { printf "| window, %d applications: open Bewerbungen until the rows show | %d ms (median; max %d) | < 50 ms |\n", large, $3, $5 }
      $1 == "filter" { printf "| window: change a filter | %d ms (median; max %d) | < 50 ms |\n", $3, $5 }
      $1 == "search" { printf "| window: search, per keystroke | %d ms (median; max %d) | < 50 ms |\n", $3, $5 }
      $1 == "status" { printf "| window: set the status of one application | %d ms (median; max %d) | < 50 ms |\n", $3, $5 }
    ' "$work/window.txt"
    ;;
  *)
    echo "unknown part: $part (launch, window)" >&2
    exit 2
    ;;
  esac
done
