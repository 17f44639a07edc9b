"""Every ledger is print-ready: its .xlsx page set-up read back with openpyxl."""

import datetime as dt
import shutil

import openpyxl
import pytest

from core.ledgers import A3, A4, INT, MAX_PRINT_WIDTH, Column, LedgerSpec
from inspections.choices import IssueStatus
from ledgers.choices import Ledger
from ledgers.selectors import ledger_spec
from ledgers.writer import write_ledger
from rectification.models import Evidence, Measure, Progress
from tests.factories import make_clue, make_issue, make_world

PAPER_CODE = {A3: 8, A4: 9}


@pytest.fixture
def w(db):
    w = make_world()
    w.issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=1, deadline=dt.date(2026, 7, 1))
    make_issue(w.assignment_x, IssueStatus.CLOSED, n=2, facts="很长的问题事实。" * 40)
    make_clue(w.assignment_x, w.inspector_x, "concluded", n=1, persons_accountable=3)
    Measure.objects.create(
        issue=w.issue,
        content="建立制度",
        responsible_leader="王书记",
        responsible_department="办公室",
        responsible_person="李四",
        created_by=w.liaison_x,
    )
    progress = Progress.objects.create(issue=w.issue, text="已完成", date=dt.date(2026, 5, 1), submitted_by=w.liaison_x)
    for n in range(2):
        Evidence.objects.create(
            progress=progress,
            file=f"evidence/{n}.pdf",
            original_name=f"{n}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0",
        )
    return w


def written(w, tmp_path, code):
    path = tmp_path / f"{code}.xlsx"
    user = w.clue_officer if code in ("clues", "letters") else w.supervisor
    write_ledger(path, user=user, code=code, filters={})
    return openpyxl.load_workbook(path).worksheets[0]


def test_the_report_workbook_prints_every_sheet_landscape_with_headers_and_page_numbers(w, tmp_path):
    """The statistics report (one sheet per breakdown, not a ledger table) prints like the ledgers."""
    path = tmp_path / "report.xlsx"
    write_ledger(path, user=w.supervisor, code=Ledger.REPORT, filters={})
    sheets = openpyxl.load_workbook(path).worksheets
    assert len(sheets) > 3
    for sheet in sheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == PAPER_CODE[A4]
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$3"
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


@pytest.mark.parametrize("code", [code for code in Ledger.values if code != Ledger.REPORT])
def test_every_ledger_prints_landscape_fitted_with_headers_and_page_numbers(w, tmp_path, code):
    spec = ledger_spec(code)
    sheet = written(w, tmp_path, code)
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == PAPER_CODE[spec.paper_size]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (fitToWidth defaults to 1 in OOXML when absent), as many tall as needed.
    assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    last_column = openpyxl.utils.get_column_letter(len(spec.columns))
    assert sheet.auto_filter.ref.startswith(f"A3:{last_column}")
    assert (
        sheet.auto_filter.ref
        == f"A3:{last_column}{sheet.max_row - (1 if sheet.cell(sheet.max_row, 1).value == '合计' else 0)}"
    )
    assert "A1" in str(sheet.merged_cells) or len(spec.columns) == 1
    # Borders on the headers and every data cell; long text wraps in a narrowed column.
    for cell in sheet[3]:
        assert cell.border.left.style == "thin"
    widths = {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}
    for index, column in enumerate(spec.columns, start=1):
        assert widths[index] == pytest.approx(column.print_width, abs=1)
        for row in range(4, sheet.max_row + 1):
            cell = sheet.cell(row, index)
            assert cell.border.bottom.style in ("thin", "medium") or sheet.cell(row, 1).value == "合计"
            if row < sheet.max_row and column.wraps and sheet.cell(row, 1).value != "合计":
                assert cell.alignment.wrap_text


def test_wide_ledgers_print_on_a3_and_narrow_ones_on_a4():
    assert ledger_spec("issues").paper_size == A3
    assert ledger_spec("rectification").paper_size == A3
    assert ledger_spec("points").paper_size == A4
    facts = next(c for c in ledger_spec("issues").columns if c.path == "facts")
    assert facts.wraps and facts.print_width == MAX_PRINT_WIDTH
    assert not next(c for c in ledger_spec("issues").columns if c.path == "found_on").wraps
    # A spec may choose its paper; narrow columns never wrap unless told.
    spec = LedgerSpec("x", [Column("a", "a", width=10), Column("n", "n", INT, wrap=True)], lambda u: None, object)
    assert spec.paper_size == A4 and LedgerSpec("x", [], lambda u: None, object, paper=A3).paper_size == A3
    assert [c.wraps for c in spec.columns] == [False, True]


def test_issue_ledger_names_groups(w, tmp_path):
    sheet = written(w, tmp_path, "issues")
    column = [c.value for c in sheet[3]].index("巡察组")
    assert {row[column] for row in sheet.iter_rows(min_row=4, values_only=True)} == {"第一巡察组"}


def test_evidence_total_is_a_count_not_money(w, tmp_path):
    sheet = written(w, tmp_path, "rectification")
    column = [c.value for c in sheet[3]].index("佐证材料数") + 1
    total_row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "合计")
    total = sheet.cell(total_row, column)
    assert total.value == 2 and total.number_format == "0"
    assert sheet.cell(4, column).number_format == "0"


def test_clue_money_total_stays_money(w, tmp_path):
    sheet = written(w, tmp_path, "clues")
    header = [c.value for c in sheet[3]]
    total_row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "合计")
    assert sheet.cell(total_row, header.index("挽回和避免经济损失（万元）") + 1).number_format == "#,##0.00"
    assert sheet.cell(total_row, header.index("追责问责人数") + 1).number_format == "0"


def test_rows_with_long_text_are_as_tall_as_their_lines(w, tmp_path):
    from ledgers.writer import ROW_HEIGHT, text_lines

    assert text_lines("abc", 10) == 1 and text_lines("a\nb", 10) == 2
    assert text_lines("很长的问题事实。" * 10, 36) == 5  # 160 characters' width in 35 a line
    sheet = written(w, tmp_path, "issues")
    facts = [c.value for c in sheet[3]].index("问题事实") + 1
    long_row = next(r for r in range(4, sheet.max_row + 1) if len(sheet.cell(r, facts).value or "") > 100)
    assert sheet.row_dimensions[long_row].height >= 10 * ROW_HEIGHT


def bench_module():
    """bench/print_ledgers.py, whose LibreOffice helpers the slow test shares."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "print_ledgers.py"
    spec = importlib.util.spec_from_file_location("print_ledgers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"), reason="needs LibreOffice and poppler"
)
@pytest.mark.parametrize("code", ["issues", "rectification"])
def test_libreoffice_prints_every_column_under_the_header_on_every_page(w, tmp_path, code):
    bench = bench_module()
    for n in range(3, 60):  # enough rows for several pages
        make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n, facts="问题事实的详细描述。" * 12)
    path = tmp_path / f"{code}.xlsx"
    write_ledger(path, user=w.supervisor, code=code, filters={})
    pages = bench.page_texts(bench.soffice_pdf(path, tmp_path, profile=tmp_path / "lo", timeout=300))
    assert len(pages) > 1 or code != "issues"
    assert bench.missing_headers(pages, [c.header for c in ledger_spec(code).columns]) == []
    if code == "issues":
        assert all("第一巡察组" in page for page in pages)
