"""Finding 3 and 19 of the security review: the database protects its records from the application.

Every attack here runs on the application's own connection — the role of DATABASE_URL, which the
whole suite uses (config.testdb) — against the real PostgreSQL. A few run as the owner role
(MIGRATE_DATABASE_URL) to show that the guard triggers hold even for a role with every privilege.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pghistory
import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from pghistory.models import Context

from config.testdb.base import owner_fields, raw_connection
from inspections.choices import IssueStatus, ReadVia
from inspections.models import ClueRead, IssueEvent, IssueHistory
from inspections.services import clue_reads_log, issue_update
from ledgers.choices import ExportStatus
from ledgers.models import Export
from rectification.choices import ReviewDecision
from rectification.models import Evidence, Progress, Review
from tests.factories import make_clue, make_issue, make_world

# Tables whose rows may only be added (the application has SELECT and INSERT on them, nothing else).
APPEND_ONLY = {
    "inspections_clueread",
    "inspections_issueevent",
    "inspections_clueevent",
    "inspections_issuehistory",
    "inspections_cluehistory",
    "inspections_unithistory",
    "accounts_roleassignmenthistory",
    "rectification_reviewhistory",
    "rectification_progresshistory",
    "axes_accessfailurelog",
    "rectification_evidence",
    "rectification_review",
}
# Records whose rows change only as their guard trigger allows, and are never deleted.
GUARDED = {"pghistory_context", "inspections_export", "axes_accesslog"}


def query(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def refused(sql: str, params=None, match: str = "permission denied|must be owner|Cannot"):
    """Run ``sql`` on the application's connection and expect PostgreSQL to refuse it."""
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def owner():
    """A second connection to the test database, as the owner role (its own transaction, rolled back)."""
    fields = owner_fields(connections[DEFAULT_DB_ALIAS])
    assert fields, "MIGRATE_DATABASE_URL must name the owner role (config.embedded exports it)"
    conn = raw_connection(connections[DEFAULT_DB_ALIAS], **fields)
    yield conn
    conn.rollback()
    conn.close()


def owner_refused(conn, sql: str, params=None, match: str = "Cannot"):
    with pytest.raises(Exception, match=match):
        conn.execute(sql, params)
    conn.rollback()


def record_rows() -> dict:
    """One row in each kind of record table, committed by the services as the application writes them."""
    w = make_world()
    issue = make_issue(w.assignment_x, n=1)
    issue = issue_update(actor=w.group_leader_x, issue=issue, title="改过的标题")
    clue = make_clue(w.assignment_x, w.inspector_x)
    clue_reads_log(user=w.clue_officer, clues=[clue], via=ReadVia.UI_DETAIL)
    progress = Progress.objects.create(issue=issue, date=dt.date(2026, 5, 10), text="已整改", submitted_by=w.liaison_x)
    evidence = Evidence.objects.create(
        progress=progress, file="evidence/2026/05/a.pdf", original_name="a.pdf", content_type="application/pdf",
        size=10, sha256="0" * 64,
    )  # fmt: skip
    review = Review.objects.create(issue=issue, reviewer=w.supervisor, decision=ReviewDecision.RETURN, comment="再改")
    export = Export.objects.create(user=w.supervisor, ledger="issues", filters={"status": ["closed"]})
    context = IssueHistory.objects.filter(pgh_obj=issue).exclude(pgh_context=None).latest("pgh_id").pgh_context
    return {"w": w, "issue": issue, "clue": clue, "evidence": evidence, "review": review, "export": export,
            "context": context}  # fmt: skip


# --- the role ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_application_role_is_no_superuser_and_owns_nothing():
    [(role, superuser, replication, createrole, createdb, bypassrls)] = query(
        "SELECT rolname, rolsuper, rolreplication, rolcreaterole, rolcreatedb, rolbypassrls"
        " FROM pg_roles WHERE rolname = current_user"
    )
    owner = owner_fields(connection)
    assert owner, "MIGRATE_DATABASE_URL must name the owner role (config.embedded exports it)"
    assert role == connection.settings_dict["USER"] != owner["USER"]
    assert (superuser, replication, createrole, createdb, bypassrls) == (False, False, False, False, False)
    assert query("SELECT count(*) FROM pg_auth_members WHERE member = current_user::regrole") == [(0,)]
    owned = query(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner = current_user::regrole"
        " UNION ALL SELECT proname FROM pg_proc"
        "  WHERE pronamespace = 'public'::regnamespace AND proowner = current_user::regrole"
        " UNION ALL SELECT datname FROM pg_database"
        "  WHERE datname = current_database() AND datdba = current_user::regrole"
    )
    assert owned == []
    assert query("SELECT has_schema_privilege('public', 'CREATE')") == [(False,)]


@pytest.mark.django_db
def test_no_truncate_anywhere_and_no_update_or_delete_on_records():
    tables = query(
        "SELECT relname, has_table_privilege(oid, 'TRUNCATE'), has_table_privilege(oid, 'TRIGGER'),"
        " has_table_privilege(oid, 'REFERENCES'), has_table_privilege(oid, 'UPDATE'),"
        " has_table_privilege(oid, 'DELETE'),"
        " EXISTS (SELECT FROM pg_trigger WHERE tgrelid = pg_class.oid AND tgname = 'xuncha_append_only')"
        " FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')"
    )
    assert len(tables) > 80
    assert [name for name, truncate, trigger, references, *_ in tables if truncate or trigger or references] == []
    append_only = {name for name, *_, guarded in tables if guarded}
    # Every field-history table is append-only, and so are the audit rows and the records of finding 19.
    assert APPEND_ONLY <= append_only
    assert {name for name, *_ in tables if name.endswith("history")} <= append_only
    assert [name for name, *_, update, delete, _ in tables if name in append_only and (update or delete)] == []
    assert [name for name, *_, delete, _ in tables if name in GUARDED and delete] == []
    # The application keeps writing its ordinary tables.
    assert ("inspections_issue", False, False, False, True, True, False) in tables
    # On the guarded records it may update only the columns that change: an export's progress, a
    # context's metadata (within its transaction), a sign-in's logout time.
    columns = {
        ("inspections_export", "status"): True,
        ("inspections_export", "rows"): True,
        ("inspections_export", "file"): True,
        ("inspections_export", "user_id"): False,
        ("inspections_export", "ledger"): False,
        ("inspections_export", "filters"): False,
        ("inspections_export", "created_at"): False,
        ("pghistory_context", "metadata"): True,
        ("pghistory_context", "id"): False,
        ("pghistory_context", "created_at"): False,
        ("axes_accesslog", "logout_time"): True,
        ("axes_accesslog", "username"): False,
    }
    for (table, column), allowed in columns.items():
        assert query("SELECT has_column_privilege(%s, %s, 'UPDATE')", [table, column]) == [(allowed,)], (table, column)


# --- the attacks of finding 3, as the application's role ---------------------------------------


@pytest.mark.django_db
def test_truncate_is_refused():
    rows = record_rows()
    refused("TRUNCATE inspections_clueread", match="permission denied")
    refused("TRUNCATE inspections_clueread CASCADE", match="permission denied")
    refused("TRUNCATE inspections_issue CASCADE", match="permission denied")
    refused("TRUNCATE pghistory_context", match="permission denied")
    assert ClueRead.objects.filter(clue=rows["clue"]).count() == 1


@pytest.mark.django_db
def test_triggers_cannot_be_turned_off_or_dropped():
    record_rows()
    refused("SET session_replication_role = replica", match="permission denied to set parameter")
    refused("SET LOCAL session_replication_role = replica", match="permission denied to set parameter")
    refused("ALTER TABLE inspections_clueread DISABLE TRIGGER ALL", match="must be owner")
    refused("ALTER TABLE inspections_clueread DISABLE TRIGGER xuncha_append_only", match="must be owner")
    refused("DROP TRIGGER xuncha_append_only ON inspections_clueread", match="must be owner")
    refused("DROP TRIGGER xuncha_context_guard ON pghistory_context", match="must be owner")
    refused("DROP FUNCTION xuncha_refuse_change() CASCADE", match="must be owner")
    refused("ALTER TABLE inspections_clueread OWNER TO CURRENT_USER", match="must be owner")
    refused("CREATE TABLE inspections_clueread_copy (id int)", match="permission denied for schema public")
    refused("CREATE TRIGGER t BEFORE INSERT ON inspections_issue EXECUTE FUNCTION xuncha_refuse_change()")
    query("GRANT TRUNCATE ON inspections_clueread TO CURRENT_USER")  # only a warning: nothing granted
    assert query("SELECT has_table_privilege('inspections_clueread', 'TRUNCATE')") == [(False,)]
    refused("SELECT xuncha_protect_records()", match="permission denied for function")
    assert query("SELECT count(*) FROM inspections_clueread") == [(1,)]


@pytest.mark.django_db
def test_append_only_rows_cannot_be_changed_or_deleted():
    rows = record_rows()
    for table in ("inspections_clueread", "inspections_issueevent", "inspections_issuehistory",
                  "rectification_evidence", "rectification_review", "rectification_reviewhistory"):  # fmt: skip
        refused(f"UPDATE {table} SET id = id", match="permission denied")  # noqa: S608 - fixed names
        refused(f"DELETE FROM {table}", match="permission denied")  # noqa: S608
    # pgtrigger's own guards step aside for anyone who names them in pgtrigger.ignore; privileges do not.
    names = [name for (name,) in query("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'pgtrigger%'")]
    ignore = "{" + ",".join(names) + "}"
    refused("SELECT set_config('pgtrigger.ignore', %s, true); DELETE FROM inspections_clueread", [ignore])
    # The ORM and the admin's code paths hit the same wall.
    with pytest.raises(DatabaseError), transaction.atomic():
        Evidence.objects.filter(pk=rows["evidence"].pk).update(original_name="换了.pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows["review"].delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Review.objects.filter(pk=rows["review"].pk).update(decision=ReviewDecision.CLOSE, funds_refunded_wan=Decimal(9))
    assert IssueEvent.objects.filter(issue=rows["issue"]).count() == 1
    assert Review.objects.get(pk=rows["review"].pk).decision == ReviewDecision.RETURN
    assert Evidence.objects.get(pk=rows["evidence"].pk).original_name == "a.pdf"


@pytest.mark.django_db(transaction=True)
def test_history_context_cannot_be_rewritten_or_deleted():
    """The actor shown in /audit/ comes from pghistory_context; once committed, it stays."""
    rows = record_rows()
    context, w = rows["context"], rows["w"]
    assert context.metadata["user"] == w.group_leader_x.pk
    forged = json.dumps({**context.metadata, "user": w.admin.pk})
    refused("UPDATE pghistory_context SET metadata = %s WHERE id = %s", [forged, context.id])
    refused("DELETE FROM pghistory_context WHERE id = %s", [context.id], match="permission denied")
    forge = "SELECT set_config('pghistory.context_id', %s, true), set_config('pghistory.context_metadata', %s, true);"
    # Through pghistory's function, called directly: refused.
    refused(forge + " SELECT _pgh_attach_context()", [str(context.id), forged])
    # Through a tracked write naming the committed context: pghistory's upsert leaves the context as it was.
    with connection.cursor() as cursor:
        cursor.execute(
            forge + " UPDATE inspections_issue SET title = '再改' WHERE id = %s",  # noqa: S608 - constant
            [str(context.id), forged, rows["issue"].pk],
        )
    context.refresh_from_db()
    assert context.metadata["user"] == w.group_leader_x.pk
    assert IssueHistory.objects.filter(pgh_obj=rows["issue"], title="再改").exists()


@pytest.mark.django_db(transaction=True)
def test_pghistory_still_records_contexts():
    """What pghistory does itself still works: a context gains metadata within its transaction, and a
    context reused by a later transaction keeps the metadata written first, without an error."""
    w = make_world()
    issue = make_issue(w.assignment_x, n=1)
    with transaction.atomic(), pghistory.context(url="/issues/1/edit/"):
        Context.objects.none()  # the context starts empty of writes
        issue_update(actor=w.group_leader_x, issue=issue, title="一改")  # adds user and service in this transaction
        pghistory.context(step="second")
        issue_update(actor=w.group_leader_x, issue=issue, title="二改")
    first = IssueHistory.objects.filter(pgh_obj=issue, title="二改").get().pgh_context
    assert first.metadata == {"url": "/issues/1/edit/", "user": w.group_leader_x.pk, "service": "issue_update",
                              "step": "second"}  # fmt: skip

    with pghistory.context(url="/issues/1/edit/again/"):
        issue_update(actor=w.group_leader_x, issue=issue, title="三改")  # its own transaction: creates the context
        issue_update(actor=w.deputy_x, issue=issue, title="四改")  # a later transaction of the same context
    third, fourth = (IssueHistory.objects.get(pgh_obj=issue, title=title).pgh_context for title in ("三改", "四改"))
    assert third.id == fourth.id and fourth.metadata["user"] == w.group_leader_x.pk
    assert list(IssueHistory.objects.filter(pgh_obj=issue).values_list("title", flat=True).order_by("pgh_id")) == [
        "问题1",
        "一改",
        "二改",
        "三改",
        "四改",
    ]


@pytest.mark.django_db(transaction=True)
def test_guards_hold_even_for_the_owner(owner):
    """The owner role has every privilege on its tables; the triggers still refuse (it would have to drop them)."""
    rows = record_rows()
    pgtrigger_ignore = "SELECT set_config('pgtrigger.ignore', (SELECT '{' || string_agg(tgname, ',') || '}'"
    pgtrigger_ignore += " FROM pg_trigger WHERE tgname LIKE 'pgtrigger%'), false)"
    owner.execute(pgtrigger_ignore)
    owner.commit()
    for table in ("inspections_clueread", "pghistory_context", "inspections_export", "axes_accesslog",
                  "rectification_evidence", "rectification_review", "inspections_issuehistory"):  # fmt: skip
        owner_refused(owner, f"TRUNCATE {table} CASCADE", match="Cannot truncate")
    for table in ("inspections_clueread", "inspections_issueevent", "inspections_issuehistory",
                  "rectification_evidence", "rectification_review"):  # fmt: skip
        owner_refused(owner, f"UPDATE {table} SET id = id", match="Cannot update")  # noqa: S608 - fixed names
        owner_refused(owner, f"DELETE FROM {table}", match="Cannot delete")  # noqa: S608
    owner_refused(owner, "UPDATE pghistory_context SET metadata = '{}'", match="Cannot update")
    owner_refused(owner, "DELETE FROM pghistory_context", match="Cannot delete")
    owner_refused(owner, "DELETE FROM inspections_export", match="Cannot delete")
    assert ClueRead.objects.filter(clue=rows["clue"]).exists() and Export.objects.filter(pk=rows["export"].pk).exists()


# --- finding 19: the export log ----------------------------------------------------------------


def export_update(export: Export, **fields) -> None:
    Export.objects.filter(pk=export.pk).update(**fields)


@pytest.mark.django_db
def test_an_export_moves_forward_and_a_finished_one_is_final():
    w = make_world()
    export = Export.objects.create(user=w.supervisor, ledger="issues")
    export_update(export, status=ExportStatus.RUNNING, started_at=dt.datetime.now(dt.UTC), progress=0)
    export_update(export, progress=40, rows=400)
    export_update(export, status=ExportStatus.FAILED, error="连接中断")
    export_update(export, status=ExportStatus.RUNNING, progress=0)  # the task's retry
    done = {"progress": 100, "rows": 1000, "file": "exports/2026/05/1_a.xlsx", "finished_at": dt.datetime.now(dt.UTC)}
    export_update(export, status=ExportStatus.DONE, **done)
    export_update(export, file="")  # the expired file is removed; the log row stays

    def refused_update(**fields):
        with pytest.raises(DatabaseError, match="Cannot|permission denied"), transaction.atomic():
            export_update(export, **fields)

    refused_update(rows=10)  # how many rows were exported is set once, when the export is done
    refused_update(status=ExportStatus.FAILED)
    refused_update(status=ExportStatus.PENDING, rows=0)
    refused_update(file="../../etc/passwd")
    refused_update(finished_at=None)
    refused_update(filters={"status": ["draft"]})
    refused_update(user=w.admin)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        Export.objects.filter(pk=export.pk).delete()
    export.refresh_from_db()
    assert (export.status, export.rows, export.file.name, export.user) == ("done", 1000, "", w.supervisor)


@pytest.mark.django_db
def test_an_unfinished_export_cannot_go_back_or_take_a_file():
    w = make_world()
    running = Export.objects.create(user=w.supervisor, ledger="issues", status=ExportStatus.RUNNING)
    for fields in ({"status": ExportStatus.PENDING}, {"file": "exports/x.xlsx"}):
        with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
            export_update(running, **fields)
    failed = Export.objects.create(user=w.supervisor, ledger="issues", status=ExportStatus.FAILED, error="x")
    for fields in ({"status": ExportStatus.DONE, "rows": 5}, {"error": ""}, {"status": ExportStatus.PENDING}):
        with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
            export_update(failed, **fields)
    assert Export.objects.get(pk=failed.pk).status == ExportStatus.FAILED


@pytest.mark.django_db
def test_normal_writes_still_work():
    """The application's everyday writes: ordinary rows change and go, records are added."""
    rows = record_rows()
    issue = rows["issue"]
    issue.title = "又改"
    issue.save()
    assert IssueHistory.objects.filter(pgh_obj=issue, title="又改").exists()
    ClueRead.objects.create(clue=rows["clue"], user=rows["w"].clue_officer, via=ReadVia.API_DETAIL)
    make_issue(rows["w"].assignment_x, IssueStatus.DRAFT, n=2).delete()
    assert query("SELECT nextval(pg_get_serial_sequence('inspections_issue', 'id')) > 0") == [(True,)]
    query("CREATE TEMPORARY TABLE scratch ON COMMIT DROP AS SELECT 1 AS x")  # the alert and statistics jobs do
    assert str(uuid.UUID(str(rows["context"].id)))
