#!/usr/bin/env bash
# `npm start`: everything from nothing to a running Cria (api + worker in one process).
# Installs dependencies if missing, makes Postgres (+pgvector) and Redis available, builds, migrates,
# seeds the demo business on an empty database, uses the demo model when no MODEL_PATH is set, then runs
# Cria and prints where to log in.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[cria]\033[0m %s\n' "$*"; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Cria needs Node.js 20.19 or newer (found $(node -v))." >&2; exit 1; }

stamp=node_modules/.cria-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing dependencies (first run: a few minutes)…"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

bash scripts/setup.sh

say "building…"
npm run --silent build

say "migrating the database…"
node dist/scripts/migrate.js run
node dist/scripts/seed.js

exec node dist/scripts/start.js
