#!/usr/bin/env bash
# `npm test`: the whole check a fresh machine (and CI) runs: services, lint, types, then every test file
# (unit specs, integration on real Postgres/Redis, end-to-end over real HTTP). Ends with the runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.cria-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "[test] installing dependencies…"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

bash scripts/setup.sh
# The browser tests drive Debian's Chromium (installed here when missing) against the built admin panel.
bash scripts/ensure-chromium.sh
bash scripts/build-admin.sh

echo "[test] lint…"
npx --no-install eslint --max-warnings=0 .
npx --no-install prettier --check --log-level=warn .
echo "[test] type check…"
npx --no-install tsc --noEmit -p .
npx --no-install tsc --noEmit -p apps/admin

node --require ./scripts/register.js scripts/prepare-test-db.ts
node --require ./scripts/register.js scripts/run-tests.ts "$@"
