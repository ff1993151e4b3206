#!/usr/bin/env bash
# Point-in-time recovery: builds a NEW data directory holding the cluster as it was at an
# instant, from a base backup (base-backup.sh) and the archived WAL (wal-archive.sh).
#
#   pitr-restore.sh --target-time '2026-11-26 14:05:00+00' --data-dir /var/lib/postgresql/restored \
#                   [--base /backups/base/20261126T023000Z] [--wal-archive /backups/wal] \
#                   [--port 5433 --start] [--keep-archiving]
#
# Run it as the operating-system user that runs PostgreSQL (the data directory must be its own).
# Steps: picks the newest base backup that ended before the target (or --base), unpacks it and
# its WAL into --data-dir (which must not exist or be empty), asks for recovery up to
# --target-time (`recovery_target_time`, then promote: the restored server takes writes on a
# new timeline), and turns archiving off in the copy so it never writes into the live archive —
# unless --keep-archiving. With --start it starts the server on --port, waits until recovery has
# reached the target and the server is promoted, and leaves it running; without, start it
# yourself (pg_ctl -D <dir> start) and watch its log for "recovery stopping before commit".
# A target the archive cannot reach (after its last WAL) makes PostgreSQL stop with
# "recovery ended before configured recovery target was reached": nothing is silently short.
# Settings: BACKUP_DIR, WAL_ARCHIVE_DIR, PG_BIN (see lib.sh).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

target_time='' data_dir='' base_backup='' port='' start=no keep_archiving=no
while [ $# -gt 0 ]; do
  case $1 in
  --target-time) target_time=$2; shift 2 ;;
  --data-dir) data_dir=$2; shift 2 ;;
  --base) base_backup=$2; shift 2 ;;
  --wal-archive) WAL_ARCHIVE_DIR=$2; shift 2 ;;
  --port) port=$2; shift 2 ;;
  --start) start=yes; shift ;;
  --keep-archiving) keep_archiving=yes; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument $1 (see --help)" ;;
  esac
done
[ -n "$target_time" ] || die "--target-time is required (e.g. '2026-11-26 14:05:00+00')"
[ -n "$data_dir" ] || die "--data-dir is required"
target_epoch=$(date -u -d "$target_time" +%s) || die "--target-time '$target_time' is not a time date(1) reads"
[ -d "$WAL_ARCHIVE_DIR" ] || die "no WAL archive at $WAL_ARCHIVE_DIR"
if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir")" ]; then
  die "$data_dir is not empty: restore into a new directory"
fi
[ "$start" = no ] || [ -n "$port" ] || die "--start needs --port"

if [ -z "$base_backup" ]; then
  # The newest backup that had ended by the target: recovery cannot stop before a backup's end.
  for candidate in $(find "$BACKUP_DIR/base" -mindepth 1 -maxdepth 1 -type d ! -name '*.partial' | sort -r); do
    if [ -f "$candidate/FINISHED_AT" ] && [ "$(cat "$candidate/FINISHED_AT")" -le "$target_epoch" ]; then
      base_backup=$candidate
      break
    fi
  done
  [ -n "$base_backup" ] || die "no base backup in $BACKUP_DIR/base ended before $target_time"
fi
[ -f "$base_backup/base.tar.gz" ] || die "$base_backup has no base.tar.gz"
log "restoring $base_backup to $target_time into $data_dir"

mkdir -p "$data_dir"
chmod 700 "$data_dir"
tar -xzf "$base_backup/base.tar.gz" -C "$data_dir"
mkdir -p "$data_dir/pg_wal"
[ ! -f "$base_backup/pg_wal.tar.gz" ] || tar -xzf "$base_backup/pg_wal.tar.gz" -C "$data_dir/pg_wal"
# A Debian cluster keeps its configuration in /etc/postgresql, outside the backup.
if [ ! -f "$data_dir/postgresql.conf" ]; then
  log "the backup holds no postgresql.conf (Debian keeps it in /etc): writing a minimal one"
  printf "listen_addresses = 'localhost'\n" >"$data_dir/postgresql.conf"
  [ -f "$data_dir/pg_hba.conf" ] || printf 'local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$data_dir/pg_hba.conf"
fi
{
  echo "# pitr-restore.sh $(date -u +%Y-%m-%dT%H:%M:%SZ): from $base_backup"
  echo "restore_command = 'cp \"$WAL_ARCHIVE_DIR/%f\" \"%p\"'"
  echo "recovery_target_time = '$target_time'"
  echo "recovery_target_action = 'promote'"
  if [ "$keep_archiving" = no ]; then echo "archive_mode = 'off'"; fi
} >>"$data_dir/postgresql.auto.conf"
touch "$data_dir/recovery.signal"

if [ "$start" = yes ]; then
  PG_CTL=$(pg_program pg_ctl)
  PSQL=$(pg_program psql)
  log "starting the restored server on port $port"
  "$PG_CTL" -D "$data_dir" -l "$data_dir/restore.log" -w -t 300 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data_dir" start ||
    { tail -n 20 "$data_dir/restore.log" >&2; die "the restored server did not start"; }
  for _ in $(seq 300); do
    if [ "$("$PSQL" -X -h 127.0.0.1 -p "$port" -d postgres -Atc 'select pg_is_in_recovery()' 2>/dev/null)" = f ]; then
      log "recovered to $target_time and promoted; serving on port $port"
      grep -E 'recovery stopping|last completed transaction' "$data_dir/restore.log" >&2 || true
      exit 0
    fi
    sleep 1
  done
  tail -n 20 "$data_dir/restore.log" >&2
  die "recovery did not finish"
fi
log "ready: start it with pg_ctl -D $data_dir start (it recovers to $target_time, then promotes)"
