"""The admin's audit trail: every source appears, filters narrow it, only admins see it, export works."""

import io

import openpyxl
import pghistory
import pytest

from accounts.audit import AuditFilter, audit_rows
from accounts.choices import Role
from accounts.models import RoleAssignment
from inspections.choices import ReadVia
from inspections.services import clue_reads_log, issue_update
from ledgers.models import Export
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(client, settings):
    w = make_world()
    issue = make_issue(w.assignment_x, n=1)
    issue_update(actor=w.group_leader_x, issue=issue, title="审计测试标题")
    clue_reads_log(user=w.clue_officer, clues=[make_clue(w.assignment_x, w.inspector_x)], via=ReadVia.UI_DETAIL)
    Export.objects.create(user=w.supervisor, ledger="issues", filters={"status": ["closed"]})
    with pghistory.context(user=w.admin.pk):  # as the admin site's request would attach it
        RoleAssignment.objects.create(user=w.nobody, office=w.city, role=Role.LEADER)
    settings.AXES_ENABLED = True
    client.post("/login/", {"username": "t_supervisor", "password": "wrong"})
    settings.AXES_ENABLED = False
    w.issue = issue
    return w


def test_every_source_is_in_the_trail(trail):
    categories = {row.category for row in audit_rows(AuditFilter(), limit=200)}
    assert categories >= {"history", "lifecycle", "clue_read", "export", "permission", "signin_failed"}


def test_filters_narrow_the_trail(trail):
    by_user = audit_rows(AuditFilter(user="t_group_leader_x"), limit=200)
    assert by_user and {row.user for row in by_user} == {"t_group_leader_x"}
    assert {row.category for row in by_user} == {"history", "lifecycle"}
    lifecycle = audit_rows(AuditFilter(category="lifecycle", obj=trail.issue.code), limit=200)
    assert [row.action for row in lifecycle] == ["update"]
    failures = audit_rows(AuditFilter(category="signin_failed"), limit=200)
    assert [row.user for row in failures] == ["t_supervisor"]
    granted = audit_rows(AuditFilter(category="permission", user="t_admin"), limit=200)
    assert [(row.user, row.action) for row in granted] == [("t_admin", "insert")]
    # make_world's own grants (no acting user) are there too: 14 of them, plus this one.
    assert len(audit_rows(AuditFilter(category="permission"), limit=200)) == 15


def test_only_admins_see_and_export_it(client, trail):
    client.force_login(trail.supervisor)
    assert client.get("/audit/").status_code == 403
    client.force_login(trail.admin)
    page = client.get("/audit/?category=lifecycle")
    assert page.status_code == 200 and trail.issue.code in page.content.decode()
    export = client.get("/audit/export/?user=t_clue_officer")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and {row[2] for row in rows} == {"t_clue_officer"} and rows[0][1] == "线索查阅"
