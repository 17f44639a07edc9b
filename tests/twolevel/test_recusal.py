"""回避 by office: the group pages and the member picker warn when a cross round's member comes
from the home office of a unit his group inspects."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from inspections.recusal import office_conflicts
from tests.factories import user
from tests.factories.two_level import make_two_level_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w():
    return make_two_level_world()


def test_office_conflicts_of_the_cross_group(w):
    found = {(m.user.username, unit.code) for _g, m, unit in office_conflicts(group_ids=[w.group_c.pk, w.group_e.pk])}
    # county A's member and county A's unit; county B's member and county B's unit; none in the
    # elevated round (its member comes from the city) nor in county A's own round
    assert found == {("t_lead_a", "U-A2"), ("t_insp_b", "U-B2")}
    assert office_conflicts(group_ids=[w.group_a.pk]) == []


def test_group_page_and_picker_warn(w, client):
    client.force_login(w.supervisor)
    page = client.get(reverse("inspections:group-detail", args=[w.group_c.pk])).content.decode()
    assert page.count('class="office-recusal"') == 2 and "甲县乙镇" in page

    newcomer = user("t_new_a", Role.INSPECTOR, w.county_a)
    picked = client.get(reverse("inspections:lookup-candidates"), {"q": "t_new_a", "group": w.group_c.pk}).json()
    assert [row["text"] for row in picked["results"] if row["value"] == str(newcomer.pk)][0].endswith(
        "回避：属地单位甲县乙镇"
    )
    response = client.post(
        reverse("inspections:membership-add", args=[w.group_c.pk]),
        {"user": newcomer.pk, "role": "member", "seconded_from": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert any("属地单位 甲县乙镇" in str(m) for m in response.context["messages"])
