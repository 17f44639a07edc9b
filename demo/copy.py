"""Bulk loading through PostgreSQL COPY: one transaction without the field-history triggers,
primary keys reserved up front, rows streamed straight into the tables, and the index and
foreign-key housekeeping of a large load."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone


def history_triggers() -> list[str]:
    """URIs of the field-history triggers that write on insert or update (not the append-only guards)."""
    return sorted(
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if trigger.name in ("insert_insert", "update_update")
    )


@contextmanager
def bulk_load() -> Iterator[None]:
    """One transaction for a bulk load, with the field-history triggers skipped.

    ``pgtrigger.ignore`` prefixes every statement Django runs with a transaction-local setting
    that the history triggers read. COPY goes round Django's cursor wrapper, so one statement
    through Django sets it for the whole transaction first. Deferred foreign keys are checked
    before the block ends, so a broken load fails here, even inside a test's transaction.
    """
    with transaction.atomic(), pgtrigger.ignore(*history_triggers()):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reserve_ids(model, count: int) -> range:
    """Take ``count`` consecutive primary keys from the table's identity sequence (one statement)."""
    if count <= 0:
        return range(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, %s) AS seq",
            [count, model._meta.db_table, model._meta.pk.column],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, field attnames) into the model's table.

    Columns left out get the field's default (``auto_now`` fields: now), the id its identity
    default; nullable ones stay NULL. Returns the number of rows written.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    extra_columns, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:  # an omitted id comes from the identity sequence
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            continue
        elif f.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.attname} needs a value")
        extra_columns.append(f.column)
        extra_values.append(f.get_db_prep_save(value, connection))
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in [fields[name].column for name in columns] + extra_columns)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    tail = tuple(extra_values)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        if tail:
            for count, row in enumerate(rows, 1):  # noqa: B007 - the last index is the count
                write(row + tail)
        else:
            for count, row in enumerate(rows, 1):  # noqa: B007
                write(row)
    return count


def copy_objects(model, objects: Sequence) -> int:
    """COPY unsaved model instances whose primary keys were taken with :func:`reserve_ids`."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()

    def value(obj, f):
        v = getattr(obj, f.attname)
        if v is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            v = now
        return f.get_db_prep_save(v, connection)

    rows = (tuple(value(obj, f) for f in fields) for obj in objects)
    return copy_rows(model, [f.attname for f in fields], rows)


def analyze(models: Iterable) -> None:
    """Refresh the planner's statistics after a bulk load."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def max_id(model) -> int:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max({quote(model._meta.pk.column)}), 0) FROM {quote(model._meta.db_table)}")  # noqa: S608 - names from the model
        return cursor.fetchone()[0]


def drop_secondary_indexes(models: Iterable) -> list[str]:
    """Drop the indexes of ``models``' tables that back no constraint; return the statements recreating them.

    Only the tables' owner may drop an index: as the application's role (docs/security.md) the
    indexes stay and the load is slower."""
    statements = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                  AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = i.indrelid), 'USAGE')
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                statements.append(definition)
    return statements


def verify_foreign_keys(model, since_id: int) -> None:
    """Set-wise check that every foreign key of the rows with id > ``since_id`` points at a row."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for f in model._meta.concrete_fields:
            if not f.is_relation:
                continue
            target = f.target_field
            column = quote(f.column)
            cursor.execute(
                f"SELECT count(*) FROM {table} c WHERE c.{pk} > %s AND c.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {quote(target.model._meta.db_table)} p WHERE p.{quote(target.column)} = c.{column})",
                [since_id],
            )
            broken = cursor.fetchone()[0]
            if broken:
                raise RuntimeError(f"{model._meta.label}.{f.name}: {broken} rows point at nothing")
