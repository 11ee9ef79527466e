#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite files), CLI, and end-to-end
# through the real window (tauri-driver + WebKitWebDriver under Xvfb).
# Installs what the tests need first. Screenshots: target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --quiet -p overdue
cargo test --workspace --no-fail-fast "$@"
