"""Every role reaches its main tasks from the home page in at most two clicks (issue 15), in a real
Chromium at 1440×900 and, for the liaison and the leader, at 390×844 — where nothing visible lies
outside the screen. A role's main tasks are the tiles of its workbench (“what must I do today”, each
one click) and the sections of its navigation (one click on a desktop; on a phone the menu toggle,
then the section: two). Each click must open a page (HTTP 200). Screenshots go to test-results/."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from inspections import deadlines
from inspections.choices import ClueStatus, IssueStatus
from rectification import services as rect
from tests.e2e.test_phone_liaison import OUTSIDE, PHONE, SHOTS
from tests.factories import make_clue, make_issue, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1440, "height": 900}

# username -> (the workbench tiles it must offer, the navigation sections it must offer)
ROLES = {
    "t_inspector_x": ({"drafts", "to-review"}, {"home", "rounds", "issues"}),
    "t_group_leader_x": ({"to-review", "clues-to-transfer"}, {"home", "rounds", "issues", "clues"}),
    "t_liaison_x": ({"overdue", "due-10", "due-20", "pending-review", "returned"}, {"home", "rectification"}),
    "t_supervisor": (
        {"queue-issues", "queue-plans", "overdue"},
        {"home", "issues", "rectification", "stats", "ledgers"},
    ),
    "t_clue_officer": ({"clue-results-overdue", "clue-results-due"}, {"home", "clues"}),
    "t_leader": ({"found", "rectifying", "pending-review", "closed", "overdue"}, {"home", "issues", "stats"}),
    "t_admin": ({"locked", "failed-tasks", "failed-exports"}, {"home", "ledgers", "audit", "admin"}),
}
ON_PHONES = ("t_liaison_x", "t_leader")


@pytest.fixture
def world():
    w = make_world()
    w.admin.is_staff = w.admin.is_superuser = True  # as seed_demo makes its admin: tiles open the Django admin
    w.admin.save(update_fields=["is_staff", "is_superuser"])
    today = deadlines.today()
    make_issue(w.assignment_x, IssueStatus.DRAFT, n=1, case_officer=w.inspector_x)
    make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=2)
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=3, deadline=today - dt.timedelta(days=2))
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=4, deadline=today + dt.timedelta(days=5))
    make_issue(w.assignment_x, IssueStatus.PENDING_REVIEW, n=5)
    make_clue(w.assignment_x, w.group_leader_x, ClueStatus.DRAFT, n=1)
    rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=today)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return w


def sign_in(context, live_server, username: str):
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def opens(page, clicks: list[str], what: str) -> None:
    """Click the selectors in turn (the last one navigates); the page it opens answers 200."""
    for selector in clicks[:-1]:
        page.click(selector)
    with page.expect_navigation() as navigation:
        page.locator(clicks[-1]).first.click()
    assert navigation.value.status == 200, (what, page.url, navigation.value.status)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_reaches_its_tasks_in_two_clicks(browser, live_server, world, username):
    tiles_wanted, sections_wanted = ROLES[username]
    viewports = [("desktop", DESKTOP)] + ([("phone", PHONE)] if username in ON_PHONES else [])
    for name, viewport in viewports:
        phone = name == "phone"
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
        page = sign_in(context, live_server, username)
        home = page.url
        tiles = page.locator("a[data-tile]").evaluate_all("links => links.map(a => a.dataset.tile)")
        assert tiles_wanted <= set(tiles), (username, name, tiles)
        sections = page.locator("#sidenav a[data-nav]").evaluate_all("links => links.map(a => a.dataset.nav)")
        assert sections_wanted <= set(sections), (username, name, sections)
        if phone:
            assert page.evaluate(OUTSIDE) == [], (username, "home")
        page.screenshot(path=str(SHOTS / f"roles_{username}_{name}.png"), full_page=True)

        for tile in tiles:  # one click each
            page.goto(home)
            expect(page.locator(f'a[data-tile="{tile}"]')).to_be_visible()
            opens(page, [f'a[data-tile="{tile}"]'], f"{username} {name} tile {tile}")
        for section in sections:  # one click on a desktop, the menu toggle and the section on a phone
            page.goto(home)
            link = f'#sidenav a[data-nav="{section}"]'
            opens(page, ["#nav-toggle", link] if phone else [link], f"{username} {name} section {section}")
            if phone:
                assert page.evaluate(OUTSIDE) == [], (username, section)
        context.close()
