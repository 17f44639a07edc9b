"""The archive inventory (卷内目录) of a round: counts and lists as the reader may read them; the
clue sheet only for clue readers, each clue listed logged as read."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from inspections.choices import ReadVia
from inspections.models import Clue, ClueRead, Issue, SecretaryPoint, SpecialReport
from rectification.models import Evidence, Plan
from tests.factories import make_api_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_api_world()


def download(user, round_):
    client = Client()
    client.force_login(user)
    return client.get(f"/archives/rounds/{round_.pk}/inventory.xlsx")


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def summary(book) -> dict[str, int]:
    sheet = book["卷内目录"]
    return {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}


def test_admin_gets_every_kind_with_its_count_and_the_clue_reads_are_logged(w):
    book = workbook(download(w.admin, w.round_a))
    assert book.sheetnames == ["卷内目录", "面上问题", "问题线索", "书记点人点事点问题", "巡察专报", "文书", "佐证材料"]
    expected = {
        "面上问题": Issue.objects.filter(round=w.round_a).count(),
        "问题线索": Clue.objects.filter(round=w.round_a).count(),
        "书记点人点事点问题": SecretaryPoint.objects.filter(round=w.round_a).count(),
        "巡察专报": SpecialReport.objects.filter(round=w.round_a).count(),
        "文书": Plan.objects.filter(assignment__round=w.round_a).count()
        + sum(1 for f in w.round_a.assignments.all() if hasattr(f, "feedback") and f.feedback.document),
        "佐证材料": Evidence.objects.filter(progress__issue__round=w.round_a).count(),
    }
    assert summary(book) == expected
    assert expected["面上问题"] == 9 and expected["问题线索"] == 3 and expected["佐证材料"] == 1
    # each sheet lists exactly its count, under the ledger's headers
    for title, count in expected.items():
        sheet = book[title]
        assert sheet.max_row - 3 == count, title
    assert book["面上问题"].cell(row=3, column=1).value == "问题编号"
    codes = {row[0] for row in book["面上问题"].iter_rows(min_row=4, values_only=True)}
    assert "A-U-001" in codes and "B-W-001" not in codes
    reads = ClueRead.objects.filter(user=w.admin, via=ReadVia.EXPORT)
    assert sorted(reads.values_list("clue__code", flat=True)) == ["XS-A-U-001", "XS-A-U-002", "XS-A-V-001"]


def test_supervisor_gets_no_clues_and_no_clue_reads(w):
    book = workbook(download(w.sup_a, w.round_a))
    assert "问题线索" not in book.sheetnames
    assert "问题线索" not in summary(book)
    assert summary(book)["面上问题"] == 9
    assert not ClueRead.objects.filter(user=w.sup_a).exists()


def test_group_leader_sees_his_group_only(w):
    book = workbook(download(w.leader_x, w.round_a))
    counts = summary(book)
    assert counts["问题线索"] == Clue.objects.visible_to(w.leader_x).filter(round=w.round_a).count() == 2
    assert counts["面上问题"] == Issue.objects.visible_to(w.leader_x).filter(round=w.round_a).count()


def test_who_may_not(w):
    assert download(w.liaison_u, w.round_a).status_code == 403
    assert download(w.sup_b, w.round_a).status_code == 404
    assert download(w.nobody, w.round_a).status_code == 404


def test_round_page_links_the_inventory(w):
    client = Client()
    client.force_login(w.sup_a)
    page = client.get(f"/rounds/{w.round_a.pk}/").content.decode()
    assert f"/archives/rounds/{w.round_a.pk}/inventory.xlsx" in page
