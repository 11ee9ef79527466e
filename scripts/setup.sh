#!/usr/bin/env bash
# Installs what Overdue needs on Debian/Ubuntu, skipping what is already there.
#   scripts/setup.sh app    — to build and run the app
#   scripts/setup.sh test   — also what the tests need (Xvfb, WebKitWebDriver,
#                             tauri-driver, poppler, imagemagick)
set -euo pipefail

want="${1:-app}"
app_pkgs=(libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev pkg-config)
test_pkgs=(xvfb webkit2gtk-driver poppler-utils imagemagick zbar-tools python3 python3-pip)

pkgs=("${app_pkgs[@]}")
if [ "$want" = "test" ]; then pkgs+=("${test_pkgs[@]}"); fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "error: Rust is not installed. Install it from your package manager or rustup, then run this again." >&2
    exit 1
  fi
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: these system packages are missing and apt-get is not available: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$want" = "test" ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "Installing tauri-driver (cargo install, about a minute)"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

# The email tests run a real SMTP server (aiosmtpd) on 127.0.0.1.
if [ "$want" = "test" ] && ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  echo "Installing aiosmtpd (Python) for the email tests"
  python3 -m pip install -q aiosmtpd 2>/dev/null || python3 -m pip install -q --break-system-packages aiosmtpd
fi
