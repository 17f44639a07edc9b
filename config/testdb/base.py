"""PostgreSQL for the tests, with the two roles of production (docs/security.md).

The tests connect as the application's role (DATABASE_URL), so every test runs with exactly the
privileges the web, worker and beat processes have. What the application may not do, the owner
role (``DATABASES["default"]["TEST"]["OWNER"]``, from MIGRATE_DATABASE_URL) does here: create the
test database, give the application its privileges on it (roles.psql does the same for the real
database), migrate it, empty it between transactional tests and drop it.

Emptying a database is a TRUNCATE, which the record tables refuse even to their owner
(``xuncha_no_truncate``). The flush therefore lifts those guards for its own transaction only, as the
owner: disabling a trigger is something only a table's owner may do.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base, creation, operations

# Connection fields that name the role (NAME stays: the test database's).
ROLE_FIELDS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
TRUNCATE_GUARD = "xuncha_no_truncate"
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# As roles.psql grants under `make run`: the demo loader reserves id ranges with setval().
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"


def owner_fields(connection) -> dict | None:
    """The owner role's connection fields, or None when the tests run with one role."""
    owner = connection.settings_dict.get("TEST", {}).get("OWNER")
    if not owner:
        return None
    return {field: owner.get(field, connection.settings_dict.get(field)) for field in ROLE_FIELDS}


@contextmanager
def as_owner(connection):
    """Within the block ``connection`` logs in as the owner role (a no-op with one role)."""
    owner = owner_fields(connection)
    if owner is None:
        yield
        return
    app = {field: connection.settings_dict.get(field) for field in ROLE_FIELDS}
    connection.close()
    connection.settings_dict.update(owner)
    connection.app_role = app["USER"]
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(app)
        del connection.app_role


def raw_connection(connection, **fields):
    """A psycopg connection (in a transaction) with ``connection``'s settings changed by ``fields``."""
    wrapper = connection.__class__({**connection.settings_dict, **fields}, alias=NO_DB_ALIAS)
    return wrapper.get_new_connection(wrapper.get_connection_params())


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            return super().create_test_db(*args, **kwargs)

    def destroy_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            return super().destroy_test_db(*args, **kwargs)

    def _create_test_db(self, verbosity, autoclobber, keepdb=False):
        """Create the database (as the owner), then let the application's role use what the owner makes."""
        name = super()._create_test_db(verbosity, autoclobber, keepdb)
        app = getattr(self.connection, "app_role", None)
        if app:
            app = self.connection.ops.quote_name(app)
            owner = raw_connection(self.connection, NAME=name)
            try:
                with owner.cursor() as cursor:
                    for statement in (
                        f"ALTER DEFAULT PRIVILEGES GRANT {TABLE_PRIVILEGES} ON TABLES TO {app}",
                        f"ALTER DEFAULT PRIVILEGES GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {app}",
                        # A kept database (--reuse-db) already has tables.
                        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {app}",
                        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {app}",
                    ):
                        cursor.execute(statement)
                    cursor.execute("SELECT to_regprocedure('public.xuncha_protect_records()') IS NOT NULL")
                    if cursor.fetchone()[0]:
                        cursor.execute("SELECT xuncha_protect_records()")
                owner.commit()
            finally:
                owner.close()
        return name


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        """Empty the tables as the owner, with the record tables' TRUNCATE guards off for this transaction."""
        owner = owner_fields(self.connection)
        if owner is None:
            with transaction.atomic(using=self.connection.alias):
                _truncate(self.connection, sql_list)
            return
        connection = raw_connection(self.connection, **owner)
        try:
            _truncate(connection, sql_list)
            connection.commit()
        finally:
            connection.close()


def _truncate(connection, sql_list) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRUNCATE_GUARD])
        guarded = [row[0] for row in cursor.fetchall()]
        for table in guarded:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRUNCATE_GUARD}")
        for sql in sql_list:
            cursor.execute(sql)
        for table in guarded:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRUNCATE_GUARD}")


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
    ops_class = DatabaseOperations
