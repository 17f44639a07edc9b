"""Every drill-down of the dashboard opens a list whose row count is the figure shown (issue 12):
the cards (the rounds the office ran, and the units in its area), the charts' items and the alert
levels, for the city office (with the offices below it) and for a county office, as an admin (who
may open the clue lists) and as a supervisor."""

import pytest

from dashboard import stats
from inspections.choices import IssueStatus
from tests.dashboard.test_dashboard import card_links, cards, chart, list_count
from tests.dashboard.world import TODAY, YESTERDAY, login, make_dashboard_world, page, review
from tests.factories import make_assignment, make_clue, make_group, make_issue

pytestmark = pytest.mark.django_db

# Cards that count rows of the list they open, and the figure shown.
COUNTED = {
    "rounds": "rounds",
    "units_inspected": "units_inspected",
    "issues": "issues",
    "issues_fed_back": "issues_fed_back",
    "issues_closed": "issues_closed",
    "completion_rate": "issues_fed_back",  # the rate opens the fed-back findings it divides by
    "overdue": "overdue",
    "clues_transferred": "clues_transferred",
}
# Cards that add up a column of another card's list: they open that list.
SUMMED = {
    "persons_accountable": "clues_transferred",
    "persons_to_judiciary": "clues_transferred",
    "loss_recovered_wan": "clues_transferred",
    "funds_refunded_wan": "issues_closed",
}


@pytest.fixture
def w():
    return make_dashboard_world()


def walk(client, url: str) -> list[tuple[str, int, int]]:
    """(link, figure shown, rows of the list it opens) for every drill-down of the page at ``url``."""
    response = client.get(url)
    assert response.status_code == 200
    html = page(response)
    shown, links = cards(html), card_links(html)
    checked = []
    for key, url_of in links.items():
        prefix = "area_" if key.startswith("area_") else ""  # the units in the area (second row)
        base = key.removeprefix(prefix)
        if base in SUMMED:
            assert url_of == links.get(prefix + SUMMED[base]), key
            continue
        checked.append((url_of, int(shown[prefix + COUNTED[base]][0]), list_count(client, url_of)))
    data = chart(response)
    for item in data["parts"] + data["units_low"] + data["units_high"]:
        checked.append((item["url"], item["fed_back"], list_count(client, item["url"])))
    for item in data["overdue"]:
        checked.append((item["url"], item["value"], list_count(client, item["url"])))
    for heading in data["headings"]:
        checked.append((heading["url"], heading["value"], list_count(client, heading["url"])))
        for child in heading["children"]:
            checked.append((child["url"], child["value"], list_count(client, child["url"])))
    for level in data["alerts"]:
        checked.append((level["url"], level["value"], list_count(client, level["url"])))
        for kind in level["kinds"]:
            checked.append((kind["url"], kind["value"], list_count(client, kind["url"])))
    return checked


@pytest.mark.parametrize(("who", "office"), [(p, o) for p in ("admin", "supervisor") for o in ("city", "county_a")])
def test_every_drilldown_count_equals_the_rows_of_the_list_it_opens(client, w, who, office):
    login(client, getattr(w, who))
    checked = walk(client, f"/stats/?office={getattr(w, office).pk}")
    assert [(url, shown, rows) for url, shown, rows in checked if shown != rows] == []
    assert len(checked) >= 10
    assert any(rows for _url, _shown, rows in checked)
    office_links = [url for url, _shown, _rows in checked if "/stats/alerts/" not in url]
    assert all("office_scope=subtree" in url for url in office_links), office_links


def test_a_drilldown_from_the_city_includes_the_counties(client, w):
    login(client, w.supervisor)
    links = card_links(page(client.get(f"/stats/?office={w.city.pk}")))
    assert list_count(client, links["issues"]) == 11  # the city's round (9) and county A's (2)
    own_only = links["issues"].replace("office_scope=subtree", "office_scope=self")
    assert list_count(client, own_only) == 9


def cross(w):
    """The city's round also inspects a unit of county B (which ran no round of its own)."""
    assignment = make_assignment(w.round, w.unit_b, make_group(w.round, 9))
    make_issue(assignment, IssueStatus.RECTIFYING, 1, deadline=YESTERDAY)
    review(make_issue(assignment, IssueStatus.CLOSED, 2), w.supervisor, "4")
    make_clue(assignment, w.group_leader_x, "transferred", 1, persons_accountable=2)
    stats.recompute_all(TODAY)


def test_the_rounds_an_office_ran_and_the_units_in_its_area_are_shown_apart(client, w):
    cross(w)
    login(client, w.admin)
    html = page(client.get(f"/stats/?office={w.county_b.pk}"))
    shown = cards(html)
    assert (shown["rounds"][0], shown["issues"][0]) == ("0", "0")  # county B ran nothing
    assert (shown["area_rounds"][0], shown["area_units_inspected"][0], shown["area_issues"][0]) == ("1", "1", "2")
    assert "按巡察机构统计" in html and "按单位所在机构统计" in html
    # The city: its rounds found 13; the units in its area (with the counties') the same 13.
    shown = cards(page(client.get(f"/stats/?office={w.city.pk}")))
    assert shown["issues"][0] == shown["area_issues"][0] == "13"
    assert (shown["units_inspected"][0], shown["area_units_inspected"][0]) == ("4", "4")
    # A round's page has one set of figures (its own).
    assert "area_issues" not in cards(page(client.get(f"/stats/?round={w.round.pk}")))


@pytest.mark.parametrize("office", ["city", "county_a", "county_b"])
def test_drilldowns_with_a_unit_inspected_by_another_office(client, w, office):
    cross(w)
    login(client, w.admin)
    checked = walk(client, f"/stats/?office={getattr(w, office).pk}")
    assert [(url, shown, rows) for url, shown, rows in checked if shown != rows] == []
    assert any("home_office=" in url for url, _shown, _rows in checked)


def test_the_county_supervisor_drills_into_his_area(client, w):
    cross(w)
    login(client, w.supervisor_b)
    checked = walk(client, f"/stats/?office={w.county_b.pk}")
    assert [(url, shown, rows) for url, shown, rows in checked if shown != rows] == []
