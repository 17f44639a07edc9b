"""Every drill-down of the dashboard opens a list whose row count is the figure shown (issue 12):
the cards, the charts' items and the alert levels, for the city office (with the offices below
it) and for a county office, as an admin (who may open the clue lists) and as a supervisor."""

import pytest

from tests.dashboard.test_dashboard import card_links, cards, chart, list_count
from tests.dashboard.world import login, make_dashboard_world, page

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
        if key in SUMMED:
            assert url_of == links.get(SUMMED[key]), key
            continue
        checked.append((url_of, int(shown[COUNTED[key]][0]), list_count(client, url_of)))
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
