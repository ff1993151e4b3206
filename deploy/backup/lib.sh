# Shared by the backup scripts (sourced, not run): settings with their defaults, logging, and
# finding the PostgreSQL client programs. Every setting is an environment variable:
#
#   PGHOST PGPORT PGUSER PGPASSWORD   the server, as libpq reads them (PGPASSWORD or ~/.pgpass)
#   BACKUP_DIR         where dumps and base backups go                        (/backups)
#   WAL_ARCHIVE_DIR    where the server's archive_command puts WAL segments   ($BACKUP_DIR/wal)
#   DATABASES          the databases to dump, space-separated   (every comptoir_* on the server)
#   KEEP_DAILY         daily dump sets kept                                   (7)
#   KEEP_WEEKLY        weekly dump sets kept (the first set of each ISO week)  (4)
#   KEEP_BASE_BACKUPS  base backups kept; WAL older than the oldest is deleted (2)
#   PG_BIN             folder of pg_ctl & co when they are not on PATH (Debian: /usr/lib/postgresql/N/bin)

BACKUP_DIR=${BACKUP_DIR:-/backups}
WAL_ARCHIVE_DIR=${WAL_ARCHIVE_DIR:-$BACKUP_DIR/wal}
KEEP_DAILY=${KEEP_DAILY:-7}
KEEP_WEEKLY=${KEEP_WEEKLY:-4}
KEEP_BASE_BACKUPS=${KEEP_BASE_BACKUPS:-2}

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(basename "$0")" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# A positive integer setting, or stop: a typo in a retention count must not delete everything.
require_count() {
  local name=$1 value=$2
  [[ $value =~ ^[1-9][0-9]*$ ]] || die "$name must be a whole number of 1 or more (got '$value')"
}

# The PostgreSQL programs: PG_BIN, else PATH, else the newest Debian server package's.
pg_program() {
  local name=$1 dir
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/$name" ]; then
    echo "$PG_BIN/$name"
    return
  fi
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/$name" ] || die "$name not found: install the PostgreSQL client or set PG_BIN"
  echo "$dir/$name"
}

# Keeps the newest $2 entries (by name, which starts with a UTC timestamp) of folder $1.
prune_oldest() {
  local dir=$1 keep=$2 old
  [ -d "$dir" ] || return 0
  find "$dir" -mindepth 1 -maxdepth 1 -type d ! -name '*.partial' -printf '%f\n' | sort -r |
    tail -n +"$((keep + 1))" | while read -r old; do
    log "retention: removing $dir/$old"
    rm -rf -- "${dir:?}/$old"
  done
}
