"""The inspector's journey in a real Chromium: an inspector records a finding, the group leader
confirms it, then records a clue and transfers it. Screenshots go to test-results/screenshots/."""

import datetime as dt
import importlib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from inspections.choices import ClueStatus, GroupRole, IssueStatus
from inspections.models import Clue, Issue, Unit
from tests.factories import AssignmentFactory, GroupFactory, RoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Under pytest-playwright's output folder (emptied when a test session starts); SCREENSHOT_DIR overrides.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(settings.BASE_DIR) / "test-results" / "screenshots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")


def log_out(page) -> None:
    page.click("form[action='/logout/'] button")
    page.wait_for_url("**/login/")


def choose(page, field_id: str, text: str) -> None:
    """Pick an option of a type-ahead select (Tom Select) by typing part of its label."""
    control = page.locator(f"#{field_id}-ts-control")
    control.locator("xpath=..").click()
    control.fill(text)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=text).first
    option.wait_for()
    option.click()


@pytest.fixture
def inspection(demo_accounts):
    """A city round whose first group (leader 赵组长, member 张巡察) inspects the housing bureau."""
    users = demo_accounts
    # A transactional test before this one may have flushed the categories seeded by the migration.
    seed_categories = importlib.import_module("inspections.migrations.0002_seed_issue_categories").seed
    seed_categories(apps, None)
    office = users["admin"].roles.get().office
    unit = Unit.objects.get(code="JZ-D-001")
    round_ = RoundFactory(
        office=office,
        term="十一届市委",
        sequence=3,
        theme="聚焦群众身边腐败问题",
        planned_end=dt.date(2026, 6, 30),
        stage="on_site",
    )
    members = [(users["group_leader"], GroupRole.LEADER), (users["inspector"], GroupRole.MEMBER)]
    group = GroupFactory(round=round_, number=1, members=members)
    assignment = AssignmentFactory(round=round_, unit=unit, group=group)
    return assignment


def test_inspector_records_leader_confirms_then_records_and_transfers_a_clue(page, live_server, inspection):
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of 组长确认 and 移交
    # The inspector records a finding from his workbench.
    log_in(page, live_server, "inspector")
    assert page.locator("h1").inner_text() == "工作台"
    page.click("table >> text=录入问题")
    page.wait_for_url(re.compile(r"/issues/new/\?assignment=\d+$"))
    assert "荆州市住房和城乡建设局" in page.locator("#id_assignment-ts-control").evaluate(
        "e => e.closest('.ts-wrapper').innerText"
    )
    choose(page, "id_category", "工程建设")
    page.fill("#id_title", "工程项目未公开招标")
    page.fill("#id_facts", "2025年某道路工程化整为零，规避公开招标。")
    page.select_option("#id_how_found", "documents")
    shot(page, "01-inspector-issue-form")
    page.click("button[name=save]")
    page.wait_for_url("**/issues/*/")
    assert page.locator("#issue-status").inner_text() == "草稿"
    assert "已登记问题底稿" in page.locator("#messages").inner_text()
    shot(page, "02-inspector-issue-draft")
    issue = Issue.objects.get(title="工程项目未公开招标")
    assert issue.status == IssueStatus.DRAFT and issue.case_officer.username == "inspector"
    log_out(page)

    # The group leader finds it waiting for him and confirms it with a comment.
    log_in(page, live_server, "group_leader")
    page.click("text=待我审核 >> xpath=..")
    page.click(f"text={issue.code}")
    page.wait_for_url(f"**/issues/{issue.pk}/")
    page.fill("#id_comment", "事实清楚，同意确认。")
    page.click("#confirm-button")
    page.wait_for_url(f"**/issues/{issue.pk}/")
    assert page.locator("#issue-status").inner_text() == "已确认"
    assert "组长确认" in page.locator("#timeline").inner_text()
    shot(page, "03-leader-issue-confirmed")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CONFIRMED

    # He records a clue on the assignment page and transfers it to the discipline body.
    page.goto(f"{live_server.url}/assignments/{inspection.pk}/")
    page.click("text=登记线索")
    page.wait_for_url(re.compile(r"/clues/new/\?assignment=\d+$"))
    assert "涉密" in page.locator(".confidential").inner_text()
    page.fill("#id_summary", "反映该局某副局长插手工程项目发包。")
    page.fill("#id_persons-0-name", "李某")
    page.fill("#id_persons-0-post", "副局长")
    page.select_option("#id_persons-0-rank", "county")
    shot(page, "04-leader-clue-form")
    page.click("#clue-form button[type=submit]")
    page.wait_for_url("**/clues/*/")
    assert page.locator("#clue-status").inner_text() == "待移交"
    page.click("a:has-text('移交')")
    page.wait_for_url("**/transfer/")
    page.select_option("#id_recipient", "discipline")
    page.fill("#id_recipient_body", "荆州市纪委监委")
    page.fill("#id_transfer_date", "2026-04-25")
    page.fill("#id_letter_number", "荆巡移〔2026〕3号")
    page.click("#clue-action-form button[type=submit]")
    page.wait_for_url("**/clues/*/")
    assert page.locator("#clue-status").inner_text() == "已移交"
    assert "荆巡移〔2026〕3号" in page.content()
    shot(page, "05-leader-clue-transferred")
    clue = Clue.objects.get()
    assert clue.status == ClueStatus.TRANSFERRED and clue.result_due == dt.date(2026, 7, 25)
    log_out(page)

    # The inspector who is no leader sees no clue anywhere.
    log_in(page, live_server, "inspector")
    assert page.locator("[data-nav=clues]").count() == 0
    response = page.goto(f"{live_server.url}/clues/{clue.pk}/")
    assert response.status == 404
    shot(page, "06-inspector-clue-404")
