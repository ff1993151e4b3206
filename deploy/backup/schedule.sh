#!/usr/bin/env bash
# The backup sidecar's loop (deploy/compose service `backup`): every day at $BACKUP_AT (UTC,
# HH:MM, default 02:30) a dump of every service database (dump-databases.sh), then a base
# backup with WAL retention (base-backup.sh). BACKUP_ON_START=true also runs once at start (so
# a fresh stack has a base backup for point-in-time recovery at once).
#
# The outcome is kept in $BACKUP_DIR/last-success and $BACKUP_DIR/last-failure (a time and a
# line); the container's healthcheck fails while last-failure exists, so a failing backup
# shows as an unhealthy container (docker ps, and whatever watches it).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
BACKUP_AT=${BACKUP_AT:-02:30}
[[ $BACKUP_AT =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || die "BACKUP_AT must be HH:MM (got '$BACKUP_AT')"
mkdir -p "$BACKUP_DIR"

run_backups() {
  log "backup run starting"
  if bash "$here/dump-databases.sh" && bash "$here/base-backup.sh"; then
    date -u +%Y-%m-%dT%H:%M:%SZ >"$BACKUP_DIR/last-success"
    rm -f "$BACKUP_DIR/last-failure"
    log "backup run done"
  else
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup run failed: see this container's log" >"$BACKUP_DIR/last-failure"
    log "backup run FAILED"
  fi
}

seconds_until() {
  local now next
  now=$(date -u +%s)
  next=$(date -u -d "today $1" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $1" +%s)
  echo $((next - now))
}

trap 'log "stopping"; exit 0' TERM INT
[ "${BACKUP_ON_START:-false}" != true ] || run_backups
while true; do
  wait_s=$(seconds_until "$BACKUP_AT")
  log "next backup run at $BACKUP_AT UTC (in ${wait_s}s)"
  # In the background, so a stop signal is handled at once rather than after the sleep.
  sleep "$wait_s" &
  wait $!
  run_backups
done
