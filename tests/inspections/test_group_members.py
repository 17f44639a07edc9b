"""Group members (leader, deputies, members, seconded members) and an assignment's political
portrait and dates: the services' rules and refusals, the 回避 warning, and the screens."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.choices import Role
from core.errors import ApplicationError
from inspections import selectors, services
from inspections.choices import GroupRole, SecondedFrom
from inspections.models import GroupMembership, Talent
from tests.factories import make_group, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    from tests.factories import make_world

    world = make_world()
    world.newcomer = user("t_newcomer", Role.INSPECTOR, world.city)
    return world


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- services -------------------------------------------------------------------------------------


def test_manager_adds_a_seconded_member_and_removes_him(w):
    membership = services.membership_add(
        actor=w.supervisor,
        group=w.group_x,
        user=w.newcomer,
        role=GroupRole.MEMBER,
        seconded_from=SecondedFrom.AUDIT,
    )
    assert membership.group == w.group_x and membership.seconded_from == SecondedFrom.AUDIT
    services.membership_remove(actor=w.admin, membership=membership)
    assert not GroupMembership.objects.filter(group=w.group_x, user=w.newcomer).exists()


@pytest.mark.parametrize("who", ["group_leader_x", "inspector_x", "liaison_x", "supervisor_b", "leader"])
def test_only_managers_of_the_round_office_change_members(w, who):
    actor = getattr(w, who)
    with pytest.raises(PermissionDenied, match="调整巡察组成员"):
        services.membership_add(actor=actor, group=w.group_x, user=w.newcomer, role=GroupRole.MEMBER)
    membership = GroupMembership.objects.get(group=w.group_x, user=w.inspector_x)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=actor, membership=membership)
    assert GroupMembership.objects.filter(pk=membership.pk).exists()


def test_a_county_supervisor_manages_his_own_rounds_groups(w):
    person = user("t_county_inspector", Role.INSPECTOR, w.county_a)
    membership = services.membership_add(actor=w.supervisor_a, group=w.group_a, user=person, role=GroupRole.DEPUTY)
    assert membership.role == GroupRole.DEPUTY


def test_duplicate_member_is_refused_on_the_user_field(w):
    with pytest.raises(ValidationError) as caught:
        services.membership_add(actor=w.supervisor, group=w.group_x, user=w.inspector_x, role=GroupRole.DEPUTY)
    assert "已是" in caught.value.message_dict["user"][0]


def test_second_leader_is_refused_on_the_role_field(w):
    with pytest.raises(ValidationError) as caught:
        services.membership_add(actor=w.supervisor, group=w.group_x, user=w.newcomer, role=GroupRole.LEADER)
    assert "只能有一名组长" in caught.value.message_dict["role"][0]
    assert not GroupMembership.objects.filter(user=w.newcomer).exists()
    # Once the leader has left, another may lead.
    services.membership_remove(
        actor=w.supervisor, membership=GroupMembership.objects.get(group=w.group_x, role=GroupRole.LEADER)
    )
    services.membership_add(actor=w.supervisor, group=w.group_x, user=w.newcomer, role=GroupRole.LEADER)


def test_person_without_inspector_role_or_inactive_is_refused(w):
    with pytest.raises(ValidationError) as caught:
        services.membership_add(actor=w.supervisor, group=w.group_x, user=w.nobody, role=GroupRole.MEMBER)
    assert "巡察组成员" in caught.value.message_dict["user"][0]
    w.newcomer.is_active = False
    w.newcomer.save()
    with pytest.raises(ValidationError) as caught:
        services.membership_add(actor=w.supervisor, group=w.group_x, user=w.newcomer, role=GroupRole.MEMBER)
    assert "停用" in caught.value.message_dict["user"][0]


def test_bad_role_or_source_is_a_field_error(w):
    with pytest.raises(ValidationError) as caught:
        services.membership_add(actor=w.supervisor, group=w.group_x, user=w.newcomer, role="boss")
    assert "role" in caught.value.message_dict


def test_conflict_from_talent_past_units_in_one_query(w, django_assert_num_queries):
    talent = Talent.objects.create(user=w.inspector_x, name="t_inspector_x")
    talent.past_units.add(w.unit_x, w.unit_y)  # unit_y is group Y's, not X's
    other = Talent.objects.create(user=w.newcomer, name="t_newcomer")
    other.past_units.add(w.unit_x)  # not in the group: no conflict
    with django_assert_num_queries(1):
        found = selectors.conflicts(w.group_x)
    assert found == [(w.inspector_x, w.unit_x)]
    assert selectors.conflicts(w.group_y) == []

    services.membership_add(actor=w.supervisor, group=w.group_x, user=w.newcomer, role=GroupRole.MEMBER)
    assert {(p.username, u.code) for p, u in selectors.conflicts(w.group_x)} == {
        ("t_inspector_x", "U-X"),
        ("t_newcomer", "U-X"),
    }


def test_assignment_update_portrait_and_dates(w):
    result = services.assignment_update(
        actor=w.supervisor,
        assignment=w.assignment_x,
        political_portrait="  班子团结，但“一把手”权力集中  ",
        entry_date=dt.date(2026, 3, 12),
        exit_date=dt.date(2026, 4, 30),
    )
    w.assignment_x.refresh_from_db()
    assert result.pk == w.assignment_x.pk
    assert w.assignment_x.political_portrait == "班子团结，但“一把手”权力集中"
    assert w.assignment_x.exit_date == dt.date(2026, 4, 30)


def test_assignment_update_refuses_exit_before_entry_and_after_feedback(w):
    with pytest.raises(ValidationError) as caught:
        services.assignment_update(actor=w.supervisor, assignment=w.assignment_x, exit_date=dt.date(2026, 3, 1))
    assert caught.value.message_dict == {"exit_date": ["撤离日期不能早于进驻日期。"]}
    # The rule is one constraint: the database refuses the same dates written past the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        type(w.assignment_x).objects.filter(pk=w.assignment_x.pk).update(exit_date=dt.date(2026, 3, 1))

    w.assignment_x.feedback_date = dt.date(2026, 5, 10)
    w.assignment_x.save()
    with pytest.raises(ValidationError) as caught:
        services.assignment_update(actor=w.supervisor, assignment=w.assignment_x, exit_date=dt.date(2026, 5, 20))
    assert "2026-05-10" in caught.value.message_dict["exit_date"][0]
    w.assignment_x.refresh_from_db()
    assert w.assignment_x.exit_date == dt.date(2026, 4, 20)


def test_assignment_update_refuses_other_fields_and_non_managers(w):
    with pytest.raises(ApplicationError):
        services.assignment_update(actor=w.supervisor, assignment=w.assignment_x, group=w.group_y)
    for actor in (w.group_leader_x, w.inspector_x, w.liaison_x, w.supervisor_b):
        with pytest.raises(PermissionDenied):
            services.assignment_update(actor=actor, assignment=w.assignment_x, political_portrait="x")


# --- screens --------------------------------------------------------------------------------------


def group_url(w, group=None):
    return reverse("inspections:group-detail", args=[(group or w.group_x).pk])


def test_group_page_lists_members_and_warns_of_conflicts(client, w):
    GroupMembership.objects.create(group=w.group_x, user=w.newcomer, seconded_from=SecondedFrom.FINANCE)
    Talent.objects.create(user=w.inspector_x, name="t_inspector_x").past_units.add(w.unit_x)
    client.force_login(w.supervisor)
    response = client.get(group_url(w))
    html = page(response)
    assert response.status_code == 200
    assert 'id="member-form"' in html and 'data-lookup="/lookup/candidates/?group=' in html
    assert "t_group_leader_x" in html and "财会" in html
    assert html.count(">移出</button>") == 4
    assert "回避提示" in html and "t_inspector_x 曾在 市住建局 工作" in html
    assert "<script>" not in html and 'style="' not in html


def test_group_page_for_members_liaisons_and_outsiders(client, w):
    Talent.objects.create(user=w.inspector_x, name="t_inspector_x").past_units.add(w.unit_x)
    client.force_login(w.group_leader_x)  # sees his group, may not change it
    html = page(client.get(group_url(w)))
    assert "t_deputy_x" in html and 'id="member-form"' not in html and "移出" not in html
    client.force_login(w.liaison_x)  # his unit's group: no 回避 (internal), no form
    response = client.get(group_url(w))
    assert response.status_code == 200 and "回避" not in page(response) and 'id="member-form"' not in page(response)
    for outsider, group in ((w.liaison_x, w.group_y), (w.liaison_a, w.group_x), (w.inspector_y, w.group_x)):
        client.force_login(outsider)
        assert client.get(group_url(w, group)).status_code == 404
        response = client.post(
            reverse("inspections:membership-add", args=[group.pk]), {"user": w.newcomer.pk, "role": "member"}
        )
        assert response.status_code == 404


def test_manager_adds_member_through_the_form_with_recusal_warning(client, w):
    Talent.objects.create(user=w.newcomer, name="t_newcomer", employer="市审计局").past_units.add(w.unit_x)
    client.force_login(w.supervisor)
    lookup = client.get(reverse("inspections:lookup-candidates"), {"q": "newcomer", "group": w.group_x.pk}).json()
    assert [r["value"] for r in lookup["results"]] == [str(w.newcomer.pk)]
    assert "市审计局" in lookup["results"][0]["text"] and "回避" in lookup["results"][0]["text"]

    response = client.post(
        reverse("inspections:membership-add", args=[w.group_x.pk]),
        {"user": w.newcomer.pk, "role": "member", "seconded_from": "audit"},
        follow=True,
    )
    assert response.status_code == 200
    membership = GroupMembership.objects.get(group=w.group_x, user=w.newcomer)
    assert membership.seconded_from == "audit"
    shown = messages_of(response)
    assert any("已将t_newcomer加入" in m for m in shown)
    assert any("t_newcomer 曾在 市住建局 工作" in m for m in shown)


def test_member_form_refusals_are_field_errors(client, w):
    client.force_login(w.supervisor)
    url = reverse("inspections:membership-add", args=[w.group_x.pk])
    response = client.post(url, {"user": w.newcomer.pk, "role": "leader"})
    assert response.status_code == 400
    assert "只能有一名组长" in str(response.context["member_form"].errors["role"])
    response = client.post(url, {"user": w.inspector_x.pk, "role": "member"})
    assert response.status_code == 400 and "已是" in str(response.context["member_form"].errors["user"])
    assert GroupMembership.objects.filter(group=w.group_x).count() == 3


def test_group_leader_gets_403_adding_or_removing(client, w):
    client.force_login(w.group_leader_x)
    response = client.post(
        reverse("inspections:membership-add", args=[w.group_x.pk]), {"user": w.newcomer.pk, "role": "member"}
    )
    assert response.status_code == 403
    membership = GroupMembership.objects.get(group=w.group_x, user=w.inspector_x)
    response = client.post(reverse("inspections:membership-remove", args=[w.group_x.pk, membership.pk]))
    assert response.status_code == 403
    assert GroupMembership.objects.filter(pk=membership.pk).exists()
    assert client.get(reverse("inspections:lookup-candidates"), {"q": "t_"}).json() == {"results": []}


def test_manager_removes_member_by_post_only(client, w):
    membership = GroupMembership.objects.get(group=w.group_x, user=w.inspector_x)
    url = reverse("inspections:membership-remove", args=[w.group_x.pk, membership.pk])
    client.force_login(w.admin)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#members")
    assert not GroupMembership.objects.filter(pk=membership.pk).exists()
    # A membership of another group is not reachable through this group's URL.
    leader_y = GroupMembership.objects.get(group=w.group_y)
    assert client.post(reverse("inspections:membership-remove", args=[w.group_x.pk, leader_y.pk])).status_code == 404


def test_assignment_edit_form_on_the_page_and_saving(client, w):
    url = reverse("inspections:assignment-update", args=[w.assignment_x.pk])
    client.force_login(w.supervisor)
    html = page(client.get(reverse("inspections:assignment-detail", args=[w.assignment_x.pk])))
    assert 'id="assignment-edit-form"' in html and f'action="{url}"' in html
    response = client.post(
        url, {"political_portrait": "政治生态总体向好", "entry_date": "2026-03-11", "exit_date": "2026-04-25"}
    )
    assert response.status_code == 302
    w.assignment_x.refresh_from_db()
    assert w.assignment_x.political_portrait == "政治生态总体向好"
    assert w.assignment_x.entry_date == dt.date(2026, 3, 11)

    response = client.post(url, {"political_portrait": "", "entry_date": "2026-04-11", "exit_date": "2026-04-01"})
    assert response.status_code == 400 and "不能早于进驻日期" in page(response)
    w.assignment_x.feedback_date = dt.date(2026, 5, 1)
    w.assignment_x.save()
    response = client.post(url, {"political_portrait": "", "entry_date": "2026-04-11", "exit_date": "2026-05-02"})
    assert response.status_code == 400 and "不能晚于反馈日期" in page(response)


def test_assignment_edit_is_for_managers_and_portrait_hidden_from_liaisons(client, w):
    w.assignment_x.political_portrait = "班子凝聚力不强"
    w.assignment_x.save()
    url = reverse("inspections:assignment-update", args=[w.assignment_x.pk])
    detail = reverse("inspections:assignment-detail", args=[w.assignment_x.pk])
    client.force_login(w.group_leader_x)
    html = page(client.get(detail))
    assert "班子凝聚力不强" in html and 'id="assignment-edit-form"' not in html
    assert client.get(url).status_code == 403
    assert client.post(url, {"political_portrait": "改"}).status_code == 403
    client.force_login(w.liaison_x)
    response = client.get(detail)
    assert response.status_code == 200 and "班子凝聚力不强" not in page(response)
    assert client.get(url).status_code == 403
    client.force_login(w.supervisor_b)
    assert client.get(url).status_code == 404
    w.assignment_x.refresh_from_db()
    assert w.assignment_x.political_portrait == "班子凝聚力不强"


def test_new_group_without_members_renders(client, w):
    group = make_group(w.round, 3)
    client.force_login(w.admin)
    response = client.get(group_url(w, group))
    assert response.status_code == 200 and "该组暂无成员" in page(response)


def test_new_pages_in_both_languages(client, w):
    from tests.test_i18n import ALLOWED_LATIN, english_words

    Talent.objects.create(user=w.inspector_x, name="t_inspector_x").past_units.add(w.unit_x)
    client.force_login(w.supervisor)
    urls = [group_url(w), reverse("inspections:assignment-update", args=[w.assignment_x.pk])]
    for url in urls:
        assert english_words(page(client.get(url))) - ALLOWED_LATIN == set(), url
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = page(client.get(group_url(w)))
    assert "Add a member" in english and "Conflict of interest" in english and "添加成员" not in english


def test_candidate_lookup_reveals_nothing_of_a_group_outside_scope(client, w):
    """Security review finding 14: ?group=<a group outside scope> revealed the units it inspects
    through the 回避 marks. Now only a group the user manages is read."""
    Talent.objects.create(user=w.inspector_a, name="t_inspector_a").past_units.add(w.unit_x, w.unit_a)
    client.force_login(w.supervisor_a)
    url = reverse("inspections:lookup-candidates")
    outside = client.get(url, {"q": "t_inspector_a", "group": w.group_x.pk}).json()["results"]
    assert [r["value"] for r in outside] == [str(w.inspector_a.pk)]
    assert "回避" not in outside[0]["text"] and "市住建局" not in outside[0]["text"]
    own = client.get(url, {"q": "t_inspector_a", "group": w.group_a.pk}).json()["results"]
    assert "回避" in own[0]["text"] and "甲县某镇" in own[0]["text"] and "市住建局" not in own[0]["text"]
