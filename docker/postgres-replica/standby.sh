#!/bin/bash
# Entrypoint of the db-replica service (docker-compose.yml; docs/operations.md, "Read replica"): a hot
# standby of the db service with the official postgres image.
#
# On the first start (an empty volume) it clones the primary with pg_basebackup as the replication
# role (docker/postgres-init/02-replication.sh): --write-recovery-conf leaves standby.signal and
# primary_conninfo in the data directory, --wal-method=stream copies the WAL written meanwhile, and
# the physical slot "db_replica" makes the primary keep the WAL the standby has not received yet
# (bounded by the primary's max_slot_wal_keep_size). Every start then hands over to the image's own
# entrypoint, which finds a data directory and starts PostgreSQL: as a standby, read-only,
# streaming from the primary. To clone afresh: stop the service, remove its volume, start it again.
set -euo pipefail

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
PRIMARY_HOST="${PRIMARY_HOST:-db}"
SLOT="${REPLICATION_SLOT:-db_replica}"
export PGPASSWORD="${DB_REPLICATION_PASSWORD:?set DB_REPLICATION_PASSWORD in .env}"
replicator="${DB_REPLICATION_USER:-xuncha_replicator}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --quiet --host "$PRIMARY_HOST" --username "$replicator"; do
        echo "standby.sh: waiting for $PRIMARY_HOST"
        sleep 2
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    gosu postgres pg_receivewal --host "$PRIMARY_HOST" --username "$replicator" --no-password \
        --create-slot --if-not-exists --slot "$SLOT"
    gosu postgres pg_basebackup --host "$PRIMARY_HOST" --username "$replicator" --no-password \
        --pgdata "$PGDATA" --write-recovery-conf --wal-method=stream --slot "$SLOT" \
        --checkpoint=fast --progress
    echo "standby.sh: cloned $PRIMARY_HOST into $PGDATA"
fi
unset PGPASSWORD

# hot_standby_feedback: the primary keeps the rows a long export on the standby still reads, so the
# standby need not cancel it; max_standby_streaming_delay: how long replay may wait for such a query.
exec docker-entrypoint.sh postgres \
    -c hot_standby=on \
    -c hot_standby_feedback=on \
    -c max_standby_streaming_delay=60s \
    "$@"
