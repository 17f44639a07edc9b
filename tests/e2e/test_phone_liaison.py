"""The liaison's journey on a phone (390×844) in a real Chromium: the workbench → the off-canvas
menu → the bell inside the screen → an issue → progress with a photo (a JPEG) → report done. At
every step no visible element lies outside the viewport. Screenshots go to test-results/."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from inspections import deadlines
from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification import services as rect
from rectification.models import Evidence
from tests.factories import make_issue, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}

# Visible elements sticking out of the viewport (hidden ones, and those of a closed menu, skipped).
OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const skipped = '.visually-hidden, [hidden], .dropdown-menu:not(.show), details:not([open]) > :not(summary)';
    if (el.closest(skipped)) continue;
    // Moved far off-screen on purpose (Tom Select's hidden input): not something the user sees.
    if (style.position === 'absolute' && box.right < -1000) continue;
    if (box.left < -1 || box.right > width + 1) {
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      bad.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${where}`);
    }
  }
  if (document.documentElement.scrollWidth > width + 1) bad.push(`page ${document.documentElement.scrollWidth}px wide`);
  return bad.slice(0, 10);
}"""


def jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 40, 40)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def world(tmp_path):
    w = make_world()
    w.issue = make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=1, title="工程项目未按规定公开招标")
    rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=deadlines.today())
    w.issue = Issue.objects.get(pk=w.issue.pk)
    w.photo = jpeg(tmp_path / "现场照片.jpg")
    SHOTS.mkdir(parents=True, exist_ok=True)
    return w


def within_screen(page, step: str) -> None:
    outside = page.evaluate(OUTSIDE)
    assert outside == [], (step, outside)


def shot(page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top of a full-page shot
    page.screenshot(path=str(SHOTS / f"phone_{name}.png"), full_page=True)


def test_the_liaisons_journey_on_a_phone(browser, live_server, world):
    w = world
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "t_liaison_x")
    page.fill("#id_password", "pw-t_liaison_x")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")

    # The workbench: the header on one line, the tiles and what is due, inside the screen.
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 70, header
    expect(page.locator("#wb-liaison")).to_be_visible()
    expect(page.locator("#wb-due")).to_contain_text("报送整改方案")
    within_screen(page, "home")
    shot(page, "01_home")

    # The menu is off-canvas behind the toggle.
    expect(page.locator("#sidenav")).not_to_be_in_viewport()
    page.click("#nav-toggle")
    expect(page.locator("#sidenav [data-nav=rectification]")).to_be_visible()
    shot(page, "02_menu")
    page.locator("#sidenav .btn-close").click()
    expect(page.locator("#sidenav")).not_to_be_in_viewport()

    # The bell's dropdown opens inside the screen.
    page.click("#bell-toggle")
    expect(page.locator("#bell-menu")).to_be_visible()
    expect(page.locator("#bell-all")).to_be_visible()
    within_screen(page, "bell")
    shot(page, "03_bell")
    page.keyboard.press("Escape")

    # Home → the issue (from what is due next).
    page.locator("#wb-due a", has_text=w.issue.code).click()
    expect(page.locator("#issue-status")).to_have_text("整改中")
    within_screen(page, "issue")
    shot(page, "04_issue")

    # Progress with a photo taken on the phone.
    page.click("#progress-panel summary")
    page.fill("#progress-form textarea", "已重新组织公开招标，现场照片见附件。")
    page.set_input_files("#id_files", str(w.photo))
    page.locator("#progress-form").get_by_role("button", name="报送进展").click()
    expect(page.locator("#messages .alert").first).to_contain_text("附佐证材料 1 份")
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "现场照片.jpg"
    within_screen(page, "progress")
    shot(page, "05_progress")

    # Report done.
    page.on("dialog", lambda dialog: dialog.accept())
    page.fill("#submit-form textarea", "已按要求完成整改。")
    page.get_by_role("button", name="整改完成，报请销号").click()
    expect(page.locator("#issue-status")).to_have_text("待审核")
    within_screen(page, "reported")
    shot(page, "06_reported_done")
    assert Issue.objects.get(pk=w.issue.pk).status == IssueStatus.PENDING_REVIEW
    context.close()


def test_the_leaders_workbench_on_a_phone(browser, live_server, world):
    make_issue(world.assignment_y, IssueStatus.RECTIFYING, n=1, deadline=deadlines.today() - dt.timedelta(days=3))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "t_leader")
    page.fill("#id_password", "pw-t_leader")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("#wb-leader")).to_be_visible()
    within_screen(page, "leader home")
    shot(page, "07_leader_home")
    page.locator("#wb-red-list a").first.click()
    expect(page.locator("#results")).to_be_visible()
    within_screen(page, "leader red list")
    shot(page, "08_leader_red_list")
    context.close()


def test_the_list_search_goes_into_the_url_and_the_export_carries_it(browser, live_server, world):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "t_supervisor")
    page.fill("#id_password", "pw-t_supervisor")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/issues/")
    page.locator("#id_q").press_sequentially("招标", delay=50)
    page.wait_for_url("**/issues/?*q=*")
    assert "%E6%8B%9B%E6%A0%87" in page.url or "招标" in page.url
    page.reload()
    expect(page.locator("#id_q")).to_have_value("招标")
    page.locator("#list-export").click()
    page.wait_for_url("**/ledgers/**")
    assert "q=" in page.url
    context.close()
