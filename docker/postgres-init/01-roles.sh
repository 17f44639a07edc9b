#!/bin/bash
# Creates the owner and application roles in the xuncha database (roles.psql; docs/security.md).
#
# The postgres image runs this once, on the first start of an empty data volume, as POSTGRES_USER
# (the cluster's superuser). To add the roles to an existing installation, or after a restore:
#   docker compose exec db bash /docker-entrypoint-initdb.d/01-roles.sh
# Needs DB_OWNER_PASSWORD and DB_APP_PASSWORD (db service environment, from .env).
# No `set -u`: the entrypoint may source this file instead of running it.
set -e

if [ -z "${DB_OWNER_PASSWORD:-}" ] || [ -z "${DB_APP_PASSWORD:-}" ]; then
    echo "01-roles.sh: set DB_OWNER_PASSWORD and DB_APP_PASSWORD (see .env.example)" >&2
    exit 1
fi

psql --no-psqlrc --quiet \
    --username "${POSTGRES_USER:-postgres}" \
    --dbname "${POSTGRES_DB:-xuncha}" \
    --set owner="${DB_OWNER_USER:-xuncha_owner}" \
    --set owner_password="$DB_OWNER_PASSWORD" \
    --set owner_createdb=NOCREATEDB \
    --set app="${DB_APP_USER:-xuncha_app}" \
    --set app_password="$DB_APP_PASSWORD" \
    --set sequence_privileges="USAGE, SELECT" \
    --output /dev/null \
    --file "$(dirname "${BASH_SOURCE[0]}")/roles.psql"
echo "01-roles.sh: roles ${DB_OWNER_USER:-xuncha_owner} (owner) and ${DB_APP_USER:-xuncha_app} (application) ready"
