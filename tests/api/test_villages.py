"""Township with its villages (巡乡带村 / 巡单位带村): one step puts the villages on the round as
their own assignments carried by the township's; findings name the village; the issue filter
``with_villages`` rolls them up to the township, ``unit`` reports each village."""

import pytest
from django.test import Client

from inspections.choices import IssueStatus, UnitKind, VillageCategory
from inspections.models import Assignment
from tests.factories.inspections import UnitFactory
from tests.factories.worlds import api_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(w):
    town = UnitFactory(name="甲县某镇", code="A-T", kind=UnitKind.TOWNSHIP, office=w.county_a)
    villages = [
        UnitFactory(
            name=f"某镇{n}村",
            code=f"A-T-{n}",
            kind=UnitKind.VILLAGE,
            village_category=VillageCategory.GENERAL,
            office=w.county_a,
            parent=town,
        )
        for n in (1, 2, 3)
    ]
    villages[2].is_active = False
    villages[2].save()
    return town, villages


def test_assignment_carries_the_villages(w, api, township):
    town, villages = township
    body = {"round": w.round_a.pk, "unit": town.pk, "group": w.group_x.pk, "with_villages": True}
    response = api(w.sup_a).post("assignments/", body)
    assert response.status_code == 201, response.content
    town_asg = Assignment.objects.get(pk=response.json()["id"])
    carried = Assignment.objects.filter(carried_by=town_asg).order_by("unit__code")
    assert [a.unit.name for a in carried] == ["某镇1村", "某镇2村"]  # not the inactive one
    assert {a.group_id for a in carried} == {w.group_x.pk}
    listed = api(w.sup_a).get(f"assignments/{carried[0].pk}/").json()
    assert listed["carried_by"] == town_asg.pk

    # findings name the village; the filter rolls them up to the township
    api_issue(town_asg, IssueStatus.CONFIRMED, "T-001")
    api_issue(carried[0], IssueStatus.CONFIRMED, "T-1-001")
    api_issue(carried[1], IssueStatus.RECTIFYING, "T-2-001")
    response = api(w.leader_x).get("issues/", {"q": "T-1-001"})
    assert response.json()["results"][0]["unit_name"] == "某镇1村"
    assert api(w.sup_a).get("issues/", {"with_villages": town.pk}).json()["count"] == 3
    assert api(w.sup_a).get("issues/", {"unit": villages[0].pk}).json()["count"] == 1

    # the township's page lists its villages with the rolled-up figure; a village names its township
    client = Client()
    client.force_login(w.sup_a)
    page = client.get(f"/assignments/{town_asg.pk}/").content.decode()
    assert "随同巡察的村（社区）" in page and "某镇1村" in page and "含下属村（社区）共发现问题 3 个" in page
    page = client.get(f"/assignments/{carried[0].pk}/").content.decode()
    assert f"/assignments/{town_asg.pk}/" in page


def test_without_the_option_or_already_on_the_round(w, api, township):
    town, villages = township
    Assignment.objects.create(round=w.round_a, unit=villages[0], group=w.group_y)
    body = {"round": w.round_a.pk, "unit": town.pk, "group": w.group_x.pk, "with_villages": True}
    response = api(w.sup_a).post("assignments/", body)
    assert response.status_code == 201, response.content
    assert list(Assignment.objects.filter(carried_by=response.json()["id"]).values_list("unit__code", flat=True)) == [
        "A-T-2"
    ]
    other = UnitFactory(name="乙镇", code="A-S", kind=UnitKind.TOWNSHIP, office=w.county_a)
    UnitFactory(name="乙镇1村", code="A-S-1", kind=UnitKind.VILLAGE, office=w.county_a, parent=other)
    response = api(w.sup_a).post("assignments/", {"round": w.round_a.pk, "unit": other.pk, "group": w.group_x.pk})
    assert response.status_code == 201
    assert not Assignment.objects.filter(carried_by=response.json()["id"]).exists()
