"""The inspection screens: status codes, scope (404 outside it), forms calling the services,
refusals shown as messages, and clues hidden from everyone the scope rules exclude."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections import services
from inspections.choices import ClueStatus, IssueStatus, ReadVia
from inspections.models import Clue, ClueRead, Issue, Round, SecretaryPoint, SpecialReport, Talent
from tests.factories import leaf_category, make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def login(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- layout and workbench -----------------------------------------------------------------------


def test_workbench_shows_roles_queues_and_task_navigation(client, w):
    make_issue(w.assignment_x, case_officer=w.inspector_x)
    response = login(client, w.inspector_x).get("/")
    html = page(response)
    assert response.status_code == 200
    assert "测试市委巡察办 · 巡察组成员" in html  # top bar: office and role
    assert 'data-nav="issues"' in html and 'data-nav="rounds"' in html
    assert 'data-nav="clues"' not in html  # a plain member reads no clues
    assert reverse("inspections:assignment-detail", args=[w.assignment_x.pk]) in html
    assert 'data-tile="drafts" data-count="1"' in html  # the workbench's figure of his drafts


def test_navigation_per_role(client, w):
    html = page(login(client, w.admin).get("/"))
    for key in ("rounds", "issues", "clues", "rectification", "stats", "ledgers"):
        assert f'data-nav="{key}"' in html
    assert 'data-nav="admin"' not in html  # the Django admin lets staff in only: no link to a 403
    w.admin.is_staff = True
    w.admin.save(update_fields=["is_staff"])
    assert 'data-nav="admin"' in page(client.get("/"))
    client.logout()
    html = page(login(client, w.liaison_x).get("/"))
    assert 'data-nav="clues"' not in html and 'data-nav="admin"' not in html
    assert 'data-nav="rectification"' in html


def test_anonymous_is_sent_to_login(client, w):
    response = client.get(reverse("inspections:issue-list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- issues ---------------------------------------------------------------------------------------


def test_issue_list_is_scoped_filtered_sorted_and_paginated(client, w):
    for n in range(1, 31):
        make_issue(w.assignment_x, n=n, title=f"违规问题{n}")
    other = make_issue(w.assignment_y, n=99, title="别组问题")
    login(client, w.inspector_x)

    response = client.get(reverse("inspections:issue-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30
    assert "共 30 条" in page(response)
    assert other.code not in page(response)

    response = client.get(reverse("inspections:issue-list"), {"q": "违规问题7", "ordering": "code"})
    assert [i.title for i in response.context["page"]] == ["违规问题7"]

    response = client.get(reverse("inspections:issue-list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5

    response = client.get(reverse("inspections:issue-list"), {"status": "closed"})
    assert "没有符合筛选条件的问题" in page(response)


def test_issue_list_htmx_request_gets_only_the_table(client, w):
    make_issue(w.assignment_x)
    response = login(client, w.inspector_x).get(
        reverse("inspections:issue-list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert response.status_code == 200
    assert "<html" not in page(response) and 'id="issue-table"' in page(response)


def test_issue_list_query_count_does_not_grow_with_rows(client, w, django_assert_max_num_queries):
    for n in range(1, 26):
        make_issue(w.assignment_x, n=n)
    login(client, w.inspector_x)
    with django_assert_max_num_queries(25):
        client.get(reverse("inspections:issue-list"))


def test_filter_choices_never_list_a_whole_table(client, w):
    html = page(login(client, w.supervisor).get(reverse("inspections:issue-list")))
    assert 'data-lookup="/lookup/units/"' in html
    assert w.unit_y.name not in html  # units come by type-ahead, not as <option>s


def test_my_drafts_and_waiting_for_my_review(client, w):
    mine = make_issue(w.assignment_x, n=1, case_officer=w.inspector_x)
    reviewed = make_issue(
        w.assignment_x, n=2, case_officer=w.deputy_x, reviewed_at=dt.datetime(2026, 3, 21, tzinfo=dt.UTC)
    )
    make_issue(w.assignment_y, n=3)

    response = login(client, w.inspector_x).get(reverse("inspections:issue-list"), {"tab": "mine"})
    assert [i.pk for i in response.context["page"]] == [mine.pk]

    client.force_login(w.deputy_x)
    response = client.get(reverse("inspections:issue-list"), {"tab": "review"})
    assert [i.pk for i in response.context["page"]] == [mine.pk]  # reviewed ones are the leader's now

    client.force_login(w.group_leader_x)
    response = client.get(reverse("inspections:issue-list"), {"tab": "review"})
    assert {i.pk for i in response.context["page"]} == {mine.pk, reviewed.pk}


def test_inspector_records_a_finding_through_the_form(client, w):
    response = login(client, w.inspector_x).post(
        reverse("inspections:issue-create"),
        {
            "assignment": w.assignment_x.pk,
            "category": leaf_category().pk,
            "title": "违规发放津贴补贴",
            "facts": "2025年发放…",
            "how_found": "documents",
            "nature": "individual",
            "immediate": "on",
        },
    )
    issue = Issue.objects.get(title="违规发放津贴补贴")
    assert response.status_code == 302 and response["Location"] == reverse("inspections:issue-detail", args=[issue.pk])
    assert issue.status == IssueStatus.DRAFT and issue.immediate and issue.case_officer == w.inspector_x
    assert issue.events.get().action == "create"


def test_issue_form_errors_next_to_fields_and_refusals(client, w):
    login(client, w.inspector_x)
    data = {
        "assignment": w.assignment_x.pk,
        "category": leaf_category().pk,
        "title": " ",
        "how_found": "talk",
        "nature": "common",
    }
    response = client.post(reverse("inspections:issue-create"), data)
    assert response.status_code == 400 and "title" in response.context["form"].errors
    assert not Issue.objects.exists()

    # Another group's assignment is outside his scope: not even a valid choice.
    response = client.post(reverse("inspections:issue-create"), {**data, "title": "x", "assignment": w.assignment_y.pk})
    assert response.status_code == 400 and "assignment" in response.context["form"].errors

    # A supervisor sees the assignment but is no member: the service refuses, readably (403).
    client.force_login(w.supervisor)
    response = client.post(reverse("inspections:issue-create"), {**data, "title": "x"})
    assert response.status_code == 403
    assert any("只有本巡察组" in m for m in messages_of(response))
    assert not Issue.objects.exists()


def test_issue_detail_timeline_history_and_scope(client, w):
    issue = services.issue_create(
        actor=w.inspector_x,
        assignment=w.assignment_x,
        category=leaf_category(),
        title="原标题",
        how_found="talk",
        nature="individual",
    )
    services.issue_update(actor=w.inspector_x, issue=issue, title="新标题")
    url = reverse("inspections:issue-detail", args=[issue.pk])

    response = login(client, w.inspector_x).get(url)
    html = page(response)
    assert response.status_code == 200
    assert 'id="timeline"' in html and "登记" in html and "修改" in html
    changes = [(c.label, c.old, c.new) for entry in response.context["history"] for c in entry.changes]
    assert ("问题标题", "原标题", "新标题") in changes

    for outsider in (w.inspector_y, w.inspector_a, w.liaison_x, w.supervisor_b, w.nobody):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider.username
    client.force_login(w.supervisor)
    assert client.get(url).status_code == 200


def test_draft_reviewed_by_deputy_and_confirmed_by_leader(client, w):
    issue = make_issue(w.assignment_x, case_officer=w.inspector_x)
    login(client, w.inspector_x)
    response = client.post(
        reverse("inspections:issue-confirm", args=[issue.pk]), {"comment": "", "version": 1}, follow=True
    )
    assert any("只有本巡察组的组长可以确认问题" in m for m in messages_of(response))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT

    client.force_login(w.deputy_x)
    client.post(reverse("inspections:issue-review", args=[issue.pk]), {"comment": "事实清楚", "version": issue.version})
    issue.refresh_from_db()
    assert issue.deputy_reviewer == w.deputy_x and issue.reviewed_at

    client.force_login(w.group_leader_x)
    response = client.post(
        reverse("inspections:issue-confirm", args=[issue.pk]),
        {"comment": "同意", "version": issue.version},
        follow=True,
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CONFIRMED
    assert "已确认问题。" in messages_of(response)
    assert list(issue.events.values_list("action", "comment")) == [("review", "事实清楚"), ("confirm", "同意")]


def test_stale_version_is_a_flash_message_not_a_crash(client, w):
    issue = make_issue(w.assignment_x)
    response = login(client, w.group_leader_x).post(
        reverse("inspections:issue-confirm", args=[issue.pk]), {"version": issue.version + 5}, follow=True
    )
    assert response.status_code == 200
    assert any("已被他人修改" in m for m in messages_of(response))


def test_withdraw_needs_a_reason(client, w):
    issue = make_issue(w.assignment_x)
    login(client, w.group_leader_x)
    html = page(client.get(reverse("inspections:issue-detail", args=[issue.pk])))
    withdraw_url = reverse("inspections:issue-withdraw", args=[issue.pk])
    assert f'action="{withdraw_url}"' in html and "确定撤销该问题吗？记录将保留。" in html and 'name="reason"' in html
    response = client.post(reverse("inspections:issue-withdraw", args=[issue.pk]), {"reason": ""}, follow=True)
    assert messages_of(response)
    client.post(reverse("inspections:issue-withdraw", args=[issue.pk]), {"reason": "重复登记"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.WITHDRAWN and issue.withdrawn_reason == "重复登记"


def test_edit_draft_by_case_officer(client, w):
    issue = make_issue(w.assignment_x, case_officer=w.inspector_x)
    url = reverse("inspections:issue-update", args=[issue.pk])
    login(client, w.inspector_x)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": issue.category_id,
            "title": "改过的标题",
            "how_found": "talk",
            "nature": "common",
            "found_on": "2026-03-20",
            "version": issue.version,
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "改过的标题" and issue.nature == "common"


# --- clues: nothing of them reaches those the scope rules exclude ----------------------------------


def secret_clue(w, **fields) -> Clue:
    # Recorded by the leader: the inspector who records a clue reads his own draft (issue 15).
    clue = make_clue(w.assignment_x, w.group_leader_x)
    Clue.objects.filter(pk=clue.pk).update(summary="反映某局长违规收受礼金", **fields)
    clue.refresh_from_db()
    return clue


def test_liaison_and_other_inspectors_cannot_reach_a_clue(client, w):
    clue = secret_clue(w, code="XS-SECRET-001")
    make_issue(w.assignment_x, status=IssueStatus.RECTIFYING)  # so the liaison has something to see
    detail = reverse("inspections:clue-detail", args=[clue.pk])
    # inspector_y and inspector_a lead other groups: they read those groups' clues, never this one.
    clue_readers = {w.inspector_y, w.inspector_a}

    for outsider in (w.liaison_x, w.inspector_y, w.inspector_x, w.inspector_a, w.supervisor, w.leader):
        client.force_login(outsider)
        who = outsider.username
        # by URL
        assert client.get(detail).status_code == 404, who
        assert client.get(reverse("inspections:clue-transfer", args=[clue.pk])).status_code == 404, who
        assert client.get(reverse("inspections:clue-outcome", args=[clue.pk])).status_code == 404, who
        # by list
        response = client.get(reverse("inspections:clue-list"))
        if outsider in clue_readers:
            assert response.status_code == 200 and response.context["page"].paginator.count == 0, who
        else:
            assert response.status_code == 404, who
        # by search
        for q in ("礼金", "XS-SECRET"):
            response = client.get(reverse("inspections:search"), {"q": q})
            assert response.context["clues"] == [] and "XS-SECRET-001" not in page(response), who
        assert "XS-SECRET-001" not in page(client.get(reverse("inspections:issue-list"), {"q": "XS-SECRET"}))
        # by count: workbench, round and assignment pages
        response = client.get("/")
        if outsider in clue_readers:
            assert 'data-tile="clues-to-transfer" data-count="0"' in page(response), who
        else:
            assert 'data-nav="clues"' not in page(response) and "待移交线索" not in page(response), who
        response = client.get(reverse("inspections:round-detail", args=[w.round.pk]))
        if response.status_code == 200:
            for row in response.context["rows"]:
                assert row.assignment.pk != w.assignment_x.pk or row.clues is None, who
        response = client.get(reverse("inspections:assignment-detail", args=[w.assignment_x.pk]))
        if response.status_code == 200:
            assert response.context["show_clues"] is False and "XS-SECRET-001" not in page(response), who
    assert not ClueRead.objects.filter(clue=clue).exists()


def test_group_leader_and_clue_officer_read_clues_and_every_read_is_logged(client, w):
    clue = secret_clue(w)
    login(client, w.group_leader_x)
    response = client.get(reverse("inspections:clue-list"))
    assert response.status_code == 200 and clue.code in page(response)
    assert "涉密" in page(response)
    assert ClueRead.objects.filter(user=w.group_leader_x, via=ReadVia.UI_LIST).count() == 1

    response = client.get(reverse("inspections:clue-detail", args=[clue.pk]))
    assert response.status_code == 200 and "反映某局长违规收受礼金" in page(response)
    assert ClueRead.objects.filter(user=w.group_leader_x, via=ReadVia.UI_DETAIL).count() == 1

    response = client.get(reverse("inspections:round-detail", args=[w.round.pk]))
    counts = {row.assignment.pk: row.clues for row in response.context["rows"]}
    assert counts[w.assignment_x.pk] == 1

    client.force_login(w.clue_officer)
    assert client.get(reverse("inspections:clue-detail", args=[clue.pk])).status_code == 200
    client.force_login(w.clue_officer_b)  # another county's clue officer
    assert client.get(reverse("inspections:clue-detail", args=[clue.pk])).status_code == 404


def test_member_records_a_clue_leader_transfers_officer_records_outcome(client, w):
    login(client, w.inspector_x)
    response = client.post(
        reverse("inspections:clue-create"),
        {
            "assignment": w.assignment_x.pk,
            "summary": "反映某副局长插手工程",
            "persons-TOTAL_FORMS": 3,
            "persons-INITIAL_FORMS": 0,
            "persons-0-name": "李某",
            "persons-0-post": "副局长",
            "persons-0-rank": "county",
            "persons-1-name": "",
            "persons-1-rank": "general",
            "persons-2-name": "",
            "persons-2-rank": "general",
        },
    )
    clue = Clue.objects.get()
    # The member may record but not read it: back to the assignment page.
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:assignment-detail", args=[w.assignment_x.pk])
    assert list(clue.persons.values_list("name", "rank")) == [("李某", "county")]

    client.force_login(w.group_leader_x)
    url = reverse("inspections:clue-transfer", args=[clue.pk])
    response = client.post(url, {"recipient": "discipline", "transfer_date": "2026-04-25", "letter_number": " "})
    assert response.status_code == 400 and "letter_number" in response.context["form"].errors
    response = client.post(
        url,
        {
            "recipient": "discipline",
            "recipient_body": "市纪委监委",
            "transfer_date": "2026-04-25",
            "letter_number": "荆巡移〔2026〕3号",
            "version": clue.version,
        },
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.status == ClueStatus.TRANSFERRED and clue.result_due == dt.date(2026, 7, 25)

    url = reverse("inspections:clue-outcome", args=[clue.pk])
    response = client.post(
        url,
        {
            "disposal": "case",
            "persons_accountable": 1,
            "party_sanctions": 0,
            "admin_sanctions": 0,
            "persons_to_judiciary": 0,
            "self_surrenders": 0,
            "loss_recovered_wan": "12.5",
        },
    )
    assert response.status_code == 403  # the group leader does not record outcomes
    client.force_login(w.clue_officer)
    response = client.post(
        url,
        {
            "disposal": "case",
            "persons_accountable": 2,
            "party_sanctions": 1,
            "admin_sanctions": 0,
            "persons_to_judiciary": 1,
            "self_surrenders": 0,
            "loss_recovered_wan": "12.5",
            "version": clue.version,
        },
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert (
        clue.status == ClueStatus.CONCLUDED
        and clue.persons_accountable == 2
        and str(clue.loss_recovered_wan) == "12.50"
    )


def test_clue_entry_is_for_group_members_only(client, w):
    assert login(client, w.liaison_x).get(reverse("inspections:clue-create")).status_code == 403
    client.force_login(w.supervisor)
    assert client.get(reverse("inspections:clue-create")).status_code == 403


# --- rounds, assignments --------------------------------------------------------------------------


def test_round_create_and_update_for_managers_only(client, w):
    data = {
        "office": w.city.pk,
        "term": "十一届市委",
        "sequence": 5,
        "kind": "special",
        "theme": "乡村振兴",
        "planned_start": "2026-09-01",
        "planned_end": "2026-11-30",
    }
    login(client, w.inspector_x)
    assert client.get(reverse("inspections:round-create")).status_code == 403
    client.force_login(w.supervisor_a)  # a county supervisor cannot plan for the city
    response = client.post(reverse("inspections:round-create"), data)
    assert response.status_code == 400 and "office" in response.context["form"].errors

    client.force_login(w.supervisor)
    response = client.post(reverse("inspections:round-create"), {**data, "planned_end": "2026-08-01"})
    assert response.status_code == 400 and "planned_end" in response.context["form"].errors
    response = client.post(reverse("inspections:round-create"), data)
    new = Round.objects.get(sequence=5)
    assert response.status_code == 302 and new.kind == "special"

    url = reverse("inspections:round-update", args=[new.pk])
    response = client.post(url, {**data, "stage": "on_site", "theme": "乡村振兴专项"})
    new.refresh_from_db()
    assert response.status_code == 302 and new.stage == "on_site" and new.theme == "乡村振兴专项"
    client.force_login(w.supervisor_b)
    assert client.get(url).status_code == 404


def test_round_detail_counts_groups_and_recusal_warning(client, w):
    make_issue(w.assignment_x, status=IssueStatus.CONFIRMED, n=1)
    make_issue(w.assignment_x, status=IssueStatus.CLOSED, n=2)
    make_issue(w.assignment_x, status=IssueStatus.RECTIFYING, n=3)
    talent = Talent.objects.create(user=w.inspector_x, name="t_inspector_x")
    talent.past_units.add(w.unit_x)

    response = login(client, w.supervisor).get(reverse("inspections:round-detail", args=[w.round.pk]))
    assert response.status_code == 200
    rows = {row.assignment.pk: row for row in response.context["rows"]}
    assert rows[w.assignment_x.pk].issues_found == 3 and rows[w.assignment_x.pk].closed == 1
    assert rows[w.assignment_x.pk].completion_rate == 50.0
    assert "回避提示" in page(response) and "t_inspector_x 曾在 市住建局 工作" in page(response)

    # An inspector sees his own group's units only.
    client.force_login(w.inspector_y)
    response = client.get(reverse("inspections:round-detail", args=[w.round.pk]))
    assert [row.assignment.pk for row in response.context["rows"]] == [w.assignment_y.pk]


def test_manager_adds_group_and_assignment(client, w):
    login(client, w.supervisor)
    client.post(reverse("inspections:group-create", args=[w.round.pk]), {"number": 3})
    group = w.round.groups.get(number=3)
    response = client.post(
        reverse("inspections:assignment-create", args=[w.round.pk]),
        {"unit": w.unit_a.pk, "group": group.pk, "entry_date": "2026-03-10", "exit_date": "2026-04-01"},
    )
    assert response.status_code == 302
    assert w.round.assignments.filter(unit=w.unit_a, group=group).exists()


def test_assignment_page_shows_issues_points_earlier_rounds(client, w):
    make_issue(w.assignment_x, title="本轮问题")
    earlier_round = Round.objects.create(
        office=w.city, term="十届", sequence=2, planned_start=dt.date(2024, 3, 1), planned_end=dt.date(2024, 5, 1)
    )
    from tests.factories import make_assignment, make_group

    earlier = make_assignment(earlier_round, w.unit_x, make_group(earlier_round, 1))
    SecretaryPoint.objects.create(
        round=w.round, unit=w.unit_x, kind="matter", content="点事：工程招投标", created_by=w.supervisor
    )
    response = login(client, w.supervisor).get(reverse("inspections:assignment-detail", args=[w.assignment_x.pk]))
    html = page(response)
    assert response.status_code == 200
    assert "本轮问题" in html and "点事：工程招投标" in html
    assert [a.pk for a in response.context["earlier"]] == [earlier.pk]
    client.force_login(w.inspector_y)
    assert client.get(reverse("inspections:assignment-detail", args=[w.assignment_x.pk])).status_code == 404


# --- secretary points, special reports --------------------------------------------------------------


def test_secretary_points_and_special_reports(client, w):
    login(client, w.group_leader_x)
    response = client.post(
        reverse("inspections:point-create"),
        {"round": w.round.pk, "kind": "person", "content": "点人：某局长", "unit": w.unit_x.pk},
    )
    assert response.status_code == 302 and SecretaryPoint.objects.get().content == "点人：某局长"
    assert "点人：某局长" in page(client.get(reverse("inspections:point-list")))

    response = client.post(reverse("inspections:report-create"), {"round": w.round.pk, "number": 1, "title": "专报"})
    assert response.status_code == 403 and not SpecialReport.objects.exists()

    client.force_login(w.supervisor)
    response = client.post(
        reverse("inspections:report-create"),
        {"round": w.round.pk, "number": 1, "title": "关于工程建设领域问题的专报", "suggestions": "建议开展专项治理"},
    )
    assert response.status_code == 302
    html = page(client.get(reverse("inspections:report-list"), {"q": "工程建设"}))
    assert "关于工程建设领域问题的专报" in html and "第1期" in html
    response = client.post(reverse("inspections:report-create"), {"round": w.round.pk, "number": 1, "title": "重号"})
    assert response.status_code == 400

    client.force_login(w.supervisor_b)
    assert "关于工程建设领域问题的专报" not in page(client.get(reverse("inspections:report-list")))


# --- type-ahead ------------------------------------------------------------------------------------


def test_lookups_are_scoped_and_small(client, w):
    login(client, w.inspector_a)
    units = client.get(reverse("inspections:lookup-units"), {"q": "镇"}).json()["results"]
    assert [u["text"] for u in units] == ["甲县某镇（U-A）"]
    assignments = client.get(reverse("inspections:lookup-assignments"), {"mine": "1"}).json()["results"]
    assert [a["value"] for a in assignments] == [str(w.assignment_a.pk)]
    categories = client.get(reverse("inspections:lookup-categories"), {"q": "工程"}).json()["results"]
    assert categories and all("工程" in c["text"] for c in categories)

    client.force_login(w.group_leader_x)
    people = client.get(reverse("inspections:lookup-people"), {"group": w.group_x.pk}).json()["results"]
    assert {p["value"] for p in people} == {str(u.pk) for u in (w.group_leader_x, w.deputy_x, w.inspector_x)}


def test_every_navigation_entry_is_a_real_screen(client, w):
    """No placeholder pages are left: each entry of the supervisor's navigation answers 200."""
    login(client, w.supervisor)
    html = page(client.get("/"))
    for url in ("/stats/", "/ledgers/", "/rectification/"):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200
    assert client.get("/soon/stats/").status_code == 404


def test_english_pages_render(client, w):
    make_issue(w.assignment_x)
    login(client, w.group_leader_x)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page(client.get(reverse("inspections:issue-list")))
    assert "Issues" in html and "面上问题" not in html


def test_round_list_counts_every_group_whoever_looks(client, w):
    login(client, w.inspector_x)  # a member of one of the round's two groups
    response = client.get(reverse("inspections:round-list"))
    rows = {r.pk: (r.group_count, r.unit_count) for r in response.context["page"]}
    assert rows == {w.round.pk: (2, 2)}
