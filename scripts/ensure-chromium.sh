#!/usr/bin/env bash
# Makes a Chromium available for the browser tests (test/browser), idempotently: reuses /usr/bin/chromium
# (or CHROMIUM_PATH) when present; otherwise installs Debian's `chromium` package (needs root and
# apt-get). `npx playwright install` cannot download browsers on these machines; playwright-core drives
# the system one. Where it cannot install, it says what is needed and exits non-zero.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
say() { printf '\033[1;34m[chromium]\033[0m %s\n' "$*"; }

if [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian's chromium for the browser tests (about a minute)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$CHROMIUM_PATH" ] || { say "chromium installed but $CHROMIUM_PATH is missing: set CHROMIUM_PATH"; exit 1; }
  say "chromium ready: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
  exit 0
fi
printf '\033[1;31m[chromium]\033[0m %s\n' "No Chromium at $CHROMIUM_PATH and this script cannot install one (it needs root and apt-get).
  Install Chromium or Chrome yourself and point CHROMIUM_PATH at it; the browser tests skip without one." >&2
exit 1
