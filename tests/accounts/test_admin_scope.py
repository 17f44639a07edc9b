"""The Django admin follows the scope rules, and keeps clues out (security review, issue 19, finding 11).

An admin of a county office who is staff but not superuser saw the whole city's issues, units and
clue reads in the admin, and a superuser read clues there without a ClueRead row."""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import Permission

from accounts.choices import Role
from accounts.models import RoleAssignment, User
from inspections.choices import ReadVia
from inspections.models import Assignment, ClueRead, Issue
from inspections.services import clue_reads_log
from rectification.models import Measure
from tests.factories import make_clue, make_issue, make_world, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.city_issue = make_issue(w.assignment_x, n=1, title="市级问题")
    w.county_issue = make_issue(w.assignment_a, n=2, title="县级问题")
    for issue in (w.city_issue, w.county_issue):
        Measure.objects.create(
            issue=issue, content="措施", responsible_leader="甲", responsible_person="乙", created_by=w.admin
        )
    w.city_clue = make_clue(w.assignment_x, w.inspector_x, n=1)
    w.county_clue = make_clue(w.assignment_a, w.inspector_a, n=2)
    clue_reads_log(user=w.clue_officer, clues=[w.city_clue, w.county_clue], via=ReadVia.UI_DETAIL)

    w.county_admin = user("t_admin_a", Role.ADMIN, w.county_a)
    w.county_admin.is_staff = True
    w.county_admin.save()
    w.county_admin.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["accounts", "inspections", "rectification"], codename__startswith="view_"
        )
    )
    w.root = user("t_root")
    w.root.is_staff = w.root.is_superuser = True
    w.root.save()
    return w


@pytest.mark.parametrize(
    ("path", "inside", "outside"),
    [
        ("inspections/issue/", "T-{w.assignment_a.pk}-002", "T-{w.assignment_x.pk}-001"),
        ("inspections/unit/", "甲县某镇", "市住建局"),
        ("inspections/assignment/", "甲县某镇", "市住建局"),
        ("inspections/round/", "甲县委巡察办", "测试市委巡察办"),
        ("rectification/measure/", "T-{w.assignment_a.pk}-002", "T-{w.assignment_x.pk}-001"),
        ("accounts/office/", "甲县委巡察办", "乙县委巡察办"),
        ("accounts/user/", "t_inspector_a", "t_supervisor_b"),
        ("accounts/user/", "t_liaison_a", "t_clue_officer"),
    ],
)
def test_a_county_admin_sees_only_his_county_in_the_admin(client, w, path, inside, outside):
    client.force_login(w.county_admin)
    page = client.get(f"/admin/{path}")
    assert page.status_code == 200
    text = page.content.decode()
    assert inside.format(w=w) in text and outside.format(w=w) not in text


def test_the_clue_read_log_in_the_admin_is_scoped(client, w):
    client.force_login(w.county_admin)
    text = client.get("/admin/inspections/clueread/").content.decode()
    assert w.county_clue.code in text and w.city_clue.code not in text


def test_an_outside_row_cannot_be_opened_by_its_id(client, w):
    client.force_login(w.county_admin)
    assert client.get(f"/admin/inspections/issue/{w.county_issue.pk}/change/").status_code == 200
    outside = client.get(f"/admin/inspections/issue/{w.city_issue.pk}/change/")
    assert outside.status_code == 302 and outside["Location"] == "/admin/"


def test_related_choices_and_filters_stay_within_the_scope(client, rf, w):
    request = rf.get("/admin/")
    request.user = w.county_admin
    admin = site._registry[Assignment]
    rounds = admin.formfield_for_foreignkey(Assignment._meta.get_field("round"), request).queryset
    assert list(rounds) == [w.round_a]

    client.force_login(w.county_admin)
    found = client.get(
        "/admin/autocomplete/", {"app_label": "inspections", "model_name": "assignment", "field_name": "unit"}
    ).json()
    assert [row["text"] for row in found["results"]] == ["甲县某镇"]
    units = client.get("/admin/inspections/unit/").content.decode()
    assert "乙县委巡察办" not in units and "测试市委巡察办" not in units  # the office filter


def test_clues_are_not_in_the_admin_at_all(client, w):
    client.force_login(w.root)
    assert client.get("/admin/inspections/clue/").status_code == 404
    assert client.get(f"/admin/inspections/clue/{w.city_clue.pk}/change/").status_code == 404
    assert client.get("/admin/inspections/clueevent/").status_code == 404
    assert ClueRead.objects.count() == 2


def test_a_superuser_still_sees_everything(client, w):
    client.force_login(w.root)
    text = client.get("/admin/inspections/issue/").content.decode()
    assert w.city_issue.code in text and w.county_issue.code in text
    assert Issue.objects.count() == 2


def test_roles_can_be_granted_only_in_offices_within_reach(rf, w):
    request = rf.get("/admin/")
    request.user = w.county_admin
    inline = site._registry[User].inlines[0](User, site)
    offices = inline.formfield_for_foreignkey(RoleAssignment._meta.get_field("office"), request).queryset
    assert list(offices) == [w.county_a]
