#!/usr/bin/env bash
# A base backup of the whole PostgreSQL cluster for point-in-time recovery: with the WAL archived
# since (wal-archive.sh as the server's archive_command), pitr-restore.sh brings it to any instant
# after the backup ended.
#
#   base-backup.sh
#
# Needs a role with REPLICATION (or a superuser) and a pg_hba.conf line allowing it to connect
# for replication (deploy/backup/initdb adds one to the Compose server). Writes
# $BACKUP_DIR/base/<UTC time>/ with base.tar.gz, pg_wal.tar.gz (the WAL of the backup itself,
# streamed: the backup restores alone), backup_manifest, START_WAL (the first segment it needs)
# and FINISHED_AT (seconds since the epoch, rounded up: the earliest instant it can restore to).
# Retention: keeps the newest $KEEP_BASE_BACKUPS backups, then deletes the archived WAL older
# than the oldest backup kept (pg_archivecleanup) — point-in-time recovery reaches back to that
# backup's end. Settings: see lib.sh.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
require_count KEEP_BASE_BACKUPS "$KEEP_BASE_BACKUPS"

PG_BASEBACKUP=$(pg_program pg_basebackup)
PG_ARCHIVECLEANUP=$(pg_program pg_archivecleanup)

base="$BACKUP_DIR/base"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$base/$stamp"
mkdir -p "$base"
[ ! -e "$target" ] || die "$target already exists"
rm -rf "$target.partial"

log "base backup into $target"
"$PG_BASEBACKUP" -D "$target.partial" -Ft -z -X stream --checkpoint=fast --no-password \
  -l "comptoir base backup $stamp"
echo $(($(date -u +%s) + 1)) >"$target.partial/FINISHED_AT"
# The backup's first WAL segment, from its backup_label: "START WAL LOCATION: 0/2000028 (file 00…02)".
tar -xzOf "$target.partial/base.tar.gz" backup_label |
  sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\))$/\1/p' >"$target.partial/START_WAL"
[ -s "$target.partial/START_WAL" ] || die "no START WAL LOCATION in the backup's backup_label"
mv "$target.partial" "$target"
log "base backup $target: $(du -sh "$target" | cut -f1), starts at WAL $(cat "$target/START_WAL")"

prune_oldest "$base" "$KEEP_BASE_BACKUPS"
oldest=$(find "$base" -mindepth 1 -maxdepth 1 -type d ! -name '*.partial' -printf '%f\n' | sort | head -n 1)
if [ -n "$oldest" ] && [ -d "$WAL_ARCHIVE_DIR" ]; then
  log "retention: removing archived WAL before $(cat "$base/$oldest/START_WAL") (needed by $oldest)"
  "$PG_ARCHIVECLEANUP" "$WAL_ARCHIVE_DIR" "$(cat "$base/$oldest/START_WAL")"
fi
