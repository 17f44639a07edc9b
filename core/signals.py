"""After every ``migrate``: protect the record tables a new migration may have added (a model's
field-history table, a new event table). ``xuncha_protect_records()`` (core/migrations/0001) finds
them by name and (re)installs the guards and privileges; only the owner may run it, and migrate
runs as the owner (docs/security.md)."""

from django.db import connections


def protect_records(sender, using="default", **kwargs) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN to_regprocedure('xuncha_protect_records()') IS NULL THEN false"
            " ELSE has_function_privilege('xuncha_protect_records()', 'EXECUTE') END"
        )
        if cursor.fetchone()[0]:
            cursor.execute("SELECT xuncha_protect_records()")
