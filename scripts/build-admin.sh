#!/usr/bin/env bash
# Builds the admin panel (apps/admin → apps/admin/dist, served by the api at /), only when its sources
# changed since the last build. `--force` rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

index=apps/admin/dist/index.html
if [ "${1:-}" != "--force" ] && [ -f "$index" ] &&
  [ -z "$(find apps/admin/src apps/admin/index.html apps/admin/vite.config.ts -newer "$index" -print -quit)" ]; then
  exit 0
fi
echo "[admin] building the admin panel…"
VITE_CONFIG_NATIVE_IGNORE_WARNING=true npx --no-install vite build --config apps/admin/vite.config.ts --logLevel warn
