#!/usr/bin/env bash
# Full logical backup of every service database: one `pg_dump -Fc` file per database (each
# consistent on its own, restorable alone with restore-database.sh, readable by a newer server),
# plus the roles (`pg_dumpall --globals-only`, without passwords).
#
#   dump-databases.sh                 # every comptoir_* database on $PGHOST
#   DATABASES="comptoir_ordering comptoir_payments" dump-databases.sh
#
# Layout: $BACKUP_DIR/dumps/daily/<UTC time>/<database>.dump, and the first set of each ISO week
# also under $BACKUP_DIR/dumps/weekly/<year>-W<week>/ (hard links: no second copy on disk).
# Retention: the newest $KEEP_DAILY daily sets and $KEEP_WEEKLY weekly sets are kept. A set is
# written to <name>.partial and renamed when whole, so a failed run never counts as a backup.
# Settings: see lib.sh. Exits non-zero if any database could not be dumped.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
require_count KEEP_DAILY "$KEEP_DAILY"
require_count KEEP_WEEKLY "$KEEP_WEEKLY"

PG_DUMP=$(pg_program pg_dump)
PG_DUMPALL=$(pg_program pg_dumpall)
PG_RESTORE=$(pg_program pg_restore)
PSQL=$(pg_program psql)

if [ -z "${DATABASES:-}" ]; then
  # Each service creates its own database at start (comptoir_<service>): new services are picked up.
  DATABASES=$("$PSQL" -X -d postgres -Atc \
    "select datname from pg_database where datname like 'comptoir\_%' and not datistemplate order by 1")
fi
[ -n "$DATABASES" ] || die "no database to dump (no comptoir_* database on the server; set DATABASES)"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
daily="$BACKUP_DIR/dumps/daily"
target="$daily/$stamp"
mkdir -p "$daily" "$BACKUP_DIR/dumps/weekly"
[ ! -e "$target" ] || die "$target already exists"
rm -rf "$target.partial"
mkdir -p "$target.partial"

for database in $DATABASES; do
  log "dumping $database"
  "$PG_DUMP" -Fc --compress=6 -d "$database" -f "$target.partial/$database.dump"
  # A dump whose table of contents cannot be read is not a backup.
  "$PG_RESTORE" --list "$target.partial/$database.dump" >/dev/null
done
"$PG_DUMPALL" --globals-only --no-role-passwords -f "$target.partial/globals.sql"
mv "$target.partial" "$target"
log "daily set $target: $(ls "$target" | wc -l) files, $(du -sh "$target" | cut -f1)"

week="$BACKUP_DIR/dumps/weekly/$(date -u +%G-W%V)"
if [ ! -d "$week" ]; then
  cp -al "$target" "$week.partial" && mv "$week.partial" "$week"
  log "weekly set $week"
fi

prune_oldest "$daily" "$KEEP_DAILY"
prune_oldest "$BACKUP_DIR/dumps/weekly" "$KEEP_WEEKLY"
