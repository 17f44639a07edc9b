"""The inspector who recorded a clue may read it (read-only, logged as a read) until it is
transferred; other members never; after the transfer only the leader and clue officers."""

import datetime as dt

import pytest

from inspections import services
from inspections.models import Clue, ClueRead
from tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_the_recording_inspector_reads_his_clue_until_it_is_transferred(client):
    w = make_world()
    clue = services.clue_create(
        actor=w.inspector_x, assignment=w.assignment_x, summary="反映某局长违规收受礼金", persons=[{"name": "王某"}]
    )
    assert Clue.objects.visible_to(w.inspector_x).filter(pk=clue.pk).exists()
    assert not Clue.objects.visible_to(w.deputy_x).filter(pk=clue.pk).exists()

    client.force_login(w.inspector_x)
    response = client.get(f"/clues/{clue.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "反映某局长违规收受礼金" in html and f"/clues/{clue.pk}/transfer/" not in html  # read-only
    assert ClueRead.objects.filter(clue=clue, user=w.inspector_x).count() == 1
    transfer = client.post(
        f"/clues/{clue.pk}/transfer/", {"recipient": "discipline", "transfer_date": "2026-05-01", "letter_number": "x"}
    )
    assert transfer.status_code == 403 and Clue.objects.get(pk=clue.pk).status == "draft"

    services.clue_transfer(
        actor=w.group_leader_x, clue=clue, recipient="discipline", transfer_date=dt.date(2026, 5, 1), letter_number="1"
    )
    assert not Clue.objects.visible_to(w.inspector_x).filter(pk=clue.pk).exists()
    assert client.get(f"/clues/{clue.pk}/").status_code == 404
