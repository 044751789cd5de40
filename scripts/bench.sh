#!/usr/bin/env bash
# Prints every speed figure of Kohorte in one table, with the machine it ran on.
#   scripts/bench.sh            all benchmarks (release build, a few minutes at first)
#   scripts/bench.sh selection  only some: selection, letters, import, launch, window
# launch and window measure the release window under Xvfb (scripts/bench-app.sh): the
# start next to a bare Tauri window, and the Bewerbungen view on 10,000 applications.
# The figures depend on the machine and on what else runs on it: run it on a quiet one.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(selection letters import launch window)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "Kohorte $(git describe --always --dirty 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d)"
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
system=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)
echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, ${memory:-? GiB}, ${system}; load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for bench in "${benches[@]}"; do
  case "$bench" in
  launch | window)
    echo "== scripts/bench-app.sh $bench" >&2
    scripts/bench-app.sh "$bench" >"$out/$bench.rows"
    ;;
  *)
    echo "== cargo bench --bench $bench" >&2
    cargo bench --quiet --bench "$bench" 2>/dev/null | tee "$out/$bench.txt" >&2
    ;;
  esac
done

echo "| work | Kohorte | goal (issue 14) |"
echo "| --- | --- | --- |"
if [ -f "$out/selection.txt" ]; then
  # Per instance kind and pool size: the range of the medians over the three seeds.
  awk '
    $1 ~ /^(easy|hard|infeasible)$/ {
      key = $1 " " $2; median = $5 + 0
      if (!(key in lo) || median < lo[key]) lo[key] = median
      if (!(key in hi) || median > hi[key]) hi[key] = median
      if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
    }
    END {
      for (i = 1; i <= n; i++) {
        split(order[i], part, " ")
        goal = part[2] >= 2000 ? "< 30 ms" : (part[2] >= 500 ? "< 5 ms" : "")
        printf "| select 16+16 of %s, %s | %.1f–%.1f ms (median per seed) | %s |\n", part[2], part[1], lo[order[i]], hi[order[i]], goal
      }
    }' "$out/selection.txt"
fi
if [ -f "$out/letters.txt" ]; then
  merged=$(awk '/^merged:/ {for (i = 1; i <= NF; i++) if ($i == "in") {print $(i + 1) " ms"; exit}}' "$out/letters.txt")
  separate=$(awk '/^separate:/ {for (i = 1; i <= NF; i++) if ($i == "=") {print $(i - 2) " ms"; exit}}' "$out/letters.txt")
  echo "| 1,000 letters into one PDF | ${merged:-?} | < 300 ms |"
  echo "| 1,000 letters, one PDF each | ${separate:-?} | < 1000 ms |"
fi
if [ -f "$out/import.txt" ]; then
  awk '/^import of/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "preview" && $(i + 1) ~ /^[0-9.]+$/) preview = $(i + 1)
      if ($i == "commit") total = $(i + 1)
    }
    printf "| import %s rows: preview | %.0f ms | |\n| import %s rows: preview + commit | %.0f ms | < 100 ms |\n", $3, preview * 1000, $3, total * 1000
  }' "$out/import.txt"
fi
for part in launch window; do
  if [ -f "$out/$part.rows" ]; then cat "$out/$part.rows"; fi
done
