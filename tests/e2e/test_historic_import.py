"""Importing an office's own historic ledger in a real Chromium with a real Celery worker: from the
home page through upload → mapping → preview → confirm, the progress page (htmx polling) ending
with the summary and a link to the imported findings. Screenshots go to test-results/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from inspections.choices import IssueStatus
from inspections.models import HistoricMapping, Issue
from tests.e2e.test_inspector_journey import SHOTS
from tests.factories import make_world
from tests.inspections.test_historic import layout_city_csv

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"historic_{name}.png"), full_page=True)


def test_import_a_historic_ledger_from_the_home_page(browser, live_server, celery_worker_process, tmp_path):
    w = make_world()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "t_supervisor")
    page.fill("#id_password", "pw-t_supervisor")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")

    page.click("[data-nav=issues]")
    page.click("text=导入历史台账")
    page.wait_for_url("**/issues/historic/")
    ledger = tmp_path / "市委巡察问题清单.csv"
    ledger.write_bytes(layout_city_csv())
    page.set_input_files("#id_file", str(ledger))
    shot(page, "1-upload")
    page.click("#historic-upload-form button[type=submit]")

    page.wait_for_url(re.compile(r"/issues/historic/\w+/mapping/$"))
    table = page.locator("#mapping-table")
    expect(table).to_contain_text("违规发放津贴补贴")  # the first values of 存在问题
    # Suggested from the headers: 存在问题 → 问题, 整改状态 → 整改状态; 问题类型 is changed to 问题事实.
    expect(page.locator("#id_col_5")).to_have_value("title")
    expect(page.locator("#id_col_7")).to_have_value("status")
    page.select_option("#id_col_4", "facts")
    # Changing which column is 整改状态 refreshes the status words in place (htmx).
    page.select_option("#id_col_7", "")
    expect(page.locator("#status-box")).to_contain_text("请先指定“整改状态”所在的列")
    page.select_option("#id_col_7", "status")
    expect(page.locator("#status-table")).to_contain_text("正在整改")
    expect(page.locator("#creations")).to_contain_text("市财政局")
    page.check("#id_create_missing")
    shot(page, "2-mapping")
    page.click("#preview-button")

    page.wait_for_url(re.compile(r"/preview/$"))
    expect(page.locator("#preview-summary")).to_contain_text("共 3 行，全部检查通过")
    expect(page.locator("#creations")).to_contain_text("十届第3轮")
    assert not Issue.objects.exists()
    shot(page, "3-preview")
    page.click("#confirm-button")

    page.wait_for_url(re.compile(r"/status/$"))
    summary = page.locator("#historic-summary")
    expect(summary).to_contain_text("已导入 3 个问题，其中已销号 1 个", timeout=60_000)
    expect(page.locator("#historic-progress")).to_have_attribute("data-state", "done")
    shot(page, "4-done")
    assert csp_errors == []
    issues = {i.code: i for i in Issue.objects.all()}
    assert sorted(issues) == ["XC-2023-001", "XC-2023-002", "XC-2023-003"]
    assert [issues[c].status for c in sorted(issues)] == [
        IssueStatus.CLOSED,
        IssueStatus.RECTIFYING,
        IssueStatus.LONG_TERM,
    ]
    assert issues["XC-2023-001"].facts == "财经纪律"
    assert HistoricMapping.objects.get(office=w.city).columns["4"] == "facts"

    page.click("#historic-links a.btn-outline-primary")
    page.wait_for_url(re.compile(r"/issues/\?round=\d+$"))
    expect(page.locator("body")).to_contain_text("违规发放津贴补贴")
    context.close()
