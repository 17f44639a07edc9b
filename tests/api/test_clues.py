"""Clues through the API: confidential (scope), every returned row logged, actions by role."""

import pytest

from inspections.choices import ReadVia
from inspections.models import Clue, ClueRead

pytestmark = pytest.mark.django_db


def reads(user, via=None):
    rows = ClueRead.objects.filter(user=user)
    if via:
        rows = rows.filter(via=via)
    return sorted(rows.values_list("clue_id", flat=True))


def test_list_logs_every_returned_row(w, api):
    response = api(w.clue_officer).get("clues/", {"page_size": 2})
    returned = [row["id"] for row in response.json()["results"]]
    assert len(returned) == 2
    assert reads(w.clue_officer, ReadVia.API_LIST) == sorted(returned)


def test_detail_logs_a_detail_read(w, api):
    response = api(w.leader_x).get(f"clues/{w.c_draft.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [person["name"] for person in body["persons"]] == ["张某", "李某"]
    assert body["persons"][0]["rank_display"] == "一般干部"
    assert reads(w.leader_x, ReadVia.API_DETAIL) == [w.c_draft.pk]


def test_refused_reads_log_nothing(w, api):
    assert api(w.deputy_x).get(f"clues/{w.c_draft.pk}/").status_code == 404  # not his own record
    assert api(w.insp_x).get(f"clues/{w.c_transferred.pk}/").status_code == 404
    assert api(w.liaison_u).get("clues/").json()["results"] == []
    assert ClueRead.objects.count() == 0


def test_member_registers_a_clue(w, api):
    body = {
        "assignment": w.asg_u.pk,
        "summary": "反映某科长违规",
        "persons": [{"name": "赵某", "post": "科长", "rank": "township"}],
    }
    response = api(w.insp_x).post("clues/", body)
    assert response.status_code == 201, response.content
    clue = Clue.objects.get(pk=response.json()["id"])
    assert response.json()["persons"][0]["name"] == "赵某"
    assert clue.persons.get().rank == "township"
    # the member reads back his own draft (logged as a read) until it is transferred; others of the
    # group do not; the leader can
    assert api(w.insp_x).get(f"clues/{clue.pk}/").status_code == 200
    assert ClueRead.objects.filter(clue=clue, user=w.insp_x).exists()
    assert api(w.deputy_x).get(f"clues/{clue.pk}/").status_code == 404
    assert api(w.leader_x).get(f"clues/{clue.pk}/").status_code == 200


def test_clue_needs_persons_and_a_visible_assignment(w, api):
    response = api(w.insp_x).post("clues/", {"assignment": w.asg_w.pk, "summary": "", "persons": []})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"assignment", "summary", "persons"}
    response = api(w.insp_x).post(
        "clues/", {"assignment": w.asg_u.pk, "summary": "x", "persons": [{"name": "", "rank": "king"}]}
    )
    assert response.status_code == 400
    # DRF keys the errors of list items by their index
    assert set(response.json()["errors"]["persons"]["0"]) == {"name", "rank"}


def test_transfer_by_the_group_leader(w, api):
    body = {
        "recipient": "discipline",
        "recipient_body": "县纪委监委",
        "transfer_date": "2026-05-01",
        "letter_number": "巡移〔2026〕3号",
    }
    response = api(w.clue_officer).post(f"clues/{w.c_draft.pk}/transfer/", body)
    assert response.status_code == 403
    response = api(w.leader_x).post(f"clues/{w.c_draft.pk}/transfer/", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "transferred"
    assert response.json()["result_due"]
    assert ClueRead.objects.filter(user=w.leader_x, clue=w.c_draft, via=ReadVia.API_DETAIL).exists()


def test_outcome_by_the_clue_officer(w, api):
    response = api(w.clue_officer).post(f"clues/{w.c_draft.pk}/outcome/", {"disposal": "case"})
    assert response.status_code == 409  # still a draft
    response = api(w.clue_officer).post(
        f"clues/{w.c_transferred.pk}/outcome/",
        {"disposal": "case", "persons_accountable": 2, "loss_recovered_wan": "30.5", "version": 1},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["persons_accountable"], body["loss_recovered_wan"]) == ("concluded", 2, "30.50")
    response = api(w.clue_officer).post(f"clues/{w.c_transferred.pk}/outcome/", {"disposal": "bogus"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["disposal"]


def test_withdraw_clue(w, api):
    assert api(w.insp_y).post(f"clues/{w.c_draft.pk}/withdraw/", {"reason": "x"}).status_code == 404
    response = api(w.leader_x).post(f"clues/{w.c_draft.pk}/withdraw/", {"reason": "重复"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
