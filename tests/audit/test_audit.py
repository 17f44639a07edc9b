"""The admin's audit trail: every source appears, filters narrow it, only admins see it, export works."""

import io

import openpyxl
import pghistory
import pytest

from accounts.choices import Role
from accounts.models import RoleAssignment
from audit.selectors import AuditFilter, audit_rows
from inspections.choices import ReadVia
from inspections.services import clue_reads_log, issue_update
from ledgers.models import Export
from tests.factories import make_clue, make_issue, make_world
from tests.factories import user as make_user

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
    categories = {row.category for row in audit_rows(AuditFilter(), reader=trail.admin, limit=200)}
    assert categories >= {"history", "lifecycle", "clue_read", "export", "permission", "signin_failed"}


def test_filters_narrow_the_trail(trail):
    by_user = audit_rows(AuditFilter(user="t_group_leader_x"), reader=trail.admin, limit=200)
    assert by_user and {row.user for row in by_user} == {"t_group_leader_x"}
    assert {row.category for row in by_user} == {"history", "lifecycle"}
    lifecycle = audit_rows(AuditFilter(category="lifecycle", obj=trail.issue.code), reader=trail.admin, limit=200)
    assert [row.action for row in lifecycle] == ["update"]
    failures = audit_rows(AuditFilter(category="signin_failed"), reader=trail.admin, limit=200)
    assert [row.user for row in failures] == ["t_supervisor"]
    granted = audit_rows(AuditFilter(category="permission", user="t_admin"), reader=trail.admin, limit=200)
    assert [(row.user, row.action) for row in granted] == [("t_admin", "insert")]
    # make_world's own grants (no acting user) are there too: 14 of them, plus this one.
    assert len(audit_rows(AuditFilter(category="permission"), reader=trail.admin, limit=200)) == 15


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


def test_a_county_admin_reads_only_his_county(client, trail):
    """Security review finding 1: a county admin saw the city's clue reads, clue field changes and
    exports. Now he reads his subtree only, on the screen, by filter and in the export."""
    w = trail
    county_admin = RoleAssignment.objects.create(
        user=make_user("t_admin_a"), office=w.county_a, role=Role.ADMIN
    ).user
    city_clue = make_clue(w.assignment_x, w.inspector_x, n=2)
    with pghistory.context(user=w.group_leader_x.pk):
        city_clue.summary = "市级线索摘要已修改"
        city_clue.save()
    county_issue = make_issue(w.assignment_a, n=1)
    issue_update(actor=w.inspector_a, issue=county_issue, title="县级问题已修改")
    Export.objects.create(user=w.supervisor_a, ledger="issues", filters={})

    def rows(**filters):
        return audit_rows(AuditFilter(**filters), reader=county_admin, limit=500)

    seen = rows()
    assert {row.user for row in seen} <= {"t_inspector_a", "t_supervisor_a", "t_admin_a", "t_liaison_a"}
    assert [row.obj for row in rows(category="lifecycle")] == [county_issue.code]
    assert rows(category="clue_read") == []
    assert rows(category="history", obj="Clue") == []
    assert [row.user for row in rows(category="export")] == ["t_supervisor_a"]
    assert rows(category="signin_failed") == []  # the city supervisor's failure is the city's
    # The city admin still reads all of it, the county's rows included.
    everything = audit_rows(AuditFilter(), reader=w.admin, limit=500)
    assert {"t_clue_officer", "t_inspector_a", "t_supervisor_a"} <= {row.user for row in everything}

    client.force_login(county_admin)
    page = client.get("/audit/?category=clue_read").content.decode()
    assert city_clue.code not in page and "t_clue_officer" not in page
    page = client.get("/audit/?category=history&obj=Clue").content.decode()
    assert "市级线索摘要已修改" not in page
    export = client.get("/audit/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    users = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert users and users <= {"t_inspector_a", "t_supervisor_a", "t_admin_a", "t_liaison_a"}
