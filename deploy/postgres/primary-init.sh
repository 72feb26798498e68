#!/bin/sh
# Run once by the PostGIS image when the primary's data directory is first created
# (/docker-entrypoint-initdb.d): a role for the streaming replicas, and their pg_hba entry.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
