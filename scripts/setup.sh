#!/usr/bin/env bash
# Makes PostgreSQL (with pgvector) and Redis available for Cria, idempotently.
# - Reuses servers that already listen; otherwise installs them from the distribution's packages and
#   starts them without systemd. Builds pgvector from Debian's source package when no binary package exists.
# - Leaves the machine alone when DATABASE_URL / REDIS_URL point at another host.
# - Where it cannot install (not Debian-like, not root), says exactly what is needed and exits non-zero.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
[ -f .env ] && set -a && . ./.env && set +a

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cria}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PG_VERSION_WANTED=15

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

url_host() { node -e 'const u=new URL(process.argv[1]);console.log(u.hostname.replace(/^\[|\]$/g,"")||"127.0.0.1")' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]);console.log(u.port||process.argv[2])' "$1" "$2"; }
is_local() { case "$1" in 127.*|localhost|::1|"") return 0 ;; *) return 1 ;; esac; }
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

PG_HOST=$(url_host "$DATABASE_URL"); PG_PORT=$(url_port "$DATABASE_URL" 5432)
REDIS_HOST=$(url_host "$REDIS_URL"); REDIS_PORT=$(url_port "$REDIS_URL" 6379)

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
cannot_install() {
  fail "$1 is not running on $2 and this script cannot install it here (it needs root and apt-get).
  Install and start it yourself, then run this again:
    - PostgreSQL ${PG_VERSION_WANTED}+ with the pgvector extension (https://github.com/pgvector/pgvector), reachable as DATABASE_URL
    - Redis 7, reachable as REDIS_URL
  Or point DATABASE_URL / REDIS_URL (in .env) at servers you already run."
}

# ---------------------------------------------------------------- PostgreSQL
pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

start_postgres() {
  local version; version=$(pg_cluster_version)
  [ -n "$version" ] || fail "PostgreSQL is installed but has no cluster in /etc/postgresql"
  pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$version" main start
}

install_postgres() {
  say "installing PostgreSQL from the distribution's packages…"
  if apt-cache policy "postgresql-${PG_VERSION_WANTED}" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install "postgresql-${PG_VERSION_WANTED}" postgresql-contrib
  else
    apt_install postgresql postgresql-contrib
  fi
  local version; version=$(pg_cluster_version)
  # The contract's default URL has no password: let local TCP connections of the postgres user in, as on
  # a fresh developer machine. Set DATABASE_URL with a password for anything shared.
  local hba="/etc/postgresql/${version}/main/pg_hba.conf"
  if ! grep -q 'cria: local trust' "$hba"; then
    sed -i '0,/^host/s//# cria: local trust for the default DATABASE_URL\nhost    all    postgres    127.0.0.1\/32    trust\nhost    all    postgres    ::1\/128    trust\nhost/' "$hba"
  fi
  start_postgres
}

# A package upgrade underneath a running server breaks new connections (plpgsql.so: undefined symbol).
restart_postgres_if_upgraded() {
  local version; version=$(pg_cluster_version)
  [ -n "$version" ] && [ -x "/usr/lib/postgresql/${version}/bin/postgres" ] || return 0
  local installed running
  installed=$("/usr/lib/postgresql/${version}/bin/postgres" --version | awk '{print $3}')
  running=$(psql "$DATABASE_URL_ADMIN" -Atc 'SHOW server_version' 2>/dev/null | awk '{print $1}' || true)
  if [ -n "$running" ] && [ "$running" != "$installed" ]; then
    say "PostgreSQL was upgraded underneath the running server ($running → $installed): restarting it"
    pg_ctlcluster "$version" main restart 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  fi
}

have_pgvector() {
  [ "$(psql "$DATABASE_URL_ADMIN" -Atc "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'" 2>/dev/null)" = 1 ]
}

# Debian 12 packages no pgvector for PostgreSQL 15; Debian 13 has its source. Build it from there, using
# the mirror this machine already uses, through a private source list (the system's lists stay as they are).
build_pgvector_from_source() {
  local version=$1 work=/var/cache/cria-pgvector
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || fail "cannot find this machine's Debian mirror to fetch pgvector's source"
  say "building pgvector for PostgreSQL ${version} from Debian's source package (about a minute the first time)…"
  apt_install "postgresql-server-dev-${version}" make gcc dpkg-dev libc6-dev
  restart_postgres_if_upgraded
  mkdir -p "$work/lists/partial" "$work/src"
  echo "deb-src [trusted=yes] ${mirror} trixie main" > "$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq >/dev/null
  (cd "$work/src" && rm -rf pgvector-* && apt-get "${apt_opts[@]}" source -qq --download-only pgvector >/dev/null \
    && dpkg-source -x --no-check ./pgvector_*.dsc >/dev/null)
  local dir; dir=$(find "$work/src" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [ -n "$dir" ] || fail "could not unpack pgvector's source"
  make -C "$dir" -s PG_CONFIG="/usr/lib/postgresql/${version}/bin/pg_config" OPTFLAGS="" with_llvm=no >/dev/null
  make -C "$dir" -s PG_CONFIG="/usr/lib/postgresql/${version}/bin/pg_config" OPTFLAGS="" with_llvm=no install >/dev/null
}

ensure_pgvector() {
  have_pgvector && return 0
  is_local "$PG_HOST" || fail "the PostgreSQL server at $PG_HOST lacks the pgvector extension: install it there"
  can_install || fail "PostgreSQL lacks the pgvector extension: install postgresql-<version>-pgvector (or build it from https://github.com/pgvector/pgvector) and run this again"
  local version; version=$(pg_cluster_version)
  if apt-cache policy "postgresql-${version}-pgvector" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install "postgresql-${version}-pgvector"
  else
    build_pgvector_from_source "$version"
  fi
  have_pgvector || fail "pgvector was installed but PostgreSQL does not list it"
  say "pgvector ready"
}

DATABASE_URL_ADMIN=$(node -e 'const u=new URL(process.argv[1]);u.pathname="/postgres";console.log(u.toString())' "$DATABASE_URL")

if listening "$PG_HOST" "$PG_PORT"; then
  is_local "$PG_HOST" && restart_postgres_if_upgraded
elif ! is_local "$PG_HOST"; then
  fail "PostgreSQL at $PG_HOST:$PG_PORT does not answer (DATABASE_URL points at another host: start it there)"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(pg_cluster_version)" ]; then
  say "starting PostgreSQL…"; start_postgres
elif can_install; then
  install_postgres
else
  cannot_install PostgreSQL "$PG_HOST:$PG_PORT"
fi
for _ in $(seq 1 30); do psql "$DATABASE_URL_ADMIN" -Atc 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
psql "$DATABASE_URL_ADMIN" -Atc 'SELECT 1' >/dev/null 2>&1 || fail "PostgreSQL listens on $PG_HOST:$PG_PORT but refuses $DATABASE_URL_ADMIN"
command -v psql >/dev/null || fail "psql is missing (install postgresql-client)"
ensure_pgvector

# ---------------------------------------------------------------- Redis
if listening "$REDIS_HOST" "$REDIS_PORT"; then
  :
elif ! is_local "$REDIS_HOST"; then
  fail "Redis at $REDIS_HOST:$REDIS_PORT does not answer (REDIS_URL points at another host: start it there)"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    can_install || cannot_install Redis "$REDIS_HOST:$REDIS_PORT"
    say "installing Redis from the distribution's packages…"
    apt_install redis-server
  fi
  say "starting Redis…"
  # Postgres is the source of truth: a Redis restart loses queued jobs, and the reconciler re-enqueues them.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >/dev/null
  for _ in $(seq 1 20); do listening "$REDIS_HOST" "$REDIS_PORT" && break; sleep 0.25; done
  listening "$REDIS_HOST" "$REDIS_PORT" || fail "Redis did not start on $REDIS_HOST:$REDIS_PORT"
fi

say "PostgreSQL (with pgvector) and Redis are ready"
