"""Exporting the clue ledger logs a clue read for every clue in the file (security review
finding 17): one ClueRead per clue, via "export", written in bulk, whichever way it is exported."""

from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.choices import IssueStatus, ReadVia
from inspections.models import CluePerson, ClueRead
from ledgers.models import Export
from ledgers.services import export_create
from ledgers.tasks import run_export
from ledgers.writer import write_ledger
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.clues_x = [make_clue(w.assignment_x, w.inspector_x, "transferred", n=n) for n in range(4)]
    # Two persons on one clue: still one row in the ledger and one read.
    CluePerson.objects.create(clue=w.clues_x[0], name="王某", post="局长", rank="county")
    CluePerson.objects.create(clue=w.clues_x[0], name="李某", post="副局长", rank="county")
    w.draft_x = make_clue(w.assignment_x, w.inspector_x, "draft", n=9)
    w.clue_a = make_clue(w.assignment_a, w.inspector_a, "transferred", n=1)
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=1)
    return w


def codes_in(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return sorted(row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] and row[0] != "合计")


def export_reads(user) -> list[str]:
    return sorted(ClueRead.objects.filter(user=user, via=ReadVia.EXPORT).values_list("clue__code", flat=True))


def test_every_clue_in_the_file_is_logged_once_in_one_insert(w, tmp_path):
    path = tmp_path / "clues.xlsx"
    with CaptureQueriesContext(connection) as queries:
        count = write_ledger(path, user=w.clue_officer, code="clues", filters={})
    in_file = codes_in(path)
    assert count == len(in_file) == 6  # the city's five clues and county A's one
    assert export_reads(w.clue_officer) == in_file
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "inspections_clueread"')]
    assert len(inserts) == 1


def test_only_the_filtered_clues_are_logged(w, tmp_path):
    path = tmp_path / "clues.xlsx"
    count = write_ledger(path, user=w.clue_officer, code="clues", filters={"status": ["draft"]})
    assert count == 1 and export_reads(w.clue_officer) == [w.draft_x.code] == codes_in(path)


def test_an_empty_ledger_or_another_ledger_logs_no_reads(w, tmp_path):
    assert write_ledger(tmp_path / "none.xlsx", user=w.clue_officer_b, code="clues", filters={}) == 0
    assert write_ledger(tmp_path / "issues.xlsx", user=w.admin, code="issues", filters={}) == 1
    assert not ClueRead.objects.exists()


def test_a_background_export_logs_the_reads(w, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=False):
        export = export_create(actor=w.clue_officer, ledger="clues", filters={"unit": w.unit_x.pk})
    assert not ClueRead.objects.exists()  # nothing is read until the file is written
    assert run_export(export.pk) == 5
    export.refresh_from_db()
    assert export_reads(w.clue_officer) == codes_in(Path(export.file.path))
    assert ClueRead.objects.count() == 5


def test_an_immediate_download_logs_the_reads(w, client):
    client.force_login(w.clue_officer)
    response = client.post(reverse("ledgers:export", args=["clues"]), {"round": w.round.pk})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    export = Export.objects.get(user=w.clue_officer)
    assert export.rows == 5
    assert export_reads(w.clue_officer) == sorted(c.code for c in [*w.clues_x, w.draft_x])
