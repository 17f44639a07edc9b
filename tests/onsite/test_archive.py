"""The on-site registers in a round's archive inventory (卷内目录): one line and one sheet per
register with entries, counted through the scope rules."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from inspections.choices import ReadVia
from onsite.models import LetterRead

pytestmark = pytest.mark.django_db


def inventory(web, user, round_):
    response = web(user).get(f"/archives/rounds/{round_.pk}/inventory.xlsx")
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = {row[1]: row[2] for row in book["卷内目录"].iter_rows(min_row=4, values_only=True) if row[1]}
    return book, lines


def test_registers_are_counted_in_the_inventory_as_the_reader_may_see_them(w, api, web):
    day = "2026-11-20"
    for n in range(2):
        body = {"assignment": w.asg_u.pk, "visited_on": day, "place": f"地点{n}", "summary": "走访情况"}
        assert api(w.insp_x).post("visits/", body).status_code == 201
    letter = {"assignment": w.asg_u.pk, "channel": "letter", "received_on": day, "subject": "来信", "text": "内容"}
    assert api(w.insp_x).post("letters/", letter).status_code == 201
    talk = {"assignment": w.asg_u.pk, "person_name": "王某某", "talked_on": day, "talkers": "甲", "summary": "摘要"}
    assert api(w.insp_x).post("talks/", talk).status_code == 201

    book, lines = inventory(web, w.admin, w.round_a)
    assert (lines["下沉走访"], lines["信访件"], lines["个别谈话"]) == (2, 1, 1)
    assert "调阅资料" not in lines and "个人有关事项抽查" not in lines  # nothing filed
    assert book["下沉走访"].max_row - 3 == 2
    talk_cells = [cell for row in book["个别谈话"].iter_rows(values_only=True) for cell in row]
    assert "王某某" not in talk_cells  # the person talked to stays with the group
    assert list(LetterRead.objects.filter(user=w.admin).values_list("via", flat=True)) == [ReadVia.EXPORT]

    # A supervisor reads none of the registers: no lines for them.
    _book, lines = inventory(web, w.sup_a, w.round_a)
    assert not {"下沉走访", "信访件", "个别谈话"} & set(lines)


def test_the_statistics_report_counts_the_registers_per_round(w, api, tmp_path):
    """The term report's figures and its 巡察轮次 sheet count each register's entries per round."""
    from dashboard import reports
    from ledgers.writer import write_ledger

    day = "2026-11-20"
    for n in range(3):
        body = {"assignment": w.asg_u.pk, "visited_on": day, "place": f"地点{n}", "summary": "走访情况"}
        assert api(w.insp_x).post("visits/", body).status_code == 201
    talk = {"assignment": w.asg_u.pk, "person_name": "王某某", "talked_on": day, "talkers": "甲", "summary": "摘要"}
    assert api(w.insp_x).post("talks/", talk).status_code == 201

    assert reports.register_counts([w.round_a.pk]) == {
        w.round_a.pk: {"talks": 1, "letters": 0, "document_checks": 0, "spot_checks": 0, "visits": 3}
    }
    figures = reports.figures(round_ids=[w.round_a.pk])
    assert (figures["talks"], figures["visits"], figures["letters"]) == (1, 3, 0)

    path = tmp_path / "report.xlsx"
    write_ledger(path, user=w.admin, code="report", filters={})
    book = load_workbook(path)
    headline = {row[0]: row[1] for row in book["主要数据"].iter_rows(min_row=4, values_only=True)}
    assert headline["个别谈话（人次）"] == 1 and headline["下沉走访（次）"] == 3
    rounds = book["巡察轮次"]
    header = [cell.value for cell in rounds[3]]
    row = next(
        r
        for r in rounds.iter_rows(min_row=4, values_only=True)
        if r[1] == w.round_a.term and r[2] == w.round_a.sequence
    )
    assert row[header.index("下沉走访（次）")] == 3 and row[header.index("个别谈话（人次）")] == 1
