#!/usr/bin/env bash
# Runs every test: lints, the core and CLI against real SQLite files, the app's commands
# through Tauri's mock runtime, and the real window end to end under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

step() { printf '\n== %s\n' "$*"; }

step "System packages"
scripts/system-deps.sh test

step "Web UI: build and type check"
scripts/build-ui.sh
(cd ui && npm run --silent check)

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --quiet --workspace --all-targets -- -D warnings

step "Rust: core, CLI and command tests"
cargo test --workspace
# ts-rs rewrote the TypeScript bindings while testing: they must match what is committed.
# `git status --porcelain` also sees files ts-rs added (a new exported type).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
  && [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  echo "ui/src/bindings is out of date with the Rust types: commit the regenerated files." >&2
  git status --short -- ui/src/bindings >&2
  exit 1
fi

step "End to end: the real window under Xvfb"
command -v tauri-driver >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/tauri-driver" ] \
  || cargo install tauri-driver --locked --quiet
export PATH="$HOME/.cargo/bin:$PATH"
venv="$target/e2e-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
# The window tests drive target/debug/kohorte-app and use target/debug/kohorte, both
# built by `cargo test` above (building them again here would rebuild Tauri without
# its `test` feature for nothing).
xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/e2e
