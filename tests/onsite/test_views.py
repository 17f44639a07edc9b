"""The on-site screens: an assignment's registers (record, turn into a finding or a clue), the
letters list and a letter's triage; scoped like the API (404 outside, nothing for a liaison)."""

from __future__ import annotations

import pytest

from inspections.choices import HowFound
from inspections.models import Clue, Issue
from onsite.choices import LetterStatus
from onsite.models import Letter, Visit

pytestmark = pytest.mark.django_db

HAND_OVER = {"hand-over-handed_to": "县人社局", "hand-over-reply_due": "2026-12-30"}

VISIT = {
    "visited_on": "2026-11-20",
    "place": "某村村委会",
    "people_met": "村民代表",
    "summary": "反映集体资产出租价格偏低",
}
LETTER = {
    "channel": "call",
    "received_on": "2026-11-20",
    "subject": "反映拖欠工程款",
    "about_whom": "",
    "text": "某项目拖欠工程款。",
}  # noqa: E501


def test_a_member_records_a_visit_and_turns_it_into_a_finding(w, web):
    member = web(w.insp_x)
    page = member.get(f"/onsite/assignments/{w.asg_u.pk}/?kind=visit")
    assert page.status_code == 200 and "现场工作台账" in page.content.decode()
    response = member.post(f"/onsite/assignments/{w.asg_u.pk}/?kind=visit", VISIT)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.assignment, visit.created_by, visit.group) == (w.asg_u, w.insp_x, w.group_x)
    assert "某村村委会" in member.get(f"/onsite/assignments/{w.asg_u.pk}/?kind=visit").content.decode()

    response = member.post(f"/onsite/visit/{visit.pk}/to-issue/", {"category": w.child_category.pk})
    issue = Issue.objects.get(pk=Visit.objects.get().issue_id)
    assert response.status_code == 302 and response["Location"].endswith(f"/issues/{issue.pk}/")
    assert issue.how_found == HowFound.VISIT and issue.facts == VISIT["summary"]


def test_the_registers_page_is_the_group_s(w, web):
    assert web(w.insp_y).get(f"/onsite/assignments/{w.asg_u.pk}/").status_code == 404
    assert web(w.leader_z).get(f"/onsite/assignments/{w.asg_u.pk}/").status_code == 404
    # A liaison sees his unit's assignment but none of the group's registers.
    web(w.insp_x).post(f"/onsite/assignments/{w.asg_u.pk}/?kind=visit", VISIT)
    page = web(w.liaison_u).get(f"/onsite/assignments/{w.asg_u.pk}/?kind=visit").content.decode()
    assert "某村村委会" not in page
    assert "反映" not in web(w.liaison_u).get("/onsite/letters/").content.decode().split("<main")[-1]


def test_a_letter_is_triaged_from_its_page(w, web):
    web(w.insp_x).post(f"/onsite/assignments/{w.asg_u.pk}/?kind=letter", LETTER)
    letter = Letter.objects.get()
    leader = web(w.leader_x)
    assert "反映拖欠工程款" in leader.get("/onsite/letters/").content.decode()
    assert leader.get(f"/onsite/letters/{letter.pk}/").status_code == 200
    assert web(w.deputy_x).get(f"/onsite/letters/{letter.pk}/").status_code == 404
    response = leader.post(
        f"/onsite/letters/{letter.pk}/hand-over/",
        HAND_OVER,
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.handed_to) == (LetterStatus.HANDED_OVER, "县人社局")
    assert "reply-overdue" not in leader.get("/onsite/letters/").content.decode()
    Letter.objects.filter(pk=letter.pk).update(reply_due="2026-01-01")  # the reply is now overdue
    page = leader.get("/onsite/letters/?reply_overdue=true").content.decode()
    assert "badge text-bg-danger reply-overdue" in page and "反映拖欠工程款" in page


def test_a_letter_becomes_a_clue_from_its_page(w, web):
    web(w.insp_x).post(f"/onsite/assignments/{w.asg_u.pk}/?kind=letter", LETTER)
    letter = Letter.objects.get()
    response = web(w.leader_x).post(f"/onsite/letter/{letter.pk}/to-clue/", {"next": f"/onsite/letters/{letter.pk}/"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.TO_CLUE and Clue.objects.get(pk=letter.clue_id).summary == LETTER["text"]


def test_the_assignment_page_links_to_the_registers(w, web):
    page = web(w.insp_x).get(f"/assignments/{w.asg_u.pk}/")
    assert f"/onsite/assignments/{w.asg_u.pk}/" in page.content.decode()


def test_letters_stay_out_of_the_admin_and_their_read_log_is_in_it(w, web):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin = web(root)
    assert admin.get("/admin/onsite/letter/").status_code == 404
    assert admin.get("/admin/onsite/talk/").status_code == 404
    assert admin.get("/admin/onsite/letterread/").status_code == 200
    assert admin.get("/admin/onsite/publicchannel/").status_code == 200
