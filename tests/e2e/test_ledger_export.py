"""Exporting a ledger through the UI in a real Chromium with a real Celery worker: a small export
downloads at once; a large one runs as a job whose progress bar (htmx polling) reaches 100 %
and whose file then downloads by itself. Screenshots go to test-results/screenshots/."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from inspections.choices import IssueStatus
from ledgers.choices import ExportStatus
from ledgers.models import Export
from tests.e2e.test_inspector_journey import SHOTS, choose
from tests.factories import make_issue, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top of a full-page shot
    page.screenshot(path=str(SHOTS / f"ledgers_{name}.png"), full_page=True)


def data_rows(path) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes())).worksheets[0]
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(v is not None for v in row)]


@pytest.fixture
def world(settings):
    settings.EXPORT_SYNC_MAX_ROWS = 5
    w = make_world()
    w.rectifying = [
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n, deadline=dt.date(2026, 7, 1)) for n in range(12)
    ]
    w.closed = [make_issue(w.assignment_y, IssueStatus.CLOSED, n=n) for n in range(3)]
    return w


def sign_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_export_a_ledger_small_at_once_large_as_a_job(browser, live_server, world, celery_worker_process):
    page = sign_in(browser, live_server, "t_supervisor")
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    # The ledgers from the navigation: the clue ledger is not offered to a supervisor.
    page.click("[data-nav=ledgers]")
    page.wait_for_url(f"{live_server.url}/ledgers/")
    expect(page.locator(".ledger-card")).to_have_count(6)  # five ledgers and the statistics report
    expect(page.locator('.ledger-card[data-ledger="clues"]')).to_have_count(0)
    shot(page, "01_home")

    page.locator('.ledger-card[data-ledger="issues"]').get_by_role("link", name="筛选并导出").click()
    page.wait_for_url("**/ledgers/issues/")
    expect(page.locator("#row-count")).to_have_attribute("data-rows", "15")

    # A small export (3 closed issues): the download is immediate.
    choose(page, "id_status", "已销号")
    expect(page.locator("#row-count")).to_have_attribute("data-rows", "3")
    expect(page.locator("#export-mode")).to_contain_text("直接下载")
    with page.expect_download() as small:
        page.click("#export-button")
    assert small.value.suggested_filename.startswith("面上问题台账_")
    assert small.value.suggested_filename.endswith(".xlsx")
    assert sorted(row[0] for row in data_rows(small.value.path())) == sorted(i.code for i in world.closed)

    # A large one (12 rectifying issues, over the limit of 5): a job with a progress bar.
    page.goto(f"{live_server.url}/ledgers/issues/")
    choose(page, "id_status", "整改中")
    expect(page.locator("#row-count")).to_have_attribute("data-rows", "12")
    expect(page.locator("#export-mode")).to_contain_text("后台生成")
    page.keyboard.press("Escape")  # close the type-ahead's drop-down for the screenshot
    shot(page, "02_export_page")
    with page.expect_download(timeout=60_000) as large:
        page.click("#export-button")
        page.wait_for_url("**/ledgers/exports/*/")
        expect(page.locator("#export-progress .progress")).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    bar = page.locator("#export-progress .progress-bar")
    expect(bar).to_have_text("100%")
    assert bar.evaluate("b => b.style.width") == "100%"
    expect(page.locator("#download-link")).to_contain_text("12")
    shot(page, "03_job_done")

    assert large.value.suggested_filename.startswith("面上问题台账_")
    rows = data_rows(large.value.path())
    assert len(rows) == 12 and sorted(row[0] for row in rows) == sorted(i.code for i in world.rectifying)

    job = Export.objects.filter(file__gt="").get()
    assert (job.status, job.rows, job.progress, job.filters) == (ExportStatus.DONE, 12, 100, {"status": ["rectifying"]})
    assert Export.objects.filter(file="", rows=3, status=ExportStatus.DONE).exists()  # the small one, logged

    # Both show in "my exports" on the ledger home; the job's file is still downloadable there.
    page.goto(f"{live_server.url}/ledgers/")
    expect(page.locator(".recent-exports tbody tr")).to_have_count(2)
    expect(page.locator(f'.recent-exports a[href="/api/v1/exports/{job.pk}/download/"]')).to_have_count(1)
    shot(page, "04_my_exports")
    assert not csp_errors

    # The admin's export log lists both, with who exported what.
    admin = sign_in(browser, live_server, "t_admin")
    admin.click("[data-nav=ledgers]")
    admin.click("#export-log-link")
    admin.wait_for_url("**/ledgers/log/")
    expect(admin.locator("#export-log tbody tr")).to_have_count(2)
    expect(admin.locator("#export-log")).to_contain_text("t_supervisor")
    shot(admin, "05_export_log")
