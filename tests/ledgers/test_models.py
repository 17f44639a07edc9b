"""The export log kept its table and its protection when it moved to the ledgers app."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from ledgers.models import Export
from tests.factories import make_world

pytestmark = pytest.mark.django_db


def triggers_on(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname", [table]
        )
        return [name for (name,) in cursor.fetchall()]


def test_the_table_and_its_triggers_are_the_ledgers_apps():
    assert Export._meta.db_table == "inspections_export"
    names = triggers_on("inspections_export")
    expected = [trigger.get_pgid(Export) for trigger in Export._meta.triggers]
    assert sorted(name for name in names if name.startswith("pgtrigger_")) == sorted(expected)
    # Beside them, the database role guards of core/migrations (docs/security.md).
    guards = {name for name in names if not name.startswith("pgtrigger_")}
    assert guards == {"xuncha_export_guard", "xuncha_no_truncate"}
    # The inspections app's triggers (pgids hash the app label) were replaced, not kept beside.
    assert not {"pgtrigger_export_log_no_delete_ca395", "pgtrigger_export_log_immutable_ab232"} & set(names)


def test_who_exported_what_can_neither_change_nor_go():
    w = make_world()
    export = Export.objects.create(user=w.supervisor, ledger="clues", filters={"status": ["closed"]})
    Export.objects.filter(pk=export.pk).update(status="done", rows=3)  # the job's own fields move
    for change in (
        lambda: Export.objects.filter(pk=export.pk).update(ledger="issues"),
        lambda: Export.objects.filter(pk=export.pk).update(user=w.admin),
        lambda: Export.objects.filter(pk=export.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    export.refresh_from_db()
    assert (export.ledger, export.user_id, export.rows) == ("clues", w.supervisor.pk, 3)
