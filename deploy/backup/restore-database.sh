#!/usr/bin/env bash
# Restores one database from a dump made by dump-databases.sh, into a NEW database by default,
# so the live one is untouched until you choose to switch.
#
#   restore-database.sh <file.dump> [target database] [--replace]
#
#   restore-database.sh /backups/dumps/daily/20261126T023000Z/comptoir_ordering.dump comptoir_ordering_restored
#   # stop ordering's replicas first, then:
#   restore-database.sh /backups/dumps/daily/20261126T023000Z/comptoir_ordering.dump comptoir_ordering --replace
#
# The target defaults to the dump's database name. An existing target is refused unless
# --replace, which drops it (disconnecting its sessions) before restoring. The restore runs
# with --exit-on-error: a dump that does not restore whole leaves a failed run, never a half
# database passed as good. Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (see lib.sh).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

replace=no
args=()
for arg in "$@"; do
  case $arg in
  --replace) replace=yes ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *) args+=("$arg") ;;
  esac
done
[ "${#args[@]}" -ge 1 ] || die "usage: restore-database.sh <file.dump> [target database] [--replace]"
dump=${args[0]}
[ -f "$dump" ] || die "no dump file $dump"
target=${args[1]:-$(basename "$dump" .dump)}
[[ $target =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name '$target': use lower-case letters, digits and _"

PSQL=$(pg_program psql)
PG_RESTORE=$(pg_program pg_restore)
psql_admin() { "$PSQL" -X -v ON_ERROR_STOP=1 -q -d postgres "$@"; }

"$PG_RESTORE" --list "$dump" >/dev/null || die "$dump is not a readable custom-format dump"
exists=$(psql_admin -Atc "select 1 from pg_database where datname = '$target'")
if [ "$exists" = 1 ]; then
  [ "$replace" = yes ] || die "database $target exists: name another target, or pass --replace to drop it first"
  log "dropping $target (--replace)"
  psql_admin -c "drop database \"$target\" with (force)"
fi
log "restoring $dump into $target"
psql_admin -c "create database \"$target\" template template0"
"$PG_RESTORE" --exit-on-error --no-password -d "$target" "$dump"
log "restored $target: $(psql_admin -d "$target" -Atc "select count(*) from pg_stat_user_tables") tables"
