#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite files), CLI, and end-to-end
# through the real window (tauri-driver + WebKitWebDriver under Xvfb).
# Installs what the tests need first. Screenshots: target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --quiet --workspace
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --no-fail-fast "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
echo
echo "all tests: ${passed} passed, ${failed} failed"
exit "$status"
