"""The ledger screens: the six cards (the clue ledger only for clue officers and admins), the
export page's filters and row count, immediate downloads logged as exports, background jobs
with their progress page, and the export log for admins."""

import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from inspections.choices import IssueStatus
from ledgers.choices import ExportStatus
from ledgers.models import Export
from ledgers.tasks import run_export
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.issues_x = [
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n, deadline=dt.date(2026, 7, 1)) for n in range(3)
    ]
    w.issue_y = make_issue(w.assignment_y, IssueStatus.CLOSED, n=1)
    w.issue_a = make_issue(w.assignment_a, IssueStatus.RECTIFYING, n=1)
    w.clue_x = make_clue(w.assignment_x, w.inspector_x, "concluded", n=1, loss_recovered_wan=Decimal("12.5"))
    return w


def login(client, user):
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def workbook(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def data_rows(sheet):
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(v is not None for v in row)]


# --- the ledger home ----------------------------------------------------------------------------


def test_home_lists_the_ledgers_and_hides_the_clue_ledger_from_others(client, w):
    page = html(login(client, w.supervisor).get(reverse("ledgers:home")))
    for code in ("issues", "points", "reports", "rectification", "stats"):
        assert f'data-ledger="{code}"' in page
        assert reverse("ledgers:ledger", args=[code]) in page
    assert 'data-ledger="clues"' not in page and "问题线索台账" not in page
    assert reverse("ledgers:log") not in page  # the log is for admins
    assert "巡察反馈意见书" in page and "整改督办通知书" in page  # where the Word documents are

    for user in (w.clue_officer, w.admin):
        client.force_login(user)
        assert 'data-ledger="clues"' in html(client.get(reverse("ledgers:home")))
    assert reverse("ledgers:log") in html(client.get(reverse("ledgers:home")))


def test_every_card_links_to_its_list(client, w):
    login(client, w.admin)
    response = client.get(reverse("ledgers:home"))
    links = {card["code"]: card["list_url"] for card in response.context["cards"]}
    assert set(links) == {"issues", "clues", "points", "reports", "rectification", "stats", "report", "letters"}
    page = html(response)
    for code, url in links.items():
        assert url and f'href="{escape(url)}">查看列表</a>' in page, code
        assert client.get(url).status_code == 200, code
    # The rectification card's list shows exactly the ledger's rows.
    listed = client.get(links["rectification"]).context["page"].paginator.count
    assert listed == client.get(reverse("ledgers:ledger", args=["rectification"])).context["count"] == 5


def test_navigation_points_at_the_ledgers(client, w):
    page = html(login(client, w.supervisor).get("/"))
    assert f'href="{reverse("ledgers:home")}" data-nav="ledgers"' in page


def test_anonymous_is_sent_to_login(client, w):
    response = client.get(reverse("ledgers:ledger", args=["issues"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_ledger_is_404(client, w):
    assert login(client, w.supervisor).get("/ledgers/nonsense/").status_code == 404


# --- the export page ----------------------------------------------------------------------------


def test_export_page_shows_the_list_filters_and_the_row_count(client, w):
    login(client, w.supervisor)
    response = client.get(reverse("ledgers:ledger", args=["issues"]), {"status": "rectifying"})
    page = html(response)
    assert response.status_code == 200
    assert response.context["count"] == 4  # three in X, one in county A (the city sees its counties)
    assert 'id="id_status"' in page
    assert 'name="status" value="rectifying"' in page  # carried into the export form
    assert "js/ledgers.js" in page and "<script>" not in page and 'style="' not in page

    # htmx filter changes swap the preview only.
    partial = client.get(
        reverse("ledgers:ledger", args=["issues"]),
        {"status": "closed"},
        headers={"HX-Request": "true", "HX-Target": "ledger-preview"},
    )
    assert partial.context["count"] == 1
    assert "<html" not in html(partial) and 'id="ledger-preview"' in html(partial)


def test_the_export_page_uses_the_lists_filter_form(client, w):
    response = login(client, w.supervisor).get(reverse("ledgers:ledger", args=["issues"]))
    assert "partials/filters.html" in [template.name for template in response.templates]
    page = html(response)
    assert 'id="ledger-filters"' in page and 'hx-target="#ledger-preview"' in page
    assert 'name="ordering"' not in page  # a ledger has its own fixed order


def test_type_ahead_widgets_as_on_the_list(client, w):
    page = html(login(client, w.supervisor).get(reverse("ledgers:ledger", args=["issues"])))
    for name in ("round", "unit", "category"):
        assert f'name="{name}"' in page
    assert "data-lookup=" in page and 'data-tom="multi"' in page


def test_a_bad_filter_shows_errors(client, w):
    login(client, w.supervisor)
    response = client.get(reverse("ledgers:ledger", args=["issues"]), {"status": "nonsense"})
    assert response.context["valid"] is False and 'id="filter-errors"' in html(response)
    assert 'id="export-button"' not in html(response)

    response = client.post(reverse("ledgers:export", args=["issues"]), {"status": "nonsense"})
    assert response.status_code == 400
    assert "nonsense" in html(response)
    assert not Export.objects.exists()


# --- immediate downloads ------------------------------------------------------------------------


def test_immediate_download_has_the_rows_the_list_shows_and_is_logged(client, w):
    login(client, w.supervisor)
    listed = client.get(reverse("inspections:issue-list"), {"status": "rectifying"}).context["page"].paginator.count

    response = client.post(reverse("ledgers:export", args=["issues"]), {"status": "rectifying", "page": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''" + quote("面上问题台账_"))
    sheet = workbook(response)
    assert sheet["A1"].value == "面上问题台账（测试市委巡察办）"
    assert len(data_rows(sheet)) == listed == 4

    export = Export.objects.get()
    assert (export.user, export.ledger, export.filters) == (w.supervisor, "issues", {"status": ["rectifying"]})
    assert (export.status, export.rows, export.progress) == (ExportStatus.DONE, 4, 100)
    assert export.finished_at is not None and not export.file


def test_a_county_supervisor_gets_fewer_rows(client, w):
    city = workbook(login(client, w.supervisor).post(reverse("ledgers:export", args=["issues"])))
    county = workbook(login(client, w.supervisor_a).post(reverse("ledgers:export", args=["issues"])))
    assert len(data_rows(city)) == 5
    assert [row[0] for row in data_rows(county)] == [w.issue_a.code]


def test_clue_ledger_is_403_for_a_supervisor(client, w):
    login(client, w.supervisor)
    assert client.get(reverse("ledgers:ledger", args=["clues"])).status_code == 403
    assert client.post(reverse("ledgers:export", args=["clues"])).status_code == 403
    assert not Export.objects.exists()

    sheet = workbook(login(client, w.clue_officer).post(reverse("ledgers:export", args=["clues"])))
    assert [row[0] for row in data_rows(sheet) if row[0] != "合计"] == [w.clue_x.code]


# --- background jobs ----------------------------------------------------------------------------


def test_a_large_export_becomes_a_job_with_a_progress_page(client, w, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    login(client, w.supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("ledgers:export", args=["issues"]), {"status": "rectifying"})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:job", args=[export.pk])
    assert (export.status, export.filters) == (ExportStatus.PENDING, {"status": ["rectifying"]})
    assert len(callbacks) == 1  # run_export.delay once committed

    page = html(client.get(response["Location"]))
    progress_url = reverse("ledgers:job-progress", args=[export.pk])
    assert f'hx-get="{progress_url}"' in page
    assert 'hx-trigger="every 1s"' in page and 'data-progress="0"' in page

    run_export(export.pk)  # what the worker does
    export.refresh_from_db()
    assert (export.status, export.rows) == (ExportStatus.DONE, 4)

    partial = client.get(reverse("ledgers:job-progress", args=[export.pk]), headers={"HX-Request": "true"})
    body = html(partial)
    download = reverse("api-export-download", kwargs={"pk": export.pk})
    assert "hx-trigger" not in body  # polling stops
    assert 'data-progress="100"' in body and f'href="{download}"' in body and "data-auto-download" in body

    # The API's download works with the session too.
    sheet = workbook(client.get(download))
    assert len(data_rows(sheet)) == 4

    # Someone else's job is not found.
    client.force_login(w.supervisor_a)
    assert client.get(reverse("ledgers:job", args=[export.pk])).status_code == 404
    assert client.get(reverse("ledgers:job-progress", args=[export.pk])).status_code == 404


def test_failed_job_shows_the_error(client, w):
    export = Export.objects.create(
        user=w.supervisor, ledger="issues", status=ExportStatus.FAILED, error="磁盘已满", finished_at=timezone.now()
    )
    body = html(login(client, w.supervisor).get(reverse("ledgers:job-progress", args=[export.pk])))
    assert 'id="export-error"' in body and "磁盘已满" in body and "hx-trigger" not in body


def test_recent_exports_link_only_to_files_still_there(client, w, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "a.xlsx").write_bytes(b"x")
    now = timezone.now()
    fresh = Export.objects.create(
        user=w.supervisor,
        ledger="issues",
        status=ExportStatus.DONE,
        rows=3,
        file="exports/a.xlsx",
        finished_at=now,
        expires_at=now + dt.timedelta(hours=1),
    )
    expired = Export.objects.create(
        user=w.supervisor,
        ledger="points",
        status=ExportStatus.DONE,
        rows=2,
        file="exports/a.xlsx",
        finished_at=now,
        expires_at=now - dt.timedelta(hours=1),
    )
    running = Export.objects.create(user=w.supervisor, ledger="reports", status=ExportStatus.RUNNING, progress=40)
    Export.objects.create(user=w.supervisor_a, ledger="issues", status=ExportStatus.DONE)  # someone else's

    page = html(login(client, w.supervisor).get(reverse("ledgers:home")))
    assert reverse("api-export-download", kwargs={"pk": fresh.pk}) in page
    assert reverse("api-export-download", kwargs={"pk": expired.pk}) not in page and "文件已过期" in page
    assert reverse("ledgers:job", args=[running.pk]) in page
    assert page.count("data-export=") == 3


# --- the export log -----------------------------------------------------------------------------


def test_export_log_is_for_admins_only(client, w):
    login(client, w.supervisor).post(reverse("ledgers:export", args=["issues"]), {"status": "closed"})
    login(client, w.clue_officer).post(reverse("ledgers:export", args=["clues"]))
    assert Export.objects.count() == 2

    for user in (w.supervisor, w.clue_officer, w.leader):
        client.force_login(user)
        assert client.get(reverse("ledgers:log")).status_code == 403

    client.force_login(w.admin)
    response = client.get(reverse("ledgers:log"))
    page = html(response)
    assert response.status_code == 200
    assert page.count("data-export=") == 2
    assert "t_supervisor" in page and "t_clue_officer" in page
    assert "状态（可多选）=已销号" in page  # the filter, described

    assert client.get(reverse("ledgers:log"), {"ledger": "clues"}).context["page"].paginator.count == 1
    assert client.get(reverse("ledgers:log"), {"q": "t_supervisor"}).context["page"].paginator.count == 1
    today = timezone.localdate().isoformat()
    assert client.get(reverse("ledgers:log"), {"created_after": today}).context["page"].paginator.count == 2
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert client.get(reverse("ledgers:log"), {"created_after": tomorrow}).context["page"].paginator.count == 0
    partial = client.get(reverse("ledgers:log"), headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in html(partial)


def test_export_log_is_paginated(client, w):
    Export.objects.bulk_create(Export(user=w.supervisor, ledger="issues", status=ExportStatus.DONE) for _ in range(55))
    response = login(client, w.admin).get(reverse("ledgers:log"))
    assert len(response.context["page"].object_list) == 50 and response.context["page"].paginator.num_pages == 2
    assert html(client.get(reverse("ledgers:log"), {"page": 2})).count("data-export=") == 5


def test_the_ledger_screens_in_english(client, w, settings):
    login(client, w.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = html(client.get(reverse("ledgers:home")))
    assert "Filter and export" in home and "Word documents" in home and "Export log (all users)" in home
    assert "筛选并导出" not in home
    page = html(client.get(reverse("ledgers:ledger", args=["issues"])))
    assert "rows match the current filters" in page and "Export the Issues ledger" in page


def test_a_county_admin_sees_only_his_countys_exports(client):
    from accounts.choices import Role
    from accounts.models import RoleAssignment
    from ledgers.models import Export
    from tests.factories import make_world, user

    w = make_world()
    county_admin = user("t_admin_a", Role.ADMIN, w.county_a)
    Export.objects.create(user=w.supervisor, ledger="issues")
    Export.objects.create(user=w.supervisor_a, ledger="issues")
    assert RoleAssignment.objects.filter(user=w.supervisor_a, office=w.county_a).exists()
    client.force_login(county_admin)
    page = client.get("/ledgers/log/").content.decode()
    city_person = re.compile(r"t_supervisor(?!_)")
    assert "t_supervisor_a" in page and not city_person.search(page)
    client.force_login(w.admin)
    page = client.get("/ledgers/log/").content.decode()
    assert "t_supervisor_a" in page and city_person.search(page)
