#!/usr/bin/env bash
# CI: the backup and restore drill. On a PostgreSQL cluster of its own (initdb into a temporary
# folder, a free port, archive_mode=on with deploy/backup/wal-archive.sh as archive_command;
# the machine's server on 5432 is never touched), with the services' real schemas (their
# migrations, run by the kit's migrate-only code):
#
#   base backup → phase A rows → base backup (base-backup.sh: the first one and its WAL retired)
#   + dumps (dump-databases.sh, daily retention)
#   → phase B rows → the instant T → phase C rows → WAL switched and archived
#   → pitr-restore.sh to T into a new data directory, started on another port:
#     exactly the rows of phases A and B, stock = sum of movements, every paid order paid
#   → restore-database.sh of the dumps into fresh databases: exactly phase A, same invariants.
#
# Rows are stock received and taken by sales, through inventory's own routes, cash and card
# payments through payments' own routes (both services built in-process on the drill's cluster),
# and the completed sales and paid online orders they belong to, in ordering's schema by SQL;
# the ledger of what was written lives in a file, not in the database under test.
# Prints "expected N, found N" per table. Exits non-zero on any mismatch. Cleans up (trap).
# The database runs as the `postgres` OS user (CI runs as root; initdb refuses root).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "no PostgreSQL server programs (/usr/lib/postgresql/*/bin/initdb): install Debian's postgresql" >&2
  exit 1
fi
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') from $pg_bin"

as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else sudo -u postgres "$@"; fi
}
free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

work=$(mktemp -d /tmp/comptoir-backup-drill.XXXXXX)
chmod 755 "$work"
cleanup() {
  local status=$?
  for data in "$work/primary" "$work/restored"; do
    if [ -f "$data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work" 2>/dev/null || sudo rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

# The scripts under test, where the postgres user can run them (the checkout may be private).
mkdir -p "$work/bin" "$work/backups/wal"
cp "$repo"/deploy/backup/*.sh "$work/bin/"
chmod 755 "$work/bin"/*.sh
# The cluster's files and the backups are the postgres user's (sudo on a runner that is not root).
if [ "$(id -un)" != postgres ]; then
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$work"; else sudo chown -R postgres: "$work"; fi
fi
# The ledger of what was written: the drill's own, next to the cluster but not the cluster's.
mkdir -p "$work/ledger" 2>/dev/null || { sudo mkdir -p "$work/ledger"; sudo chown "$(id -u)" "$work/ledger"; }
ledger="$work/ledger/ledger.json"

primary_port=$(free_port)
restored_port=$(free_port)
while [ "$restored_port" = "$primary_port" ]; do restored_port=$(free_port); done
primary_url="postgres://postgres@127.0.0.1:$primary_port/postgres"
restored_url="postgres://postgres@127.0.0.1:$restored_port/postgres"
backup_env=(env PG_BIN="$pg_bin" PGHOST=127.0.0.1 PGPORT="$primary_port" PGUSER=postgres
  BACKUP_DIR="$work/backups" WAL_ARCHIVE_DIR="$work/backups/wal" KEEP_DAILY=1 KEEP_WEEKLY=1 KEEP_BASE_BACKUPS=1)
psql_primary() { as_pg "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$primary_port" -d postgres -v ON_ERROR_STOP=1 -At "$@"; }
drill() { npx --no-install tsx scripts/ci/backup-drill/drill.ts "$@"; }

echo "== a cluster of the drill's own on port $primary_port, archiving WAL"
as_pg "$pg_bin/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$work/primary/postgresql.conf" <<CONF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
timezone = 'UTC'
wal_level = replica
archive_mode = on
archive_command = '$work/bin/wal-archive.sh %p %f $work/backups/wal'
max_wal_senders = 4
fsync = off
CONF
as_pg "$pg_bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
drill migrate "$primary_url"

echo "== a first base backup, phase A, then a second base backup and the dumps"
as_pg "${backup_env[@]}" "$work/bin/base-backup.sh"
first_wal=$(cat "$work"/backups/base/*/START_WAL)
sleep 1
drill write "$primary_url" "$ledger" A
as_pg "${backup_env[@]}" "$work/bin/base-backup.sh"
# Retention (KEEP_BASE_BACKUPS=1): the first backup is gone, and with it the WAL only it needed.
bases=$(find "$work/backups/base" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$bases" -eq 1 ] || { echo "retention kept $bases base backups, wanted 1" >&2; exit 1; }
kept_from=$(cat "$work"/backups/base/*/START_WAL)
oldest_wal=$(find "$work/backups/wal" -maxdepth 1 -name '[0-9A-F]*' -printf '%f\n' | grep -E '^[0-9A-F]{24}$' | sort | head -n 1)
if [ -e "$work/backups/wal/$first_wal" ] || [[ $oldest_wal < $kept_from ]]; then
  echo "WAL retention: $oldest_wal is still archived, but the kept base backup starts at $kept_from" >&2
  exit 1
fi
echo "  base backup retention: 1 kept, archived WAL from $oldest_wal (the kept backup starts at $kept_from)"
as_pg "${backup_env[@]}" "$work/bin/dump-databases.sh"
# A second dump run: retention (KEEP_DAILY=1) must leave one set, the newest.
sleep 1
as_pg "${backup_env[@]}" "$work/bin/dump-databases.sh"
sets=$(ls "$work/backups/dumps/daily" | wc -l)
[ "$sets" -eq 1 ] || { echo "retention kept $sets daily sets, wanted 1" >&2; exit 1; }
dumps=$(find "$work/backups/dumps/daily" -mindepth 1 -maxdepth 1 -type d)
echo "  dumps: $(ls "$dumps" | tr '\n' ' ')"

echo "== phase B, the instant T, phase C"
# The restore picks the newest base backup that had ended by T: let the clock pass its end.
sleep 2
drill write "$primary_url" "$ledger" B
target=$(psql_primary -c "select clock_timestamp()")
echo "  T = $target"
drill write "$primary_url" "$ledger" C
# Close the current WAL segment and wait for the archive to hold it: phase C's commits are what
# tells recovery it has passed T.
last=$(psql_primary -c "select pg_walfile_name(pg_switch_wal())")
for _ in $(seq 60); do
  [ -f "$work/backups/wal/$last" ] && break
  sleep 1
done
[ -f "$work/backups/wal/$last" ] || { echo "WAL segment $last was not archived" >&2; tail -n 20 "$work/primary.log" >&2; exit 1; }
echo "  archived up to $last ($(ls "$work/backups/wal" | wc -l) files in the archive)"
# The live cluster holds all three phases: the ledger and the check agree before any restore.
drill verify "$primary_url" "$ledger" A,B,C

echo "== point-in-time recovery to T into a new data directory, on port $restored_port"
as_pg "${backup_env[@]}" "$work/bin/pitr-restore.sh" --target-time "$target" \
  --data-dir "$work/restored" --port "$restored_port" --start
drill verify "$restored_url" "$ledger" A,B

echo "== the dumps (taken after phase A) restored into fresh databases"
for service in inventory ordering payments; do
  as_pg "${backup_env[@]}" "$work/bin/restore-database.sh" "$dumps/comptoir_$service.dump" "comptoir_${service}_fromdump"
done
drill verify "$primary_url" "$ledger" A _fromdump

echo "backup and restore drill: passed"
