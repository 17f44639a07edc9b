"""The layout of Chinese official documents (党政机关公文格式, GB/T 9704-2012) with python-docx.

Page A4 with margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 版心 of 156 × 225 mm
holding 22 lines of 28 characters of 仿宋_GB2312 三号 (16 pt). The line pitch is fixed
(225 mm / 22 = 28.95 pt, a line grid) and the body is condensed so 28 characters fill 156 mm. The title is
方正小标宋简体 二号 (22 pt), centred; first-level headings (一、) 黑体, second-level ones (（一）)
楷体_GB2312, both 三号; the masthead (发文机关标志) red 小标宋 over the 发文字号 and a red rule;
the 版记 at the end carries the 印发 line between two rules, in 仿宋 四号 (14 pt). Page numbers
“— 1 —” in 宋体 四号 sit in the footer, right on odd pages and left on even ones, one
character in from the edge (outside alignment).

Fonts are named as offices have them; each run also names Times New Roman for Latin text and the
font table gives each Chinese font the fallback a machine without it uses (``FALLBACKS``:
仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体 …).

``OfficialDocument`` builds the default templates (``documents.defaults``); an office's own
template replaces them as before.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Each office font and what a machine without it shows instead (named in the font table).
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING1_FONT: "SimHei", HEADING2_FONT: "楷体", "宋体": "SimSun"}

# 字号 in points.
ERHAO, SANHAO, SIHAO = Pt(22), Pt(16), Pt(14)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARACTERS = 22, 28
TEXT_WIDTH, TEXT_HEIGHT = Mm(210 - 28 - 26), Mm(297 - 37 - 35)  # 版心 156 × 225 mm
LINE_PITCH_TWIPS = int(TEXT_HEIGHT.twips / LINES)  # 579: 28.95 pt
LINE_PITCH = Pt(LINE_PITCH_TWIPS / 20)
# 28 characters of 16 pt need 448 pt, the 版心 is 442.2 pt wide: the body is condensed by
# 0.25 pt a character (w:spacing, in twips), so 28 fit (15.75 pt each) and a 29th does not. A line
# grid (w:docGrid type "lines") holds the 22 lines; a character grid would make LibreOffice give
# each 16 pt character two cells of 15.79 pt.
CONDENSE_TWIPS = -5
CHARACTER_PITCH = Pt(SANHAO.pt + CONDENSE_TWIPS / 20)
RED = RGBColor(0xFF, 0x00, 0x00)


def set_fonts(run_or_style, east_asian: str, size=None, *, bold: bool | None = None) -> None:
    """Name ``east_asian`` for Chinese text and Times New Roman for Latin text (and the size)."""
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    properties = run_or_style._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute, value in (
        ("ascii", LATIN_FONT),
        ("hAnsi", LATIN_FONT),
        ("eastAsia", east_asian),
        ("cs", LATIN_FONT),
    ):
        fonts.set(qn(f"w:{attribute}"), value)
    fonts.set(qn("w:hint"), "eastAsia")


def _border(paragraph, side: str, *, color: str = "FF0000", size: int = 12) -> None:
    """A rule above (``top``) or below (``bottom``) the paragraph; size in eighths of a point."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
        rule.set(qn(f"w:{key}"), value)
    borders.append(rule)


def _page_field(paragraph, size) -> None:
    """“— PAGE —” as a field Word and LibreOffice fill in."""

    def run(text: str = ""):
        r = paragraph.add_run(text)
        set_fonts(r, PAGE_NUMBER_FONT, size)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            r._r.append(instruction)
        else:
            r.text = text
    run(" —")


class OfficialDocument:
    """A python-docx document laid out per GB/T 9704-2012; add its parts in order, then ``save``."""

    def __init__(self):
        self.document = document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        # The page number's top sits 7 mm under the 版心 (35 mm - 7 mm - its 14 pt line ≈ 23 mm).
        section.header_distance, section.footer_distance = Mm(15), Mm(23)
        section.start_type = WD_SECTION.NEW_PAGE
        self._grid(section)
        normal = document.styles["Normal"]
        set_fonts(normal, BODY_FONT, SANHAO)
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        normal._element.get_or_add_rPr().append(spacing)
        paragraph_format = normal.paragraph_format
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = LINE_PITCH
        paragraph_format.space_before = paragraph_format.space_after = Pt(0)
        self._footers(section)
        self._font_table()

    # -- page set-up ------------------------------------------------------------------------
    @staticmethod
    def _grid(section) -> None:
        properties = section._sectPr
        grid = properties.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            properties.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))

    def _footers(self, section) -> None:
        """Page numbers outside: right on odd pages, left on even ones, one character in."""
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, alignment in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = alignment
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = SIHAO
            else:
                paragraph.paragraph_format.left_indent = SIHAO
            _page_field(paragraph, SIHAO)

    def _font_table(self) -> None:
        """Each office font in the font table with its fallback (``w:altName``) and charset."""
        part = self.document.part
        table_part = next((p for r, p in part.related_parts.items() if p.partname.endswith("fontTable.xml")), None)
        if table_part is None:
            return
        root = etree.fromstring(table_part.blob)
        for name, fallback in FALLBACKS.items():
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), fallback)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86")  # GB2312
            family = OxmlElement("w:family")
            family.set(qn("w:val"), "modern" if name in (BODY_FONT, HEADING2_FONT) else "roman")
            font.extend([alt, charset, family])
            root.append(font)
        table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- parts ------------------------------------------------------------------------------
    def _paragraph(self, text: str, font: str = BODY_FONT, size=SANHAO, *, alignment=None, indent: bool = False):
        paragraph = self.document.add_paragraph()
        if alignment is not None:
            paragraph.alignment = alignment
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(2 * SANHAO.pt)  # 首行缩进二字
        if text:
            set_fonts(paragraph.add_run(text), font, size)
        return paragraph

    def masthead(self, issuer: str, number: str) -> None:
        """版头: the issuer in red 小标宋, the 发文字号 centred, a red rule, then a blank line."""
        paragraph = self._paragraph("", alignment=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing = LINE_PITCH
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        run = paragraph.add_run(issuer)
        set_fonts(run, TITLE_FONT, Pt(36))
        run.font.color.rgb = RED
        self._paragraph("")
        numbered = self._paragraph(number, alignment=WD_ALIGN_PARAGRAPH.CENTER)
        _border(numbered, "bottom", size=12)
        self._paragraph("")

    def title(self, text: str) -> None:
        """标题: 方正小标宋简体 二号, centred, a blank line under it."""
        paragraph = self._paragraph("", alignment=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing = LINE_PITCH
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        set_fonts(paragraph.add_run(text), TITLE_FONT, ERHAO)
        self._paragraph("")

    def addressee(self, text: str) -> None:
        """主送机关: flush left."""
        self._paragraph(text)

    def body(self, text: str) -> None:
        """正文: 仿宋_GB2312 三号, first line indented two characters."""
        self._paragraph(text, indent=True)

    def plain(self, text: str) -> None:
        """A paragraph with no indent (Jinja control lines, which docxtpl removes)."""
        self._paragraph(text)

    def heading1(self, text: str) -> None:
        """一级标题 (一、): 黑体 三号."""
        self._paragraph(text, HEADING1_FONT, indent=True)

    def heading2(self, text: str) -> None:
        """二级标题 (（一）): 楷体_GB2312 三号."""
        self._paragraph(text, HEADING2_FONT, indent=True)

    def signature(self, issuer: str, date: str) -> None:
        """发文机关署名 and 成文日期, right-aligned four characters in from the edge."""
        self._paragraph("")
        for text in (issuer, date):
            paragraph = self._paragraph(text, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = Pt(4 * SANHAO.pt)

    def imprint(self, issuer: str, date: str) -> None:
        """版记: the 印发 line (印发机关 left, 印发日期 right) between two rules, 仿宋 四号."""
        self._paragraph("")
        paragraph = self._paragraph("", size=SIHAO)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = SIHAO
        _border(paragraph, "top", color="000000", size=8)
        _border(paragraph, "bottom", color="000000", size=8)
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(Pt(TEXT_WIDTH.pt - 2 * SIHAO.pt), WD_TAB_ALIGNMENT.RIGHT)
        set_fonts(paragraph.add_run(f"{issuer}\t{date}印发"), BODY_FONT, SIHAO)

    def save(self) -> io.BytesIO:
        buffer = io.BytesIO()
        self.document.save(buffer)
        buffer.seek(0)
        return buffer
