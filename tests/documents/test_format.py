"""Every generated Word document is in official format (GB/T 9704-2012), read back from the .docx."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from documents import official
from documents import selectors as documents
from documents.choices import DocumentKind
from documents.defaults import BUILDERS
from documents.rendering import SAMPLES, render
from inspections.choices import IssueStatus
from inspections.models import CluePerson
from rectification.models import Action
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def w():
    w = make_world()
    w.assignment_x.feedback_date = dt.date(2026, 5, 15)
    w.assignment_x.plan_due = dt.date(2026, 6, 14)
    w.assignment_x.report_due = dt.date(2026, 7, 15)
    w.assignment_x.save()
    w.issue = make_issue(
        w.assignment_x, IssueStatus.RECTIFYING, n=1, title="违规发放津贴", deadline=dt.date(2026, 6, 1)
    )
    w.clue = make_clue(
        w.assignment_x,
        w.inspector_x,
        "transferred",
        n=1,
        recipient_body="市纪委监委",
        letter_number="荆巡移〔2026〕3号",
        result_due=dt.date(2026, 7, 25),
    )
    CluePerson.objects.create(clue=w.clue, name="王某", post="局长", rank="county")
    w.action = Action.objects.create(
        unit=w.unit_x, kind="interview", reason="delay", date=dt.date(2026, 7, 1), taken_by=w.supervisor
    )
    return w


def generated(w) -> dict[str, bytes]:
    return {
        DocumentKind.FEEDBACK: documents.feedback_opinion(w.assignment_x),
        DocumentKind.CLUE_LETTER: documents.clue_transfer_letter(w.clue),
        DocumentKind.SUPERVISION: documents.supervision_notice(w.action, user=w.supervisor),
        # The common-issue notice and the statistics report, from their documented sample data.
        **{
            kind: render(kind, {**SAMPLES[kind], "office": w.city.name}, office=w.city)
            for kind in (DocumentKind.COMMON_NOTICE, DocumentKind.REPORT)
        },
    }


def east_asian(run) -> str:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def paragraph_with(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_every_document_kind_has_an_official_default():
    assert set(BUILDERS) == set(DocumentKind.values)


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_page_margins_grid_and_body(w, kind):
    document = docx.Document(io.BytesIO(generated(w)[kind]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]
    # 版心 156 × 225 mm.
    assert round((section.page_width - section.left_margin - section.right_margin) / Mm(1), 1) == 156
    assert round((section.page_height - section.top_margin - section.bottom_margin) / Mm(1), 1) == 225

    # 22 lines: a line grid and an exact line pitch of 225 mm / 22.
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == 579
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(225 / 22 / 25.4 * 72, abs=0.05)
    assert 22 * normal.paragraph_format.line_spacing.pt <= Mm(225).pt < 23 * normal.paragraph_format.line_spacing.pt
    # 28 characters: 仿宋_GB2312 三号 condensed so that 28 fit in 156 mm and 29 do not.
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    condense = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    pitch = 16 + condense
    assert 28 * pitch <= Mm(156).pt < 29 * pitch

    # Every run names its East-Asian font and Times New Roman for Latin text.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:ascii")) == "Times New Roman" and fonts.get(qn("w:eastAsia"))

    # The body: 仿宋 三号, indented two characters.
    body = next(p for p in document.paragraphs if p.paragraph_format.first_line_indent and p.text[:1] not in "一（")
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert all(east_asian(run) == "仿宋_GB2312" and run.font.size == Pt(16) for run in body.runs)


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_masthead_title_headings_and_imprint(w, kind):
    document = docx.Document(io.BytesIO(generated(w)[kind]))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    masthead = paragraphs[0]
    assert masthead.text == "测试市委巡察办" and east_asian(masthead.runs[0]) == "方正小标宋简体"
    assert str(masthead.runs[0].font.color.rgb) == "FF0000"
    # 发文字号 centred over a red rule.
    number = paragraphs[1]
    assert "〔" in number.text and "〕" in number.text and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    # The title: 方正小标宋简体 二号, centred.
    title = paragraphs[2]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {east_asian(r) for r in title.runs} == {"方正小标宋简体"} and {r.font.size for r in title.runs} == {Pt(22)}
    # Headings: 一、 in 黑体, （一） in 楷体_GB2312, both 三号.
    first = paragraph_with(document, "一、")
    assert east_asian(first.runs[0]) == "黑体" and first.runs[0].font.size == Pt(16)
    if kind == DocumentKind.FEEDBACK:
        second = paragraph_with(document, "（一）")
        assert east_asian(second.runs[0]) == "楷体_GB2312" and second.runs[0].font.size == Pt(16)
    # The 印发 line between two rules, 四号, last.
    imprint = paragraphs[-1]
    assert imprint.text.endswith("印发") and imprint.text.startswith("测试市委巡察办\t")
    assert imprint.runs[0].font.size == Pt(14)
    borders = imprint._p.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:top")) is not None and borders.find(qn("w:bottom")) is not None


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_page_numbers_outside_and_font_fallbacks(w, kind):
    content = generated(w)[kind]
    document = docx.Document(io.BytesIO(content))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text == "— 1 —"  # the PAGE field's cached value between the dashes
        assert " PAGE " in [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}
        indent = paragraph.paragraph_format.right_indent or paragraph.paragraph_format.left_indent
        assert indent == Pt(14)  # one character in from the edge
    # Each office font has its fallback in the font table.
    import zipfile

    table = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/fontTable.xml"))
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val") for f in table if f.find(f"{W}altName") is not None}
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        assert alt[font] == official.FALLBACKS[font]


def test_feedback_opinion_keeps_its_content(w):
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(generated(w)[DocumentKind.FEEDBACK])).paragraphs)
    assert "关于对市住建局的巡察反馈意见" in text and "违规发放津贴" in text
    assert f"〔{dt.date.today().year}〕" in text  # the 发文字号 left for the office to number


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"), reason="needs LibreOffice and poppler")
def test_libreoffice_prints_the_feedback_opinion_on_a4(w, tmp_path):
    """LibreOffice opens the document as A4 and page 1 is rendered for the closing note."""
    source = tmp_path / "feedback_opinion.docx"
    source.write_bytes(generated(w)[DocumentKind.FEEDBACK])
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "feedback_opinion.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "pts (A4)" in info
    out = Path(__file__).resolve().parents[2] / "test-results"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(out / "feedback_opinion_page1"),
        ],
        check=True,
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "— 1 —" in text or "—1—" in text.replace(" ", "")
