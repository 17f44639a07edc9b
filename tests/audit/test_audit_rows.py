"""Audit rows are append-only in the database itself, whatever code tries."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from inspections.choices import ReadVia
from inspections.models import ClueRead, IssueEvent, IssueHistory
from inspections.services import clue_reads_log, issue_update
from ledgers.models import Export
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


def refused(callable_):
    # A guard trigger says "Cannot …"; where the application's role lacks the privilege, PostgreSQL refuses first.
    with pytest.raises(DatabaseError, match="Cannot|permission denied"), transaction.atomic():
        callable_()


def test_events_reads_and_history_refuse_update_and_delete():
    w = make_world()
    issue = make_issue(w.assignment_x, n=1)
    issue = issue_update(actor=w.group_leader_x, issue=issue, title="改过的标题")
    clue_reads_log(user=w.clue_officer, clues=[make_clue(w.assignment_x, w.inspector_x)], via=ReadVia.UI_DETAIL)

    refused(lambda: IssueEvent.objects.update(comment="篡改"))
    refused(lambda: IssueEvent.objects.all().delete())
    refused(lambda: ClueRead.objects.update(via="export"))
    refused(lambda: ClueRead.objects.all().delete())
    refused(lambda: IssueHistory.objects.update(title="篡改"))
    with connection.cursor() as cursor:
        refused(lambda: cursor.execute("DELETE FROM inspections_issueevent"))
    assert IssueEvent.objects.filter(issue=issue).count() == 1
    # The field history kept both the insert and the update, with the service as context.
    titles = list(IssueHistory.objects.filter(pgh_obj=issue).order_by("pgh_id").values_list("title", flat=True))
    assert titles == ["问题1", "改过的标题"]


def test_export_log_keeps_who_what_when():
    w = make_world()
    export = Export.objects.create(user=w.supervisor, ledger="issues", filters={"status": ["closed"]})
    Export.objects.filter(pk=export.pk).update(status="done", progress=100, rows=5)  # the job may progress
    refused(lambda: Export.objects.filter(pk=export.pk).update(filters={}))
    refused(lambda: Export.objects.filter(pk=export.pk).update(user=w.admin))
    refused(lambda: Export.objects.filter(pk=export.pk).delete())
    export.refresh_from_db()
    assert (export.status, export.rows, export.filters) == ("done", 5, {"status": ["closed"]})


def test_sign_in_logs_are_append_only():
    from axes.models import AccessFailureLog, AccessLog
    from django.utils import timezone

    failure = AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t", path_info="/login/")
    log = AccessLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t", path_info="/login/")
    AccessLog.objects.filter(pk=log.pk).update(logout_time=timezone.now())  # signing out is allowed
    refused(lambda: AccessLog.objects.filter(pk=log.pk).update(username="y"))
    refused(lambda: AccessLog.objects.filter(pk=log.pk).delete())
    refused(lambda: AccessFailureLog.objects.filter(pk=failure.pk).update(username="y"))
    refused(lambda: AccessFailureLog.objects.filter(pk=failure.pk).delete())
