"""Ledger exports: files opened with a spreadsheet reader, scoped rows, totals, formula escaping."""

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections.choices import IssueStatus
from ledgers.choices import ExportStatus
from ledgers.models import Export
from ledgers.services import export_create
from ledgers.writer import write_ledger
from rectification.models import Evidence, Measure, Progress
from tests.factories import make_clue, make_issue, make_world


@pytest.fixture
def w(db):
    w = make_world()
    w.issues_x = [
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n, deadline=dt.date(2026, 7, 1)) for n in range(3)
    ]
    w.issue_y = make_issue(w.assignment_y, IssueStatus.CLOSED, n=1, title='=HYPERLINK("http://x")')
    w.issue_a = make_issue(w.assignment_a, IssueStatus.RECTIFYING, n=1, title="+1-2@evil")
    w.clue_x = make_clue(
        w.assignment_x,
        w.inspector_x,
        "concluded",
        n=1,
        persons_accountable=3,
        persons_to_judiciary=1,
        loss_recovered_wan=Decimal("100.25"),
    )
    w.clue_a = make_clue(
        w.assignment_a,
        w.inspector_a,
        "transferred",
        n=1,
        persons_accountable=2,
        loss_recovered_wan=Decimal("50"),
    )
    return w


def read(path):
    book = openpyxl.load_workbook(path)
    return book, book.worksheets[0]


def data_rows(sheet):
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(v is not None for v in row)]


def test_issue_ledger_layout_dates_and_scope(w, tmp_path):
    path = tmp_path / "issues.xlsx"
    assert write_ledger(path, user=w.supervisor, code="issues", filters={}) == 5

    book, sheet = read(path)
    assert sheet["A1"].value == "面上问题台账（测试市委巡察办）"
    assert sheet["A2"].value.startswith("筛选条件：全部")
    assert [c.value for c in sheet[3]][:3] == ["问题编号", "巡察机构", "轮次"]
    assert sheet.freeze_panes == "A4"
    rows = data_rows(sheet)
    assert len(rows) == 5
    deadline_column = [c.value for c in sheet[3]].index("整改期限")
    dated = [row for row in rows if row[deadline_column] is not None]
    assert dated and all(isinstance(row[deadline_column], dt.datetime) for row in dated)

    county = tmp_path / "county.xlsx"
    assert write_ledger(county, user=w.supervisor_a, code="issues", filters={}) == 1
    assert data_rows(read(county)[1])[0][0] == w.issue_a.code


def test_formula_like_values_stay_text(w, tmp_path):
    path = tmp_path / "issues.xlsx"
    write_ledger(path, user=w.supervisor, code="issues", filters={})
    _, sheet = read(path)
    titles = {cell.value: cell for cell in sheet["G"][3:]}
    for value in ('=HYPERLINK("http://x")', "+1-2@evil"):
        assert titles[value].data_type == "s"


def test_filters_are_the_list_filters(w, tmp_path):
    path = tmp_path / "issues.xlsx"
    count = write_ledger(path, user=w.supervisor, code="issues", filters={"status": ["closed"]})
    assert count == 1
    assert "状态（可多选）=已销号" in read(path)[1]["A2"].value
    write_ledger(path, user=w.supervisor, code="issues", filters={"round": w.round.pk, "overdue": "true"})
    assert "轮次=十一届第1轮" in read(path)[1]["A2"].value and "=是" in read(path)[1]["A2"].value
    with pytest.raises(ValidationError) as excinfo:
        write_ledger(path, user=w.supervisor, code="issues", filters={"status": ["nonsense"]})
    assert "filters.status" in excinfo.value.message_dict


def test_clue_ledger_totals_and_who_may_export_it(w, tmp_path):
    path = tmp_path / "clues.xlsx"
    assert write_ledger(path, user=w.clue_officer, code="clues", filters={}) == 2
    _, sheet = read(path)
    headers = [c.value for c in sheet[3]]
    last = [row for row in sheet.iter_rows(values_only=True) if row[0] == "合计"][0]
    assert last[headers.index("追责问责人数")] == 5
    assert last[headers.index("挽回和避免经济损失（万元）")] == pytest.approx(150.25)

    for user in (w.supervisor, w.group_leader_x, w.liaison_x, w.leader):
        with pytest.raises(PermissionDenied):
            write_ledger(path, user=user, code="clues", filters={})
    # A county clue officer's ledger holds only that county's clues (none here).
    assert write_ledger(path, user=w.clue_officer_b, code="clues", filters={}) == 0


def test_rectification_ledger_lists_measures_people_and_evidence(w, tmp_path):
    issue = w.issues_x[0]
    Measure.objects.create(
        issue=issue,
        content="清退违规津贴",
        responsible_leader="李副局长",
        responsible_person="王科长",
        responsible_department="财务科",
        created_by=w.liaison_x,
    )
    progress = Progress.objects.create(
        issue=issue, date=dt.date(2026, 6, 1), text="已清退5万元", submitted_by=w.liaison_x
    )
    Evidence.objects.create(
        progress=progress,
        file="evidence/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0",
    )
    path = tmp_path / "rect.xlsx"
    assert write_ledger(path, user=w.liaison_x, code="rectification", filters={}) == 3
    _, sheet = read(path)
    headers = [c.value for c in sheet[3]]
    row = next(r for r in data_rows(sheet) if r[0] == issue.code)
    assert row[headers.index("任务清单（整改措施）")] == "清退违规津贴"
    assert row[headers.index("责任领导")] == "李副局长" and row[headers.index("责任人")] == "王科长"
    assert row[headers.index("最新进展")] == "已清退5万元"
    assert row[headers.index("佐证材料数")] == 1


def test_rows_past_the_sheet_limit_continue_on_a_new_sheet(w, tmp_path):
    path = tmp_path / "split.xlsx"
    assert write_ledger(path, user=w.supervisor, code="issues", filters={}, max_rows=6) == 5
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == 3  # 2 + 2 + 1 data rows (3 header rows, 1 spare per sheet)
    assert sum(len(data_rows(sheet)) for sheet in book.worksheets) == 5


def test_export_create_checks_now(w):
    with pytest.raises(PermissionDenied):
        export_create(actor=w.supervisor, ledger="clues", filters={})
    with pytest.raises(ValidationError):
        export_create(actor=w.supervisor, ledger="nonsense", filters={})
    assert not Export.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_export_job_runs_in_real_worker(celery_worker_process):
    w = make_world()
    for n in range(30):
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n)
    export = export_create(actor=w.supervisor, ledger="issues", filters={"office": w.city.pk})

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status in (ExportStatus.DONE, ExportStatus.FAILED):
            break
        time.sleep(0.2)
    assert export.status == ExportStatus.DONE, export.error
    assert (export.progress, export.rows) == (100, 30)
    assert export.expires_at > export.finished_at
    assert len(data_rows(read(Path(export.file.path))[1])) == 30
