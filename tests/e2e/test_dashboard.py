"""The statistics dashboard and the notification bell in a real Chromium, on the demo data: the
city supervisor signs in through the form, the ECharts canvases render under the page's
Content-Security-Policy (the chart data travels as JSON, drawn by static/js/dashboard.js), a
click on a bar opens the list it counts, and the bell shows his unread notifications and takes
him to one. Screenshots go to test-results/screenshots/ (SCREENSHOT_DIR overrides)."""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from alerts import rules
from dashboard import stats
from dashboard.models import Stat
from demo.accounts import CITY_OFFICE
from inspections.models import Round
from notifications.models import Notification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(settings.BASE_DIR) / "test-results" / "screenshots")
CHARTS = 7


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def demo(transactional_db):
    """The demo data set with the night's jobs done: statistics and alerts (with notifications)."""
    call_command("seed_demo", stdout=io.StringIO())
    stats.recompute_all()
    rules.check()


def bar_centre(page, chart_id: str, index: int = 0) -> tuple[float, float]:
    """Page coordinates of the middle of a horizontal bar (ECharts converts data to pixels)."""
    page.locator(f"#{chart_id}").scroll_into_view_if_needed()
    box = page.locator(f"#{chart_id}").bounding_box()  # in the viewport, as the mouse is
    x, y = page.evaluate(
        """([id, index]) => {
            const chart = echarts.getInstanceByDom(document.getElementById(id));
            const value = chart.getOption().series[0].data[index].value;
            return chart.convertToPixel({ seriesIndex: 0 }, [value / 2, index]);
        }""",
        [chart_id, index],
    )
    return box["x"] + x, box["y"] + y


def test_supervisor_reads_the_dashboard_drills_down_and_opens_a_notification(page, live_server, demo):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    unread = Notification.objects.filter(user__username="supervisor", read_at__isnull=True).count()
    assert unread > 0

    log_in(page, live_server, "supervisor")
    page.click("[data-nav=stats]")
    page.wait_for_url(f"{live_server.url}/stats/")

    # The headline figures of the seed, and every chart drawn on its canvas.
    # (Locators, not wait_for_function: the page's CSP refuses the eval that one would need.)
    canvases = page.locator("[data-chart][data-rendered] canvas")
    canvases.nth(CHARTS - 1).wait_for(state="attached", timeout=15000)
    assert canvases.count() == CHARTS
    figures = {
        key: page.locator(f"#card-{key} .figure").inner_text().split("\n")[0]
        for key in (
            "rounds",
            "units_inspected",
            "issues",
            "issues_closed",
            "clues_transferred",
            "persons_accountable",
            "persons_to_judiciary",
        )
    }
    assert figures == {
        "rounds": "18",
        "units_inspected": "203",
        "issues": "5,938",
        "issues_closed": "5,847",
        "clues_transferred": "937",
        "persons_accountable": "2,437",
        "persons_to_judiciary": "56",
    }
    assert re.match(r"98\.5\s*%", page.locator("#card-completion_rate .figure").inner_text())
    assert re.match(r"52,000\s*万元", page.locator("#card-loss_recovered_wan .figure").inner_text())

    # The bell: its count is the supervisor's unread notifications.
    page.wait_for_selector("#bell-count[data-count]", state="attached")
    assert int(page.locator("#bell-count").get_attribute("data-count")) == unread
    assert page.locator("#bell-count").inner_text().startswith(str(unread))
    shot(page, "dashboard-01-city")

    # A click on the worst unit's bar opens its overdue issues: as many as the bar says.
    worst = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-overdue')).getOption().series[0].data[0].value"
    )
    page.mouse.click(*bar_centre(page, "chart-overdue"))
    page.wait_for_url(re.compile(r"/issues/\?office=\d+&office_scope=subtree&unit=\d+&overdue=true$"))
    assert page.locator(".total").first.inner_text().startswith(f"共 {worst} 条")
    shot(page, "dashboard-02-overdue-drilldown")

    # Back on the dashboard, a card opens the closed issues of the city's tree.
    page.go_back()
    page.click("#card-issues_closed")
    page.wait_for_url(re.compile(r"/issues/\?office=\d+&office_scope=subtree&status=closed$"))
    assert page.locator(".total").first.inner_text().startswith("共 5847 条")

    # The bell's dropdown lists the notifications; opening one marks it read and shows its subject.
    page.click("#bell-toggle")
    page.wait_for_selector("#bell-items .bell-item")
    shot(page, "dashboard-03-bell")
    first = page.locator("#bell-items .bell-open").first
    with page.expect_navigation():
        first.click()
    assert "/rectification/issues/" in page.url or "/rectification/assignments/" in page.url
    page.wait_for_selector("#bell-count[data-count]", state="attached")
    assert int(page.locator("#bell-count").get_attribute("data-count")) == unread - 1
    assert Notification.objects.filter(user__username="supervisor", read_at__isnull=True).count() == unread - 1

    assert violations == []


MARKUP = "<img src=x onerror=alert(1)>"


def test_a_round_named_with_markup_shows_as_text_in_the_chart_tooltip(page, live_server, demo):
    """Issue 19, finding 13: names in the charts' tooltips are data, shown as text, never as markup."""
    charted = Stat.objects.filter(scope="round", issues_fed_back__gt=0, office__name=CITY_OFFICE).first()
    Round.objects.filter(pk=charted.scope_id).update(term=MARKUP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/stats/")
    chart = page.locator("#chart-parts")
    page.locator("#chart-parts[data-rendered]").wait_for(state="attached", timeout=15000)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    x, y = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-parts'));
            const data = chart.getOption().series[0].data;
            const index = data.findIndex((item) => item.name.includes('onerror'));
            return chart.convertToPixel({ seriesIndex: 0 }, [index, data[index].value / 2]);
        }"""
    )
    page.mouse.move(box["x"] + x, box["y"] + y)

    chart.get_by_text("整改完成率（%）：").wait_for(timeout=10000)  # the tooltip is open
    assert chart.locator("img").count() == 0
    assert MARKUP in chart.inner_text()  # the name as it was typed, as text
    shot(page, "dashboard-04-markup-in-a-name")
    assert errors == []

