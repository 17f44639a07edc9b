"""The archive inventory of a round (卷内目录) as one Excel workbook, in the ledgers' style.

First sheet: the inventory itself, one line per kind of record with its count (findings, clues,
secretary points, special reports, documents, evidence files). Then one sheet listing each kind.
Every count and every list is read through the scope rules (``visible_to``), so two readers of
the same round may get different inventories. The clue line and the clue sheet are there only
for those who may read clues, and every clue listed is logged as read (``ClueRead`` ``export``),
as the clue ledger does. The issues, clues, points and reports sheets use the columns of their
ledgers (``inspections/ledgers.py``), so the inventory reads like the ledgers offices keep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import xlsxwriter
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ledgers import DATE, INT, MONEY, TEXT, Column
from inspections.models import Round
from inspections.selectors import can_read_clues
from ledgers.selectors import ledger_spec
from onsite.archive import inventory_sheets
from rectification.models import Evidence, Feedback, Plan

HEADER = {"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True, "valign": "vcenter"}


@dataclass
class Sheet:
    """One kind of record in the inventory: its title, its columns and its rows (value tuples in
    column order, led by the primary key when ``log_reads`` is given)."""

    title: str
    columns: list[Column]
    rows: QuerySet  # a values_list() queryset
    log_reads: Callable | None = None  # callable(user, pks): the clue sheet logs each clue as read


def _ledger_sheet(code: str, user, round_: Round, title: str) -> Sheet:
    """A sheet with the columns of a ledger, over the ledger's scoped queryset of this round."""
    spec = ledger_spec(code)
    queryset = spec.queryset(user).filter(round=round_).order_by(*spec.order_by)
    paths = ["pk", *spec.paths] if spec.log_reads else spec.paths
    return Sheet(title, spec.columns, queryset.values_list(*paths), spec.log_reads)


def _documents(user, round_: Round) -> QuerySet:
    """The round's filed documents: feedback letters (反馈意见书) and rectification plans (整改方案)."""
    text = CharField()
    feedback = (
        Feedback.objects.visible_to(user)
        .filter(assignment__round=round_)
        .exclude(document="")
        .annotate(kind=Value(str(_("反馈意见书")), output_field=text), number=Value(1), date=F("meeting_date"))
        .values_list("kind", "assignment__unit__name", "date", "number", "document")
    )
    plans = (
        Plan.objects.visible_to(user)
        .filter(assignment__round=round_)
        .annotate(kind=Value(str(_("整改方案")), output_field=text), number=F("version"), date=TruncDate("created_at"))
        .values_list("kind", "assignment__unit__name", "date", "number", "attachment")
    )
    return feedback.union(plans, all=True).order_by("assignment__unit__name", "date", "kind")


DOCUMENT_COLUMNS = (
    (_("文书"), TEXT, 14),
    (_("被巡察单位"), TEXT, 24),
    (_("日期"), DATE, 12),
    (_("版本"), INT, 6),
    (_("文件"), TEXT, 40),
)
EVIDENCE_COLUMNS = (
    ("progress__issue__code", _("问题编号"), TEXT, 20),
    ("progress__issue__unit__name", _("被巡察单位"), TEXT, 24),
    ("progress__date", _("进展日期"), DATE, 12),
    ("original_name", _("原文件名"), TEXT, 30),
    ("content_type", _("文件类型"), TEXT, 16),
    ("size", _("大小（字节）"), INT, 12),
    ("sha256", _("SHA-256"), TEXT, 66),
    ("uploaded_at", _("上传时间"), DATE, 12),
)


def sheets(user, round_: Round) -> list[Sheet]:
    """The inventory's sheets that ``user`` may read, in the order of the first sheet's lines."""
    result = [_ledger_sheet("issues", user, round_, _("面上问题"))]
    if can_read_clues(user):
        result.append(_ledger_sheet("clues", user, round_, _("问题线索")))
    result.append(_ledger_sheet("points", user, round_, _("书记点人点事点问题")))
    result.append(_ledger_sheet("reports", user, round_, _("巡察专报")))
    columns = [Column(str(header), f"c{n}", kind, width) for n, (header, kind, width) in enumerate(DOCUMENT_COLUMNS)]
    result.append(Sheet(_("文书"), columns, _documents(user, round_)))
    evidence = (
        Evidence.objects.visible_to(user)
        .filter(progress__issue__round=round_)
        .order_by("progress__issue__code", "id")
        .values_list(*(path for path, *_rest in EVIDENCE_COLUMNS))
    )
    columns = [Column(str(header), path, kind, width) for path, header, kind, width in EVIDENCE_COLUMNS]
    result.append(Sheet(_("佐证材料"), columns, evidence))
    result.extend(Sheet(*sheet) for sheet in inventory_sheets(user, round_))
    return result


class InventoryWriter:
    """The workbook: ledger formats (title, note, pink headers, frozen panes), one sheet per kind."""

    def __init__(self, path, *, round_: Round):
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        self.title_format = self.book.add_format({"bold": True, "font_size": 14})
        self.note_format = self.book.add_format({"font_color": "#555555"})
        self.header_format = self.book.add_format(HEADER)
        self.formats = {
            DATE: self.book.add_format({"num_format": "yyyy-mm-dd"}),
            INT: self.book.add_format({"num_format": "0"}),
            MONEY: self.book.add_format({"num_format": "#,##0.00"}),
            TEXT: self.book.add_format({"text_wrap": False}),
        }
        self.round = round_
        self.note = _("巡察机构：%(office)s    阶段：%(stage)s    导出时间：%(at)s") % {
            "office": round_.office.name,
            "stage": round_.get_stage_display(),
            "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }

    def sheet(self, name: str, title: str, columns: list[Column]):
        sheet = self.book.add_worksheet(name[:31])
        sheet.write_string(0, 0, title, self.title_format)
        sheet.write_string(1, 0, self.note, self.note_format)
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
            sheet.write_string(2, index, column.header, self.header_format)
        sheet.freeze_panes(3, 0)
        return sheet

    def cell(self, sheet, row: int, index: int, column: Column, value) -> None:
        if value is None or value == "":
            return
        if column.choices is not None:
            value = column.choices.get(value, value)
        if column.kind == DATE:
            if isinstance(value, dt.datetime):
                value = timezone.localtime(value).replace(tzinfo=None)
            sheet.write_datetime(row, index, value, self.formats[DATE])
        elif column.kind in (INT, MONEY):
            sheet.write_number(row, index, float(value), self.formats[column.kind])
        else:
            sheet.write_string(row, index, str(value), self.formats[TEXT])


def write_inventory(path, *, user, round_: Round) -> dict[str, int]:
    """Write the inventory of ``round_`` as ``user`` may read it; returns the row count per sheet."""
    writer = InventoryWriter(path, round_=round_)
    kinds = sheets(user, round_)
    summary_columns = [
        Column(_("序号"), "n", INT, width=6),
        Column(_("类别"), "kind", width=24),
        Column(_("数量"), "count", INT, width=10),
    ]
    summary = writer.sheet(_("卷内目录"), _("%(round)s 卷内目录") % {"round": round_}, summary_columns)
    counts = {}
    for kind in kinds:
        title = _("%(round)s · %(kind)s") % {"round": round_, "kind": kind.title}
        sheet = writer.sheet(kind.title, title, kind.columns)
        read_ids = []
        row = 3
        for values in kind.rows.iterator(chunk_size=2000):
            if kind.log_reads:
                read_ids.append(values[0])
                values = values[1:]
            for index, (column, value) in enumerate(zip(kind.columns, values, strict=True)):
                writer.cell(sheet, row, index, column, value)
            row += 1
        counts[kind.title] = row - 3
        if read_ids:
            kind.log_reads(user, read_ids)
    for n, kind in enumerate(kinds, start=1):
        for index, (column, value) in enumerate(zip(summary_columns, (n, kind.title, counts[kind.title]), strict=True)):
            writer.cell(summary, 2 + n, index, column, value)
    writer.book.close()
    return counts


def file_name(round_: Round) -> str:
    return _("%(round)s卷内目录_%(at)s.xlsx") % {"round": round_, "at": f"{timezone.localtime():%Y%m%d_%H%M}"}
