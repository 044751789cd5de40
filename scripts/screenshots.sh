#!/usr/bin/env bash
# Refreshes the guide's pictures in docs/screenshots/: the demo in the real window under
# Xvfb at 1280×820 (tests/e2e/screenshots.py, which the normal suite does not collect).
# Needs what scripts/test.sh installs; builds the app first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

scripts/system-deps.sh test
scripts/build-ui.sh
# The window tests' binaries, as scripts/test.sh builds them.
cargo test --workspace --no-run --quiet
command -v tauri-driver >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/tauri-driver" ] \
  || cargo install tauri-driver --locked --quiet
export PATH="$HOME/.cargo/bin:$PATH"
venv="$target/e2e-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt

rm -f docs/screenshots/*.png
xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/e2e/screenshots.py
du -ch docs/screenshots/*.png | tail -n 1
