#!/bin/sh
# A streaming replica: on first start, copy the primary with pg_basebackup -R (which writes
# standby.signal and primary_conninfo), then run PostgreSQL as a hot standby. Later starts
# resume streaming from where the replica stopped.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
