#!/bin/sh
# Run once by the postgres image when it creates the cluster (/docker-entrypoint-initdb.d):
# lets the Comptoir role connect for replication over the network, which pg_basebackup needs
# (the image's own pg_hba.conf line covers databases, not replication). A cluster created
# before this file was mounted needs the same line added by hand, then a reload.
set -eu
echo "host replication ${POSTGRES_USER:-postgres} all scram-sha-256" >>"$PGDATA/pg_hba.conf"
