#!/bin/bash
# The streaming replica's login on the primary (docs/operations.md, "Read replica"): a role that may
# only replicate (no database, no rows), and the pg_hba.conf line that lets it stream from the
# compose network. The postgres image runs this once, on the first start of an empty data volume,
# after 01-roles.sh. To add it to an existing installation:
#   docker compose exec db bash /docker-entrypoint-initdb.d/02-replication.sh
# Needs DB_REPLICATION_PASSWORD (db service environment, from .env); without it, does nothing.
# No `set -u` and no `exit`: the entrypoint may source this file instead of running it.
set -e

if [ -z "${DB_REPLICATION_PASSWORD:-}" ]; then
    echo "02-replication.sh: DB_REPLICATION_PASSWORD is not set: no replication role (no db-replica)" >&2
else
    psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 \
        --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-xuncha}" \
        --set replicator="${DB_REPLICATION_USER:-xuncha_replicator}" \
        --set password="$DB_REPLICATION_PASSWORD" \
        --output /dev/null <<'SQL'
SELECT format('CREATE ROLE %I', :'replicator') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'replicator') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L',
              :'replicator', :'password') \gexec
SQL
    hba_line="host replication ${DB_REPLICATION_USER:-xuncha_replicator} all scram-sha-256"
    hba_file="${PGDATA:-/var/lib/postgresql/data}/pg_hba.conf"
    grep -qxF "$hba_line" "$hba_file" || echo "$hba_line" >> "$hba_file"
    psql --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-xuncha}" \
        --command "SELECT pg_reload_conf()" --output /dev/null
    echo "02-replication.sh: role ${DB_REPLICATION_USER:-xuncha_replicator} may stream the WAL to db-replica"
fi
