"""`/api/v1/exports/`: create, poll and download a ledger export through a real worker."""

import io
import time
from urllib.parse import unquote

import openpyxl
import pytest
from rest_framework.test import APIClient

from inspections.choices import IssueStatus
from ledgers.models import Export
from tests.factories import make_issue, make_world


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_bad_requests_are_refused_with_reasons():
    w = make_world()
    api = client_for(w.supervisor)
    bad_ledger = api.post("/api/v1/exports/", {"ledger": "nonsense"}, format="json")
    assert bad_ledger.status_code == 400 and "ledger" in bad_ledger.json()["errors"]
    bad_filter = api.post("/api/v1/exports/", {"ledger": "issues", "filters": {"status": ["x"]}}, format="json")
    assert bad_filter.status_code == 400 and "filters.status" in bad_filter.json()["errors"]
    clues = api.post("/api/v1/exports/", {"ledger": "clues"}, format="json")
    assert clues.status_code == 403 and "问题线索台账" in clues.json()["detail"]
    assert not Export.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_export_round_trip(celery_worker_process):
    w = make_world()
    for n in range(12):
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n)
    make_issue(w.assignment_a, IssueStatus.RECTIFYING, n=1)
    api = client_for(w.supervisor)
    created = api.post("/api/v1/exports/", {"ledger": "issues", "filters": {"round": w.round.pk}}, format="json")
    assert created.status_code == 201, created.json()
    export_id = created.json()["id"]

    deadline = time.monotonic() + 30
    body = {}
    while time.monotonic() < deadline:
        body = api.get(f"/api/v1/exports/{export_id}/").json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert (body["status"], body["progress"], body["rows"]) == ("done", 100, 12)

    download = api.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "面上问题台账" in unquote(download["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert sum(1 for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]) == 12

    # Another user neither sees the job nor downloads the file.
    other = client_for(w.supervisor_a)
    assert other.get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert other.get(f"/api/v1/exports/{export_id}/download/").status_code == 404
