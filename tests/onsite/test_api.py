"""The on-site registers through the API: who sees an entry (scope), conversions to a finding or
a clue carrying the text and linking both ways, and letter triage."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from inspections.choices import HowFound, IssueStatus
from inspections.models import Clue, Issue
from onsite.choices import LetterChannel, LetterStatus
from onsite.models import DocumentCheck, Letter, SpotCheck, Talk, Visit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20).isoformat()
TALK = {
    "person_name": "王某某",
    "person_post": "办公室主任",
    "talked_on": TODAY,
    "talkers": "甲、乙",
    "summary": "反映工程项目招投标走过场\n细节若干",
    "follow_ups": "调阅招投标资料",
}
LETTER = {
    "channel": LetterChannel.LETTER,
    "received_on": TODAY,
    "reporter_name": "李某",
    "subject": "反映某局长违规收受礼金",
    "about_whom": "赵某",
    "text": "某局长在2025年春节期间收受礼金。",
}


def record(api, user, path, assignment, body):
    response = api(user).post(path, {"assignment": assignment.pk, **body})
    assert response.status_code == 201, response.content
    return response.json()


def test_entries_are_seen_by_the_group_and_the_office_clue_readers_only(w, api):
    talk = record(api, w.insp_x, "talks/", w.asg_u, TALK)
    path = f"talks/{talk['id']}/"
    for member in (w.insp_x, w.deputy_x, w.leader_x):
        body = api(member).get(path).json()
        assert body["person_name"] == "王某某" and body["person_name_hidden"] is False
    # Clue readers of the owning office (and above) see the register, not who was talked to.
    for reader in (w.clue_officer, w.admin):
        body = api(reader).get(path).json()
        assert body["person_name"] == "" and body["person_name_hidden"] is True
        assert body["summary"] == TALK["summary"]
    # Another group's inspector, another county's group, a supervisor, the unit's liaison: 404.
    for outsider in (w.insp_y, w.leader_z, w.sup_a, w.sup_city, w.leader, w.liaison_u, w.nobody):
        assert api(outsider).get(path).status_code == 404, outsider
        assert api(outsider).ids("talks/") == []
    assert api(w.liaison_u).get("letters/").json()["results"] == []


@pytest.mark.parametrize("path", ["talks/", "letters/", "document-checks/", "spot-checks/", "visits/"])
def test_unsigned_callers_read_nothing(w, api, path):
    Talk.objects.create(
        assignment=w.asg_u, created_by=w.insp_x, talked_on=TODAY, talkers="甲", summary="x", person_name="王某",
        **_copies(w.asg_u),
    )  # fmt: skip
    response = APIClient().get(f"/api/v1/{path}")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()
    talk = Talk.objects.get()
    assert APIClient().get(f"/api/v1/talks/{talk.pk}/").status_code in (401, 403)


def _copies(assignment):
    return {
        "office": assignment.round.office,
        "home_office": assignment.unit.office,
        "round": assignment.round,
        "unit": assignment.unit,
        "group": assignment.group,
    }


def test_only_the_group_records_entries(w, api):
    assert api(w.insp_y).post("talks/", {"assignment": w.asg_u.pk, **TALK}).status_code == 404  # unseen assignment
    assert api(w.clue_officer).post("talks/", {"assignment": w.asg_u.pk, **TALK}).status_code == 403
    assert api(w.liaison_u).post("visits/", {"assignment": w.asg_u.pk, "visited_on": TODAY, "place": "x",
                                             "summary": "y"}).status_code == 403  # fmt: skip
    assert Talk.objects.count() == Visit.objects.count() == 0


def test_a_talk_becomes_a_finding_carrying_its_text(w, api):
    talk = record(api, w.insp_x, "talks/", w.asg_u, TALK)
    response = api(w.insp_x).post(f"talks/{talk['id']}/to-issue/", {"category": w.child_category.pk})
    assert response.status_code == 200, response.content
    issue = Issue.objects.get(pk=response.json()["issue"])
    assert issue.how_found == HowFound.TALK and issue.status == IssueStatus.DRAFT
    assert issue.title == "反映工程项目招投标走过场"
    assert issue.facts == f"{TALK['summary']}\n{TALK['follow_ups']}"
    assert "王某某" not in issue.facts
    assert issue.assignment == w.asg_u
    assert list(issue.onsite_talks.values_list("pk", flat=True)) == [talk["id"]]  # both ways
    # Once is enough.
    again = api(w.insp_x).post(f"talks/{talk['id']}/to-issue/", {"category": w.child_category.pk})
    assert again.status_code == 409
    assert Issue.objects.filter(assignment=w.asg_u, facts__startswith="反映工程").count() == 1


def test_a_spot_check_becomes_a_clue_about_the_person_checked(w, api):
    body = {
        "person_name": "钱某",
        "person_post": "副局长",
        "checked_on": TODAY,
        "result": "concealment",
        "notes": "隐瞒房产",
    }
    entry = record(api, w.insp_x, "spot-checks/", w.asg_u, body)
    response = api(w.insp_x).post(f"spot-checks/{entry['id']}/to-clue/", {})
    assert response.status_code == 200, response.content
    clue = Clue.objects.get(pk=response.json()["clue"])
    assert (clue.summary, list(clue.persons.values_list("name", "post"))) == ("隐瞒房产", [("钱某", "副局长")])


def test_a_talk_becomes_a_clue_without_naming_its_source(w, api):
    talk = record(api, w.insp_x, "talks/", w.asg_u, TALK)
    response = api(w.leader_x).post(f"talks/{talk['id']}/to-clue/", {})
    assert response.status_code == 200, response.content
    clue = Clue.objects.get(pk=response.json()["clue"])
    assert clue.summary.startswith("反映工程项目") and "王某某" not in clue.summary
    assert not clue.persons.exists()  # the person talked to is the source, not the person reported
    assert Talk.objects.get(pk=talk["id"]).clue == clue


@pytest.mark.parametrize(
    ("path", "body", "how_found"),
    [
        ("document-checks/", {"title": "2025年招投标档案", "provided_by": "办公室", "requested_on": TODAY,
                              "notes": "评标记录缺失"}, HowFound.DOCUMENTS),
        ("spot-checks/", {"person_name": "钱某", "person_post": "副局长", "checked_on": TODAY,
                          "result": "omission", "notes": "漏报房产一处"}, HowFound.AUDIT),
        ("visits/", {"visited_on": TODAY, "place": "某村", "people_met": "村民", "summary": "反映低保优亲厚友"},
         HowFound.VISIT),
    ],
)  # fmt: skip
def test_every_register_sets_the_discovery_method(w, api, path, body, how_found):
    entry = record(api, w.insp_x, path, w.asg_u, body)
    response = api(w.insp_x).post(f"{path}{entry['id']}/to-issue/", {"category": w.child_category.pk})
    assert response.status_code == 200, response.content
    issue = Issue.objects.get(pk=response.json()["issue"])
    assert issue.how_found == how_found
    assert body.get("notes", body.get("summary")) in issue.facts
    assert api(w.insp_y).get(f"{path}{entry['id']}/").status_code == 404
    assert api(w.clue_officer).get(f"{path}{entry['id']}/").status_code == 200
    assert DocumentCheck.objects.count() + SpotCheck.objects.count() + Visit.objects.count() == 1


def test_letters_are_as_confidential_as_clues(w, api):
    letter = record(api, w.insp_x, "letters/", w.asg_u, LETTER)
    path = f"letters/{letter['id']}/"
    assert letter["status"] == LetterStatus.RECEIVED
    # The recorder (until triage), the group leader, the office's clue readers.
    for reader in (w.insp_x, w.leader_x, w.clue_officer, w.admin):
        assert api(reader).get(path).status_code == 200, reader
    # Not the other members, nor anyone else.
    for outsider in (w.deputy_x, w.insp_y, w.leader_z, w.sup_a, w.leader, w.liaison_u):
        assert api(outsider).get(path).status_code == 404, outsider
    # A member cannot triage; the leader turns it into a clue, and the recorder no longer sees it.
    assert api(w.insp_x).post(f"{path}close/", {"reason": "重复件"}).status_code == 403
    response = api(w.leader_x).post(f"{path}to-clue/", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == LetterStatus.TO_CLUE
    clue = Clue.objects.get(pk=response.json()["clue"])
    assert clue.summary == LETTER["text"] and list(clue.persons.values_list("name", flat=True)) == ["赵某"]
    assert api(w.insp_x).get(path).status_code == 404
    assert api(w.leader_x).post(f"{path}close/", {"reason": "重复件"}).status_code == 409


def test_letter_triage_hand_over_reply_and_close(w, api):
    handed = record(api, w.leader_x, "letters/", w.asg_u, LETTER)
    path = f"letters/{handed['id']}/"
    assert api(w.leader_x).post(f"{path}hand-over/", {"handed_to": "", "reply_due": TODAY}).status_code == 400
    response = api(w.leader_x).post(f"{path}hand-over/", {"handed_to": "县住建局", "reply_due": "2026-12-20"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == LetterStatus.HANDED_OVER and response.json()["version"] == 2
    assert api(w.leader_x).ids("letters/", {"reply_overdue": "true"}) == []
    response = api(w.clue_officer).post(f"{path}reply/", {"received_on": "2026-12-10", "reply": "已查实并整改"})
    assert response.status_code == 200, response.content
    assert Letter.objects.get(pk=handed["id"]).reply_received_on == dt.date(2026, 12, 10)

    closed = record(api, w.leader_x, "letters/", w.asg_u, {**LETTER, "anonymous": True})
    assert closed["reporter_name"] == ""  # an anonymous letter keeps no name
    path = f"letters/{closed['id']}/"
    assert api(w.leader_x).post(f"{path}close/", {"reason": " "}).status_code == 400
    response = api(w.leader_x).post(f"{path}close/", {"reason": "反映事项已另案处理"})
    assert response.status_code == 200 and response.json()["status"] == LetterStatus.CLOSED
    assert api(w.leader_x).ids("letters/", {"status": LetterStatus.CLOSED}) == [closed["id"]]


def test_a_letter_becomes_a_finding_born_of_petition(w, api):
    letter = record(api, w.insp_x, "letters/", w.asg_u, LETTER)
    response = api(w.leader_x).post(
        f"letters/{letter['id']}/to-issue/", {"category": w.child_category.pk, "title": "违规收受礼金"}
    )
    assert response.status_code == 200, response.content
    issue = Issue.objects.get(pk=response.json()["issue"])
    assert (issue.title, issue.facts, issue.how_found) == ("违规收受礼金", LETTER["text"], HowFound.PETITION)
    assert Letter.objects.get(pk=letter["id"]).status == LetterStatus.TO_ISSUE


def test_public_channel_letters_cannot_be_typed_in(w, api):
    response = api(w.insp_x).post("letters/", {"assignment": w.asg_u.pk, **LETTER, "channel": "public"})
    assert response.status_code == 400


def test_every_letter_read_is_logged_and_the_log_is_append_only(w, api):
    from django.db import DatabaseError, transaction

    from inspections.choices import ReadVia
    from onsite.models import LetterRead

    letter = record(api, w.insp_x, "letters/", w.asg_u, LETTER)
    assert LetterRead.objects.filter(user=w.insp_x).count() == 1  # the create's answer is a read too
    assert api(w.clue_officer).ids("letters/") == [letter["id"]]
    assert api(w.leader_x).get(f"letters/{letter['id']}/").status_code == 200
    assert api(w.deputy_x).get(f"letters/{letter['id']}/").status_code == 404  # refused reads log nothing
    logged = set(LetterRead.objects.values_list("user__username", "via"))
    assert logged == {
        ("insp_x", ReadVia.API_DETAIL),
        ("clue_officer", ReadVia.API_LIST),
        ("leader_x", ReadVia.API_DETAIL),
    }
    with pytest.raises(DatabaseError), transaction.atomic():
        LetterRead.objects.update(via=ReadVia.EXPORT)
    with pytest.raises(DatabaseError), transaction.atomic():
        LetterRead.objects.all().delete()


def test_public_channel_is_refused_with_its_reason_on_create_and_update(w, api):
    response = api(w.insp_x).post("letters/", {"assignment": w.asg_u.pk, **LETTER, "channel": "public"})
    assert response.json()["errors"] == {"channel": ["码上巡察的件由公众提交，不能在此登记。"]}
    letter = record(api, w.insp_x, "letters/", w.asg_u, LETTER)
    response = api(w.insp_x).patch(f"letters/{letter['id']}/", {"channel": "public"})
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"channel": ["码上巡察的件由公众提交，不能在此登记。"]}
    assert api(w.insp_x).patch(f"letters/{letter['id']}/", {"channel": "call"}).status_code == 200
