#!/usr/bin/env bash
# Runs Overdue: installs missing system packages, builds (release), opens the
# window on the default database in your app-data folder. Extra arguments go
# to the app, e.g. scripts/run.sh --db ~/other.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
export PATH="$HOME/.cargo/bin:$PATH"
echo "Building Overdue (the first build takes a few minutes)…"
cargo build --release -p overdue-cli -p overdue --features overdue/custom-protocol
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "note: no graphical display (DISPLAY/WAYLAND_DISPLAY unset): the window needs your desktop session." >&2
  echo "      The command line works anywhere: target/release/overdue --help" >&2
fi
exec target/release/overdue "$@"
