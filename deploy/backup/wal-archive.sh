#!/bin/sh
# PostgreSQL's archive_command: copies one finished WAL segment into the archive, durably.
# POSIX sh, for it runs inside the database server's container (postgres:*-alpine has no bash).
#
#   archive_command = 'sh /backup/wal-archive.sh %p %f /wal-archive'
#
# Writes to a temporary name, syncs, then renames, so a crash never leaves a truncated segment
# under its real name. A segment already archived with the same bytes is success (a retry after
# a crash between copy and acknowledgement); with different bytes it is a failure, and
# PostgreSQL keeps the segment and retries, as its documentation asks of an archive command.
# Archive folder: third argument, else $WAL_ARCHIVE_DIR.
set -eu
path=$1
name=$2
archive=${3:-${WAL_ARCHIVE_DIR:?give the archive folder as third argument or WAL_ARCHIVE_DIR}}

if [ -f "$archive/$name" ]; then
  if cmp -s "$path" "$archive/$name"; then exit 0; fi
  echo "wal-archive: $archive/$name exists with other content; refusing to overwrite" >&2
  exit 1
fi
tmp="$archive/.$name.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cp "$path" "$tmp"
sync "$tmp" 2>/dev/null || sync
mv "$tmp" "$archive/$name"
trap - EXIT
# The rename itself, on disk before PostgreSQL is told the segment is safe.
sync "$archive" 2>/dev/null || sync
