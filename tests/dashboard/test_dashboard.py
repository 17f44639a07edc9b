"""The statistics dashboard: scope (404 outside it, 403 for roles without it, for the dashboard
and the alert list it opens), figures equal to the Stat rows, drill-down links that lead to lists
with exactly those counts, charts from SQL aggregates, the empty state, the pages' language, and —
with the demo data — the seed's exact figures on the city dashboard."""

import datetime as dt
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Office, User
from alerts.models import Alert
from dashboard import selectors, stats
from dashboard.models import Stat
from demo.accounts import CITY_OFFICE
from inspections.models import Issue
from rectification.choices import AlertKind, StatScope
from tests.dashboard.world import TODAY, login, make_dashboard_world, page
from tests.test_i18n import english_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_dashboard_world()


CARD = re.compile(r'id="card-(\w+)"[^>]*>\s*<div class="figure" data-value="([^"]*)">([^<]*)')


def cards(html: str) -> dict[str, tuple[str, str]]:
    """{card key: (data-value, shown text)}."""
    return {key: (value, text) for key, value, text in CARD.findall(html)}


def card_links(html: str) -> dict[str, str]:
    return {
        key: unescape(url) for url, key in re.findall(r'<a class="stat [^"]*" href="([^"]*)" id="card-(\w+)"', html)
    }


def chart(response) -> dict:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page(response), re.S)
    assert match, "the chart data is on the page"
    return json.loads(match.group(1))


FIGURE_OF_CARD = {
    "rounds": "rounds",
    "units_inspected": "units_inspected",
    "issues": "issues_found",
    "issues_fed_back": "issues_fed_back",
    "issues_closed": "issues_closed",
    "overdue": "overdue",
    "clues_transferred": "clues_transferred",
    "persons_accountable": "persons_accountable",
    "persons_to_judiciary": "persons_to_judiciary",
    "loss_recovered_wan": "loss_recovered_wan",
    "funds_refunded_wan": "funds_refunded_wan",
}


def stat_row(scope, pk) -> Stat:
    return Stat.objects.filter(scope=scope, scope_id=pk, day__lte=TODAY).order_by("-day").first()


# --- who may look, and at what ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "leader", "clue_officer", "admin", "supervisor_a"])
def test_office_readers_see_the_dashboard(client, w, who):
    response = login(client, getattr(w, who)).get("/stats/")
    assert response.status_code == 200
    assert reverse("dashboard:home") == "/stats/"


@pytest.mark.parametrize("who", ["inspector_x", "liaison_x", "nobody"])
def test_others_are_refused(client, w, who):
    assert login(client, getattr(w, who)).get("/stats/").status_code == 403
    assert client.get(f"/stats/alerts/?office={w.city.pk}").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, w):
    response = client.get("/stats/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("supervisor_a", {"office": "city"}),  # a county supervisor picking the city office
        ("supervisor_b", {"office": "county_a"}),  # a sibling county
        ("supervisor_a", {"round": "round"}),  # the city's round
        ("supervisor", {"office": "county_b", "round": "round_a"}),  # a round outside the office picked
    ],
)
def test_an_office_or_round_outside_reach_is_404(client, w, who, query):
    resolved = "&".join(f"{key}={getattr(w, value).pk}" for key, value in query.items())
    login(client, getattr(w, who))
    assert client.get(f"/stats/?{resolved}").status_code == 404
    assert client.get(f"/stats/alerts/?{resolved}").status_code == 404


def test_garbage_ids_are_404_and_a_reversed_period_is_an_error(client, w):
    login(client, w.supervisor)
    assert client.get("/stats/?office=abc").status_code == 404
    assert client.get("/stats/?round=99999999").status_code == 404
    response = client.get("/stats/?from=2026-02-01&to=2026-01-01")
    assert response.status_code == 200 and "截止日期不能早于起始日期。" in page(response)


def test_the_office_choice_lists_only_visible_offices(client, w):
    html = page(login(client, w.supervisor_a).get("/stats/"))
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html.split('id="id_round"')[0])
    assert [int(pk) for pk, _ in options] == [w.county_a.pk]


# --- figures ----------------------------------------------------------------------------------


def test_the_cards_equal_the_stat_row_of_the_users_top_office(client, w):
    response = login(client, w.supervisor).get("/stats/")
    row = stat_row(StatScope.OFFICE, w.city.pk)
    shown = cards(page(response))
    for key, figure in FIGURE_OF_CARD.items():
        assert Decimal(shown[key][0]) == Decimal(getattr(row, figure)), key
    assert shown["completion_rate"] == (str(row.completion_rate), str(row.completion_rate))
    # The same figures as the API's summary: 11 found, 10 fed back, 4 closed → 40.0 %.
    assert shown["issues"] == ("11", "11") and shown["issues_closed"] == ("4", "4")
    assert shown["completion_rate"][1] == "40.0" and shown["loss_recovered_wan"] == ("170.50", "170.50")
    assert shown["funds_refunded_wan"] == ("13.75", "13.75")
    assert f"数据截至 {TODAY:%Y-%m-%d}" in page(response)


def test_a_round_shows_the_round_row_and_its_groups(client, w):
    response = login(client, w.leader).get(f"/stats/?round={w.round.pk}")
    row = stat_row(StatScope.ROUND, w.round.pk)
    shown = cards(page(response))
    assert {key: int(shown[key][0]) for key in ("issues", "issues_fed_back", "issues_closed", "overdue")} == {
        "issues": row.issues_found,
        "issues_fed_back": row.issues_fed_back,
        "issues_closed": row.issues_closed,
        "overdue": row.overdue,
    }
    data = chart(response)
    assert [(item["name"], item["value"]) for item in data["parts"]] == [("第一巡察组", 33.3), ("第二巡察组", 50.0)]
    assert "整改完成率（按巡察组）" in page(response)


def test_a_county_supervisor_sees_his_county(client, w):
    shown = cards(page(login(client, w.supervisor_a).get("/stats/")))
    row = stat_row(StatScope.OFFICE, w.county_a.pk)
    assert int(shown["issues"][0]) == row.issues_found == 2
    assert shown["completion_rate"][1] == "50.0"


def test_charts_come_from_the_days_rows_and_parts(client, w):
    data = chart(login(client, w.supervisor).get("/stats/"))

    # Completion rate by round: the round rows of the city's subtree.
    rounds = {item["name"]: (item["value"], item["closed"], item["fed_back"]) for item in data["parts"]}
    assert rounds == {
        f"{w.city.name} · {w.round}": (37.5, 3, 8),
        f"{w.county_a.name} · {w.round_a}": (50.0, 1, 2),
    }
    # Units: assignments added up per unit; lowest rate first, highest first.
    assert [(i["name"], i["value"]) for i in data["units_low"]] == [
        ("市住建局", 33.3),
        ("市发改委", 50.0),
        ("甲县某镇", 50.0),
    ]
    assert data["units_high"][0]["value"] == 50.0
    # Overdue by unit, worst first.
    assert [(i["name"], i["value"]) for i in data["overdue"]] == [("市住建局", 1), ("甲县某镇", 1)]
    # Categories: every finding of the factories is in one sub-type under one heading.
    assert [(h["value"], [c["value"] for c in h["children"]]) for h in data["headings"]] == [(11, [11])]
    # Open alerts by colour, as the supervisor may see them (no clue alerts).
    by_level = {level["level"]: level["value"] for level in data["alerts"]}
    visible = Alert.objects.visible_to(w.supervisor).filter(resolved_at__isnull=True)
    assert by_level == {level: visible.filter(level=level).count() for level in ("red", "yellow", "green")}
    assert by_level["red"] >= 2 and not visible.filter(kind=AlertKind.CLUE_RESULT).exists()
    # The trend: by default the state at each month's end (this month: today's snapshot).
    assert data["trend"]["days"] == [TODAY.isoformat()[:7]] and data["trend"]["rate"] == [40.0]


def test_the_trend_has_a_point_per_daily_snapshot(client, w):
    stats.recompute_all(TODAY - dt.timedelta(days=2))
    stats.recompute_all(TODAY - dt.timedelta(days=1))
    trend = chart(login(client, w.supervisor).get("/stats/", {"trend": "day"}))["trend"]
    assert trend["days"] == [(TODAY - dt.timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    assert trend["found"] == [11, 11, 11]


def test_the_trend_by_month_and_year_takes_the_last_snapshot_of_each(client, w):
    """Month and year points are the state at each month's / year's end: the last snapshot in it, over
    the whole history (a past snapshot older than a year is kept), each labelled with its month / year."""
    old_days = [dt.date(TODAY.year - 2, 3, 10), dt.date(TODAY.year - 2, 3, 31), dt.date(TODAY.year - 1, 12, 31)]
    for day in old_days:
        stats.recompute_all(day)
    Stat.objects.filter(scope="office", day=old_days[0]).update(issues_found=1)  # an earlier day of the month
    client = login(client, w.supervisor)
    monthly = chart(client.get("/stats/"))["trend"]
    assert monthly["days"] == [f"{TODAY.year - 2}-03", f"{TODAY.year - 1}-12", TODAY.isoformat()[:7]]
    assert monthly["found"] == [11, 11, 11]  # March's point is the 31st, not the 10th
    yearly = chart(client.get("/stats/", {"trend": "year"}))["trend"]
    assert yearly["days"] == [str(TODAY.year - 2), str(TODAY.year - 1), str(TODAY.year)]
    daily = chart(client.get("/stats/", {"trend": "day"}))["trend"]
    assert daily["days"] == [d.isoformat() for d in old_days if d >= TODAY - dt.timedelta(days=365)] + [
        TODAY.isoformat()
    ]
    page = client.get("/stats/", {"trend": "year"}).content.decode()
    assert "整改进度趋势（各年末）" in page and 'id="trend-granularity"' in page
    assert "trend=month" in page and "trend=day" in page  # the other granularities are one click away


def test_clue_officers_see_the_alerts_of_clues_only(client, w):
    data = chart(login(client, w.clue_officer).get("/stats/"))
    red = next(level for level in data["alerts"] if level["level"] == "red")
    assert red["value"] == 1 and [k["kind"] for k in red["kinds"]] == ["clue_result"]


def test_a_period_is_computed_live_by_the_date_found(client, w):
    Issue.objects.filter(assignment=w.assignment_x).update(found_on=dt.date(2025, 1, 10))
    response = login(client, w.supervisor).get("/stats/?from=2025-01-01&to=2025-01-31")
    shown = cards(page(response))
    live = selectors.live_figures(
        office=w.city, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 31), today=TODAY
    )
    assert int(shown["issues"][0]) == live["issues_found"] == 7
    assert int(shown["overdue"][0]) == live["overdue"] == 1
    data = chart(response)
    assert [(i["name"], i["fed_back"]) for i in data["units_low"]] == [("市住建局", 6)]
    assert "实时计算" in page(response)
    # The drill-down keeps the period.
    assert "found_on_after=2025-01-01&found_on_before=2025-01-31" in card_links(page(response))["issues"]


def test_no_statistics_yet_shows_the_empty_state(client, w):
    Stat.objects.all().delete()
    response = login(client, w.supervisor).get("/stats/")
    html = page(response)
    assert "尚无统计数据：统计任务每晚运行，或由管理员立即运行" in html
    assert 'id="dashboard-data"' not in html and "立即运行统计任务" not in html
    assert "立即运行统计任务" in page(login(client, w.admin).get("/stats/"))


def test_an_admin_queues_the_recompute_now(client, w, monkeypatch):
    queued = []
    monkeypatch.setattr("dashboard.tasks.recompute_all_stats.delay", lambda *a, **k: queued.append(1))
    response = login(client, w.admin).post("/stats/recompute/", {"office": w.city.pk})
    assert response.status_code == 302 and response["Location"] == f"/stats/?office={w.city.pk}"
    assert queued == [1]
    assert login(client, w.supervisor).post("/stats/recompute/").status_code == 403
    assert queued == [1]
    assert client.get("/stats/recompute/").status_code == 405


# --- every figure drills down to the list it counts --------------------------------------------


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    ("who", "office"), [("supervisor", "city"), ("supervisor", "county_a"), ("clue_officer", "city")]
)
def test_card_links_lead_to_lists_with_the_same_counts(client, w, who, office):
    login(client, getattr(w, who))
    html = page(client.get(f"/stats/?office={getattr(w, office).pk}"))
    shown, links = cards(html), card_links(html)
    for key in ("issues", "issues_fed_back", "issues_closed", "overdue"):
        assert list_count(client, links[key]) == int(shown[key][0]), key
    assert links["issues_closed"].startswith("/issues/?")
    # The office with the offices below it (accounts/filters.py), whichever office is picked.
    assert f"office={getattr(w, office).pk}&office_scope=subtree" in links["issues"]
    if who == "clue_officer":
        assert list_count(client, links["clues_transferred"]) == int(shown["clues_transferred"][0])
    else:
        # Supervisors see the clue counts but no way to the clues themselves.
        assert "clues_transferred" not in links and "线索类数据仅显示数量" in html


def test_chart_items_lead_to_lists_with_the_same_counts(client, w):
    login(client, w.supervisor)
    data = chart(client.get("/stats/"))
    for item in data["parts"] + data["units_low"]:
        assert list_count(client, item["url"]) == item["fed_back"], item
    for item in data["overdue"]:
        assert "overdue=true" in item["url"] and list_count(client, item["url"]) == item["value"], item
    for heading in data["headings"]:
        assert list_count(client, heading["url"]) == heading["value"]
        for child in heading["children"]:
            assert list_count(client, child["url"]) == child["value"]
    for level in data["alerts"]:
        assert list_count(client, level["url"]) == level["value"], level


# --- language ---------------------------------------------------------------------------------


def test_the_pages_are_chinese_without_leftover_english(client, w):
    pages = {
        w.supervisor: ["/stats/", f"/stats/?round={w.round.pk}", "/stats/?from=2026-01-01", "/notifications/"],
        w.clue_officer: ["/stats/", f"/stats/alerts/?office={w.city.pk}", "/notifications/menu/"],
        w.liaison_x: ["/notifications/", "/notifications/?tab=unread", "/notifications/menu/"],
    }
    leftovers = {}
    for person, urls in pages.items():
        login(client, person)
        for url in urls:
            words = english_words(page(client.get(url)))
            if words:
                leftovers[(person.username, url)] = sorted(words)
    Stat.objects.all().delete()
    login(client, w.admin)
    words = english_words(page(client.get("/stats/")))
    assert leftovers == {} and words == set()


def test_the_pages_in_english(client, w):
    login(client, w.supervisor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page(client.get("/stats/"))
    assert "Statistics" in html and "Completion rate" in html and "统计分析" not in html
    assert "Notification" in page(client.get("/notifications/"))


# --- the demo data: the seed's figures through the real recompute -------------------------------


def test_the_city_dashboard_shows_the_seed_figures(client):
    call_command("seed_demo", stdout=io.StringIO())  # computes the figures, as the nightly job would
    stats.recompute_all()  # idempotent: the real recompute once more changes nothing
    supervisor = User.objects.get(username="supervisor")  # the demo's city supervisor
    city = Office.objects.get(name=CITY_OFFICE)

    response = login(client, supervisor).get("/stats/")
    shown = {key: text for key, (_value, text) in cards(page(response)).items()}
    assert shown == {
        **shown,
        "rounds": "18",
        "units_inspected": "203",
        "issues": "5,938",
        "issues_closed": "5,847",
        "completion_rate": "98.5",
        "clues_transferred": "937",
        "persons_accountable": "2,437",
        "persons_to_judiciary": "56",
        "loss_recovered_wan": "52,000",
    }
    html = page(response)
    assert re.search(r'data-value="98.5">98.5<small[^>]*>%</small>', html)
    assert re.search(r'data-value="52000.00">52,000<small[^>]*>万元</small>', html)
    # The same figures through the API the page shares its summary with.
    api = client.get(f"/api/v1/stats/summary/?office={city.pk}").json()
    assert (api["rounds"], api["units_inspected"], api["issues"], api["issues_closed"]) == (18, 203, 5938, 5847)
    assert api["completion_rate"] == 98.5 and api["clues_transferred"] == 937
    assert (api["persons_accountable"], api["persons_to_judiciary"]) == (2437, 56)
    assert api["loss_recovered_wan"] == "52000.00"
    # The categories add up to the issues found; every round with feedback is in the chart.
    data = chart(response)
    assert sum(h["value"] for h in data["headings"]) == 5938
    assert len(data["parts"]) == 17  # the round still on site has nothing fed back yet


def test_the_units_chosen_in_sql_are_those_the_charts_would_choose_from_every_unit():
    """selectors.breakdowns picks the lowest, highest and most overdue units in SQL (the city has tens of
    thousands); on units with ties — equal rates after rounding half to even, equal fed-back counts —
    it picks exactly what shown_units picks from the figures of every unit."""
    import random

    from tests.factories import make_assignment, make_group, make_round, make_world
    from tests.factories.inspections import UnitFactory

    w = make_world()
    rnd = make_round(w.city, 9)
    group = make_group(rnd, 1, leader=w.inspector_x)
    rng = random.Random(14)
    figures = [(1, 16), (2, 32), (0, 3), (3, 3), (1, 8), (5, 40), (2, 3), (1, 6), (0, 1), (7, 7), (13, 40)]
    figures += [(rng.randint(0, 9), rng.randint(1, 9)) for _ in range(40)]
    rows = []
    for n, (closed, fed_back) in enumerate(figures):
        closed = min(closed, fed_back)
        unit = UnitFactory(name=f"单位{n}", code=f"R-{n}", office=w.city)
        assignment = make_assignment(rnd, unit, group)
        overdue = rng.choice([0, 0, 1, 2, 2, 5])
        Stat.objects.create(
            scope="assignment", scope_id=assignment.pk, office=w.city, day=TODAY,
            issues_found=fed_back, issues_fed_back=fed_back, issues_closed=closed, overdue=overdue,
        )  # fmt: skip
        rows.append(selectors.Row(unit.pk, fed_back, fed_back, closed, overdue))
    data = selectors.breakdowns(w.admin, office=w.city, round=rnd, date_from=None, date_to=None, day=TODAY, today=TODAY)
    assert sorted(r.pk for r in data["units"]) == sorted(r.pk for r in selectors.shown_units(rows))
